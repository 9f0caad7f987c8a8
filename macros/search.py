"""Site search with Pagefind: what each page gives the index, the site map, and the indexing step.

Pagefind reads the built HTML after every build (``index_site``) and writes a static index to
``site/pagefind/``. A page is indexed only inside the element that carries the attributes from
``page_attributes`` (the theme override ``overrides/partials/kb-content.html`` puts them around
the article), so navigation, header and footer never reach the index. Browsers load nothing of
it until a visitor starts a search (``docs/assets/javascripts/search.js``).

Nothing here imports MkDocs except the small header slot at the end.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .models import Term
from .render import render_template

SEARCH_DIR = "pagefind"  # the folder of the index in the built site
SITE_MAP = "site-map.md"  # the generated page that lists every page (search without JavaScript)
KINDS = ("guide", "glossary", "plan", "story")  # the filters a visitor can narrow results by
# Pagefind's own UIs, which this site does not use (it has its own, search.js): not published.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


log = logging.getLogger("mkdocs.plugins.iep-basics")


class SearchIndexError(Exception):
    """Pagefind could not index the built site; the message says why and what to do."""


# ---------------------------------------------------------------- what a page gives the index


def kind_of(src_uri: str) -> str | None:
    """The kind of page for the search filter, or None for a page that is not indexed.

    Story filter pages (``stories/<facet>/<value>.md``) only repeat the stories' cards, and the
    site map only repeats titles: both would push the real pages down, so neither is indexed.
    Pages for editors (``contributing/``) are indexed without a kind: they show under "All" only.
    """
    parts = src_uri.split("/")
    if src_uri == SITE_MAP:
        return None
    top = parts[0] if len(parts) > 1 else ""
    if top == "stories":
        return "story" if len(parts) == 2 else None
    return {"glossary": "glossary", "plans": "plan", "contributing": ""}.get(top, "guide")


def page_attributes(src_uri: str, meta: dict | None = None) -> Markup:
    """The attributes of the element that holds a page's indexed content ('' = not indexed).

    Front matter may say ``search: {exclude: true}`` to keep a page out of search, or
    ``search: {boost: 2}`` to weigh its words more (0 to 10, 1 is normal). ``models.SearchOptions``
    checks those values when the content loads, so here they are known to be valid.
    """
    options = (meta or {}).get("search") or {}
    kind = kind_of(src_uri)
    if kind is None or options.get("exclude"):
        return Markup("")
    attrs = ["data-pagefind-body"]
    if kind:
        attrs.append(f'data-pagefind-filter="kind:{kind}"')
    if options.get("boost") is not None:
        attrs.append(f'data-pagefind-weight="{float(options["boost"]):g}"')
    return Markup(" " + " ".join(attrs))


def term_keywords(term: Term) -> str:
    """The other words a term's page is found by: abbreviation, other names, misspellings.

    Term pages carry them in a hidden paragraph that only Pagefind reads, weighted like the
    page's heading, so that "IEP", "IEPs" and "individualized education plan" all find the IEP
    page first. ``search_also`` lists the misspellings families type (Pagefind has no typo
    tolerance: "acomodations" matches nothing unless a page says it).
    """
    seen: dict[str, None] = {}
    for word in [term.abbr or "", *term.aka, *term.search_also]:
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen[word] = None
    return ", ".join(seen)


# ---------------------------------------------------------------- the site map page


@dataclass(frozen=True)
class MapEntry:
    title: str
    path: str  # docs path, for example guide/what-is-an-iep.md
    children: tuple[MapEntry, ...] = ()


def _nav_entries(nav: list, titles: dict[str, str]) -> list[tuple[str | None, str | None, list]]:
    """mkdocs.yml nav items as (title, path, children)."""
    out = []
    for item in nav:
        if isinstance(item, str):
            out.append((None, item, []))
            continue
        if not isinstance(item, dict) or len(item) != 1:
            continue
        ((title, value),) = item.items()
        if isinstance(value, str):
            out.append((str(title), value, []))
        elif isinstance(value, list):
            out.append((str(title), None, _nav_entries(value, titles)))
    return out


def site_map_sections(
    nav: list | None, pages: list[str], titles: dict[str, str], strings: dict
) -> list[tuple[str, list[MapEntry]]]:
    """Every page by section: the sections of mkdocs.yml's nav, in its order and with its titles.

    ``pages`` is every docs path of the build. A page the nav does not list goes under the nav page
    of its folder (stories under Stories, editors' guides under "Help improve this site"). Term
    pages are not listed one by one: the A-Z glossary lists them all. Without a nav (the benchmark's
    synthetic sites), sections are the folders.
    """

    def title_of(path: str, given: str | None = None) -> str:
        return given or titles.get(path) or Path(path).stem.replace("-", " ").capitalize()

    listed = set()

    def collect(entries) -> list[tuple[str | None, str | None, list]]:
        for _, path, children in entries:
            if path:
                listed.add(path)
            collect(children)
        return entries

    entries = collect(_nav_entries(nav, titles)) if nav else []
    indexed = [p for p in pages if kind_of(p) is not None]
    unlisted = [p for p in indexed if p not in listed and not p.startswith("glossary/")]
    if not entries:  # no nav: one section per folder, in alphabetical order
        by_folder: dict[str, list[str]] = {}
        for p in sorted(unlisted):
            by_folder.setdefault(p.split("/")[0] if "/" in p else "", []).append(p)
        entries = [(None, "index.md", [])] if "index.md" in by_folder.get("", []) else []
        for folder, paths in sorted(by_folder.items()):
            kids = [(None, p, []) for p in paths if p != "index.md"]
            if folder and kids:
                entries.append((title_of(f"{folder}/index.md", folder.replace("-", " ").capitalize()), None, kids))
            elif kids:
                entries += kids
        unlisted = []

    def extra_for(path: str) -> tuple[MapEntry, ...]:
        if Path(path).name != "index.md" or "/" not in path:
            return ()
        folder = path.rsplit("/", 1)[0] + "/"
        return tuple(
            MapEntry(title_of(p), p) for p in sorted(unlisted, key=lambda p: title_of(p)) if p.startswith(folder)
        )

    def entry(title, path, children) -> MapEntry:
        kids = tuple(entry(*c) for c in children)
        return MapEntry(title_of(path, title) if path else str(title), path or "", kids + extra_for(path or ""))

    main: list[MapEntry] = []
    sections: list[tuple[str, list[MapEntry]]] = []
    for title, path, children in entries:
        if path and not children:
            e = entry(title, path, children)
            if e.children:
                sections.append((e.title, [MapEntry(e.title, e.path), *e.children]))
            else:
                main.append(e)
        else:
            sections.append((str(title), [entry(*c) for c in children]))
    if main:
        sections.insert(0, (strings["site_map_main"], main))
    return sections


def site_map_page(nav: list | None, pages: list[str], titles: dict[str, str], terms: int, strings: dict) -> str:
    """The Markdown of the site map page (a generated file): every page, by section."""
    front = {
        "title": strings["site_map_title"],
        "description": strings["site_map_description"],
        "render_macros": False,
        "hide": ["toc"],
    }
    return render_template(
        "site_map.md.j2",
        front=front,
        sections=site_map_sections(nav, pages, titles, strings),
        strings=strings,
        terms=terms,
        has_glossary="glossary/index.md" in pages,
    )


# ---------------------------------------------------------------- the search dialog

DIALOG_TEMPLATE = "partials/search-dialog.html"
DIALOG_FILE = "assets/javascripts/search-dialog.json"  # fetched by search.js when search starts


def write_dialog(env, config) -> None:
    """Render the dialog's markup once per build, for search.js to fetch (not on every page)."""
    markup = env.get_template(DIALOG_TEMPLATE).render(config=config, kinds=KINDS)
    out = Path(config.site_dir) / DIALOG_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"html": markup.strip()}, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- indexing the built site


