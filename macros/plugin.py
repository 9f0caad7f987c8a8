"""The MkDocs plugin: turns the data into pages, tooltips and glossary.json.

Registered as ``iep-basics`` (pyproject entry point). Its ``on_config`` runs first of all
plugins (priority 100), so content problems stop the build with a plain message before
mkdocs-macros loads anything. It is listed after ``macros`` in mkdocs.yml, so on each page the
Jinja of hand-written pages is rendered before we append the footer. All decisions live in the
sibling modules; this file only wires MkDocs events to them.
"""

from __future__ import annotations

import html
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import assets, check, csp, generate, glossary, i18n, loader, paths, questionnaire, rebuild, safety, search
from . import site as site_mod
from .html_blocks import HtmlBlocksExtension
from .pages import Context


class _NoNestedTooltips(Treeprocessor):
    """Unwrap <abbr> inside headings and links: no tooltip inside a heading or a link's own text.
    Also name each task-list checkbox after its item, so screen readers say what it ticks."""

    def run(self, root):
        stash = self.md.htmlStash.rawHtmlBlocks
        for li in root.iter("li"):
            if "task-list-item" not in (li.get("class") or ""):
                continue
            # pymdownx.tasklist stores the checkbox as raw HTML; give it the item's words as its name.
            name = html.escape(" ".join(HTML_PLACEHOLDER_RE.sub("", "".join(li.itertext())).split()), quote=True)
            for m in HTML_PLACEHOLDER_RE.finditer("".join(li.itertext())):
                index = int(m.group(1))
                stash[index] = str(stash[index]).replace('type="checkbox"', f'type="checkbox" aria-label="{name}"', 1)
        for parent in root.iter():
            if parent.tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "a"):
                continue
            for abbr in [el for el in parent.iter("abbr")]:
                _unwrap(parent, abbr)


def _unwrap(ancestor, el) -> None:
    holder = next(p for p in ancestor.iter() if el in list(p))
    index = list(holder).index(el)
    text = (el.text or "") + (el.tail or "")
    if index == 0:
        holder.text = (holder.text or "") + text
    else:
        prev = holder[index - 1]
        prev.tail = (prev.tail or "") + text
    holder.remove(el)


class NoNestedTooltips(Extension):
    def extendMarkdown(self, md):
        # After abbr (7) and attr_list (8), before the table of contents (5) reads heading text.
        md.treeprocessors.register(_NoNestedTooltips(md), "kb_no_nested_tooltips", 6)


class PluginConfig(base.Config):
    project_dir = c.Type(str, default="")


