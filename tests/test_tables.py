"""Two-way data tables (header cells down the side as well as across the top) are named and
their headers scoped, so a screen reader can say which row and column a cell belongs to
(WCAG 2.2, 1.3.1). Markdown tables have headers across the top only and are not affected."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser


def table_problems(html: str, where: str) -> list[str]:
    problems = []
    for n, table in enumerate(LexborHTMLParser(html).css(".md-content table"), 1):
        if not table.css("tbody th"):
            continue  # headers across the top only: a plain Markdown table
        if table.css_first("caption") is None or not table.css_first("caption").text(strip=True):
            problems.append(f"{where}: table {n} has row headers but no caption - add <caption>")
        for th in table.css("th"):
            if th.attributes.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                problems.append(
                    f'{where}: table {n} header \'{th.text(strip=True)}\' has no scope - add scope="col" or "row"'
                )
    return problems


def test_the_check_catches_a_two_way_table_without_caption_or_scope():
    bad = (
        '<div class="md-content"><table><thead><tr><th>Route</th><th scope="col">Cost</th></tr></thead>'
        "<tbody><tr><th>Mediation</th><td>Free</td></tr></tbody></table></div>"
    )
    assert table_problems(bad, "bad.html") == [
        "bad.html: table 1 has row headers but no caption - add <caption>",
        'bad.html: table 1 header \'Route\' has no scope - add scope="col" or "row"',
        'bad.html: table 1 header \'Mediation\' has no scope - add scope="col" or "row"',
    ]
    markdown_table = '<div class="md-content"><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>'
    assert table_problems(markdown_table, "ok.html") == []


def test_every_two_way_table_on_the_site_has_a_caption_and_scoped_headers(site_dir):
    problems = []
    checked = 0
    for page in sorted(site_dir.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if "<table" not in html:
            continue
        found = table_problems(html, str(page.relative_to(site_dir)))
        problems += found
        checked += html.count("<caption")
    # The dispute routes, the state examples and every plan comparison are two-way tables.
    assert checked >= 3
    assert problems == [], "\n".join(problems)
