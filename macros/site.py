"""Everything the site is made of, loaded and checked in one place.

``load(project_dir)`` reads the glossary, plans, questionnaires, stories and page
front matter, checks each against its schema and against each other, and returns a
``Site``. Must-fix problems raise ``ContentError`` listing them all. The result is
cached on the files' modification times, so the MkDocs plugin, the macros and
``make check`` share one load per change; after a change, each part of the data
(terms, plans, questionnaires, stories, pages) is read again only if one of its
files' contents changed.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import glossary, questionnaire
from . import plans as plans_mod
from . import stories as stories_mod
from .loader import load_page, load_plans, load_questionnaires, load_stories, load_terms, read_yaml, suggest
from .models import PageMeta, Plan, Questionnaire, StoryMeta, Term
from .problems import Problems
from .render import other_macros, term_ids_used

DATA_DIRS = ("glossary", "plans", "docs")


@dataclass
class Site:
    root: Path
    terms: dict[str, Term]
    plans: dict[str, Plan]
    labels: dict[str, str]
    questionnaires: dict[str, Questionnaire]
    stories: dict[str, tuple[StoryMeta, str]]
    pages: dict[str, tuple[PageMeta, str]]  # docs-relative path -> (front matter, body) for content pages
    problems: Problems = field(default_factory=Problems)

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Docs path -> page title, for every page whose title the data knows."""
        found = {p: meta.title for p, (meta, _) in self.pages.items()}
        found.update({f"stories/{sid}.md": meta.title for sid, (meta, _) in self.stories.items()})
        found.update({glossary.page_path(t): term.label for t, term in self.terms.items()})
        found.update({plans_mod.page_path(p): plan.name for p, plan in self.plans.items()})
        found.update({f"which-plan-fits/{q}.md": qn.title for q, qn in self.questionnaires.items()})
        return found


# Folders of docs/ whose pages are not family content pages with the PageMeta front matter.
NOT_CONTENT = ("stories/",)


def content_pages(docs: Path) -> list[Path]:
    return sorted(
        p for p in docs.rglob("*.md") if not str(p.relative_to(docs)).startswith(NOT_CONTENT) or p.name == "index.md"
    )


def _signature(root: Path) -> tuple:
    files = []
    for name in DATA_DIRS:
        base = root / name
        if base.exists():
            files += [(str(p), p.stat().st_mtime_ns) for p in base.rglob("*") if p.suffix in (".yml", ".yaml", ".md")]
    return tuple(sorted(files))


_cache: dict[Path, tuple[tuple, Site]] = {}


def load(root: Path | str, *, raise_errors: bool = True) -> Site:
    root = Path(root).resolve()
    sig = _signature(root)
    cached = _cache.get(root)
    if cached and cached[0] == sig:
        site = cached[1]
    else:
        site = _load(root)
        _cache[root] = (sig, site)
    if raise_errors:
        site.problems.raise_if_any()
    return site


# Each part of the data, as last loaded: (digest of its files' contents, value, problems found).
# `mkdocs serve` rebuilds in one process, so an edit to one guide page reloads the pages only,
# and an edit to one term reloads the glossary only; the checks across parts always run again.
_parts: dict[tuple[Path, str], tuple[str, object, list]] = {}


def _part(root: Path, name: str, files: list[Path], load, problems: Problems):
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    key = (root, name)
    cached = _parts.get(key)
    if cached is None or cached[0] != digest.hexdigest():
        found = Problems()
        cached = (digest.hexdigest(), load(found), found.items)
        _parts[key] = cached
    problems.extend(list(cached[2]))
    return cached[1]


def _load(root: Path) -> Site:
    problems = Problems()
    glossary_dir, plans_dir, docs = root / "glossary", root / "plans", root / "docs"
    qn_dir, labels = plans_dir / "questionnaires", plans_dir / "labels.yml"
    terms = _part(
        root, "terms", sorted(glossary_dir.glob("*.y*ml")), lambda p: load_terms(glossary_dir, p, root), problems
    )
    plans = _part(root, "plans", sorted(plans_dir.glob("*.y*ml")), lambda p: load_plans(plans_dir, p, root), problems)
    labels_data, _ = read_yaml(labels, problems, root) if labels.exists() else ({}, None)
    qns = (
        _part(
            root,
            "questionnaires",
            sorted(qn_dir.glob("*.y*ml")),
            lambda p: load_questionnaires(qn_dir, p, root),
            problems,
        )
        if qn_dir.exists()
        else {}
    )
    story_dir = docs / "stories"
    stories = (
        _part(root, "stories", sorted(story_dir.glob("*.md")), lambda p: load_stories(story_dir, p, root), problems)
        if story_dir.exists()
        else {}
    )
    paths = content_pages(docs)

    def load_pages(found: Problems) -> dict:
        pages = {}
        for path in paths:
            meta, body = load_page(path, found, root)
            if meta is not None:
                pages[str(path.relative_to(docs))] = (meta, body)
        return pages

    pages = _part(root, "pages", paths, load_pages, problems)
    site = Site(root, dict(terms), dict(plans), labels_data or {}, dict(qns), dict(stories), dict(pages), problems)
    cross_check(site)
    return site


def cross_check(site: Site) -> None:
    p = site.problems
    glossary.cross_problems(site.terms, p)
    plans_mod.cross_problems(site.plans, site.labels, site.terms, p)
    for qid, q in site.questionnaires.items():
        file = f"plans/questionnaires/{qid}.yml"
        questionnaire.graph_problems(q, file, set(site.plans), p)
        for item in [*q.questions, *q.outcomes]:
            for text in (getattr(item, f, None) or "" for f in ("help", "why", "next_steps", "ask")):
                for used in term_ids_used(text):
                    if used not in site.terms:
                        p.add(
                            file,
                            None,
                            f"'{item.id}' uses term('{used}'), which is not a glossary term",
                            suggest(used, sorted(site.terms)),
                        )
    stories_mod.cross_problems(site.stories, set(site.plans), p)
    known_docs = set(site.titles) | set(site.pages)
    for path, (meta, _body) in site.pages.items():
        file = f"docs/{path}"
        for nxt in meta.read_next:
            if nxt not in known_docs:
                p.add(file, None, f"'read_next' names '{nxt}', which is not a page", suggest(nxt, sorted(known_docs)))
        for plan in meta.plans:
            if plan not in site.plans:
                p.add(
                    file,
                    None,
                    f"'plans' names '{plan}', which is not a plan",
                    f"use one of: {', '.join(sorted(site.plans))}",
                )
    # Data files may use term() and nothing else from Jinja.
    for tid, term in site.terms.items():
        for text in (term.definition, term.example or ""):
            for expr in other_macros(text):
                p.add(
                    f"glossary/{tid}.yml",
                    None,
                    f"'{expr}' is not allowed in glossary text",
                    'only {{ term("id") }} may be used here',
                )