@dataclass
class IndexReport:
    pages: int
    seconds: float
    output: str


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "Pagefind is not installed in this environment - run 'make setup' (it installs pagefind[bin])"
        ) from None
    return get_executable()


INDEXED = re.compile(r"Indexed (\d+) pages?")


def index_site(site_dir: Path | str, *, expected_pages: int, language: str | None = None) -> IndexReport:
    """Run Pagefind on the built site; raise SearchIndexError with one clear message on any problem.

    ``expected_pages`` is how many pages the theme marked for the index in this build. Pagefind
    must index at least that many (more can happen with ``mkdocs serve --dirty``, which keeps
    pages from earlier builds).
    """
    site = Path(site_dir)
    out = site / SEARCH_DIR
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(pagefind_binary()), "--site", str(site), "--output-subdir", SEARCH_DIR]
    if language:
        cmd += ["--force-language", language]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"Pagefind could not run ({err}) - run 'make setup' to reinstall it") from None
    seconds = time.perf_counter() - start
    log = (proc.stdout + proc.stderr).strip()
    found = INDEXED.findall(proc.stdout)
    if proc.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {proc.returncode}):\n{_tail(log)}")
    if "Did not find a data-pagefind-body element" in log or not found:
        raise SearchIndexError(
            "Pagefind found no page marked for search (data-pagefind-body) - check that "
            "overrides/main.html still includes partials/kb-content.html:\n" + _tail(log)
        )
    pages = int(found[-1])
    if pages < expected_pages:
        raise SearchIndexError(
            f"Pagefind indexed {pages} pages, but the theme marked {expected_pages} for search:\n{_tail(log)}"
        )
    for name in UNUSED_BUNDLE_FILES:
        (out / name).unlink(missing_ok=True)
    return IndexReport(pages=pages, seconds=seconds, output=log)


