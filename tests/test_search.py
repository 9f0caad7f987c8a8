"""Search without a browser: what each page gives Pagefind, the index in the built site, the site
map, and the loud failures (a missing index, Material's old search plugin, bad front matter)."""

from __future__ import annotations

import json

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from macros import check, search
from macros import site as site_mod
from tests.helpers import ROOT, build, mini_site, real_strings

SITE = site_mod.load(ROOT)


def config_nav() -> list:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["nav"]


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ("index.md", "guide"),
        ("guide/what-is-an-iep.md", "guide"),
        ("which-plan-fits/which-plan.md", "guide"),
        ("glossary/index.md", "glossary"),
        ("glossary/iep.md", "glossary"),
        ("plans/index.md", "plan"),
        ("plans/ifsp.md", "plan"),
        ("stories/index.md", "story"),
        ("stories/wait-and-see.md", "story"),
        ("contributing/add-a-term.md", ""),  # indexed, under "Everything" only
        ("stories/plan/iep.md", None),  # a story filter page repeats the cards: not indexed
        ("site-map.md", None),
    ],
)
def test_kind_of_each_page(src, kind):
    assert search.kind_of(src) == kind


def test_page_attributes_follow_front_matter():
    assert search.page_attributes("guide/a.md", {}) == ' data-pagefind-body data-pagefind-filter="kind:guide"'
    assert search.page_attributes("contributing/a.md", {}) == " data-pagefind-body"
    assert search.page_attributes("guide/a.md", {"search": {"exclude": True}}) == ""
    assert search.page_attributes("stories/age/3-5.md", {}) == ""
    assert search.page_attributes("glossary/index.md", {"search": {"boost": 0.5}}) == (
        ' data-pagefind-body data-pagefind-filter="kind:glossary" data-pagefind-weight="0.5"'
    )


def test_bad_search_front_matter_is_a_content_problem(tmp_path):
    page = "---\ntitle: P\ndescription: A test page for the fixture site.\nlast_reviewed: 2026-11-01\nsearch:\n  boost: 20\n  hide: true\n---\nText.\n"
    project = mini_site(tmp_path, pages={"index.md": "Home.", "p.md": page})
    found, _ = check.run(project)
    messages = [str(p) for p in found if str(p).startswith("docs/p.md")]
    assert any("search.boost" in m and "10" in m for m in messages), messages
    assert any("search.hide" in m for m in messages), messages


def test_site_map_lists_every_page_by_section():
    pages = [
        "index.md",
        *SITE.pages,
        *(f"stories/{sid}.md" for sid in SITE.stories),
        *(f"plans/{pid}.md" for pid in SITE.plans),
        *(f"which-plan-fits/{q}.md" for q in SITE.questionnaires),
        *(f"glossary/{tid}.md" for tid in SITE.terms),
        "stories/age/3-5.md",
    ]
    sections = search.site_map_sections(config_nav(), sorted(set(pages)), SITE.titles, real_strings())
    listed = {}
    for _, entries in sections:
        for e in entries:
            listed[e.path] = e.title
            listed.update({c.path: c.title for c in e.children})
    # Every page a visitor can reach, except one page per term (the A-Z glossary lists those) and the
    # story filter pages (views of the stories page).
    expected = {p for p in pages if not p.startswith("glossary/") or p == "glossary/index.md"} - {"stories/age/3-5.md"}
    assert set(listed) == expected
    titles = [t for t, _ in sections]
    assert titles[0] == real_strings()["site_map_main"]
    assert titles[1:3] == ["Start here", "Step by step"]  # the nav's own sections, in its order
    assert listed["guide/what-is-an-iep.md"] == "What is an IEP?"  # the nav's title
    assert listed["stories/wait-and-see.md"] == SITE.stories["wait-and-see"][0].title


def test_site_map_page_is_generated_without_macros_and_links_the_glossary():
    md = search.site_map_page(config_nav(), ["index.md", "glossary/index.md"], {}, 79, real_strings())
    front = yaml.safe_load(md.split("---\n")[1])
    assert front["render_macros"] is False
    assert front["title"] == real_strings()["site_map_title"]
    assert "[The A-Z glossary](/glossary/index.md) explains 79 words." in md


def test_site_map_without_a_nav_groups_pages_by_folder():
    pages = ["index.md", "guide/a.md", "guide/part-01/b.md", "plans/p.md", "stories/age/3-5.md"]
    sections = search.site_map_sections(None, pages, {"guide/a.md": "Page A"}, real_strings())
    assert [(t, [(e.path, e.title) for e in entries]) for t, entries in sections] == [
        (real_strings()["site_map_main"], [("index.md", "Index")]),
        ("Guide", [("guide/a.md", "Page A"), ("guide/part-01/b.md", "B")]),
        ("Plans", [("plans/p.md", "P")]),
    ]


# ---------------------------------------------------------------- the built site


def body_of(path):
    tree = HTMLParser(path.read_text(encoding="utf-8"))
    return tree, tree.css("[data-pagefind-body]")


def source_of(rel: str) -> str:
    """The docs path a built page comes from: 'guide/x' is guide/x.md, 'plans' is plans/index.md
    (the Spanish 'es/guide/x' is docs-es/guide/x.md: the same docs path)."""
    docs = "docs"
    if rel == "es" or rel.startswith("es/"):
        rel, docs = rel.removeprefix("es").removeprefix("/") or ".", "docs-es"
    if rel == ".":
        return "index.md"
    return f"{rel}/index.md" if (ROOT / docs / rel / "index.md").exists() else f"{rel}.md"


