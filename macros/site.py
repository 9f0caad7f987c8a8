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

from pydantic import BaseModel

from . import glossary, i18n, paths, questionnaire
from . import letters as letters_mod
from . import plans as plans_mod
from . import stories as stories_mod
from .loader import load_page, load_plans, load_questionnaires, load_stories, load_terms, read_yaml
from .models import Letter, PageMeta, Plan, Questionnaire, StoryMeta, Term
from .problems import Problems
from .render import other_macros

DATA_DIRS = ("glossary", "plans", "docs", "letters", *(i18n.docs_dir(lang) for lang in i18n.LANGUAGES[1:]))


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
    # Every term id that has a file, loaded or not: a broken file is reported once, not at every use.
    term_files: set[str] = field(default_factory=set)
    letters: dict[str, Letter] = field(default_factory=dict)
    lang: str = i18n.DEFAULT
    # The other languages' editions (same records as they read; their own pages and stories).
    editions: dict[str, Site] = field(default_factory=dict)

    def edition(self, lang: str) -> Site:
        """The site as ``lang`` reads it (this site for English, and for a project with one edition only)."""
        return self.editions.get(lang, self)

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Docs path -> page title, for every page whose title the data knows."""
        found = {p: meta.title for p, (meta, _) in self.pages.items()}
        found.update({paths.STORY.page(sid): meta.title for sid, (meta, _) in self.stories.items()})
        found.update({paths.TERM.page(t): term.label for t, term in self.terms.items()})
        found.update({paths.PLAN.page(p): plan.name for p, plan in self.plans.items()})
        found.update({paths.QUESTIONNAIRE.page(q): qn.title for q, qn in self.questionnaires.items()})
        found.update({paths.LETTER.page(lid): letter.title for lid, letter in self.letters.items()})
        if self.questionnaires:
            found[questionnaire.PATHS_PAGE] = questionnaire.PATHS_TITLE
        return found

    def bodies(self) -> dict[str, tuple[str, str]]:
        """Docs path -> (title, Markdown) of every hand-written page and story: what term backlinks search."""
        found = {p: (meta.title, body) for p, (meta, body) in self.pages.items()}
        found.update({paths.STORY.page(sid): (m.title, b) for sid, (m, b) in self.stories.items()})
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


def load(root: Path | str, *, raise_errors: bool = True, lang: str = i18n.DEFAULT) -> Site:
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
    return site.edition(lang)


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


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.exists() else []


def _load(root: Path) -> Site:
    problems = Problems()
    glossary_dir, plans_dir, qns_dir = (root / k.data_dir for k in (paths.TERM, paths.PLAN, paths.QUESTIONNAIRE))
    terms = dict(
        _part(root, "terms", _files(glossary_dir, "*.y*ml"), lambda f: load_terms(glossary_dir, f, root), problems)
    )
    plans = dict(_part(root, "plans", _files(plans_dir, "*.y*ml"), lambda f: load_plans(plans_dir, f, root), problems))
    labels = plans_dir / "labels.yml"
    labels_data, _ = read_yaml(labels, problems, root) if labels.exists() else ({}, None)
    qns = dict(
        _part(
            root, "questionnaires", _files(qns_dir, "*.y*ml"), lambda f: load_questionnaires(qns_dir, f, root), problems
        )
    )
    stories, pages = _pages(root, i18n.DEFAULT, problems)
    letters_dir = root / paths.LETTER.data_dir
    letters = dict(
        _part(
            root,
            "letters",
            _files(letters_dir, "*.y*ml"),
            lambda f: letters_mod.load_letters(letters_dir, f, root),
            problems,
        )
    )
    term_files = {p.stem for p in glossary_dir.glob(f"*{paths.TERM.suffix}")} if glossary_dir.exists() else set()
    for broken in sorted(term_files - set(terms)):
        problems.add(
            paths.TERM.data_file(broken),
            None,
            f'the pages and data that use term("{broken}") were not checked for it',
            "fix this file first; they are checked again then",
            must_fix=False,
        )
    labels_en = i18n.overlay(labels_data or {}, i18n.DEFAULT)
    site = Site(root, terms, plans, labels_en, qns, stories, pages, problems, term_files, letters)
    cross_check(site)
    for lang in i18n.LANGUAGES[1:]:
        if (root / i18n.docs_dir(lang)).is_dir():
            site.editions[lang] = _edition(site, lang, labels_data or {})
    return site


def _pages(root: Path, lang: str, problems: Problems) -> tuple[dict, dict]:
    """(stories, content pages) of one language's docs folder."""
    docs = root / i18n.docs_dir(lang)
    stories_dir = docs / paths.STORY.docs_dir
    stories = dict(
        _part(
            root, f"stories-{lang}", _files(stories_dir, "*.md"), lambda f: load_stories(stories_dir, f, root), problems
        )
    )
    page_files = content_pages(docs) if docs.is_dir() else []

    def load_pages(found: Problems) -> dict:
        pages = {}
        for path in page_files:
            meta, body = load_page(path, found, root)
            if meta is not None:
                pages[str(path.relative_to(docs))] = (meta, body)
        return pages

    return stories, dict(_part(root, f"pages-{lang}", page_files, load_pages, problems))


