"""The interactive parts in a real browser: questionnaires (every path), glossary filter and copy
link, story filters; each also without JavaScript."""

from __future__ import annotations

import pytest

from macros import questionnaire
from macros import site as site_mod
from tests.helpers import ROOT, real_strings

pytestmark = pytest.mark.browser

SITE = site_mod.load(ROOT, raise_errors=False)
LANGS = ["en", *SITE.editions]
# Every path of every questionnaire, in every language (the Spanish labels are the Spanish data's).
PATHS = [
    (lang, qid, steps, outcome)
    for lang in LANGS
    for qid, q in sorted(SITE.edition(lang).questionnaires.items())
    for steps, outcome in questionnaire.paths(q)
]
STRINGS = {lang: real_strings(lang) for lang in LANGS}
SITE_STRINGS = STRINGS["en"]
PREFIX = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGS}


def choose(page, label, lang="en"):
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name=STRINGS[lang]["quiz_next"], exact=True).click()


def shown_outcome(page) -> str | None:
    return page.locator(".kb-quiz__app").get_attribute("data-kb-outcome")


WALKS = sorted({(lang, qid) for lang, qid, _, _ in PATHS})


# What a reader sees of the shown result, read in one call to the page (the walk takes a few
# hundred of them, so each assertion is not a round trip of its own).
RESULT_STATE = """outcome => {
    // Playwright's "visible": a box of some size, and not visibility: hidden.
    const shown = el => {
        const box = el?.getBoundingClientRect();
        return !!box && box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const result = document.getElementById(`outcome-${outcome}`);
    const sources = result ? [...result.querySelectorAll("a.kb-source")] : [];
    return {
        outcome: document.querySelector(".kb-quiz__app").getAttribute("data-kb-outcome"),
        shown: shown(result),
        visible: [...document.querySelectorAll(".kb-quiz__outcome")].filter(shown).length,
        focus: document.activeElement.closest(".kb-quiz__outcome")?.id,
        summary: document.querySelector(".kb-quiz__summary")?.innerText ?? "",
        text: result ? result.innerText : "",
        basis: shown(document.getElementById(`outcome-${outcome}-basis`)),
        sources: sources.length,
        lastSource: shown(sources.at(-1)),
        reviewed: shown(result && result.querySelector(".kb-reviewed time")),
    };
}"""


@pytest.mark.parametrize(("lang", "qid"), WALKS, ids=[f"{lang}:{qid}" for lang, qid in WALKS])
def test_every_path_shows_the_outcome_the_data_names(page, base_url, lang, qid):
    """Every path of the questionnaire, one after the other in one browser page (a fresh load for each)."""
    words, data = STRINGS[lang], SITE.edition(lang).questionnaires[qid]
    walked = 0
    for path_lang, path_qid, steps, outcome in PATHS:
        if (path_lang, path_qid) != (lang, qid):
            continue
        where = f"{lang}:{qid}:{' > '.join(label for _, label in steps)}"
        page.goto(f"{base_url}{PREFIX[lang]}which-plan-fits/{qid}/")
        for n, (question, label) in enumerate(steps, 1):
            legend = page.locator(".kb-quiz__step legend").inner_text()
            assert words["quiz_question_n"].replace("{n}", str(n)) in legend, where
            assert next(x.prompt for x in data.questions if x.id == question) in legend, where
            choose(page, label, lang)
        state = page.evaluate(RESULT_STATE, outcome)
        assert state["outcome"] == outcome, where
        assert state["shown"], where
        assert state["visible"] == 1, where
        assert state["focus"] == f"outcome-{outcome}", where
        assert all(label in state["summary"] for _, label in steps), where
        assert words["quiz_disclaimer_title"] in state["text"], where
        # The result's legal basis shows with it: one link per source, and the review date.
        sources = next(o for o in data.outcomes if o.id == outcome).sources
        assert state["basis"], where
        assert state["sources"] == len(sources), where
        assert state["lastSource"], where
        assert state["reviewed"], where
        walked += 1
    assert walked == len(questionnaire.paths(data)) > 1
    assert page.kb_offsite == []


