"""Where each kind of record lives: its data file, the docs path of its page, and its address.

This is the one place that knows the conventions; every other module asks it. A record's id
is its file name, so ``glossary/iep.yml`` is the term ``iep``, whose page is the generated
``glossary/iep.md``, published at ``<site>/glossary/iep/``. It also words the message for an
id that names nothing, with the closest real ids, so that message reads the same everywhere.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of record with a page of its own."""

    noun: str  # how messages name it: "glossary term"
    data_dir: str  # the folder of its files in the repository
    suffix: str  # the ending of a data file
    docs_dir: str  # the folder of its pages under docs/ (generated or written)

    def data_file(self, record_id: str) -> str:
        """The repository path of the record's file: ``glossary/iep.yml``."""
        return f"{self.data_dir}/{record_id}{self.suffix}"

    def page(self, record_id: str) -> str:
        """The docs path of the record's page: ``glossary/iep.md`` (Markdown links use it; MkDocs checks it)."""
        return f"{self.docs_dir}/{record_id}.md"

    def url(self, record_id: str, site_url: str = "/") -> str:
        """The published address of the record's page: ``https://.../glossary/iep/``."""
        return f"{site_url.rstrip('/')}/{self.docs_dir}/{record_id}/"

    def unknown(self, record_id: str, known) -> tuple[str, str]:
        """(message, fix) for an id that names no record of this kind."""
        return (
            f"'{record_id}' is not a {self.noun}",
            f"{suggest(record_id, sorted(known))} ({self.noun} ids are the file names in {self.data_dir}/)",
        )


TERM = Kind("glossary term", "glossary", ".yml", "glossary")
PLAN = Kind("plan", "plans", ".yml", "plans")
QUESTIONNAIRE = Kind("questionnaire", "plans/questionnaires", ".yml", "which-plan-fits")
STORY = Kind("story", "docs/stories", ".md", "stories")
LETTER = Kind("letter", "letters", ".yml", "letters")


def docs_file(docs_path: str, lang: str = "en") -> str:
    """The repository path of a hand-written page: ``guide/x.md`` -> ``docs/guide/x.md``
    (``docs-es/guide/x.md`` for the Spanish twin)."""
    return f"{'docs' if lang == 'en' else f'docs-{lang}'}/{docs_path}"


def story_file(story_id: str, lang: str = "en") -> str:
    """The repository path of a story: ``docs/stories/<id>.md`` (``docs-es/stories/<id>.md`` in Spanish)."""
    return docs_file(STORY.page(story_id), lang)


def story_filter_page(facet: str, value: str) -> str:
    """The docs path of the generated page listing the stories with one facet value."""
    return f"{STORY.docs_dir}/{facet}/{value}.md"


def suggest(unknown: str, known: list[str]) -> str:
    """'did you mean ...?' with up to three close ids, or a pointer to check the spelling."""
    close = difflib.get_close_matches(unknown, known, n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "check the spelling"
