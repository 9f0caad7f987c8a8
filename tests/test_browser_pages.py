"""Every built page in a real browser (Debian's chromium): zero axe violations at WCAG 2.x A/AA,
no request off 127.0.0.1, no console error. Plus keyboard access and tooltips (search: test_browser_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def urls(site_dir):
    for page in sorted(site_dir.rglob("index.html")):
        rel = page.parent.relative_to(site_dir).as_posix()
        if "Redirecting" in page.read_text()[:400]:
            continue  # redirect stubs for renamed pages have no content of their own
        yield "" if rel == "." else rel + "/"


# Every page is checked; the pages are dealt into shards so that pytest-xdist spreads them over the cores.
SHARDS = 8
# Every rule on every page; the contrast rules, the costliest (a third of the sweep), once per text
# style that the shard has not yet seen judged (tests/axe_sweep.js says why that is the same check).
SWEEP = (Path(__file__).parent / "axe_sweep.js").read_text()
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]


def sweep(page, seen: set[str]) -> list[dict]:
    """axe on the loaded page (every rule); adds the text styles judged for contrast to ``seen``."""
    result = page.evaluate(SWEEP, [sorted(seen), AXE_OPTIONS, CONTRAST_RULES])
    seen.update(result["judged"])
    return result["violations"]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_is_accessible_private_and_error_free(page, base_url, site_dir, shard):
    every = list(urls(site_dir))
    assert len(every) > 50
    # axe-core comes with every page load (an init script), not sent again for each page: 0.6 MB less per page.
    page.context.add_init_script(Axe().axe_script)
    problems, seen = [], set()
    for url in every[shard::SHARDS]:
        before = len(page.kb_errors)
        page.goto(base_url + url, wait_until="load")
        for v in sweep(page, seen):
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            problems.append(f"/{url}: axe {v['id']} ({v['impact']}): {v['help']} at {targets}")
        problems += [f"/{url}: console error: {e}" for e in page.kb_errors[before:]]
    problems += [f"request to another host: {u}" for u in page.kb_offsite]
    assert problems == [], "\n".join(problems)
    assert seen, "the contrast rules judged no text"


def test_the_sweep_judges_each_style_once_and_finds_a_new_one_that_fails(page, base_url):
    page.context.add_init_script(Axe().axe_script)
    url = base_url + "guide/getting-an-evaluation/"
    page.goto(url)
    seen: set[str] = set()
    assert sweep(page, seen) == []
    assert len(seen) > 5
    page.goto(url)
    again = page.evaluate(SWEEP, [sorted(seen), AXE_OPTIONS, CONTRAST_RULES])
    assert again["violations"] == [] and again["picked"] == 0  # nothing new: no contrast work
    # A style change (here pale text, as a bad edit of site.css would make) is a new style: judged, and failed.
    page.goto(url)
    page.evaluate("""() => document.querySelectorAll(".md-typeset ul li")
        .forEach((li) => li.style.setProperty("color", "#d0d0d0", "important"))""")
    found = {v["id"] for v in sweep(page, seen)}
    assert "color-contrast" in found
    # And the full axe run agrees with the sweep on the same page.
    full = page.evaluate("o => axe.run(document, o)", AXE_OPTIONS)
    assert {v["id"] for v in full["violations"]} == found


def test_dark_scheme_has_no_contrast_violations(page, base_url):
    page.emulate_media(color_scheme="dark")
    page.context.add_init_script(Axe().axe_script)
    problems, seen = [], set()
    for url in [
        "",
        "guide/getting-an-evaluation/",
        "glossary/",
        "glossary/fape/",
        "which-plan-fits/which-plan/",
        "stories/",
        "plans/",
        "contributing/add-a-term/",
        "contributing/page-template/",
        "contributing/add-a-plan-or-question/",
        "contributing/questionnaire-paths/",
        "which-plan-fits/504-to-iep/#outcome-ask-again",
    ]:
        page.goto(base_url + url)
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        for v in sweep(page, seen):
            problems.append(f"/{url}: axe {v['id']}: {[n['target'] for n in v['nodes'][:3]]}")
    assert problems == [], "\n".join(problems)


def focus_info(page):
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName, cls: el.className || "", text: (el.textContent || "").trim().slice(0, 40),
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                inSearch: !!el.closest(".kb-search"), inMain: !!el.closest("main, .md-content")};
    }""")


@pytest.mark.parametrize("url", ["", "glossary/fape/"])
def test_keyboard_reaches_skip_link_content_and_search_with_visible_focus(page, base_url, url):
    page.goto(base_url + url)
    page.keyboard.press("Tab")
    first = focus_info(page)
    assert "md-skip" in first["cls"], first
    assert first["outline"], "the skip link shows no focus outline"
    page.keyboard.press("Enter")
    # Functions, not strings: Playwright polls a string by eval, which the pages' CSP rightly refuses.
    page.wait_for_function("() => location.hash.length > 1")
    # Instant navigation handles the hash change and then scrolls to the target: wait until it has.
    page.wait_for_function(
        "() => document.querySelector(decodeURIComponent(location.hash)).getBoundingClientRect().top < 200"
    )
    # ... and has navigated to the fragment (the target matches :target): a keyboard user's next
    # Tab starts from there, not from the header.
    page.wait_for_function("() => document.querySelector(':target') !== null")
    page.keyboard.press("Tab")
    after_skip = focus_info(page)
    assert after_skip["inMain"], after_skip
    # Start again from the top and tab until the search box: it must be reachable, with visible focus.
    page.goto(base_url + url)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = focus_info(page)
        seen.append(info)
        assert info["outline"], f"no visible focus on {info}"
        if info["inSearch"] and info["tag"] == "BUTTON":
            break
    else:
        pytest.fail(f"search not reached by Tab: {seen}")


def test_iep_tooltip_on_guide_page_and_none_in_headings(page, base_url):
    from macros import glossary
    from macros import site as site_mod
    from tests.helpers import ROOT

    iep = site_mod.load(ROOT).terms["iep"]
    page.goto(base_url + "guide/what-is-an-iep/")
    abbr = page.locator(".md-content abbr", has_text="IEP").first
    assert abbr.get_attribute("title") == glossary.tooltip(iep)
    assert page.locator(".md-content :is(h1,h2,h3,h4,a) abbr").count() == 0
    abbr.hover()
    page.wait_for_selector(".md-tooltip2--active", timeout=10000)


def test_term_link_shows_tooltip_on_hover_and_keyboard_focus(page, base_url):
    page.goto(base_url + "guide/getting-an-evaluation/")
    link = page.locator('.md-content a[href$="/glossary/evaluation/"]').first
    link.hover()
    tip = page.wait_for_selector(".md-tooltip2--active", timeout=10000)
    assert "Evaluation" in tip.inner_text()
    page.mouse.move(0, 0)
    page.wait_for_selector(".md-tooltip2--active", state="detached", timeout=10000)
    link.focus()
    tip = page.wait_for_selector(".md-tooltip2--active", timeout=10000)
    assert "Evaluation" in tip.inner_text()


def test_instant_navigation_does_not_reload(page, base_url):
    page.goto(base_url)
    page.evaluate("window.kbMarker = 1")
    page.locator('.md-content a[href$="/guide/what-is-an-iep/"]').first.click()
    page.wait_for_url("**/guide/what-is-an-iep/")
    assert page.evaluate("window.kbMarker") == 1
