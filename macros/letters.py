"""Letters a family fills in, prints and sends: check the data and render one page per letter.

Each ``letters/<id>.yml`` holds a letter's fields, its paragraphs with ``{field}`` slots, how to
send it, what happens next, its legal basis and the phrases it must never contain. The page
works with no JavaScript: the letter prints with a labelled blank for every slot. ``letters.js``
then reveals the form (rendered here, hidden) and fills the same letter in as the family types.
Every value from the data is plain text and escaped here; the script writes what the family
types as text nodes, so no field can put HTML in front of a reader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from . import glossary, paths, readability
from .loader import load_records, node_at, parse_yaml
from .models import Letter, LetterField
from .pages import Context, Generated, front
from .paths import LETTER, suggest
from .problems import Problems
from .render import markdown_filter, render_template

FOLDER = "letters"
GUIDE = "letters/README.md"
TODAY = "today"  # the one slot that is not a field: the date the letter is sent
SLOT = re.compile(r"\{([^{}]*)\}")

# A number of days, in English or Spanish: "60 days", "seven school days", "60 días".
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty[- ]five|sixty|"
    r"ninety|siete|diez|quince|treinta|cuarenta y cinco|sesenta|noventa)"
)
_DAYS = rf"\b{_NUMBER}[- ](?:(?:calendar|school|business|working)[- ])?(?:days?|d[ií]as)\b"
DAYS = re.compile(_DAYS, re.I)
# A deadline counted from the letter or the request: the mistake public templates make.
DEADLINE_FROM_LETTER = re.compile(
    rf"{_DAYS}[^.;]{{0,40}}?\b(?:of|from|after|since|following|posteriores a|despu[eé]s de|desde)\b[^.;]{{0,30}}?"
    r"\b(?:letter|request|asked|receipt|carta|solicitud|pedido)\b",
    re.I,
)
CONSENT = re.compile(
    r"\bI (?:hereby )?(?:give (?:my )?|am giving (?:my )?)?consent\b|\bthis letter is my consent\b|"
    r"\b(?:doy|otorgo) mi consentimiento\b",
    re.I,
)
STAY_PUT = re.compile(r"\bstay[- ]put\b", re.I)
# Sections of today's 34 CFR Part 300 (2006 numbering); numbers outside these ranges are old or wrong.
PART_300_NOW = ((1, 45), (100, 199), (200, 230), (300, 328), (500, 537), (600, 646), (700, 818))
CFR_300 = re.compile(r"\b300\.(\d{1,3})\b")
# Any section of the Parts a letter may cite: FERPA (99), Section 504 (104), IDEA (300, 303).
CFR_SECTION = re.compile(r"\b(99|104|300|303)\.(\d{1,3})\b")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
MD_LINK = re.compile(r"\]\(\s*([^)\s]+)")
INSTRUCTION_FIELDS = ("when_to_use", "how_to_send", "what_next")


def page_path(letter_id: str) -> str:
    """The Markdown path of a letter's page, relative to docs/."""
    return LETTER.page(letter_id)


def load_letters(folder: Path, problems: Problems, root: Path | None = None) -> dict[str, Letter]:
    return load_records(folder, Letter, problems, root, guide=GUIDE)


def text_in(obj: Any, field: str, lang: str = "en") -> Any:
    """A field's text in ``lang``, falling back to the base text."""
    if lang != "en":
        value = getattr(obj, "translations", {}).get(lang, {}).get(field)
        if value is not None:
            return value
    return getattr(obj, field)


def slots(text: str) -> list[str]:
    return [m.group(1) for m in SLOT.finditer(text)]


# ---- Checks ----


_node_at = node_at


def _line(node: yaml.Node | None, loc: tuple, text: str = "", pos: int = 0) -> int | None:
    """The line of ``loc`` in the file; inside a '|' block, the line of character ``pos`` of its text."""
    target = _node_at(node, loc)
    if target is None:
        parent = _node_at(node, loc[:-1])
        return parent.start_mark.line + 1 if parent is not None else None
    if isinstance(target, yaml.ScalarNode) and target.style == "|":
        return target.start_mark.line + 2 + text[:pos].count("\n")
    if isinstance(target, yaml.ScalarNode) and target.style == ">":
        return target.start_mark.line + 2
    return target.start_mark.line + 1


