"""Search in a real browser (Debian's chromium): nothing of it loads until a visitor starts a search;
the pages families look for come first; the dialog works with the keyboard alone, passes axe in both
colour schemes, narrows results by kind, and never talks to another host. Without JavaScript the
search control links to the site map and the A-Z glossary."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from macros import site as site_mod
from tests.helpers import ROOT, real_strings
from tests.test_browser_pages import AXE_OPTIONS, focus_info

pytestmark = pytest.mark.browser

S = real_strings()
DIALOG = "[data-kb-search-dialog]"
INPUT = "#kb-search-input"
RESULTS = "[data-kb-search-results]"


def is_search_request(url: str) -> bool:
    return "/pagefind/" in url or url.endswith(("/javascripts/search.js", "/stylesheets/search.css"))


@pytest.fixture
def spied(page):
    """The page fixture, also keeping every URL it requests."""
    page.kb_requests = []
    page.on("request", lambda r: page.kb_requests.append(r.url))
    return page


def wait_for_results(page) -> list[str]:
    page.wait_for_function(f"() => !document.querySelector('{RESULTS}').hasAttribute('aria-busy')", timeout=30000)
    return page.locator(".kb-search__result-link").evaluate_all("links => links.map(a => new URL(a.href).pathname)")


def search_for(page, query: str) -> list[str]:
    if not page.locator(f"{DIALOG}[open]").count():
        page.keyboard.press("/")
        expect(page.locator(f"{DIALOG}[open]")).to_be_visible()
    page.locator(INPUT).fill(query)
    return wait_for_results(page)


def choose_kind(page, label: str) -> list[str]:
    page.locator(".kb-search__kind", has_text=label).click()
    return wait_for_results(page)


def test_nothing_of_search_loads_until_it_is_used(spied, base_url):
    page = spied
    page.goto(base_url + "guide/what-is-an-iep/")
    page.wait_for_load_state("networkidle")
    assert [u for u in page.kb_requests if is_search_request(u)] == []
    search_for(page, "IEP")
    loaded = [u.removeprefix(base_url) for u in page.kb_requests if is_search_request(u)]
    assert "assets/javascripts/search.js" in loaded and "pagefind/pagefind.js" in loaded
    assert any(u.startswith("pagefind/wasm.en") for u in loaded), loaded
    # Only what the query needs: one index chunk for one word, no worker, no Pagefind UI.
    assert len([u for u in loaded if u.endswith(".pf_index")]) == 1, loaded
    assert not [u for u in loaded if "worker" in u or "-ui" in u], loaded
    # A second query fetches only what is new: no engine, no metadata again.
    before = len(page.kb_requests)
    search_for(page, "IEP team")
    again = [u.removeprefix(base_url) for u in page.kb_requests[before:]]
    assert not [u for u in again if u.endswith((".js", ".pagefind", ".pf_meta"))], again
    assert page.kb_offsite == [] and page.kb_errors == []


def test_focus_on_the_search_button_starts_loading(spied, base_url):
    page = spied
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert [u for u in page.kb_requests if is_search_request(u)] == []
    page.locator("button[data-kb-search-open]").focus()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('.pf_meta'))")
    assert page.locator(f"{DIALOG}[open]").count() == 0  # focus loads; it does not open the dialog


RANKING = [
    ("IEP", "/glossary/iep/"),
    ("FAPE", "/glossary/fape/"),
    ("IFSP", "/glossary/ifsp/"),
    ("LRE", "/glossary/lre/"),
    ("504 plan", "/glossary/section-504-plan/"),
    ("stay put", "/glossary/stay-put/"),
    ("evaluation", "/glossary/evaluation/"),
    ("evaluation", "/guide/getting-an-evaluation/"),
    ("dyslexia", "/glossary/dyslexia/"),
    # Misspellings families type: the glossary's search_also words find the right term.
    ("acomodations", "/glossary/accommodations/"),
    ("evalution", "/glossary/evaluation/"),
]


@pytest.mark.parametrize(("query", "expected"), RANKING, ids=[f"{q}->{e}" for q, e in RANKING])
def test_the_page_families_look_for_is_in_the_first_three(page, base_url, query, expected):
    page.goto(base_url)
    paths = search_for(page, query)
    assert expected in paths[:3], paths[:5]
    assert "/stories/plan/iep/" not in paths  # story filter pages are not indexed


def test_results_are_links_with_highlighted_excerpts_and_a_live_count(page, base_url):
    page.goto(base_url)
    search_for(page, "stay put")
    status = page.locator("#kb-search-status")
    assert status.get_attribute("role") == "status"
    n = int(status.inner_text().split()[0])
    assert status.inner_text() == S["search_many"].replace("{n}", str(n)).replace("{q}", "stay put")
    first = page.locator(".kb-search__result").first
    expect(first.get_by_role("link")).to_have_text(site_mod.load(ROOT).terms["stay-put"].label)
    marks = first.locator(".kb-search__excerpt mark").all_inner_texts()
    assert marks and all("stay" in m.lower() or "put" in m.lower() for m in marks), marks


def test_filters_narrow_results_by_kind(page, base_url):
    page.goto(base_url)
    everything = search_for(page, "IEP")
    count = int(page.locator("#kb-search-status").inner_text().split()[0])
    for label, prefix, tag in (
        (S["search_kind_glossary"], "/glossary/", S["search_tag_glossary"]),
        (S["search_kind_story"], "/stories/", S["search_tag_story"]),
        (S["search_kind_plan"], "/plans/", S["search_tag_plan"]),
    ):
        paths = choose_kind(page, label)
        narrowed = int(page.locator("#kb-search-status").inner_text().split()[0])
        assert paths and all(p.startswith(prefix) for p in paths), (label, paths)
        assert set(page.locator(".kb-search__result-kind").all_inner_texts()) == {tag}
        assert narrowed < count
    guides = choose_kind(page, S["search_kind_guide"])
    assert "/guide/what-is-an-iep/" in guides and not [p for p in guides if p.startswith(("/glossary/", "/stories/"))]
    assert choose_kind(page, S["search_kind_all"])[:3] == everything[:3]


def test_show_more_adds_results_and_moves_focus_to_them(page, base_url):
    page.goto(base_url)
    first_eight = search_for(page, "IEP")
    assert len(first_eight) == 8
    page.get_by_role("button", name=S["search_more"]).click()
    wait_for_results(page)
    links = page.locator(".kb-search__result-link")
    expect(links).to_have_count(16)
    assert page.evaluate("document.activeElement.href") == links.nth(8).evaluate("a => a.href")


def test_keyboard_only_open_search_choose_and_close(page, base_url):
    page.goto(base_url)
    page.evaluate("window.kbNotReloaded = true")
    for _ in range(30):
        page.keyboard.press("Tab")
        info = focus_info(page)
        if info["inSearch"]:
            break
    else:
        pytest.fail("the search button is not reached with Tab")
    assert info["tag"] == "BUTTON" and info["outline"], info
    page.keyboard.press("Enter")
    expect(page.locator(f"{DIALOG}[open]")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "kb-search-input"
    page.keyboard.type("stay put")
    wait_for_results(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("new URL(document.activeElement.href).pathname") == "/glossary/stay-put/"
    assert focus_info(page)["outline"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/stay-put/")
    expect(page.locator(f"{DIALOG}[open]")).to_have_count(0)
    assert page.evaluate("window.kbNotReloaded") is True  # instant navigation, not a reload
    # After instant navigation the header's search still works; Esc closes it and focus returns.
    page.locator("button[data-kb-search-open]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{DIALOG}[open]")).to_be_visible()
    assert page.locator(DIALOG).bounding_box()["width"] > 300  # still styled after instant navigation
    page.keyboard.press("Escape")
    expect(page.locator(f"{DIALOG}[open]")).to_have_count(0)
    assert page.evaluate("document.activeElement.matches('button[data-kb-search-open]')")
    page.keyboard.press("/")
    expect(page.locator(f"{DIALOG}[open]")).to_be_visible()
    assert page.locator(INPUT).input_value() == "stay put"
    page.get_by_role("button", name=S["search_close"]).click()
    expect(page.locator(f"{DIALOG}[open]")).to_have_count(0)
    assert page.kb_offsite == [] and page.kb_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_search_dialog_has_no_axe_violations(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "guide/getting-an-evaluation/")
    search_for(page, "evaluation")
    expect(page.locator(".kb-search__excerpt mark").first).to_be_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []
    choose_kind(page, S["search_kind_story"])
    page.locator(INPUT).fill("zzzqqq")
    wait_for_results(page)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []
    assert page.kb_offsite == [] and page.kb_errors == []


def test_excerpts_keep_only_text_and_marks(page, base_url):
    page.goto(base_url)
    nodes = page.evaluate(
        """async (url) => {
            const m = await import(url);
            const html = 'a <img src=x onerror="window.kbBad = 1"> &lt;b&gt; <mark>b<i>c</i></mark><script>window.kbBad = 2</script>';
            const out = m.highlighted(html);
            const p = document.createElement('p');
            p.append(...out);
            return {names: out.map(n => n.nodeName), html: p.innerHTML, bad: window.kbBad ?? null};
        }""",
        base_url + "assets/javascripts/search.js",
    )
    assert set(nodes["names"]) == {"#text", "MARK"}
    assert "<img" not in nodes["html"] and "<script" not in nodes["html"] and "<i>" not in nodes["html"]
    assert "&lt;b&gt;" in nodes["html"] and "<mark>bc</mark>" in nodes["html"]
    page.wait_for_timeout(100)  # an onerror handler would have run by now
    assert page.evaluate("window.kbBad ?? null") is None


def test_without_javascript_search_links_to_site_map_and_glossary(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "guide/what-is-an-iep/")
    expect(page.locator("button[data-kb-search-open]")).to_be_hidden()
    page.locator(".kb-search__nojs summary").click()
    expect(page.get_by_role("link", name=S["search_glossary"])).to_be_visible()
    page.get_by_role("link", name=S["search_site_map"]).click()
    page.wait_for_url("**/site-map/")
    expect(page.locator("h1")).to_have_text(S["site_map_title"])
    page.locator("article").get_by_role("link", name="What is an IEP?").click()
    page.wait_for_url("**/guide/what-is-an-iep/")
    context.close()
