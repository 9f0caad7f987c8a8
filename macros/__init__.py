"""IEP Basics macros: the Jinja functions page authors call, registered for mkdocs-macros.

``define_env`` only registers; the work is done by the pure functions in the sibling
modules (glossary, plans, questionnaire, stories), which the tests call directly.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError

from . import glossary
from . import letters as letters_mod
from . import plans as plans_mod
from . import site as site_mod
from . import stories as stories_mod
from .problems import ContentError
from .render import markdown_filter


def _page_src(ctx) -> str:
    page = ctx.get("page")
    file = getattr(page, "file", None)
    return f"docs/{file.src_uri}" if file is not None else str(getattr(page, "path", ""))


def define_env(env) -> None:
    root = Path(env.project_dir)
    strings = dict(env.conf.get("extra", {}).get("strings", {}))

    # Loaded once per build: MkDocs (and `mkdocs serve` on every change) calls define_env anew.
    try:
        loaded = site_mod.load(root)
    except ContentError as err:  # one message naming file:line and the fix, not a traceback
        raise PluginError(f"The content has {len(err.problems)} problem(s):\n{err}") from None

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
        md = markdown_filter(lambda tid, text: glossary.link(s.terms, tid, text, where="plans/"))
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
            f"- [{q.title}](/which-plan-fits/{qid}.md): {q.description}" for qid, q in s.questionnaires.items()
        )

    @env.macro
    def plan_list() -> str:
        """A list of links to every plan page."""
        s = current_site()
        return "\n".join(f"- [{p.name}](/{plans_mod.page_path(pid)}): {p.summary}" for pid, p in s.plans.items())

    @env.macro
    def letter_list() -> str:
        """A list of links to every letter page."""
        return letters_mod.index_markdown(current_site().letters)
