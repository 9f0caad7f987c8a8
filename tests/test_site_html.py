"""Every built page: one h1, unique titles, a description, lang, alt text, and local links that resolve."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from macros import htmlcheck

# Budget from issue 3: a first visit within 100 kB compressed. Search loads nothing up front
# (issue 14); tests/test_search.py checks that no page references the search bundle.
PAGE_BUDGET = 100_000


def pages(site_dir):
    return sorted(site_dir.rglob("*.html"))


@pytest.fixture(scope="module")
def facts(site_dir):
    """Every built page parsed once, for all the checks below."""
    return {p: htmlcheck.parse(p.read_text(encoding="utf-8")) for p in pages(site_dir)}


def test_every_page_has_the_basics(site_dir, facts):
    problems = []
    for page, f in facts.items():
        if page.name == "404.html":
            continue
        problems += htmlcheck.page_problems(site_dir, page, f)
    assert problems == [], "\n".join(problems)


def test_titles_are_unique(site_dir, facts):
    seen = {}
    dupes = []
    for page, f in facts.items():
        # Each edition on its own: a term may have the same name in English and Spanish ("Child Find").
        key = (page.relative_to(site_dir).parts[0] == "es", f.title)
        if key in seen and "redirect" not in page.read_text()[:500].lower():
            dupes.append(f"{page.relative_to(site_dir)} and {seen[key]}: same title '{f.title}'")
        seen.setdefault(key, page.relative_to(site_dir))
    assert dupes == [], "\n".join(dupes)


def test_local_links_in_our_html_resolve(site_dir, facts):
    problems = []
    for page, f in facts.items():
        problems += htmlcheck.broken_links(site_dir, page, f, "/")  # the tests serve the site at /
    assert problems == [], "\n".join(problems[:50])


def first_visit_bytes(site_dir, page, f) -> int:
    """Compressed bytes of a page plus the CSS, JS and images it loads."""
    text = page.read_text(encoding="utf-8")
    total = len(gzip.compress(text.encode(), 9))
    for link in set(f.links):
        parts = urlsplit(link)
        if parts.scheme or not parts.path.endswith((".css", ".js", ".svg", ".png", ".jpg", ".woff2")):
            continue
        target = (page.parent / parts.path).resolve()
        if target.is_file():
            total += len(gzip.compress(target.read_bytes(), 9))
    return total


def test_pages_stay_within_the_weight_budget(site_dir, facts):
    heavy = []
    sizes = []
    for page, f in facts.items():
        size = first_visit_bytes(site_dir, page, f)
        sizes.append(size)
        if size > PAGE_BUDGET:
            heavy.append(f"{page.relative_to(site_dir)}: {size} bytes compressed, over {PAGE_BUDGET}")
    print(f"\nfirst-visit bytes: median {sorted(sizes)[len(sizes) // 2]}, max {max(sizes)} over {len(sizes)} pages")
    assert heavy == [], "\n".join(heavy)