def test_a_link_to_a_result_opens_that_result(page, base_url):
    qid, outcome = "which-plan", "preschool-evaluation"
    page.goto(f"{base_url}which-plan-fits/{qid}/#outcome-{outcome}")
    assert shown_outcome(page) == outcome
    assert page.locator(".kb-quiz__outcome:visible").count() == 1
    assert page.locator(f"#outcome-{outcome}").is_visible()
    assert page.locator(".kb-quiz__summary").count() == 0  # no answers were given
    assert page.get_by_role("button", name=SITE_STRINGS["quiz_back"], exact=True).count() == 0
    page.get_by_role("button", name=SITE_STRINGS["quiz_start_over"], exact=True).click()
    assert page.locator(".kb-quiz__step legend").is_visible()
    assert page.locator(".kb-quiz__outcome:visible").count() == 0


def test_reviewers_page_links_open_each_result(page, base_url):
    page.goto(f"{base_url}contributing/questionnaire-paths/")
    _, outcome = questionnaire.paths(SITE.questionnaires["504-to-iep"])[-1]
    page.locator(f'.md-content a[href$="/504-to-iep/#outcome-{outcome}"]').first.click()
    page.locator(f"#outcome-{outcome}").wait_for(state="visible")
    assert shown_outcome(page) == outcome
    assert page.kb_errors == []


def test_back_and_start_over(page, base_url):
    _, qid, steps, outcome = next(p for p in PATHS if p[0] == "en" and len(p[2]) >= 2)
    page.goto(f"{base_url}which-plan-fits/{qid}/")
    first_prompt = page.locator(".kb-quiz__step legend").inner_text()
    choose(page, steps[0][1])
    second_prompt = page.locator(".kb-quiz__step legend").inner_text()
    page.get_by_role("button", name=SITE_STRINGS["quiz_back"], exact=True).click()
    assert page.locator(".kb-quiz__step legend").inner_text() == first_prompt
    assert page.get_by_role("radio", name=steps[0][1], exact=True).is_checked()
    choose(page, steps[0][1])
    assert page.locator(".kb-quiz__step legend").inner_text() == second_prompt
    for _, label in steps[1:]:
        choose(page, label)
    assert shown_outcome(page) == outcome
    page.get_by_role("button", name=SITE_STRINGS["quiz_start_over"], exact=True).click()
    assert page.locator(".kb-quiz__step legend").inner_text() == first_prompt
    assert page.locator(".kb-quiz__outcome:visible").count() == 0


def test_next_without_an_answer_asks_for_one(page, base_url):
    page.goto(f"{base_url}which-plan-fits/which-plan/")
    page.get_by_role("button", name=SITE_STRINGS["quiz_next"], exact=True).click()
    assert page.get_by_role("alert").inner_text() == SITE_STRINGS["quiz_choose"]


def test_keyboard_only_walk(page, base_url):
    _, qid, steps, outcome = PATHS[0]
    page.goto(f"{base_url}which-plan-fits/{qid}/")
    for n, (question, label) in enumerate(steps):
        answers = [a.label for a in next(x for x in SITE.questionnaires[qid].questions if x.id == question).answers]
        index = answers.index(label)
        if n == 0:
            page.locator(".kb-quiz__option input").first.focus()
        else:
            assert page.evaluate("document.activeElement.tagName") == "LEGEND"
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    assert shown_outcome(page) == outcome


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_without_javascript_every_question_shows_and_links_work(browser, base_url, qid):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}which-plan-fits/{qid}/")
    q = SITE.questionnaires[qid]
    for question in q.questions:
        assert page.locator(f"#q-{question.id}").is_visible()
        assert question.prompt in page.locator(f"#q-{question.id} h2").inner_text()
    for outcome in q.outcomes:
        assert page.locator(f"#outcome-{outcome.id}").is_visible()
        assert page.locator(f"#outcome-{outcome.id}-basis").is_visible()
        assert page.locator(f"#outcome-{outcome.id} a.kb-source").count() == len(outcome.sources)
    # Follow one path by clicking links: each lands on an existing section.
    steps, outcome = questionnaire.paths(q)[-1]
    for question, label in steps:
        page.locator(f"#q-{question} a", has_text=label).first.click()
    assert page.evaluate("location.hash") == f"#outcome-{outcome}"
    context.close()


