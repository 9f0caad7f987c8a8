"""What every page shares: the front matter of a generated page and the end of every page.

A generated page (a term, a plan, a questionnaire, a story filter ...) is one ``Generated``:
its docs path, the repository file it is made from, and its whole Markdown (front matter,
body and footer), produced by one function in the module of its kind. ``source`` is the only
record of where a page came from: the footer names it and the plugin points the edit button
at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .models import PageMeta
from .render import render_template


@dataclass(frozen=True)
class Context:
    """What page functions need besides their record: the UI words and the site's addresses."""

    strings: dict = field(default_factory=dict)
    site_url: str = "/"
    repo_blob: str = ""  # "https://github.com/<org>/<repo>/blob/main/", or "" when the repository is unknown
    lang: str = "en"  # the edition being built


@dataclass(frozen=True)
class Generated:
    path: str  # docs path, for example "glossary/iep.md"
    source: str  # repository file it is made from, for example "glossary/iep.yml"
    markdown: str  # the whole page


def front(title: str, description: str, **extra) -> dict:
    """Front matter of a generated page. Data never goes through Jinja: mkdocs-macros skips the page."""
    return {"title": title, "description": description, **extra, "render_macros": False}


def footer(
    ctx: Context,
    *,
    sources=(),
    last_reviewed: dt.date | None = None,
    read_next: list[tuple[str, str]] = (),
    stories=(),
    generated_from: str | None = None,
) -> str:
    """Markdown appended to a page; every link in it is a docs path that the strict build checks."""
    return render_template(
        "page_footer.md.j2",
        strings=ctx.strings,
        stories=list(stories),
        read_next=list(read_next),
        sources=list(sources),
        last_reviewed=last_reviewed,
        generated_from=generated_from,
        repo_blob=ctx.repo_blob,
    )


def content_footer(meta: PageMeta, titles: dict[str, str], stories, ctx: Context) -> str:
    """The end of a hand-written guide page: stories about it, read next, its sources, the review date."""
    return footer(
        ctx,
        sources=meta.sources,
        last_reviewed=meta.last_reviewed,
        read_next=[(p, titles.get(p, p)) for p in meta.read_next],
        stories=stories,
    )