def test_every_indexed_page_marks_only_its_article(site_dir):
    marked = {"en": 0, "es": 0}
    for page in sorted(site_dir.rglob("index.html")):
        rel = page.parent.relative_to(site_dir).as_posix()
        if "Redirecting" in page.read_text(encoding="utf-8")[:400]:
            continue
        _, bodies = body_of(page)
        kind = search.kind_of(source_of(rel))
        if kind is None:
            assert bodies == [], rel
            continue
        assert len(bodies) == 1, rel
        body = bodies[0]
        marked["es" if rel.split("/")[0] == "es" else "en"] += 1
        assert body.parent.tag == "article", rel
        assert body.css(".md-nav, .md-header, .md-footer, .md-sidebar, .md-search, .kb-search") == [], rel
        assert body.attributes.get("data-pagefind-filter") == (f"kind:{kind}" if kind else None), rel
    for lang, prefix in (("en", ""), ("es", "es/")):  # each edition has its own index, in its language
        entry = json.loads((site_dir / prefix / search.SEARCH_DIR / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [lang]
        assert entry["languages"][lang]["page_count"] == marked[lang]
        assert marked[lang] > 100


def test_story_filter_pages_site_map_and_404_are_not_indexed(site_dir):
    for rel in ("stories/age/14-17/index.html", "site-map/index.html", "404.html"):
        assert body_of(site_dir / rel)[1] == [], rel


def test_term_pages_carry_their_abbreviation_aliases_and_misspellings(site_dir):
    tree, [body] = body_of(site_dir / "glossary" / "accommodations" / "index.html")
    words = body.css_first("p.kb-search-words")
    assert "hidden" in words.attributes
    assert "acomodations" in words.text() and "accommodation" in words.text()


def test_no_page_loads_search_up_front(site_dir):
    for page in site_dir.rglob("*.html"):
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        refs = [n.attributes.get("src") or n.attributes.get("href") or "" for n in tree.css("script, link")]
        assert not [r for r in refs if "pagefind" in r or r.endswith(("search.js", "search.css"))], page
        # Material's own search (index, worker, form) is gone; its header slot shows ours.
        assert tree.css('form[name="search"], [data-md-component="search"]') == [], page
    assert not (site_dir / "search" / "search_index.json").exists()


def test_the_bundle_has_the_engine_and_not_pagefinds_unused_uis(site_dir):
    bundle = site_dir / search.SEARCH_DIR
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en.pagefind").is_file()
    assert [name for name in search.UNUSED_BUNDLE_FILES if (bundle / name).exists()] == []


def test_site_map_page_is_built_with_working_links(site_dir):
    tree = HTMLParser((site_dir / "site-map" / "index.html").read_text(encoding="utf-8"))
    article = tree.css_first("article")
    links = {a.attributes["href"] for a in article.css("a[href]")}
    assert "../guide/what-is-an-iep/" in links and "../glossary/" in links
    assert "../stories/wait-and-see/" in links
    headings = [h.text(strip=True).rstrip("¶") for h in article.css("h2")]
    assert headings[:2] == [real_strings()["site_map_main"], "Start here"]


def test_header_search_links_to_site_map_and_glossary_without_javascript(site_dir):
    tree = HTMLParser((site_dir / "guide" / "what-is-an-iep" / "index.html").read_text(encoding="utf-8"))
    links = [a.attributes["href"] for a in tree.css(".kb-search__nojs a")]
    assert links == ["../../site-map/", "../../glossary/"]


# ---------------------------------------------------------------- failing loudly


def test_a_site_without_marked_pages_fails_with_one_message(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html lang='en'><body><p>Hello</p></body></html>")
    with pytest.raises(search.SearchIndexError) as err:
        search.index_site(tmp_path, expected_pages=1)
    assert "found no page marked for search" in str(err.value)
    assert "partials/kb-content.html" in str(err.value)


def test_fewer_pages_indexed_than_marked_fails(tmp_path):
    page = "<!doctype html><html lang='en'><body><main data-pagefind-body><h1>A</h1><p>Words.</p></main></body></html>"
    (tmp_path / "a.html").write_text(page)
    report = search.index_site(tmp_path, expected_pages=1)
    assert report.pages == 1
    with pytest.raises(search.SearchIndexError, match="indexed 1 pages, but the theme marked 2"):
        search.index_site(tmp_path, expected_pages=2)


def test_material_search_plugin_is_refused_by_name(tmp_path):
    project = mini_site(tmp_path, plugins=["search"])
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml still lists Material's 'search' plugin - remove it" in result.output
    assert "Traceback" not in result.output


def test_each_language_gets_its_own_index(tmp_path):
    project = mini_site(tmp_path, pages={"index.md": "Hola. Una página en español."})
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["theme"]["language"] = "es"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    entry = json.loads((tmp_path / "site" / search.SEARCH_DIR / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"es"}
    assert entry["languages"]["es"]["page_count"] == 2  # the page and the glossary's one term


def test_the_dialog_comes_with_search_not_with_every_page(site_dir):
    data = json.loads((site_dir / search.DIALOG_FILE).read_text(encoding="utf-8"))
    dialog = HTMLParser(data["html"]).css_first("dialog")
    assert dialog.attributes["aria-labelledby"] == "kb-search-title"
    assert [r.attributes["value"] for r in dialog.css('input[type="radio"]')] == ["", *search.KINDS]
    assert dialog.css_first("#kb-search-status").attributes["role"] == "status"
    page = (site_dir / "guide" / "what-is-an-iep" / "index.html").read_text(encoding="utf-8")
    assert "<dialog" not in page and "kb-search-dialog" not in page