def test_glossary_filter_narrows_the_list(page, base_url):
    page.goto(base_url + "glossary/")
    total = page.locator(".kb-glossary__group li").count()
    assert total == len(SITE.terms)
    page.get_by_label(SITE_STRINGS["glossary_filter_label"]).fill("fape")
    visible = page.locator(".kb-glossary__group li:visible")
    assert visible.count() >= 1
    assert all("fape" in t.lower() or "free appropriate" in t.lower() for t in visible.all_inner_texts())
    assert page.get_by_role("status").first.inner_text().startswith(f"{visible.count()} of {total}")
    page.get_by_label(SITE_STRINGS["glossary_filter_label"]).fill("zzzzqx")
    assert page.locator(".kb-glossary__group li:visible").count() == 0
    assert SITE_STRINGS["glossary_none"] in page.locator(".kb-filter__count").inner_text()


def test_glossary_without_javascript_is_a_plain_full_list(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "glossary/")
    assert page.locator(".kb-filter").is_hidden()
    assert page.locator(".kb-glossary__group li").count() == len(SITE.terms)
    context.close()


def test_copy_link_button_copies_the_term_address(page, base_url, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "glossary/fape/")
    page.get_by_role("button", name=SITE_STRINGS["copy_link"]).click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}glossary/fape/"
    assert page.locator(".kb-share__status").inner_text() == SITE_STRINGS["link_copied"]


def test_story_filters_in_place(page, base_url):
    page.goto(base_url + "stories/")
    cards = page.locator(".kb-card")
    assert cards.count() == len(SITE.stories)
    page.locator('.kb-facet[data-kb-facet="plan"] button[data-kb-value="section-504-plan"]').click()
    expected = sorted(m.title for m, _ in SITE.stories.values() if "section-504-plan" in m.plans)
    assert sorted(page.locator(".kb-card:visible .kb-card__title").all_inner_texts()) == expected
    page.locator('.kb-facet[data-kb-facet="plan"] button[data-kb-value="section-504-plan"]').click()
    assert page.locator(".kb-card:visible").count() == len(SITE.stories)
    page.locator('.kb-facet[data-kb-facet="topic"] button[data-kb-value="transition"]').click()
    expected = sorted(m.title for m, _ in SITE.stories.values() if "transition" in m.topics)
    assert sorted(page.locator(".kb-card:visible .kb-card__title").all_inner_texts()) == expected


def test_story_filters_without_javascript_are_links_to_pages(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "stories/")
    page.locator('.kb-facet[data-kb-facet="age"] a[data-kb-value="14-17"]').click()
    # A link is a full page load without JavaScript: read the new page only once it has loaded.
    # (The address changes before the page does; reading at once found an empty list in CI.)
    page.wait_for_url("**/stories/age/14-17/")
    expected = sorted(m.title for m, _ in SITE.stories.values() if m.age_band == "14-17")
    assert sorted(page.locator(".kb-card__title").all_inner_texts()) == expected
    story = page.locator(".kb-card__title a").first
    href = story.get_attribute("href")
    story.click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith(href.strip("./").rstrip("/")))
    assert page.locator("h1").inner_text() in expected
    context.close()


COMPONENT_SCRIPTS = ("glossary.js", "questionnaire.js", "stories.js")


def scripts_requested(page) -> set[str]:
    return {name for name in COMPONENT_SCRIPTS for url in page.kb_requests if url.endswith(f"/javascripts/{name}")}


@pytest.fixture
def requests_seen(page):
    page.kb_requests = []
    page.on("request", lambda r: page.kb_requests.append(r.url))
    return page


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", set()),
        ("guide/what-is-an-iep/", set()),
        ("glossary/", {"glossary.js"}),
        ("glossary/iep/", {"glossary.js"}),
        ("stories/", {"stories.js"}),
        ("which-plan-fits/which-plan/", {"questionnaire.js"}),
    ],
)
def test_component_scripts_load_only_where_used(requests_seen, base_url, path, expected):
    page = requests_seen
    page.goto(f"{base_url}{path}")
    page.wait_for_load_state("networkidle")
    assert scripts_requested(page) == expected


def test_component_script_mounts_after_instant_navigation(requests_seen, base_url):
    page = requests_seen
    page.goto(f"{base_url}which-plan-fits/")
    page.wait_for_load_state("networkidle")
    assert scripts_requested(page) == set()
    page.evaluate("window.kbNotReloaded = true")
    page.locator('.md-content a[href$="/which-plan-fits/which-plan/"]').first.click()
    page.locator(".kb-quiz__app").wait_for()
    assert page.evaluate("window.kbNotReloaded") is True  # instant navigation, not a reload
    assert scripts_requested(page) == {"questionnaire.js"}
    assert page.kb_errors == []
