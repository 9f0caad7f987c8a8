"""The shapes of the site's data: glossary terms, plans, questionnaires, pages and stories.

Pydantic checks every field; ``loader`` turns its errors into editor-readable problems.
Text fields that a later Spanish edition will translate accept a language suffix
(``short_es``, ``definition_es``); those values are kept in ``translations``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=KEBAB)]
Short = Annotated[str, StringConstraints(min_length=10, max_length=160, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

# Fixed lists, documented for editors in docs/contributing/add-a-story.md and add-a-page.md.
AGE_BANDS = ("birth-2", "3-5", "6-10", "11-13", "14-17", "18-21")
TOPICS = (
    "evaluation",
    "eligibility",
    "accommodations",
    "assistive-technology",
    "behavior",
    "disagreement",
    "transition",
    "early-intervention",
    "private-school",
    "meetings",
    "reading",
    "college",
)
NARRATORS = ("parent", "grandparent", "guardian", "student", "teacher", "specialist")
AUDIENCES = ("family", "teacher", "editor")
LANGUAGE_SUFFIX = re.compile(r"^(?P<field>[a-z_]+)_(?P<lang>[a-z]{2})$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Translatable(Strict):
    """A record whose text fields may carry translations as ``<field>_<lang>`` keys.

    The raw values are kept in ``translations``; the loader also validates the record as each
    language reads it (``macros/i18n.py``), and ``in_language(lang)`` returns that version.
    ``translated_from_<lang>`` records which English version the translation follows.
    """

    translatable: ClassVar[tuple[str, ...]] = ()
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict, exclude=True)
    _editions: dict[str, Any] = PrivateAttr(default_factory=dict)
    _lang: str = PrivateAttr(default="en")  # the language this version of the record reads in

    def in_language(self, lang: str):
        """This record as ``lang`` reads it (English where a field has no translation)."""
        return self._editions.get(lang, self)

    def has_language(self, lang: str) -> bool:
        return lang in self._editions

    @model_validator(mode="before")
    @classmethod
    def _collect_translations(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        found: dict[str, dict[str, Any]] = {}
        for key in list(data):
            m = LANGUAGE_SUFFIX.match(str(key))
            if m and (m["field"] in cls.translatable or m["field"] == "translated_from"):
                found.setdefault(m["lang"], {})[m["field"]] = data.pop(key)
        if found:
            data["translations"] = found
        return data


class Source(Strict):
    title: Text
    url: HttpUrl

    @field_validator("url")
    @classmethod
    def _https(cls, url: HttpUrl) -> HttpUrl:
        if url.scheme != "https":
            raise ValueError("sources use https:// addresses (open the page and copy its https:// address)")
        return url


class Term(Translatable):
    translatable: ClassVar = ("term", "short", "definition", "example", "aka", "search_also", "avoid")
    id: Id
    term: Text
    abbr: Text | None = None
    aka: list[Text] = Field(default_factory=list)
    # Words families type into search for this term, misspellings included; only search sees them.
    search_also: list[Text] = Field(default_factory=list)
    # Other renderings of this term that pages in this language must not use (the check fails on them).
    avoid: list[Text] = Field(default_factory=list)
    short: Short
    definition: Text
    example: Text | None = None
    related: list[Id] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    last_reviewed: dt.date

    @property
    def label(self) -> str:
        """How the term shows in lists: 'Individualized Education Program (IEP)'."""
        return f"{self.term} ({self.abbr})" if self.abbr else self.term

    @property
    def inline_label(self) -> str:
        """How the term reads mid-sentence: a common noun in lower case ('an evaluation'), a name as it is.

        A name keeps its capitals: a term with an abbreviation, or with a capital or a digit after its
        first letter or in a later word ('Child Find', 'Section 504 plan', 'ADA'). In Spanish, only a
        capital in a later word makes a name.
        """
        words = self.term.split()
        if self._lang != "en":
            # Spanish writes common nouns in lower case, abbreviation or not ('el plan 504', 'la evaluación
            # educativa independiente (IEE)'); a name capitalizes its later words ('Ley de Educación ...').
            if not words or any(w[:1].isupper() for w in words[1:]) or not self.term[:1].isupper():
                return self.label
            return self.label[0].lower() + self.label[1:]
        proper = any(c.isupper() or c.isdigit() for c in self.term[1:]) or not self.term[:1].isupper()
        if self.abbr or proper or not words:
            return self.label
        return self.term[0].lower() + self.term[1:]


PLAN_FIELDS = (
    "law",
    "ages",
    "where",
    "who_qualifies",
    "provides",
    "written_plan",
    "who_writes",
    "consent",
    "review",
    "disagree",
    "cost",
)


class Plan(Translatable):
    translatable: ClassVar = ("name", "short_name", "summary", "details", *PLAN_FIELDS)
    id: Id
    name: Text
    short_name: Text
    glossary: Id
    summary: Short
    law: Text
    ages: Text
    where: Text
    who_qualifies: Text
    provides: Text
    written_plan: Text
    who_writes: Text
    consent: Text
    review: Text
    disagree: Text
    cost: Text
    details: Text
    sources: list[Source] = Field(min_length=1)
    last_reviewed: dt.date


class Answer(Translatable):
    translatable: ClassVar = ("label",)
    label: Text
    next: Id | None = None
    outcome: Id | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Answer:
        if (self.next is None) == (self.outcome is None):
            raise ValueError("an answer needs exactly one of 'next' (a question id) or 'outcome' (an outcome id)")
        return self


class Question(Translatable):
    translatable: ClassVar = ("prompt", "help")
    id: Id
    prompt: Text
    help: Text | None = None
    answers: list[Answer] = Field(min_length=2)


class Outcome(Translatable):
    translatable: ClassVar = ("title", "why", "next_steps", "ask")
    id: Id
    title: Text
    plans: list[Id] = Field(min_length=1)
    why: Text
    next_steps: Text
    ask: Text
    # The legal basis of the advice, shown under the result and on the reviewers' paths page.
    sources: list[Source] = Field(min_length=1)  # https only, like every source
    last_reviewed: dt.date


class Questionnaire(Translatable):
    translatable: ClassVar = ("title", "description", "intro")
    id: Id
    title: Text
    description: Short
    intro: Text
    start: Id
    questions: list[Question] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)


class SearchOptions(Strict):
    """Front matter ``search:`` of a page: leave it out of search, or weigh its words more."""

    exclude: bool = False
    boost: Annotated[float, Field(ge=0, le=10)] | None = None


class PageMeta(Translatable):
    """Front matter of a guide page."""

    translatable: ClassVar = ("title", "description")
    title: Text
    description: Short
    last_reviewed: dt.date
    sources: list[Source] = Field(default_factory=list)
    read_next: list[str] = Field(default_factory=list)
    topics: list[Literal[TOPICS]] = Field(default_factory=list)  # type: ignore[valid-type]
    plans: list[Id] = Field(default_factory=list)
    audience: Literal[AUDIENCES] = "family"  # type: ignore[valid-type]
    readability_exempt: Text | None = None  # the reason a page may read above grade 8
    render_macros: bool = True
    hide: list[str] = Field(default_factory=list)
    search: SearchOptions = Field(default_factory=SearchOptions)
    translated_from: str | None = None  # on a translated page: the version of the English it translates


class StoryMeta(Translatable):
    """Front matter of a story in docs/stories/."""

    translatable: ClassVar = ("title", "summary")
    title: Text
    summary: Short
    narrator: Literal[NARRATORS]  # type: ignore[valid-type]
    age_band: Literal[AGE_BANDS]  # type: ignore[valid-type]
    plans: list[Id] = Field(min_length=1)
    topics: list[Literal[TOPICS]] = Field(min_length=1)  # type: ignore[valid-type]
    last_reviewed: dt.date
    translated_from: str | None = None  # on a translated story: the version of the English it translates


# Letters (issue 15): a field id is also its {slot} in the letter text, so it is snake_case.
SLOT = r"^[a-z][a-z0-9_]*$"
SlotId = Annotated[str, StringConstraints(pattern=SLOT)]
FIELD_TYPES = ("text", "textarea", "date", "email", "tel", "checkbox")


class LetterField(Translatable):
    translatable: ClassVar = ("label", "help")
    id: SlotId
    label: Text
    help: Text | None = None
    type: Literal[FIELD_TYPES] = "text"  # type: ignore[valid-type]
    required: bool = False


class Fieldset(Translatable):
    translatable: ClassVar = ("legend",)
    legend: Text
    fields: list[LetterField] = Field(min_length=1)


class Paragraph(Translatable):
    """One paragraph of the letter: plain text with {field} slots, shown only if its condition holds."""

    translatable: ClassVar = ("text",)
    text: Text
    when: SlotId | None = None  # shown only when this field is filled in (or ticked)
    unless: SlotId | None = None  # shown only when this field is empty (or not ticked)

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


class LegalBasis(Translatable):
    translatable: ClassVar = ("about",)
    cite: Text
    about: Text
    url: HttpUrl
    status: Literal["primary", "secondary"]


class Letter(Translatable):
    translatable: ClassVar = ("title", "description", "when_to_use", "how_to_send", "what_next", "never_claim")
    id: Id
    title: Text
    description: Short
    when_to_use: Text
    fieldsets: list[Fieldset] = Field(min_length=1)
    paragraphs: list[Paragraph] = Field(min_length=1)
    how_to_send: Text
    what_next: Text
    legal_basis: list[LegalBasis] = Field(min_length=1)
    never_claim: list[Text] = Field(default_factory=list)
    last_reviewed: dt.date

    @property
    def fields(self) -> list[LetterField]:
        return [f for fs in self.fieldsets for f in fs.fields]
