"""Fast rebuilds under ``mkdocs serve``: keep what did not change since the last build.

``mkdocs serve`` rebuilds the whole site in the same process on every save. Three caches, each
keyed by content (never by time), let a rebuild skip work whose inputs are the same:

- ``TemplateCache``: Material's Jinja templates compiled once per process, not once per build
  (Jinja's own bytecode cache, keyed by each template's source); under serve, each page's own
  Jinja (mkdocs-macros) too, keyed by its text (``cache_page_templates``).
- ``memo``: results of pure functions (``glossary.json``) keyed by their inputs; ``per_text``:
  results of a pure function of one page's text (the sanitizer), keyed by that text; ``backlinks``
  works out which pages use which term page by page, reusing every unchanged page.
- ``RenderCache``: a page whose final Markdown, Markdown settings and set of pages are all unchanged
  reuses its HTML, table of contents and anchors, and repeats the warnings its conversion logged;
  if only the words of glossary tooltips it shows changed, the titles are replaced in its HTML. Only under ``mkdocs serve``: ``mkdocs build`` (CI, deploy, tests) always
  converts every page.
- ``OutputCache``: a page whose theme inputs (its HTML, title, table of contents, front matter,
  neighbours and address; the navigation, configuration and theme files of the build) are all
  unchanged reuses the page Material's template wrote last time. Under ``mkdocs serve`` only.

``tests/test_rebuild.py`` checks that a cached rebuild writes exactly the pages a fresh build does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

_serving = False


def start(command: str) -> None:
    """Called once when MkDocs starts (``on_startup``): caches of pages are for ``serve`` only."""
    global _serving
    _serving = command == "serve"


def serving() -> bool:
    return _serving


def fingerprint(*parts: Any) -> str:
    """A stable digest of JSON-like data (pydantic models, dicts, lists, strings)."""

    def plain(value):
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json")
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            items = [plain(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
        if isinstance(value, str | int | float | bool) or value is None:
            return value
        return repr(value)

    text = json.dumps([plain(p) for p in parts], sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- results of pure functions

_memo: dict[str, tuple[str, Any]] = {}


def memo(name: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its last result for ``name`` if ``key`` is the same as last time."""
    last = _memo.get(name)
    if last is not None and last[0] == key:
        return last[1]
    value = compute()
    _memo[name] = (key, value)
    return value