def _key_line(node: yaml.Node | None, loc: tuple) -> int | None:
    """The line of the key at ``loc`` (for a list item: its first line)."""
    parent = _node_at(node, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if key.value == loc[-1]:
                return key.start_mark.line + 1
    return _line(node, loc)


def _paragraph_loc(node: yaml.Node | None, index: int, key: str) -> tuple:
    item = _node_at(node, ("paragraphs", index))
    return ("paragraphs", index) if isinstance(item, yaml.ScalarNode) else ("paragraphs", index, key)


def _texts(letter: Letter) -> Iterator[tuple[int, str, str]]:
    """(paragraph index, language, text) for the base text and every translation."""
    for i, p in enumerate(letter.paragraphs):
        yield i, "en", p.text
        for lang, values in p.translations.items():
            if "text" in values:
                yield i, lang, str(values["text"])


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _scalars(value)


def old_citations(text: str) -> list[str]:
    """'300.562' and other section numbers that are not in today's Part 300."""
    found = []
    for m in CFR_300.finditer(text):
        n = int(m.group(1))
        if not any(lo <= n <= hi for lo, hi in PART_300_NOW):
            found.append(m.group(0))
    return found


def cited_sections(text: str) -> set[str]:
    return {f"{m.group(1)}.{m.group(2)}" for m in CFR_SECTION.finditer(text)}


def claim_problems(text: str, never_claim: list[str]) -> list[tuple[int, str, str]]:
    """(position, what is wrong, how to fix it) for each thing a letter must never say."""
    found = []
    for m in DEADLINE_FROM_LETTER.finditer(text):
        found.append(
            (
                m.start(),
                f'it counts a deadline from the letter ("{m.group(0)}")',
                "federal timelines run from consent or from the school's decision, and states differ: "
                "take the deadline out of the letter and explain the timeline in 'what_next'",
            )
        )
    if not found:
        for m in DAYS.finditer(text):
            found.append(
                (
                    m.start(),
                    f'it puts a number of days in the letter ("{m.group(0)}")',
                    "timelines differ by state, so a letter never states one: add a date field "
                    "(for example 'reply_by') and explain the timeline in 'what_next'",
                )
            )
    for m in CONSENT.finditer(text):
        found.append(
            (
                m.start(),
                f'it says "{m.group(0)}"',
                "a letter is not consent: consent is given on the school's form once the family knows "
                "what it covers (34 CFR 300.9); write that you will review and sign the form promptly",
            )
        )
    for m in STAY_PUT.finditer(text):
        found.append(
            (
                m.start(),
                f'it mentions "{m.group(0)}"',
                "a letter does not keep the current placement; stay put applies only while a due process "
                "complaint is pending (34 CFR 300.518): explain that in 'what_next' instead",
            )
        )
    for phrase in never_claim:
        # Whole words only: "I consent" must not match inside the Spanish "mi consentimiento".
        if m := re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.I):
            found.append(
                (
                    m.start(),
                    f'it contains "{phrase}", which this letter must never say',
                    "reword the paragraph without it",
                )
            )
    return found


def _markdown_problems(
    text: str, file: str, line: int | None, where: str, terms: dict, known_docs: set[str], problems: Problems
) -> None:
    glossary.unknown_terms(text, terms, file, f"'{where}'", problems, line)
    for m in MD_LINK.finditer(text):
        target = m.group(1)
        if target.startswith("https://"):
            continue
        path = target.split("#")[0].lstrip("/")
        if target.startswith("/") and path in known_docs:
            continue
        problems.add(
            file,
            line,
            f"'{where}' links to '{target}', which is not a page of this site or an https:// address",
            "link to a page as /guide/your-rights.md, or to a full https:// address",
        )