class IepBasicsPlugin(BasePlugin[PluginConfig]):
    lang = i18n.DEFAULT  # the edition being built (set from theme.language in on_config)

    def on_startup(self, *, command, dirty) -> None:
        rebuild.start(command)  # `mkdocs serve` keeps unchanged pages between rebuilds (macros/rebuild.py)

    # Before mkdocs-macros (priority 0) runs define_env: a content problem is reported here, in plain
    # words, and stops the build before anything else reads the data.
    @event_priority(100)
    def on_config(self, config):
        search.wait_for_index()  # under serve, the last build's index may still be being written
        self.root = Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()
        # One plugin for every edition: mkdocs.yml builds English, mkdocs.es.yml (INHERIT) Spanish.
        self.lang = config.theme.get("language") or i18n.DEFAULT
        whole = site_mod.load(self.root, raise_errors=False)
        # The same checks, and the same words, as `make check` (less reading level and spelling).
        found = [p for p in check.build_problems(self.root, whole) if p.must_fix]
        if found:
            raise PluginError(f"The content has {len(found)} problem(s) to fix:\n\n{check.report(found)}")
        if self.lang not in whole.editions:  # a project without docs-es/ is one edition, in any language
            self.lang = i18n.DEFAULT
        self.site = whole.edition(self.lang)
        # Each edition lives under the English address: <site>/es/ for Spanish.
        self.home = {lang: (config.site_url or "/") for lang in i18n.LANGUAGES}
        if self.lang != i18n.DEFAULT:
            english = (config.site_url or "/").rstrip("/") + "/"
            config.site_url = english + i18n.url_prefix(self.lang)
            self.home = {lang: english + i18n.url_prefix(lang) for lang in i18n.LANGUAGES}
        else:
            self.home = {
                lang: (config.site_url or "/").rstrip("/") + "/" + i18n.url_prefix(lang) for lang in i18n.LANGUAGES
            }
        self.twins = {lang: _twin_pages(self.root, lang) for lang in i18n.LANGUAGES}
        repo = (config.extra.get("repo") or config.repo_url or "").rstrip("/")
        self.repo_edit = f"{repo}/edit/main/" if repo else ""
        self.ctx = Context(
            strings=dict(config.extra.get("strings", {})),
            site_url=config.site_url or "/",
            repo_blob=f"{repo}/blob/main/" if repo else "",
            lang=self.lang,
        )
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltip_map(self.site.terms)
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        config.markdown_extensions.append(NoNestedTooltips())
        config.markdown_extensions.append(HtmlBlocksExtension())  # <caption> is block-level HTML
        try:
            search.claim_header_slot(config.plugins)
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None
        return config

    def on_pre_build(self, config) -> None:
        # After every on_config (mkdocs-macros makes its Jinja environment there): under serve, each
        # page's Jinja is compiled once per text.
        if "macros" in config.plugins:
            rebuild.cache_page_templates(config.plugins["macros"].env)

    def on_files(self, files: Files, config) -> Files:
        self.unsafe: list[str] = []  # what the sanitizer removed, reported together after the build
        self.sources: dict[str, str] = {}  # docs path of a generated page -> the file it is made from
        for page in generate.all_pages(self.site, self.ctx):
            files.append(File.generated(config, page.path, content=page.markdown))
            self.sources[page.path] = page.source
        if self.lang != i18n.DEFAULT:  # our scripts, styles and logo live once, in docs/assets/
            english = self.root / i18n.docs_dir(i18n.DEFAULT)
            for path in sorted((english / "assets").rglob("*")):
                uri = path.relative_to(english).as_posix()
                if path.is_file() and files.get_file_from_path(uri) is None:
                    files.append(File(uri, str(english), config.site_dir, config.use_directory_urls))
        pages_now = [f.src_uri for f in files.documentation_pages()]
        site_map = search.site_map_page(config.nav, pages_now, self.site.titles, len(self.site.terms), self.ctx.strings)
        files.append(File.generated(config, search.SITE_MAP, content=site_map))
        self.sources[search.SITE_MAP] = "mkdocs.yml"
        rebuild.PAGES.start_build(config, files, {tid: glossary.tooltip(t) for tid, t in self.site.terms.items()})
        return files

    def on_nav(self, nav, config, files):
        rebuild.OUTPUTS.start_build(config, nav)
        return nav

    def on_env(self, env, config, files):
        self.search_marks = search.PageMarks()
        env.globals["kb_search"] = self.search_marks
        rebuild.install_template_cache(env)
        search.write_dialog(env, config)
        env.globals["kb_language"] = self.language_link
        rebuild.OUTPUTS.wrap(env, (self.language_link, self.search_marks))
        return env

    def language_link(self, page) -> dict | None:
        """The link at the top of a page to the same page in the other language (its home if none)."""
        if page is None or page.file is None:
            return None
        other = next(lang for lang in i18n.LANGUAGES if lang != self.lang)
        src = page.file.src_uri
        twin = src in self.sources and src != questionnaire.PATHS_PAGE or src in self.twins[other]
        url = self.home[other] + (page.url if twin else "")
        key = "language_other" if twin else "language_other_home"
        here = self.home[self.lang] + page.url
        return {"href": url, "lang": other, "text": self.ctx.strings.get(key, other), "twin": twin, "here": here}

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        rebuild.PAGES.attach(page)
        # Material puts titles and descriptions into HTML unescaped: escape the plain text once, here.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(html.unescape(page.meta[key]), quote=key == "description")
        src = page.file.src_uri
        if src in self.sources:
            source = self.sources[src]
            page.edit_url = (self.repo_edit if source.endswith(".yml") else self.ctx.repo_blob) + source
            return markdown
        return generate.finish(self.site, src, markdown, page.meta, self.ctx)

    def on_page_content(self, content: str, page, config, files) -> str:
        """Every rendered page goes through the allowlist sanitizer; whatever it drops fails the build."""
        clean, dropped = rebuild.sanitized(page.file.src_uri, content, safety.sanitize)
        if dropped:
            src = page.file.src_uri
            self.unsafe.extend(self._located(self.sources.get(src) or paths.docs_file(src, self.lang), dropped))
        return clean

    def _located(self, file: str, findings) -> list[str]:
        path = self.root / file
        text = loader.read_text(path) if path.is_file() else None
        lines = text.splitlines() if text else []
        out = []
        for f in findings:
            line = safety.line_of(f.token, lines)
            out.append(f"{file}:{line}: {f.what} - {f.fix}" if line else f"{file}: {f.what} - {f.fix}")
        return out

    def on_post_page(self, output: str, page, config) -> str:
        return csp.add_policy(assets.html(output))

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """Theme pages that are not made from Markdown (404.html) get the same policy."""
        return (
            csp.add_policy(assets.html(output_content))
            if template_name.endswith(".html") and "<meta charset" in output_content
            else output_content
        )

    def on_post_build(self, config) -> None:
        if self.lang == i18n.DEFAULT:  # one glossary.json, with every language, at the site's root
            editions = {lang: ed.terms for lang, ed in self.site.editions.items()}
            text, dropped = rebuild.memo(
                "glossary.json",
                rebuild.fingerprint(self.site.terms, self.home[i18n.DEFAULT], editions),
                lambda: glossary.export(self.site.terms, self.home[i18n.DEFAULT], editions),
            )
            for tid, findings in dropped.items():
                self.unsafe.extend(self._located(paths.TERM.data_file(tid), findings))
        if self.unsafe:
            found = sorted(set(self.unsafe))
            raise PluginError(
                f"Unsafe content was removed from {len(found)} place(s); fix the source:\n" + "\n".join(found)
            )
        if self.lang == i18n.DEFAULT:
            (Path(config.site_dir) / "glossary.json").write_text(text, encoding="utf-8")
        try:
            # Our assets live once, in docs/assets/ (every edition copies them): lighter pages (macros/assets.py).
            assets.strip_comments(self.root / i18n.docs_dir(i18n.DEFAULT), config.site_dir)
        except ValueError as err:
            raise PluginError(str(err)) from None
        if rebuild.serving():  # the preview reloads now; its search index follows a moment later
            search.index_later(config.site_dir, expected_pages=len(self.search_marks.marked))
            return
        try:
            search.index_site(config.site_dir, expected_pages=len(self.search_marks.marked))
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None


def _twin_pages(root: Path, lang: str) -> set[str]:
    """Docs paths of the hand-written pages of one language (generated pages exist in every language)."""
    docs = root / i18n.docs_dir(lang)
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} if docs.is_dir() else set()