_later: threading.Thread | None = None


def index_later(site_dir: Path | str, *, expected_pages: int) -> None:
    """Under ``mkdocs serve``: index in the background, so the preview reloads without waiting.

    A failure is logged as an error in the server's output (``mkdocs build``, CI and deploy index in
    the foreground and stop on it).
    """
    global _later
    wait_for_index()

    def work() -> None:
        try:
            report = index_site(site_dir, expected_pages=expected_pages)
            log.info(f"Search index: {report.pages} pages in {report.seconds:.2f} s")
        except SearchIndexError as err:
            log.error(f"Search index failed - search will not work in this preview: {err}")

    _later = threading.Thread(target=work, name="pagefind", daemon=True)
    _later.start()


def wait_for_index() -> None:
    """Wait for a background indexing run (before the next build cleans the site folder)."""
    if _later is not None:
        _later.join()


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.splitlines()[-lines:])


# ---------------------------------------------------------------- the header search control


class HeaderSearchSlot:
    """Stands in for Material's search plugin in the header template.

    Material's ``partials/header.html`` draws the search control only when a plugin called
    ``material/search`` is configured and enabled. This object has that name and no events, so
    the header includes our ``overrides/partials/search.html`` without a copy of the header and
    without Material's search (its index, worker and JavaScript never load).
    """

    class Config:
        enabled = True

    config = Config()


SLOT_NAME = "material/search"


def claim_header_slot(plugins) -> None:
    """Register the header slot; refuse Material's own search plugin, which Pagefind replaces."""
    current = plugins.get(SLOT_NAME)
    if current is not None and not isinstance(current, HeaderSearchSlot):
        raise SearchIndexError(
            "mkdocs.yml still lists Material's 'search' plugin - remove it: this site searches with Pagefind"
            " (macros/search.py), and both together would load two indexes"
        )
    # dict.__setitem__: a plain entry, so MkDocs registers no events for it.
    dict.__setitem__(plugins, SLOT_NAME, HeaderSearchSlot())


class PageMarks:
    """The theme's ``kb_search(page)``: a page's index attributes, counting the pages it marks.

    ``overrides/partials/kb-content.html`` calls it once per page; ``index_site`` then checks that
    Pagefind indexed every page marked in this build.
    """

    kinds = KINDS  # the filters the search dialog offers, besides "everything"

    def __init__(self) -> None:
        self.marked: set[str] = set()

    def __call__(self, page) -> Markup:
        attrs = page_attributes(page.file.src_uri, page.meta)
        if attrs:
            self.marked.add(page.file.src_uri)
        return attrs