def _edition(site: Site, lang: str, labels: dict) -> Site:
    """The site as ``lang`` reads it: every record in that language, that language's pages and stories."""
    stories, pages = _pages(site.root, lang, site.problems)

    def tr(records: dict) -> dict:
        return {rid: record.in_language(lang) for rid, record in records.items()}

    edition = Site(
        site.root,
        tr(site.terms),
        tr(site.plans),
        i18n.overlay(labels, lang),
        tr(site.questionnaires),
        stories,
        pages,
        site.problems,
        site.term_files,
        tr(site.letters),
        lang=lang,
    )
    check_pages(edition)
    return edition


def cross_check(site: Site) -> None:
    p = site.problems
    known_terms = site.term_files | set(site.terms)
    glossary.cross_problems(site.terms, p, known_terms)
    plans_mod.cross_problems(site.plans, site.labels, known_terms, p)
    for qid, q in site.questionnaires.items():
        file = paths.QUESTIONNAIRE.data_file(qid)
        questionnaire.graph_problems(q, file, set(site.plans), p)
        for item in [*q.questions, *q.outcomes]:
            for name in ("help", "why", "next_steps", "ask"):
                glossary.unknown_terms(getattr(item, name, None) or "", known_terms, file, f"'{item.id}'", p)
    stories_mod.cross_problems(site.stories, set(site.plans), p)
    known_docs = set(site.titles) | set(site.pages)
    letters_mod.cross_problems(site.letters, site.terms, known_docs, site.root, p)
    check_pages(site)
    # Data is text: it may use term() and nothing else from Jinja (generated pages are never rendered by Jinja).
    records = [(paths.TERM.data_file(i), r) for i, r in site.terms.items()]
    records += [(paths.PLAN.data_file(i), r) for i, r in site.plans.items()]
    records += [(paths.QUESTIONNAIRE.data_file(i), r) for i, r in site.questionnaires.items()]
    for file, record in records:
        for where, text in text_fields(record):
            for expr in other_macros(text):
                p.add(
                    file,
                    None,
                    f"'{where}' has '{expr}', which is not allowed in data",
                    'only {{ term("id") }} may be used',
                )


def check_pages(site: Site) -> None:
    """The pages' front matter against the rest: pages to read next, plans."""
    p = site.problems
    known_docs = set(site.titles) | set(site.pages)
    for path, (meta, _body) in site.pages.items():
        file = paths.docs_file(path, site.lang)

        for nxt in meta.read_next:
            if nxt not in known_docs:
                p.add(
                    file,
                    None,
                    f"'read_next' names '{nxt}', which is not a page",
                    paths.suggest(nxt, sorted(known_docs)),
                )
        for plan in meta.plans:
            if plan not in site.plans:
                p.add(
                    file,
                    None,
                    f"'plans' names '{plan}', which is not a plan",
                    f"use one of: {', '.join(sorted(site.plans))}",
                )


def text_fields(record: BaseModel, where: str = ""):
    """(field path, text) for every string in a record, its lists and nested records, translations too."""
    items = record.model_dump(mode="python").items() if isinstance(record, BaseModel) else record.items()
    for name, value in items:
        yield from _texts(f"{where}{name}", value)
    for lang, fields in getattr(record, "translations", {}).items():
        for name, value in fields.items():
            yield from _texts(f"{where}{name}_{lang}", value)


def _texts(where: str, value):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(f"{where}.{key}", item)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(f"{where}.{n}", item)