def instructions_text(letter: Letter, term_names: dict[str, str], lang: str = "en") -> str:
    """The words a family reads to use the letter (not the letter itself), as plain text."""
    parts = [text_in(letter, f, lang) for f in INSTRUCTION_FIELDS]
    for fs in letter.fieldsets:
        for f in fs.fields:
            parts += [text_in(f, "help", lang) or ""]
    return "\n\n".join(readability.markdown_to_text(p, term_names) for p in parts if p)


def letter_problems(
    letter: Letter, file: str, node: yaml.Node | None, terms: dict, known_docs: set[str], problems: Problems
) -> None:
    fields: dict[str, LetterField] = {}
    for a, fs in enumerate(letter.fieldsets):
        for b, f in enumerate(fs.fields):
            line = _line(node, ("fieldsets", a, "fields", b, "id"))
            if f.id == TODAY:
                problems.add(file, line, f"'{TODAY}' is kept for the date of the letter", "give the field another id")
            elif f.id in fields:
                problems.add(file, line, f"the field id '{f.id}' is used twice", "give every field its own id")
            fields[f.id] = f
    used: set[str] = set()

    for i, lang, text in _texts(letter):
        loc = _paragraph_loc(node, i, "text" if lang == "en" else f"text_{lang}")
        para = letter.paragraphs[i]
        if "\n\n" in text:
            problems.add(
                file,
                _line(node, loc, text, text.index("\n\n")),
                f"paragraph {i + 1} has an empty line in it",
                "split it into two paragraphs (two '- text:' items)",
            )
        for m in SLOT.finditer(text):
            name = m.group(1)
            line = _line(node, loc, text, m.start())
            if name == TODAY:
                continue
            if name not in fields:
                hint = suggest(name, sorted(fields)) if re.match(r"^[a-z][a-z0-9_]*$", name) else ""
                problems.add(
                    file,
                    line,
                    f"paragraph {i + 1} has the slot {{{name}}}, but no field has the id '{name}'",
                    f"add a field with 'id: {name}' or fix the slot's name" + (f"; {hint}" if hint else ""),
                )
                continue
            used.add(name)
            field = fields[name]
            if field.type == "checkbox":
                problems.add(
                    file,
                    line,
                    f"paragraph {i + 1} puts the checkbox '{name}' in the text",
                    f"a checkbox has no words of its own: use it as 'when: {name}' on the paragraph",
                )
            elif not field.required and para.when != name:
                problems.add(
                    file,
                    line,
                    f"paragraph {i + 1} uses the optional field '{name}' but is not shown only 'when: {name}'",
                    f"add 'when: {name}' to the paragraph, or make the field 'required: true'",
                )
        rest = SLOT.sub("", text)
        if "{" in rest or "}" in rest:
            at = text.index("{") if "{" in rest else text.index("}")
            problems.add(
                file,
                _line(node, loc, text, at),
                f"paragraph {i + 1} has a curly brace that does not make a slot",
                "write slots as {field_id}, with one opening and one closing brace",
            )
        never = list(letter.never_claim)
        if lang != "en":
            never += list(letter.translations.get(lang, {}).get("never_claim", []))
        for pos, what, fix in claim_problems(text, never):
            problems.add(file, _line(node, loc, text, pos), f"paragraph {i + 1}: {what}", fix)

    for i, para in enumerate(letter.paragraphs):
        for key in ("when", "unless"):
            name = getattr(para, key)
            if name is None:
                continue
            if name not in fields:
                problems.add(
                    file,
                    _line(node, ("paragraphs", i, key)),
                    f"paragraph {i + 1} has '{key}: {name}', but no field has the id '{name}'",
                    f"use one of: {', '.join(fields)}",
                )
            else:
                used.add(name)
    for a, fs in enumerate(letter.fieldsets):
        for b, f in enumerate(fs.fields):
            if f.id not in used and f.id != TODAY:
                problems.add(
                    file,
                    _line(node, ("fieldsets", a, "fields", b, "id")),
                    f"the field '{f.id}' is never used in the letter",
                    f"put {{{f.id}}} in a paragraph, use it as 'when: {f.id}', or delete the field",
                )

    # Every section the letter cites is listed, with its address, under the letter.
    basis = set()
    for b, item in enumerate(letter.legal_basis):
        basis |= cited_sections(item.cite)
        for old in old_citations(item.cite):
            problems.add(
                file,
                _line(node, ("legal_basis", b, "cite")),
                f"'{old}' is not a section of today's 34 CFR Part 300 (it may be a pre-2006 number)",
                "cite the current section; for example, parents' access to records moved from 300.562 to 300.613",
            )
    if not any(item.status == "primary" for item in letter.legal_basis):
        problems.add(
            file,
            _key_line(node, ("legal_basis",)),
            "the legal basis has no primary source",
            "add the regulation or statute itself (eCFR or the U.S. Code) with 'status: primary'",
        )
    for i, lang, text in _texts(letter):
        loc = _paragraph_loc(node, i, "text" if lang == "en" else f"text_{lang}")
        for old in old_citations(text):
            problems.add(
                file,
                _line(node, loc, text, text.index(old)),
                f"paragraph {i + 1} cites '{old}', which is not a section of today's 34 CFR Part 300",
                "cite the current section (pre-2006 numbers such as 300.562 changed in 2006; it is now 300.613)",
            )
        for section in sorted(cited_sections(text) - basis):
            if section.startswith("300.") and old_citations(section):
                continue
            problems.add(
                file,
                _line(node, loc, text, text.index(section)),
                f"paragraph {i + 1} cites {section}, which is not in 'legal_basis'",
                "add it to 'legal_basis' with its address, so readers can check it under the letter",
            )

    for key in INSTRUCTION_FIELDS:
        value = getattr(letter, key)
        line = _key_line(node, (key,))
        _markdown_problems(value, file, line, key, terms, known_docs, problems)
        for old in old_citations(value):
            problems.add(
                file,
                line,
                f"'{key}' cites '{old}', which is not a section of today's 34 CFR Part 300",
                "cite the current section",
            )

    # No HTML anywhere: letter text is plain text, instructions are Markdown without tags.
    for scalar in _scalars(node):
        if isinstance(scalar.value, str) and HTML_TAG.search(scalar.value):
            problems.add(
                file,
                scalar.start_mark.line + 1,
                "this value has an HTML tag in it",
                "write plain text (Markdown links are fine in the instructions); the page shows tags as text",
            )

    # Reading level is measured by `make check` with the pages' (macros/check.py: check_readability).
    if letter.last_reviewed > dt.date.today():
        problems.add(
            file,
            _line(node, ("last_reviewed",)),
            f"'last_reviewed' is in the future ({letter.last_reviewed})",
            "use the date you last checked the letter, today or earlier",
        )


