"""Static checks on built HTML: one h1, a title, a description, lang, alt text, and links that resolve.

Used by the tests on every page of site/. Pure standard library (html.parser).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageFacts:
    title: str = ""
    lang: str | None = None
    description: str | None = None
    h1: int = 0
    images_without_alt: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # href/src values
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a and a["id"]:
            self.facts.ids.add(a["id"])
        if tag == "html":
            self.facts.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") == "description":
            self.facts.description = a.get("content")
        elif tag == "h1":
            self.facts.h1 += 1
        elif tag == "img" and a.get("alt") is None:
            self.facts.images_without_alt.append(a.get("src", "?"))
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.facts.links.append(a[attr])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.facts.title += data


def parse(html: str) -> PageFacts:
    p = _Parser()
    p.feed(html)
    p.facts.title = " ".join(p.facts.title.split())
    return p.facts


def page_problems(site: Path, page: Path, facts: PageFacts) -> list[str]:
    rel = str(page.relative_to(site))
    found = []
    if facts.h1 != 1:
        found.append(f"{rel}: has {facts.h1} h1 headings - a page needs exactly one")
    if not facts.title:
        found.append(f"{rel}: has no <title>")
    if not facts.lang:
        found.append(f"{rel}: <html> has no lang")
    if not (facts.description or "").strip():
        found.append(f"{rel}: has no meta description - add 'description:' to the front matter")
    for src in facts.images_without_alt:
        found.append(f'{rel}: image {src} has no alt text - add alt text (alt="" if it is decoration)')
    return found


def broken_links(site: Path, page: Path, facts: PageFacts, site_path: str = "/") -> list[str]:
    """Local href/src values that point to no file (external and in-page links are not checked here)."""
    rel = page.relative_to(site).as_posix()
    found = []
    for link in facts.links:
        parts = urlsplit(link)
        if parts.scheme or link.startswith(("#", "//", "mailto:", "tel:", "data:")):
            continue
        path = unquote(parts.path)
        if not path:
            continue
        if path.startswith("/"):
            if not path.startswith(site_path):
                found.append(f"{rel}: link '{link}' is outside the site")
                continue
            target = path[len(site_path) :]
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        full = site / target
        if target.startswith("..") or not (full.is_file() or (full / "index.html").is_file()):
            found.append(f"{rel}: link '{link}' goes to no file")
    return found
