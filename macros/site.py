"""Everything the site is made of, loaded and checked in one place.

``load(project_dir)`` reads the glossary, plans, questionnaires, stories and page
front matter, checks each against its schema and against each other, and returns a
``Site``. Must-fix problems raise ``ContentError`` listing them all. The result is
cached on the files' modification times, so the MkDocs plugin, the macros and
``make check`` share one load per change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import glossary, questionnaire
from . import letters as letters_mod
from . import plans as plans_mod
from . import stories as stories_mod
from .loader import load_page, load_plans, load_questionnaires, load_stories, load_terms, read_yaml, suggest
from .models import Letter, PageMeta, Plan, Questionnaire, StoryMeta, Term
from .problems import Problems
from .render import other_macros, term_ids_used

DATA_DIRS = ("glossary", "plans", "docs", "letters")


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
    letters: dict[str, Letter] = field(default_factory=dict)

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Docs path -> page title, for every page whose title the data knows."""
        found = {p: meta.title for p, (meta, _) in self.pages.items()}
        found.update({f"stories/{sid}.md": meta.title for sid, (meta, _) in self.stories.items()})
        found.update({glossary.page_path(t): term.label for t, term in self.terms.items()})
        found.update({plans_mod.page_path(p): plan.name for p, plan in self.plans.items()})
        found.update({f"which-plan-fits/{q}.md": qn.title for q, qn in self.questionnaires.items()})
        found.update({letters_mod.page_path(lid): letter.title for lid, letter in self.letters.items()})
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


def _load(root: Path) -> Site:
    problems = Problems()
    terms = load_terms(root / "glossary", problems, root)
    plans = load_plans(root / "plans", problems, root)
    labels_data, _ = (
        read_yaml(root / "plans" / "labels.yml", problems, root)
        if (root / "plans" / "labels.yml").exists()
        else ({}, None)
    )
    qns = (
        load_questionnaires(root / "plans" / "questionnaires", problems, root)
        if (root / "plans" / "questionnaires").exists()
        else {}
    )
    docs = root / "docs"
    stories = load_stories(docs / "stories", problems, root) if (docs / "stories").exists() else {}
    pages = {}
    for path in content_pages(docs):
        meta, body = load_page(path, problems, root)
        if meta is not None:
            pages[str(path.relative_to(docs))] = (meta, body)
    letters = letters_mod.load_letters(root / "letters", problems, root) if (root / "letters").exists() else {}
    site = Site(root, terms, plans, labels_data or {}, qns, stories, pages, problems, letters=letters)
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
    letters_mod.cross_problems(site.letters, site.terms, known_docs, site.root, p)
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