def cross_problems(
    letters: dict[str, Letter], terms: dict, known_docs: set[str], root: Path, problems: Problems
) -> None:
    """Slots, conditions, citations, claims and instructions of every letter, with the file's lines."""
    for lid, letter in letters.items():
        file = f"{FOLDER}/{lid}.yml"
        try:
            node, _ = parse_yaml((root / file).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, ValueError):
            node = None
        # Ids whose glossary file exists but did not load count as known: that file's problem is reported once.
        known = {**terms, **{p.stem: None for p in (root / paths.TERM.data_dir).glob("*.yml")}}
        letter_problems(letter, file, node, known, known_docs, problems)


# ---- Rendering ----

UI_STRINGS = (
    "letter_copied",
    "letter_copy_failed",
    "letter_downloaded",
    "letter_ready",
    "letter_required",
    "letter_errors",
)


def _blank(name: str, fields: dict[str, LetterField], strings: dict, lang: str) -> Markup:
    if name == TODAY:
        label, kind = strings["letter_date"], "date"
    else:
        field = fields[name]
        label, kind = text_in(field, "label", lang), field.type
    return Markup('<span class="kb-letter__blank kb-letter__blank--{}" data-kb-slot="{}">[{}]</span>').format(
        kind, name, label
    )


def paragraph_html(text: str, fields: dict[str, LetterField], strings: dict, lang: str = "en") -> Markup:
    """A paragraph's text, escaped, with a labelled blank for every slot."""
    out, pos = [], 0
    for m in SLOT.finditer(text):
        out += [escape(text[pos : m.start()]), _blank(m.group(1), fields, strings, lang)]
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _no_blank_lines(html: str) -> Markup:
    """Markdown ends a raw HTML block at an empty line: keep the block in one piece."""
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def letter_page(letter: Letter, terms: dict, ctx: Context, lang: str = "en") -> Generated:
    """The whole page for one letter: front matter, the letter (with its hidden form), how to send it,
    what happens next, and under it the legal basis, the review date and where to get free help."""
    from .glossary import link  # glossary imports pages, which this module's callers import first

    fields = {f.id: f for f in letter.fields}
    source = LETTER.data_file(letter.id)
    strings, repo_blob = ctx.strings, ctx.repo_blob
    md = markdown_filter(lambda tid, text: link(terms, tid, text, where=source))
    paragraphs = []
    for p in letter.paragraphs:
        cond = p.when or p.unless
        marker = ""
        if cond:
            key = "letter_only_if" if p.when else "letter_leave_out_if"
            marker = strings[key].replace("{label}", text_in(fields[cond], "label", lang))
        paragraphs.append(
            {
                "html": paragraph_html(text_in(p, "text", lang), fields, strings, lang),
                "when": p.when,
                "unless": p.unless,
                "marker": marker,
            }
        )
    fieldsets = [
        {
            "legend": text_in(fs, "legend", lang),
            "fields": [
                {
                    "id": f.id,
                    "type": f.type,
                    "required": f.required,
                    "label": text_in(f, "label", lang),
                    "help": text_in(f, "help", lang),
                }
                for f in fs.fields
            ],
        }
        for fs in letter.fieldsets
    ]
    letter_html = _no_blank_lines(
        render_template(
            "letter.html.j2",
            letter=letter,
            fieldsets=fieldsets,
            paragraphs=paragraphs,
            strings=strings,
            ui={k: strings[k] for k in UI_STRINGS},
        )
    )
    markdown = render_template(
        "letter_page.md.j2",
        letter=letter,
        # Found by search, but after the guide page that explains the same step.
        front=front(text_in(letter, "title", lang), text_in(letter, "description", lang), search={"boost": 0.5}),
        letter_html=letter_html,
        text=lambda field: text_in(letter, field, lang),
        basis=[(b, text_in(b, "about", lang)) for b in letter.legal_basis],
        strings=strings,
        md=md,
        source=source,
        repo_blob=repo_blob,
    )
    return Generated(LETTER.page(letter.id), source, markdown)