def backlinks(terms: dict, bodies: dict[str, tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """``glossary.backlinks``; under ``mkdocs serve``, worked out page by page, each page reused while
    its text and the terms are the same: after an edit to one page, only that page is read again.
    Same result, same order."""
    from .glossary import backlinks as compute

    if not _serving:
        return compute(terms, bodies)
    # Backlinks read only each term's id and names: a new definition or tooltip reuses every page.
    shared = fingerprint({tid: [t.term, t.abbr, sorted(t.aka)] for tid, t in terms.items()})
    last = _per_page.setdefault("backlinks", {})
    found = {}
    for src, title_body in bodies.items():
        key = fingerprint(shared, src, title_body)
        hit = last.get(src)
        if hit is None or hit[0] != key:
            hit = (key, compute(terms, {src: title_body}))
            last[src] = hit
        found[src] = hit[1]
    for gone in set(last) - set(bodies):
        del last[gone]
    return {tid: [link for src in sorted(found) for link in found[src][tid]] for tid in terms}


_per_page: dict[str, dict[str, tuple[str, Any]]] = {}

_by_text: dict[str, dict[str, Any]] = {}
TEXTS_KEPT = 2000  # results kept per function (each edit of a page adds one)


def per_text(name: str, text: str, compute: Callable[[str], Any]) -> Any:
    """``compute(text)``; under ``mkdocs serve``, the last result for the same text is reused.

    For pure functions of one page's text that every rebuild would otherwise repeat for every page
    (the sanitizer: about 2 s a rebuild for 164 pages). ``mkdocs build`` always computes.
    """
    if not _serving:
        return compute(text)
    cache = _by_text.setdefault(name, {})
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key not in cache:
        if len(cache) >= TEXTS_KEPT:
            cache.pop(next(iter(cache)))
        cache[key] = compute(text)
    return cache[key]


# ---------------------------------------------------------------- compiled templates


class TemplateCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory for the life of the process.

    Jinja keys each entry by the template's name and a checksum of its source, so an edited
    template (overrides/, a Material update) is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()


def install_template_cache(env: jinja2.Environment) -> jinja2.Environment:
    env.bytecode_cache = TEMPLATES
    return env


_compiled: dict[tuple[str, str], Any] = {}
COMPILED_KEPT = 2000  # compiled page templates kept (each edit of a page adds one)


def cache_page_templates(jinja_env: jinja2.Environment) -> None:
    """Under ``mkdocs serve``: mkdocs-macros compiles every page's Markdown as a Jinja template on
    every build. Keep the compiled code of each text, for the same syntax settings (serve only)."""
    if not _serving:
        return
    compile_source = jinja_env.compile
    settings = fingerprint(
        [getattr(jinja_env, a) for a in ("block_start_string", "variable_start_string", "comment_start_string")],
        sorted(jinja_env.extensions),
        jinja_env.trim_blocks,
        jinja_env.lstrip_blocks,
    )

    def compile(source, name=None, filename=None, raw=False, defer_init=False):
        if name is not None or filename is not None or raw or defer_init or not isinstance(source, str):
            return compile_source(source, name, filename, raw, defer_init)
        key = (settings, source)
        code = _compiled.get(key)
        if code is None:
            code = compile_source(source)
            if len(_compiled) >= COMPILED_KEPT:
                _compiled.pop(next(iter(_compiled)))
            _compiled[key] = code
        return code

    jinja_env.compile = compile


# ---------------------------------------------------------------- converted pages


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Retitled:
    """A page whose HTML differs from the last build's only in some titles (old -> new, as HTML)."""

    old_content: str
    swap: dict[str, str]
    old_clean: str | None = None  # the last build's sanitized HTML of the page
    clean_swap: dict[str, str] | None = None  # the same titles, as the sanitizer writes them


def sanitized(src: str, content: str, sanitize: Callable[[str], tuple[str, list]]) -> tuple[str, list]:
    """``per_text("sanitize", ...)`` that, for a page whose titles alone changed since the last
    build, replaces those titles in the last sanitized HTML instead of sanitizing it again."""
    info = PAGES.retitled.get(src)
    cache = _by_text.get("sanitize", {})
    last = cache.get(hashlib.sha256(info.old_content.encode("utf-8")).hexdigest()) if info else None

    def compute(text: str) -> tuple[str, list]:
        if last is None:
            return sanitize(text)
        info.old_clean = last[0]
        info.clean_swap = {_sanitizer_title(sanitize, o): _sanitizer_title(sanitize, n) for o, n in info.swap.items()}
        return _swap_titles(last[0], info.clean_swap), last[1]

    return per_text("sanitize", content, compute)


_titles_written: dict[tuple[Callable, str], str] = {}


def _sanitizer_title(sanitize, title_html: str) -> str:
    """How the sanitizer writes a title attribute (asked of the sanitizer itself, once per title)."""
    if (sanitize, title_html) not in _titles_written:
        clean, _ = sanitize(f'<abbr title="{title_html}">x</abbr>')
        _titles_written[(sanitize, title_html)] = re.search(r'title="([^"]*)"', clean).group(1)
    return _titles_written[(sanitize, title_html)]


class RenderCache:
    """Under ``mkdocs serve``: reuse a page's HTML when nothing that shapes it has changed."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, dict]] = {}
        self._build_key = ""
        self._tooltips: dict[str, str] = {}
        self._link_titles: dict[str, str] = {}  # link title in Markdown -> the new one, this build
        self._terms: dict[str, str] = {}
        self.retitled: dict[str, Retitled] = {}  # this build's pages whose titles alone changed
        self.converted: list[str] = []
        self.hits = 0
        self.misses = 0

    def start_build(self, config, files, term_tooltips: dict[str, str] | None = None) -> None:
        """Once per build, after the files are known: what every page's HTML depends on.

        ``term_tooltips`` (term id -> tooltip) are the titles of term links; where one changed
        since the last build, a page whose Markdown differs only in those titles is not converted
        again: the titles are replaced in its HTML."""
        from .render import link_title

        terms = dict(term_tooltips or {})
        self._link_titles = {
            link_title(old): link_title(terms[tid])
            for tid, old in self._terms.items()
            if tid in terms and terms[tid] != old and link_title(old) != link_title(terms[tid])
        }
        self._terms = terms
        self.retitled = {}
        self.converted: list[str] = []  # this build's pages converted again (not reused)
        mdx = {k: v for k, v in (config.mdx_configs or {}).items()}
        abbr = dict(mdx.pop("abbr", {}) or {})
        self._tooltips = dict(abbr.pop("glossary", {}) or {})
        extensions = [e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions]
        pages = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
        self._build_key = fingerprint(extensions, mdx, abbr, config.use_directory_urls, config.validation, pages)
        self.hits = self.misses = 0

    def attach(self, page) -> None:
        """Make ``page.render`` reuse its last result when nothing it depends on changed (serve only)."""
        if not _serving:
            return
        real_render = page.render

        def render(config, files) -> None:
            markdown = page.markdown or ""
            src = page.file.src_uri
            tooltips = {a: t for a, t in self._tooltips.items() if a in markdown}
            key = fingerprint(self._build_key, src, markdown, sorted(tooltips))
            cached = self._pages.get(src)
            state = None
            if cached is not None and (cached[0] == key or self._link_titles):
                state = cached[1]
                links = {} if cached[0] == key else _changed_link_titles(state["markdown"], markdown, self._link_titles)
                if links is None or (state["tooltips"].keys() != tooltips.keys()):
                    state = None  # more than titles changed
                elif links or state["tooltips"] != tooltips:  # only the words of some tooltips changed
                    done = _retitled(state["content"], state["tooltips"], tooltips, markdown, links)
                    if done is not None:
                        self.retitled[src] = Retitled(state["content"], done[1])
                    state = None if done is None else {**state, "content": done[0], "tooltips": tooltips}
                if state is not None:
                    self._pages[src] = (key, {**state, "markdown": markdown})
                    self.hits += 1
                    _restore(page, state, files)
                    return
            self.misses += 1
            self.converted.append(src)
            capture = _Capture()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(capture)
            try:
                real_render(config, files)
            finally:
                logger.removeHandler(capture)
            self._pages[src] = (
                key,
                {
                    "content": page.content,
                    "toc": page.toc,
                    "title": page._title_from_render,
                    "anchors": set(page.present_anchor_ids or ()),
                    "links": {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()},
                    "warnings": capture.records,
                    "tooltips": tooltips,
                    "markdown": markdown,
                },
            )

        page.render = render


_TITLE = re.compile(r'(<(?:abbr|a) [^>]*?title=")([^"]*)(")')


def _changed_link_titles(before: str, after: str, titles: dict[str, str]) -> dict[str, str] | None:
    """The link titles (old -> new) whose change alone turns Markdown ``before`` into ``after``;
    None if anything else differs, or if an old title's words also stand outside a link title."""
    used = {}
    text = before
    for old, new in titles.items():
        if old in text:
            if text.count(old) != text.count(f' "{old}")'):
                return None
            text = text.replace(f' "{old}")', f' "{new}")')
            used[old] = new
    return used if text == after else None


def _retitled(
    content: str, old: dict[str, str], new: dict[str, str], markdown: str, links: dict[str, str]
) -> tuple[str, dict[str, str]] | None:
    """A page's HTML with the glossary tooltips of ``old`` changed to those of ``new`` (same
    abbreviations, other words) and the term link titles of ``links`` (Markdown, old -> new)
    changed, with the titles swapped (as written in HTML, old -> new); or None when that cannot be done safely by replacing titles: the page writes
    tooltips or titles of its own, or one old title now has two different new ones."""
    if "*[" in markdown or "<abbr" in markdown or "title=" in markdown:
        return None
    swap: dict[str, str] = {}
    pairs = [(_escape_attribute(t), _escape_attribute(new[a])) for a, t in old.items()]
    pairs += [(_link_title_html(o), _link_title_html(n)) for o, n in links.items()]
    for before, after in pairs:
        if swap.setdefault(before, after) != after:
            return None
    return _swap_titles(content, swap), swap


def _swap_titles(html_text: str, swap: dict[str, str]) -> str:
    return _TITLE.sub(lambda m: m.group(1) + swap.get(m.group(2), m.group(2)) + m.group(3), html_text)


def _escape_attribute(text: str) -> str:
    from markdown.serializers import _escape_attrib_html  # how Markdown writes the title

    return _escape_attrib_html(text)


def _link_title_html(title: str) -> str:
    """How Markdown writes a link title ``[x](y "title")`` into HTML (asked of Markdown itself)."""
    import markdown

    return re.search(r'title="([^"]*)"', markdown.markdown(f'[x](y "{title}")')).group(1)


def _restore(page, state: dict, files) -> None:
    page.content = state["content"]
    page.toc = state["toc"]
    page._title_from_render = state["title"]
    page.present_anchor_ids = set(state["anchors"])
    links = {}
    for src, anchors in state["links"].items():
        target = files.get_file_from_path(src)
        if target is not None:
            links[target] = dict(anchors)
    page.links_to_anchors = links
    for record in state["warnings"]:  # the same warnings as a fresh conversion, so nothing goes quiet
        logging.getLogger(record.name).handle(record)


PAGES = RenderCache()


# ---------------------------------------------------------------- pages written by the theme


def _nav_plain(items) -> list:
    out = []
    for item in items or ():
        children = getattr(item, "children", None)
        url = getattr(item, "url", None)
        out.append([type(item).__name__, str(item.title), url, _nav_plain(children) if children else None])
    return out


def _toc_plain(toc) -> list:
    return [[str(a.title), a.id, a.level, _toc_plain(a.children)] for a in toc or ()]


def _neighbour(page) -> list | None:
    return None if page is None else [str(page.title), page.url]


class OutputCache:
    """Under ``mkdocs serve``: reuse the HTML Material's template made for a page last time.

    Rendering the theme costs about 8 ms a page, mostly the navigation; after one edit almost
    every page's template inputs are what they were. The key holds everything the templates read:
    per build, the navigation (titles and addresses), the configuration and the theme's files;
    per page, its HTML, title, table of contents, front matter, addresses, neighbours and what our
    template functions return for it (``extra``). Anything else changes nothing in the output.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, str]] = {}
        self._settings_key = ""
        self._nav = None
        self._build_key = ""
        self.hits = 0
        self.misses = 0

    def start_build(self, config, nav) -> None:
        theme_files = []
        for folder in config.theme.dirs:
            base = Path(folder)
            if "site-packages" in base.parts:  # the installed theme: its version stands for its files
                continue
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    theme_files.append(
                        [path.relative_to(base).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]
                    )
        try:
            theme_version = metadata.version("mkdocs-material")
        except metadata.PackageNotFoundError:
            theme_version = ""
        settings = {
            k: config.get(k)
            for k in sorted(config.keys())
            if k not in ("plugins", "theme", "markdown_extensions", "mdx_configs", "nav")
        }
        theme = {k: config.theme[k] for k in sorted(config.theme._vars)} if hasattr(config.theme, "_vars") else {}
        self._settings_key = fingerprint(settings, theme, theme_files, theme_version)
        self._nav = nav
        self._build_key = ""  # made at the first page: the menu's titles are known once pages are read
        self.hits = self.misses = 0

    def build_key(self) -> str:
        if not self._build_key:
            self._build_key = fingerprint(self._settings_key, _nav_plain(self._nav.items))
        return self._build_key

    def wrap(self, env, page_functions: tuple[Callable, ...]) -> None:
        """Make the environment's page templates reuse their output (serve only).

        ``page_functions`` are the template globals that templates call with the page (their
        results join the key; each is still called, for what it records, on every page)."""
        if not _serving or getattr(env, "_kb_output_cache", False):
            return
        get_template = env.get_template
        cache = self

        class Cached:
            def __init__(self, template) -> None:
                self.template = template

            def __getattr__(self, name):
                return getattr(self.template, name)

            def render(self, context=None, **kwargs):
                page = (context or {}).get("page")
                if kwargs or page is None or getattr(page, "file", None) is None:
                    return self.template.render(context, **kwargs)
                extra = [str(f(page)) for f in page_functions]

                def key_with(content: str) -> str:
                    return fingerprint(
                        cache.build_key(),
                        self.template.name,
                        page.file.src_uri,
                        page.url,
                        page.canonical_url,
                        page.edit_url,
                        str(page.title),
                        content,
                        _toc_plain(page.toc),
                        page.meta,
                        _neighbour(page.previous_page),
                        _neighbour(page.next_page),
                        page.is_homepage,
                        context.get("base_url"),
                        extra,
                    )

                key = key_with(page.content)
                last = cache._pages.get(page.file.src_uri)
                if last is not None and last[0] == key:
                    cache.hits += 1
                    return last[1]
                info = PAGES.retitled.get(page.file.src_uri)
                if (
                    last is not None
                    and info is not None
                    and info.old_clean is not None
                    and _swap_titles(info.old_clean, info.clean_swap) == page.content
                    and last[0] == key_with(info.old_clean)
                ):  # only the page's titles changed: change them in the page the theme made
                    cache.hits += 1
                    output = _swap_titles(last[1], info.clean_swap)
                    cache._pages[page.file.src_uri] = (key, output)
                    return output
                cache.misses += 1
                output = self.template.render(context)
                cache._pages[page.file.src_uri] = (key, output)
                return output

        def get(name, *args, **kwargs):
            return Cached(get_template(name, *args, **kwargs))

        env.get_template = get
        env._kb_output_cache = True


OUTPUTS = OutputCache()
