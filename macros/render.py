"""Shared rendering helpers: the Jinja environment for macros/templates and the term() expansion.

Templates escape every value by default, so plain-text fields (a term's ``short``, an
answer's ``label``) can never inject HTML. Fields that hold Markdown pass through the
``markdown`` filter, which first expands ``term()`` calls and then marks the text safe.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"

# {{ term("id") }} or {{ term("id", "custom text") }}, single or double quotes.
TERM_CALL = re.compile(
    r"""\{\{-?\s*term\(\s*(?P<q>["'])(?P<id>[^"']*)(?P=q)\s*(?:,\s*(?P<q2>["'])(?P<text>[^"']*)(?P=q2)\s*)?\)\s*-?\}\}"""
)
# The macros hand-written pages may call (registered by define_env in macros/__init__.py).
PAGE_MACROS = (
    "term",
    "comparison_table",
    "glossary_index",
    "stories_index",
    "questionnaire_list",
    "plan_list",
    "letter_list",
)
ANY_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

_env: Environment | None = None


def environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _env.filters["attr"] = lambda s: html.escape(str(s), quote=True)
        _env.filters["yaml"] = lambda d: Markup(yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=1000))
        _env.filters["long_date"] = long_date
    return _env


def long_date(day, strings: dict) -> str:
    """A date as the page's language writes it, from the UI words: 'December 1, 2026', '1 de diciembre de 2026'."""
    months = strings.get("months") or [f"{dt.date(2000, m, 1):%B}" for m in range(1, 13)]
    form = strings.get("date_format") or "{month} {day}, {year}"
    return form.format(month=months[day.month - 1], day=day.day, year=day.year)


def render_template(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def expand_terms(text: str, link: Callable[[str, str | None], str]) -> str:
    """Replace every term() call in data Markdown with the link it stands for."""
    return TERM_CALL.sub(lambda m: link(m["id"], m["text"]), text)


def markdown_filter(link: Callable[[str, str | None], str]):
    """A Jinja filter for Markdown fields: expand term() calls, then trust the text."""
    return lambda text: Markup(expand_terms(str(text).strip(), link))


def term_ids_used(text: str) -> list[str]:
    return [m["id"] for m in TERM_CALL.finditer(text)]


def other_macros(text: str) -> list[str]:
    """Jinja expressions in data text other than term() (data may use only term())."""
    return [m.group(0) for m in ANY_MACRO.finditer(text) if not TERM_CALL.fullmatch(m.group(0))]


def link_title(text: str) -> str:
    """Text safe to put inside a Markdown link title ("...")."""
    return " ".join(text.replace('"', "&quot;").replace("\\", "").split())
