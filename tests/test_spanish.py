"""The Spanish edition: parity with the English, the language link both ways (with and without
JavaScript, after instant navigation), Spanish pages and terms, the sitemap's hreflang, glossary.json,
search in Spanish, and the data helpers behind it (macros/i18n.py, macros/translation.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from selectolax.lexbor import LexborHTMLParser

from macros import check, i18n, translation
from macros import site as site_mod
from macros.problems import Problems
from tests.helpers import ROOT, real_strings

SITE = site_mod.load(ROOT, raise_errors=False)
ES = SITE.edition("es")
EN_WORDS, ES_WORDS = real_strings("en"), real_strings("es")


def html(site_dir: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site_dir / url / "index.html").read_text(encoding="utf-8"))


# ---- Data and checks, no build ----


def test_overlay_reads_each_field_in_the_language_and_keeps_the_rest():
    data = {"term": "Evaluation", "term_es": "Evaluación", "abbr": "X", "list": [{"a": "b", "a_es": "c"}]}
    assert i18n.overlay(data, "es") == {"term": "Evaluación", "abbr": "X", "list": [{"a": "c"}]}
    assert i18n.overlay(data, "en") == {"term": "Evaluation", "abbr": "X", "list": [{"a": "b"}]}
    assert i18n.has_language(data, "es") and not i18n.has_language({"term": "x"}, "es")


def test_the_english_version_changes_only_when_the_english_changes():
    data = {"term": "Evaluation", "term_es": "Evaluación"}
    assert i18n.data_hash(data) == i18n.data_hash({**data, "term_es": "Otra", "translated_from_es": "x"})
    assert i18n.data_hash(data) != i18n.data_hash({**data, "term": "Evaluations"})


def test_every_english_family_page_has_a_spanish_twin_or_is_listed():
    todo = translation.listed(ROOT, "es")
    english = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    spanish = {p.relative_to(ROOT / "docs-es").as_posix() for p in (ROOT / "docs-es").rglob("*.md")}
    missing = sorted(p for p in english - spanish if not todo.match_file(p))
    assert missing == []
    assert spanish - english == set()
    # Only editor guides wait for a translation: every family page, story and record is in Spanish.
    assert all(p.startswith("contributing/") for p in english - spanish)
    assert not [f for f in translation.config.read(ROOT, lang="es").not_translated if "contributing" not in f]


def test_every_record_reads_in_spanish():
    for kind in ("terms", "plans", "questionnaires", "letters"):
        records = getattr(SITE, kind)
        assert records and all(r.has_language("es") for r in records.values()), kind


def test_spanish_labels_keep_the_english_acronym():
    assert ES.terms["iep"].label == f"{ES.terms['iep'].term} (IEP)"
    assert ES.terms["iep"].term != SITE.terms["iep"].term


def test_the_real_content_has_no_translation_problem():
    problems = Problems()
    translation.check(ROOT, SITE, check.read_all(ROOT, Problems()), problems)
    assert [str(p) for p in problems.items if p.must_fix] == []


def test_spanish_family_pages_read_at_fernandez_huerta_70_or_more():
    problems = Problems()
    rows = translation.readability_rows(SITE, "es", problems)
    assert len(rows) > 100
    assert [str(p) for p in problems.items] == []


def test_a_changed_english_page_makes_its_translation_stale(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs-es").mkdir()
    (tmp_path / "docs/p.md").write_text("---\ntitle: P\n---\nHello.\n")
    (tmp_path / "docs-es/p.md").write_text("---\ntitle: P\n---\nHola.\n")
    assert translation.stamp(tmp_path, ["docs-es/p.md"]) == ["docs-es/p.md"]
    stamped = (tmp_path / "docs-es/p.md").read_text()
    assert f'translated_from: "{i18n.english_hash(tmp_path, "docs-es/p.md")}"' in stamped
    assert translation.stamp(tmp_path, ["docs-es/p.md"]) == []  # already current
    (tmp_path / "docs/p.md").write_text("---\ntitle: P\n---\nHello, again.\n")
    assert i18n.english_hash(tmp_path, "docs-es/p.md") not in stamped


def test_spanish_ui_strings_translate_every_english_string():
    spanish = translation.config.read(ROOT, lang="es").strings
    assert set(EN_WORDS) - set(spanish) == set()


# ---- The built site ----


def test_spanish_pages_are_built_in_spanish(site_dir):
    for path in sorted((ROOT / "docs-es").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs-es").as_posix().removesuffix(".md").removesuffix("index")
        doc = html(site_dir, f"es/{rel}".rstrip("/"))
        assert doc.css_first("html").attributes["lang"] == "es", rel
    home = html(site_dir, "es")
    assert "Saltar a contenido" in home.html  # Material's own words, in Spanish
    assert len(list((site_dir / "es/glossary").glob("*/index.html"))) == len(SITE.terms)


def test_the_language_link_goes_to_the_twin_both_ways_without_javascript(site_dir, base_url):
    for url in [
        "",
        "guide/what-is-an-iep",
        "glossary/iep",
        "plans/iep",
        "which-plan-fits/which-plan",
        "letters/ask-for-records",
    ]:
        en, es = html(site_dir, url), html(site_dir, f"es/{url}".rstrip("/"))
        link_en, link_es = en.css_first(".kb-language a"), es.css_first(".kb-language a")
        assert link_en.attributes["href"] == f"{base_url}es/{url}/".replace("es//", "es/"), url
        assert link_en.attributes["hreflang"] == "es" and link_en.text().strip() == EN_WORDS["language_other"]
        assert link_es.attributes["href"] == f"{base_url}{url}/".replace(f"{base_url}/", base_url), url
        assert link_es.attributes["hreflang"] == "en" and link_es.text().strip() == ES_WORDS["language_other"]
    # An editor guide has no Spanish twin: its link goes to the Spanish home page.
    guide = html(site_dir, "contributing/add-a-term").css_first(".kb-language a")
    assert guide.attributes["href"] == f"{base_url}es/"


def test_term_links_on_spanish_pages_go_to_spanish_term_pages(site_dir, base_url):
    here = base_url + "es/guide/what-is-an-iep/"
    doc = html(site_dir, "es/guide/what-is-an-iep")
    links = [
        urljoin(here, a.attributes["href"])
        for a in doc.css("article a")
        if "glossary/" in (a.attributes.get("href") or "")
    ]
    assert links and all(h.startswith(base_url + "es/glossary/") for h in links), links
    titles = [
        a.attributes.get("title") or ""
        for a in doc.css("article a")
        if "glossary/iep/" in (a.attributes.get("href") or "")
    ]
    assert titles and all(ES.terms["iep"].short in t for t in titles if t)


def test_the_sitemap_names_each_twin(site_dir, base_url):
    sitemap = (site_dir / "sitemap.xml").read_text()
    assert f'hreflang="es" href="{base_url}es/guide/what-is-an-iep/"' in sitemap
    spanish = (site_dir / "es/sitemap.xml").read_text()
    assert f'hreflang="en" href="{base_url}guide/what-is-an-iep/"' in spanish
    assert not re.search(r"<loc>[^<]*/es/[^<]*</loc>", sitemap)  # each edition lists its own pages


def test_glossary_json_carries_both_languages(site_dir, base_url):
    data = json.loads((site_dir / "glossary.json").read_text())
    assert data["count"] == len(SITE.terms)
    iep = next(t for t in data["terms"] if t["id"] == "iep")
    assert iep["es"]["term"] == ES.terms["iep"].term
    assert iep["es"]["url"] == f"{base_url}es/glossary/iep/"
    assert all("es" in t for t in data["terms"])
    assert not (site_dir / "es/glossary.json").exists()


# ---- In a browser ----


@pytest.mark.browser
def test_the_language_link_lands_on_the_twin_after_instant_navigation(page, base_url):
    def follow_a_guide_link() -> str:
        """Click the first link in the text to another guide page (instant navigation swaps the content)."""
        target = page.evaluate("""() => {
            const links = [...document.querySelectorAll("article a:not(.kb-language a)")];
            const a = links.find(a => a.href.startsWith(location.origin) && a.href.includes("/guide/")
                && !a.href.includes("#") && a.href !== location.href.split("#")[0]);
            a.click();
            return a.href;
        }""")
        page.wait_for_url(target)
        return target.removeprefix(base_url).removeprefix("es/")

    switch = page.locator(".kb-language a")
    page.goto(base_url)
    path = follow_a_guide_link()
    # Instant navigation changes the address first, then swaps the content: the link must follow.
    expect(switch).to_have_attribute("href", base_url + "es/" + path)
    switch.click()
    page.wait_for_url(base_url + "es/" + path)
    assert page.evaluate("document.documentElement.lang") == "es"
    path = follow_a_guide_link()
    expect(switch).to_have_attribute("href", base_url + path)
    switch.click()
    page.wait_for_url(base_url + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.kb_offsite == [] and page.kb_errors == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("evaluacion", "/es/guide/getting-an-evaluation/"),  # no accent
        ("evaluación", "/es/guide/getting-an-evaluation/"),
        ("escuelas", "/es/"),  # a plural of a word on many pages
        ("garantias procesales", "/es/glossary/procedural-safeguards/"),
        ("IEP", "/es/glossary/iep/"),
    ],
)
def test_spanish_search_finds_accentless_and_plural_queries(page, base_url, query, expected):
    from tests.test_browser_search import search_for

    page.goto(base_url + "es/guide/what-is-an-iep/")
    found = search_for(page, query)
    assert any(f.startswith(expected) for f in found[:5]), found
    assert all(f.startswith("/es/") for f in found), "Spanish pages are searched in Spanish"


def test_dates_read_in_the_page_language():
    from datetime import date

    from macros.render import long_date

    assert long_date(date(2026, 12, 1), EN_WORDS) == "December 1, 2026"
    assert long_date(date(2026, 12, 1), ES_WORDS) == "1 de diciembre de 2026"


def test_spanish_pages_give_their_review_date_in_spanish(site_dir):
    reviewed = html(site_dir, "es/guide/what-is-an-iep").css_first(".kb-reviewed time").text()
    assert re.fullmatch(r"\d{1,2} de [a-z]+ de 20\d\d", reviewed), reviewed
