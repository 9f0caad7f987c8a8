"""IEP Basics: loads, checks and renders the site's data for MkDocs.

How data flows, module by module:

- ``models``: the shapes of the data (pydantic): terms, plans, questionnaires, page and story front matter.
- ``loader``: reads YAML and front matter, validates it against ``models``, and words every mistake
  as ``file:line: what is wrong - how to fix it`` (``problems`` holds these messages).
- ``paths``: where each kind of record lives (data file, docs path, address) and the message for an
  id that names nothing. Every other module asks it.
- ``i18n``: the languages. A record's ``<field>_es`` fields make its Spanish version (the loader
  validates it like the English); ``docs-es/`` holds the Spanish pages; hashes say which English
  version a translation follows.
- ``site``: loads everything once (``site.load``) and checks the records against each other; each
  other language is an edition of it (``Site.edition("es")``: the records as Spanish reads them, and
  the Spanish pages), so one renderer makes both languages.
- ``render``: the Jinja environment for ``templates/`` and the ``term()`` expansion in data text.
- ``glossary``, ``plans``, ``questionnaire``, ``stories``: one module per kind; each has the pure
  function that returns its generated pages (``pages.Generated``: path, source file, whole Markdown).
- ``pages``: the front matter of a generated page and the footer of every page.
- ``generate``: lists every generated page, and finishes hand-written pages (footer, story note).
- ``plugin``: the MkDocs plugin that wires the above into a build (pages, tooltips, glossary.json).
- this file: ``define_env``, the macros that hand-written pages call, for mkdocs-macros.
- ``check`` (``make check``), ``translation`` (its checks of the Spanish, and ``make translated``),
  ``readability`` and ``readability_es``, ``htmlcheck`` (tests on built HTML), ``scaffold``
  (``make new-term`` ...) and ``build`` (``make build``: every edition) are the editors' and tests' tools.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import glossary, paths
from . import letters as letters_mod
from . import plans as plans_mod
from . import site as site_mod
from . import stories as stories_mod
from .render import markdown_filter


def define_env(env) -> None:
    root = Path(env.project_dir)
    strings = dict(env.conf.get("extra", {}).get("strings", {}))
    lang = env.conf["theme"].get("language") or "en"  # one source for the edition: theme.language

    def _page_src(ctx) -> str:
        page = ctx.get("page")
        file = getattr(page, "file", None)
        return paths.docs_file(file.src_uri, lang) if file is not None else str(getattr(page, "path", ""))

    # Loaded once per build (MkDocs, and `mkdocs serve` on every change, calls define_env anew). The
    # plugin has loaded and checked the same data just before, so a content problem never gets here.
    loaded = site_mod.load(root, raise_errors=False, lang=lang)

    def current_site():
        return loaded

    @env.macro
    @jinja2.pass_context
    def term(ctx, term_id: str, text: str | None = None) -> str:
        """A link to a glossary term: {{ term("fape") }} or {{ term("fape", "free public education") }}."""
        return glossary.link(current_site().terms, term_id, text, where=_page_src(ctx))

    @env.macro
    @jinja2.pass_context
    def comparison_table(ctx, *plan_ids: str) -> str:
        """Plans side by side: {{ comparison_table("iep", "section-504-plan") }}; no ids means every plan."""
        s = current_site()
        md = markdown_filter(lambda tid, text: glossary.link(s.terms, tid, text, where=paths.PLAN.data_dir))
        return plans_mod.comparison(s.plans, list(plan_ids) or list(s.plans), s.labels, strings, md)

    @env.macro
    def glossary_index() -> str:
        """The A-Z glossary with its filter box."""
        return glossary.index_markdown(current_site().terms, strings)

    @env.macro
    def stories_index() -> str:
        """Story cards with filters by plan, age and topic."""
        s = current_site()
        return stories_mod.index_markdown(s.stories, s.plans, strings)

    @env.macro
    def questionnaire_list() -> str:
        """A list of links to every questionnaire page."""
        s = current_site()
        return "\n".join(
            f"- [{q.title}](/{paths.QUESTIONNAIRE.page(qid)}): {q.description}" for qid, q in s.questionnaires.items()
        )

    @env.macro
    def plan_list() -> str:
        """A list of links to every plan page."""
        s = current_site()
        return "\n".join(f"- [{p.name}](/{paths.PLAN.page(pid)}): {p.summary}" for pid, p in s.plans.items())

    @env.macro
    def letter_list() -> str:
        """A list of links to every letter page."""
        return letters_mod.index_markdown(current_site().letters)
