"""Nothing that can run code reaches a reader: an allowlist of HTML, checked before and after rendering.

Content comes from strangers' pull requests, so safety does not rest on spotting bad patterns.
Two independent barriers, with the same allowlist:

1. ``text_findings`` reads the text an editor wrote (a page, or a data field) before anything is
   built: raw HTML through a parser, Markdown link and image targets, and attribute lists
   (``{ onclick=... }``). ``make check`` and the build's first step report each finding with the
   file, the line and the fix.
2. ``sanitize`` runs every rendered fragment through nh3 (the Rust ammonia sanitizer), which keeps
   only the allowlist. If it had to drop anything, the build fails and says what, so nothing is
   ever removed silently.

The allowlist holds exactly what our Markdown extensions, templates and components produce.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

# Tags that our Markdown extensions and macros/templates produce.
TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "button", "caption", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
    # The letter builder's form (it posts nothing: no action, and the CSP says form-action 'none').
    "form", "fieldset", "legend", "textarea",
}  # fmt: skip
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "hidden", "role", "tabindex"}
ARIA = {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-live", "aria-current"}
ATTRIBUTES = {
    "a": {"href", "rel"},
    "abbr": set(),
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "disabled", "checked", "autocomplete", "spellcheck", "name", "value", "required", "readonly"},
    "textarea": {"name", "rows", "autocomplete", "spellcheck", "required", "readonly"},
    "form": {"autocomplete", "novalidate", "data-search-exclude"},
    "button": {"type"},
    "label": {"for"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "time": {"datetime"},
    "details": {"open"},
    "code": set(),
}
# Our components keep their settings in data-kb-* attributes, and the search indexer reads
# data-pagefind-* ones (data, never code).
DATA_PREFIX = "data-kb-"
DATA_PREFIXES = {"data-kb-", "data-pagefind-"}
URL_ATTRIBUTES = {"href", "src"}
SCHEMES = {"https", "http", "mailto", "tel"}
INPUT_TYPES = {"checkbox", "search", "text", "radio", "date", "email", "tel"}


def allowed_attribute(tag: str, name: str) -> bool:
    if re.fullmatch(r"data-(kb|pagefind)-[a-z-]+", name):
        return True
    return name in GLOBAL_ATTRIBUTES or name in ARIA or name in ATTRIBUTES.get(tag, set())


# Printable ASCII other than '&', '%' and space: the characters of almost every address we see.
_PLAIN_URL = re.compile(r"[!-$'-~]*")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def unsafe_url(value: str) -> str | None:
    """The scheme of a URL that may run code or load something unexpected, else None.

    Browsers ignore whitespace and control characters inside a scheme and decode entities first,
    so 'java&#x09;script:' and ' JaVaScRiPt:' are both javascript:.
    """
    if _PLAIN_URL.fullmatch(value):
        # No '&', '%', space or control character: decoding and dropping characters change nothing.
        text = value
    else:
        text = unquote(html.unescape(value))
        # Only what comes before the first ':' can be a scheme (or the '//' of another host); dropping
        # characters never makes or removes a ':', so reading that part alone gives the same answer.
        head, colon, _ = text.partition(":")
        text = "".join(c for c in head if not unicodedata.category(c).startswith("C") and not c.isspace()) + colon
    m = _SCHEME.match(text)
    if m and m.group(1).lower() not in SCHEMES:
        return m.group(1).lower() + ":"
    if text.startswith("//"):
        return "//"  # an address on another host, without a scheme
    return None


@dataclass(frozen=True)
class Finding:
    token: str  # text to look for in the source, to find the line
    what: str
    fix: str


RUN_CODE = "remove it: pages and data may not run code or load other sites"


class _Collector(HTMLParser):
    def __init__(self, source: bool = False):
        super().__init__(convert_charrefs=True)
        self.source = source  # Markdown source: md_in_html's markdown="..." is read by the build, never output
        self.found: list[Finding] = []
        self.tags: Counter = Counter()

    def parse_marked_section(self, i, report=1):
        # HTML has no marked sections: a browser (and nh3) reads '<![...' up to the next '>' as a
        # comment. Python's parser raises on '<![image](x.png)' (a '<' typed before an image), and
        # so does MkDocs, which parses each page with it: in text an editor wrote, stop it first.
        if self.source:
            self.found.append(Finding("<![", "a '<' right before '![' (or '<![' in HTML)", MARKED_FIX))
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag, attrs):
        if self.source and (":" in tag or "@" in tag):
            return  # a Markdown autolink such as <https://...> or <name@example.org>: markdown_findings reads it
        if tag not in TAGS:
            self.found.append(Finding(f"<{tag}", f"a <{tag}> element, which pages may not use", RUN_CODE))
            return
        for name, value in attrs:
            if self.source and name == "markdown":
                continue
            if not allowed_attribute(tag, name):
                self.found.append(
                    Finding(name, f"the attribute '{name}' on <{tag}>, which pages may not use", RUN_CODE)
                )
            elif name in URL_ATTRIBUTES and value and (scheme := unsafe_url(value)):
                self.found.append(Finding(value.strip()[:20], f"a link to a '{scheme}' address", LINK_FIX))
            elif tag == "input" and name == "type" and (value or "").lower() not in INPUT_TYPES:
                self.found.append(Finding(name, f'an <input type="{value}">', RUN_CODE))
            else:
                self.tags[(tag, name, value or "")] += 1
        self.tags[(tag,)] += 1


MARKED_FIX = "remove that '<' (the build cannot read it), or write it as &lt; to show the sign"
LINK_FIX = "link to a web address starting with https:// or to a page of this site"


def html_findings(text: str, source: bool = False) -> list[Finding]:
    """Tags, attributes and URLs outside the allowlist in a piece of HTML (``source``: Markdown with HTML in it)."""
    parser = _Collector(source)
    parser.feed(text)
    parser.close()
    return parser.found


# Markdown that makes links and attributes without writing HTML.
MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")  # [text](target) and ![alt](target)
MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)  # [label]: target
MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
ATTR_LIST = re.compile(r"\{:?\s*([^{}]*?)\s*\}")
ATTR_NAME = re.compile(r"(?:^|\s)([^\s=#.]+)\s*=")


def markdown_findings(text: str) -> list[Finding]:
    """Unsafe link targets and attributes written in Markdown syntax."""
    found = []
    for pattern in (MD_TARGET, MD_REFERENCE, MD_AUTOLINK):
        for m in pattern.finditer(text):
            if scheme := unsafe_url(m.group(1)):
                found.append(Finding(m.group(1)[:20], f"a link to a '{scheme}' address", LINK_FIX))
    for m in ATTR_LIST.finditer(text):
        for name in ATTR_NAME.findall(m.group(1)):
            if not allowed_attribute("*", name.lower()):
                found.append(Finding(name, f"the attribute '{name}' in {{ }}, which pages may not set", RUN_CODE))
    return found


def text_findings(text: str) -> list[Finding]:
    """Everything unsafe in text an editor wrote: HTML, Markdown links and attribute lists."""
    return html_findings(text, source=True) + markdown_findings(text)


def line_of(token: str, lines: list[str]) -> int | None:
    """The first line (from 1) that holds ``token``, ignoring case; None when it is not found."""
    needle = token.lower()
    for n, line in enumerate(lines, 1):
        if needle in line.lower():
            return n
    return None


# nh3 is given the same allowlist.
_NH3_ATTRIBUTES = {tag: set(ATTRIBUTES.get(tag, set())) | GLOBAL_ATTRIBUTES | ARIA for tag in TAGS}


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in URL_ATTRIBUTES and unsafe_url(value):
        return None
    return value


# nh3's output is HTML as html5ever writes it: lower-case names, every attribute value in double
# quotes with '"' and '&' escaped, every '<' of the text escaped, no comments. So a pattern reads its
# tags exactly, at a fraction of the parser's cost (tests/test_safety.py compares the two).
# (A name ends at a space, '=', '/' or '>'; nh3 keeps data-kb-* names as typed, quotes included.)
_CLEAN_TAG = re.compile(r'<([a-z][^\s/>]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*/?>')
_CLEAN_ATTRIBUTE = re.compile(r'([^\s=/>]+)(?:="([^"]*)")?')


def _clean_tags(clean: str) -> Counter:
    """What a ``_Collector`` counts in nh3's output (which holds only the allowlist)."""
    tags: Counter = Counter()
    for m in _CLEAN_TAG.finditer(clean):
        tag = m.group(1)
        for name, value in _CLEAN_ATTRIBUTE.findall(m.group(2)):
            tags[(tag, name, html.unescape(value) if "&" in value else value)] += 1
        tags[(tag,)] += 1
    return tags


def sanitize(fragment: str) -> tuple[str, list[Finding]]:
    """(clean HTML, what had to be dropped). The clean HTML holds only the allowlist.

    What was dropped is found by reading the fragment before and after with the same parser:
    anything outside the allowlist, and any allowed tag or attribute that nh3 did not keep.
    """
    clean = nh3.clean(
        fragment,
        tags=TAGS,
        attributes=_NH3_ATTRIBUTES,
        generic_attribute_prefixes=DATA_PREFIXES,
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    before = _Collector()
    before.feed(fragment)
    before.close()
    dropped = list(before.found)
    for key in before.tags - _clean_tags(clean):
        token = key[0] if len(key) == 1 else key[1]
        what = f"a <{key[0]}> element" if len(key) == 1 else f"the attribute {key[1]}={key[2]!r} on <{key[0]}>"
        dropped.append(Finding(token, f"{what}, which the sanitizer removed", RUN_CODE))
    return clean, dropped
