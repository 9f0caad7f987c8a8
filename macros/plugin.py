"""The MkDocs plugin: turns the data into pages, tooltips and glossary.json.

Registered as ``iep-basics`` (pyproject entry point) and listed after ``macros`` in
mkdocs.yml, so the Jinja in hand-written pages is rendered before we append to them.
All decisions live in the sibling modules; this file only wires MkDocs events to them.
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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import assets, glossary, pages, questionnaire, rebuild, search
from . import plans as plans_mod
from . import site as site_mod
from . import stories as stories_mod
from .problems import ContentError
from .render import markdown_filter


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
    def on_startup(self, *, command, dirty) -> None:
        rebuild.start(command)  # `mkdocs serve` keeps unchanged pages between rebuilds (macros/rebuild.py)

    def on_config(self, config):
        search.wait_for_index()  # under serve, the last build's index may still be being written
        if "macros" in config.plugins:  # under serve, each page's Jinja is compiled once per text
            rebuild.cache_page_templates(config.plugins["macros"].env)
        self.root = Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()
        self.site = self._load()
        self.strings = dict(config.extra.get("strings", {}))
        repo = (config.extra.get("repo") or config.repo_url or "").rstrip("/")
        self.repo_blob = f"{repo}/blob/main/" if repo else ""
        self.repo_edit = f"{repo}/edit/main/" if repo else ""
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltip_map(self.site.terms)
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        config.markdown_extensions.append(NoNestedTooltips())
        try:
            search.claim_header_slot(config.plugins)
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None
        return config

    def _load(self):
        try:
            return site_mod.load(self.root)
        except ContentError as err:
            raise PluginError(f"The content has {len(err.problems)} problem(s):\n{err}") from None

    def _md(self, where: str):
        return markdown_filter(lambda tid, text: glossary.link(self.site.terms, tid, text, where))

    def on_files(self, files: Files, config) -> Files:
        s = self.site
        bodies = {p: (meta.title, body) for p, (meta, body) in s.pages.items()}
        bodies.update({f"stories/{sid}.md": (m.title, b) for sid, (m, b) in s.stories.items()})
        used = rebuild.backlinks(s.terms, bodies)  # glossary.backlinks, page by page, reusing unchanged pages
        self.generated: dict[str, str] = {}

        def add(src_uri: str, content: str, source: str) -> None:
            files.append(File.generated(config, src_uri, content=content))
            self.generated[src_uri] = source

        for tid, term in s.terms.items():
            add(
                glossary.page_path(tid),
                glossary.term_page(term, s.terms, used[tid], self.strings, config.site_url or "/"),
                f"glossary/{tid}.yml",
            )
        for pid, plan in s.plans.items():
            add(
                plans_mod.page_path(pid),
                plans_mod.plan_page(plan, s.labels, self.strings, self._md(f"plans/{pid}.yml")),
                f"plans/{pid}.yml",
            )
        for qid, q in s.questionnaires.items():
            add(
                f"which-plan-fits/{qid}.md",
                questionnaire.render(q, s.plans, self.strings, self._md(f"plans/questionnaires/{qid}.yml")),
                f"plans/questionnaires/{qid}.yml",
            )
        for facet, values in stories_mod.all_filters(s.stories, s.plans).items():
            for value, _ in values:
                add(
                    stories_mod.filter_path(facet, value),
                    stories_mod.filter_page(s.stories, s.plans, self.strings, facet, value),
                    "docs/stories/",
                )
        pages_now = [f.src_uri for f in files.documentation_pages()]
        add(
            search.SITE_MAP,
            search.site_map_page(config.nav, pages_now, s.titles, len(s.terms), self.strings),
            "mkdocs.yml",
        )
        rebuild.PAGES.start_build(config, files)
        return files

    def on_env(self, env, config, files):
        self.search_marks = search.PageMarks()
        env.globals["kb_search"] = self.search_marks
        rebuild.install_template_cache(env)
        search.write_dialog(env, config)
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        rebuild.PAGES.attach(page)
        # Material puts titles and descriptions into HTML unescaped: escape the plain text once, here.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(html.unescape(page.meta[key]), quote=key == "description")
        return self._page_markdown(markdown, page)

    def _page_markdown(self, markdown: str, page) -> str:
        s, src = self.site, page.file.src_uri
        if src in self.generated:
            source = self.generated[src]
            page.edit_url = self.repo_edit + source if source.endswith(".yml") else self.repo_blob + source
            page.meta["render_macros"] = False
            if src.startswith("glossary/"):
                return markdown + pages.term_footer(s.terms[Path(src).stem], self.strings, self.repo_blob)
            if src.startswith("plans/"):
                plan = s.plans[Path(src).stem]
                return markdown + pages.footer(
                    None,
                    titles={},
                    stories=stories_mod.related(s.stories, [], [plan.id]),
                    strings=self.strings,
                    sources=plan.sources,
                    last_reviewed=plan.last_reviewed,
                    generated_from=source,
                    repo_blob=self.repo_blob,
                )
            return markdown
        if src.startswith("stories/") and Path(src).stem in s.stories:
            meta, _ = s.stories[Path(src).stem]
            page.meta["description"] = html.escape(meta.summary)
            note = f'!!! note "{self.strings["composite_title"]}"\n\n    {self.strings["composite_note"]}\n\n'
            return (
                note
                + markdown
                + pages.footer(
                    None, titles={}, stories=[], strings=self.strings, sources=[], last_reviewed=meta.last_reviewed
                )
            )
        if src in s.pages:
            meta, _ = s.pages[src]
            related = stories_mod.related(s.stories, meta.topics, meta.plans) if (meta.topics or meta.plans) else []
            return markdown + pages.footer(meta, titles=s.titles, stories=related, strings=self.strings)
        return markdown

    def on_post_build(self, config) -> None:
        url = config.site_url or "/"
        exported = rebuild.memo(
            "glossary.json", rebuild.fingerprint(self.site.terms, url), lambda: glossary.export(self.site.terms, url)
        )
        (Path(config.site_dir) / "glossary.json").write_text(exported, encoding="utf-8")
        try:
            assets.strip_comments(config.docs_dir, config.site_dir)  # lighter pages (macros/assets.py)
        except ValueError as err:
            raise PluginError(str(err)) from None
        if rebuild.serving():  # the preview reloads now; its search index follows a moment later
            search.index_later(config.site_dir, expected_pages=len(self.search_marks.marked))
            return
        try:
            search.index_site(config.site_dir, expected_pages=len(self.search_marks.marked))
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None
