"""The end of every content page: stories about this, read next, sources and the review date."""

from __future__ import annotations

from .models import PageMeta, StoryMeta, Term
from .render import render_template


def footer(
    meta: PageMeta | None,
    *,
    titles: dict[str, str],
    stories: list[tuple[str, StoryMeta]],
    strings: dict,
    sources=None,
    last_reviewed=None,
    generated_from: str | None = None,
    repo_blob: str = "",
) -> str:
    """Markdown appended to a page; every link in it is a docs path that the strict build checks."""
    read_next = [(p, titles.get(p, p)) for p in (meta.read_next if meta else [])]
    return render_template(
        "page_footer.md.j2",
        strings=strings,
        stories=stories,
        read_next=read_next,
        sources=sources if sources is not None else (meta.sources if meta else []),
        last_reviewed=last_reviewed if last_reviewed is not None else (meta.last_reviewed if meta else None),
        generated_from=generated_from,
        repo_blob=repo_blob,
    )


def term_footer(term: Term, strings: dict, repo_blob: str) -> str:
    return footer(
        None,
        titles={},
        stories=[],
        strings=strings,
        sources=term.sources,
        last_reviewed=term.last_reviewed,
        generated_from=f"glossary/{term.id}.yml",
        repo_blob=repo_blob,
    )