def index_markdown(letters: dict[str, Letter], lang: str = "en") -> str:
    """A list of links to every letter page, for the Letters index."""
    return "\n".join(
        f"- [{text_in(letter, 'title', lang)}](/{page_path(lid)}): {text_in(letter, 'description', lang)}"
        for lid, letter in letters.items()
    )


def format_date(value: str) -> str:
    """How the English page writes a date (the script uses Intl.DateTimeFormat for the page language)."""
    day = dt.date.fromisoformat(value)
    return f"{day:%B} {day.day}, {day.year}"


def plain_text(letter: Letter, values: dict[str, Any], today: dt.date, lang: str = "en") -> str:
    """The finished letter as plain text: what Copy and Download give for these values.

    ``values`` maps field ids to what was typed (True/False for checkboxes, YYYY-MM-DD for dates).
    Empty slots keep their labelled blank, as on the printed page.
    """
    fields = {f.id: f for f in letter.fields}

    def filled(name: str | None) -> bool:
        return bool(values.get(name)) if name else False

    out = []
    for p in letter.paragraphs:
        if (p.when and not filled(p.when)) or (p.unless and filled(p.unless)):
            continue

        def fill(m: re.Match) -> str:
            name = m.group(1)
            if name == TODAY:
                return format_date(today.isoformat())
            value = values.get(name)
            if not value:
                return f"[{text_in(fields[name], 'label', lang)}]"
            return format_date(value) if fields[name].type == "date" else str(value)

        out.append(SLOT.sub(fill, text_in(p, "text", lang)))
    return "\n\n".join(out) + "\n"
