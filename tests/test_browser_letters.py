"""The letters in a real browser (Debian's chromium): every letter filled in, copied, downloaded and
printed; nothing sent or stored; the Back button brings back empty boxes; the page without
JavaScript prints its blanks; keyboard only; axe in both colour schemes; page weight."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from macros import htmlcheck, letters
from macros import site as site_mod
from tests.helpers import ROOT, real_strings
from tests.test_browser_pages import sweep
from tests.test_site_html import PAGE_BUDGET, first_visit_bytes

pytestmark = pytest.mark.browser

SITE = site_mod.load(ROOT)
LETTERS = sorted(SITE.letters)
T = real_strings()
TODAY = dt.date(2026, 5, 4)
NASTY = "<img src=x onerror=alert(1)>"


def values_for(letter) -> dict:
    """A distinct value for every field: two lines in a textarea, a different date per date box."""
    values = {}
    for n, f in enumerate(letter.fields):
        if f.type == "checkbox":
            values[f.id] = True
        elif f.type == "date":
            values[f.id] = (dt.date(2025, 1, 7) + dt.timedelta(days=37 * n)).isoformat()
        elif f.type == "textarea":
            values[f.id] = f"First line about {f.id}\nSecond line about {f.id}"
        else:
            values[f.id] = f"Value for {f.id}"
    return values


def fill(page, values: dict) -> None:
    for name, value in values.items():
        box = page.locator(f"#kb-field-{name}")
        if value is True:
            box.check()
        else:
            box.fill(value)


def open_letter(page, base_url, lid):
    page.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0))
    page.goto(f"{base_url}letters/{lid}/")
    page.locator(".kb-letter__form").wait_for()
    page.wait_for_load_state("networkidle")


# Text shown outside the letter, as the page would print: it must be nothing at all.
VISIBLE_OUTSIDE_LETTER = """() => {
  const sheet = document.querySelector('.kb-letter__sheet');
  const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getClientRects().length > 0;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || sheet.contains(el) || el.closest('script, style, template')) continue;
    if (shown(el)) out.push(node.textContent.trim().slice(0, 60));
  }
  for (const el of document.body.querySelectorAll('img, svg, input, textarea, button, select')) {
    if (!sheet.contains(el) && shown(el)) out.push('<' + el.tagName.toLowerCase() + '>');
  }
  return out;
}"""


def storage(page) -> dict:
    return page.evaluate("""async () => ({
        local: Object.fromEntries(Object.entries(localStorage)), session: Object.fromEntries(Object.entries(sessionStorage)),
        cookie: document.cookie, indexedDB: (await indexedDB.databases()).map((d) => d.name),
        caches: await caches.keys()})""")


# Material keeps the reader's colour scheme in localStorage on every page (its key "/.__palette");
# that is all the storage a letter page may hold: nothing typed into a letter is ever stored.
MATERIAL_ONLY = {"session": {}, "cookie": "", "indexedDB": [], "caches": []}


def assert_nothing_stored(page, before: dict, values: dict) -> None:
    after = storage(page)
    assert after == before
    assert {k: v for k, v in after.items() if k != "local"} == MATERIAL_ONLY
    assert set(after["local"]) <= {"/.__palette"}
    typed = [v for v in values.values() if isinstance(v, str)]
    assert not any(t in str(after) for t in typed)


@pytest.mark.parametrize("lid", LETTERS)
def test_fill_copy_download_and_print_every_letter(page, context, base_url, lid):
    letter = SITE.letters[lid]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_letter(page, base_url, lid)
    after_load = []
    page.on("request", lambda r: after_load.append(r.url) if r.url.startswith("http") else None)
    before = storage(page)
    values = values_for(letter)
    fill(page, values)

    # The preview shows each value where its slot is, and the paragraphs its boxes switch on.
    for field in letter.fields:
        if field.type == "checkbox":
            for p in page.locator(f'.kb-letter__p[data-kb-when="{field.id}"]').all():
                assert p.is_visible(), field.id
            for p in page.locator(f'.kb-letter__p[data-kb-unless="{field.id}"]').all():
                assert p.is_hidden(), field.id
            continue
        shown = letters.format_date(values[field.id]) if field.type == "date" else values[field.id]
        slots = page.locator(f'.kb-letter__sheet [data-kb-slot="{field.id}"]')
        assert slots.count() >= 1, field.id
        for slot in slots.all():
            assert slot.is_visible(), field.id
            assert slot.evaluate("el => el.textContent") == shown, field.id
    assert page.locator('[data-kb-slot="today"]').inner_text() == letters.format_date(TODAY.isoformat())

    expected = letters.plain_text(letter, values, TODAY)
    page.get_by_role("button", name=T["letter_copy"]).click()
    expect(page.get_by_role("status")).to_have_text(T["letter_copied"])
    assert page.evaluate("navigator.clipboard.readText()") == expected

    with page.expect_download() as download:
        page.get_by_role("button", name=T["letter_download"]).click()
    assert download.value.suggested_filename == f"{lid}.txt"
    assert download.value.path().read_text(encoding="utf-8") == expected

    page.evaluate("() => { window.kbPrinted = 0; window.print = () => { window.kbPrinted += 1; }; }")
    page.get_by_role("button", name=T["letter_print"]).click()
    assert page.evaluate("window.kbPrinted") == 1
    page.emulate_media(media="print")
    assert page.locator(".kb-letter__sheet").is_visible()
    assert page.evaluate(VISIBLE_OUTSIDE_LETTER) == []
    # What prints is what was copied.
    printed = page.locator(".kb-letter__sheet").inner_text()
    assert [line for line in printed.splitlines() if line] == [line for line in expected.splitlines() if line]

    assert after_load == []
    assert_nothing_stored(page, before, values)
    assert page.kb_errors == []


def test_a_typed_tag_stays_text_in_the_preview_the_copy_and_the_file(page, context, base_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    lid = "ask-for-records"
    open_letter(page, base_url, lid)
    values = {**values_for(SITE.letters[lid]), "child_name": NASTY, "records": f"{NASTY}\n<script>alert(2)</script>"}
    fill(page, values)
    slot = page.locator('.kb-letter__sheet [data-kb-slot="child_name"]').first
    assert slot.inner_text() == NASTY
    assert page.locator(".kb-letter__sheet img, .kb-letter__sheet script").count() == 0
    page.get_by_role("button", name=T["letter_copy"]).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == letters.plain_text(SITE.letters[lid], values, TODAY)
    assert NASTY in copied
    with page.expect_download() as download:
        page.get_by_role("button", name=T["letter_download"]).click()
    assert NASTY in download.value.path().read_text(encoding="utf-8")
    assert dialogs == []
    assert page.kb_errors == []


def test_when_the_clipboard_refuses_the_letter_is_offered_to_copy_by_hand(page, base_url):
    lid = "ask-for-an-iep-meeting"
    letter = SITE.letters[lid]
    open_letter(page, base_url, lid)
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError')); }"
    )
    values = values_for(letter)
    fill(page, values)
    page.get_by_role("button", name=T["letter_copy"]).click()
    expect(page.get_by_role("status")).to_have_text(T["letter_copy_failed"])
    box = page.get_by_label(T["letter_copy_here"])
    assert box.is_visible()
    assert box.input_value() == letters.plain_text(letter, values, TODAY)
    assert page.evaluate("document.activeElement === document.querySelector('.kb-letter__fallback textarea')")
    assert page.evaluate(
        "(() => { const b = document.activeElement; return b.selectionEnd - b.selectionStart; })()"
    ) == len(box.input_value())


def test_empty_required_boxes_get_messages_tied_to_them(page, base_url):
    lid = "ask-for-an-evaluation"
    letter = SITE.letters[lid]
    open_letter(page, base_url, lid)
    page.get_by_role("button", name=T["letter_check"]).click()
    required = [f for f in letter.fields if f.required]
    first = page.locator(f"#kb-field-{required[0].id}")
    assert page.evaluate("document.activeElement.id") == f"kb-field-{required[0].id}"
    for f in required:
        box = page.locator(f"#kb-field-{f.id}")
        assert box.get_attribute("aria-invalid") == "true"
        assert f"kb-field-{f.id}-error" in box.get_attribute("aria-describedby").split()
        error = page.locator(f"#kb-field-{f.id}-error")
        assert error.is_visible()
        assert error.inner_text() == T["letter_required"].replace("{label}", f.label)
    for f in letter.fields:
        if not f.required and f.type != "checkbox":
            assert page.locator(f"#kb-field-{f.id}").get_attribute("aria-invalid") is None
    expect(page.get_by_role("status")).to_have_text(T["letter_errors"].replace("{n}", str(len(required))))
    # The error is part of the box's description for screen readers, and goes once it is fixed.
    assert first.evaluate("el => el.ariaInvalid") == "true"
    values = values_for(letter)
    fill(page, {f.id: values[f.id] for f in letter.fields if f.required})
    page.get_by_role("button", name=T["letter_check"]).click()
    expect(page.get_by_role("status")).to_have_text(T["letter_ready"])
    assert page.locator(".kb-field [aria-invalid]").count() == 0
    assert page.locator(".kb-field__error:visible").count() == 0
    # Copy, print and download check too: nothing is copied until the letter is complete.
    page.locator(f"#kb-field-{required[0].id}").fill("")
    page.get_by_role("button", name=T["letter_copy"]).click()
    assert first.get_attribute("aria-invalid") == "true"


def test_dates_follow_the_page_language(page, base_url):
    open_letter(page, base_url, "ask-for-an-evaluation")
    page.evaluate("document.documentElement.lang = 'es'")
    page.locator("#kb-field-birth_date").fill("2017-05-03")
    assert page.locator('.kb-letter__sheet [data-kb-slot="birth_date"]').first.inner_text() == "3 de mayo de 2017"
    assert page.locator('[data-kb-slot="today"]').inner_text() == "4 de mayo de 2026"


def boxes_are_empty(page, letter) -> None:
    page.locator(".kb-letter__form:not([hidden])").wait_for()
    for f in letter.fields:
        # expect() retries: instant navigation may show the page a moment before its script clears it.
        box = page.locator(f"#kb-field-{f.id}")
        expect(box).not_to_be_checked() if f.type == "checkbox" else expect(box).to_have_value("")
    for slot in page.locator(".kb-letter__sheet [data-kb-slot]").all():
        if slot.get_attribute("data-kb-slot") != "today":
            assert slot.inner_text().startswith("["), slot.inner_text()


def test_back_after_instant_navigation_shows_empty_boxes(page, base_url):
    lid = "ask-for-an-iee"
    letter = SITE.letters[lid]
    open_letter(page, base_url, lid)
    page.evaluate("window.kbNotReloaded = true")
    fill(page, values_for(letter))
    page.locator('.md-content a[href$="/guide/your-rights/"]').first.click()
    page.wait_for_url("**/guide/your-rights/")
    page.go_back()
    page.wait_for_url(f"**/letters/{lid}/")
    assert page.evaluate("window.kbNotReloaded") is True  # Material's instant navigation, not a reload
    boxes_are_empty(page, letter)
    assert page.kb_errors == []


def test_back_and_forward_after_a_full_load_show_empty_boxes(page, base_url):
    lid = "ask-for-records"
    letter = SITE.letters[lid]
    page.add_init_script("addEventListener('pageshow', (e) => { window.kbRestored = e.persisted; })")
    open_letter(page, base_url, lid)
    fill(page, values_for(letter))
    page.goto(f"{base_url}guide/your-rights/")
    page.go_back()
    page.wait_for_url(f"**/letters/{lid}/")
    boxes_are_empty(page, letter)
    print(f"\nrestored from the back-forward cache: {page.evaluate('window.kbRestored')}")
    page.go_forward()
    page.go_back()
    boxes_are_empty(page, letter)


def test_restored_from_the_back_forward_cache_the_boxes_are_emptied(page, base_url):
    """The pageshow event a restored page gets, sent by hand: Chromium may or may not cache a page."""
    lid = "ask-for-records"
    letter = SITE.letters[lid]
    open_letter(page, base_url, lid)
    fill(page, values_for(letter))
    page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}))")
    assert page.locator("#kb-field-child_name").input_value() != ""  # an ordinary pageshow keeps them
    page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    boxes_are_empty(page, letter)


@pytest.mark.parametrize("lid", LETTERS)
def test_without_javascript_the_letter_has_blanks_and_prints_alone(browser, base_url, lid):
    letter = SITE.letters[lid]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}letters/{lid}/")
    assert page.locator(".kb-letter__form").is_hidden()
    assert page.locator(".kb-letter__nojs").is_visible()
    labels = {f.id: f.label for f in letter.fields}
    for p in letter.paragraphs:
        for name in letters.slots(p.text):
            label = T["letter_date"] if name == "today" else labels[name]
            blank = page.locator(f'.kb-letter__sheet [data-kb-slot="{name}"]').first
            assert blank.is_visible()
            assert blank.inner_text() == f"[{label}]"
    conditional = [p for p in letter.paragraphs if p.when or p.unless]
    assert page.locator(".kb-letter__if:visible").count() == len(conditional)
    page.emulate_media(media="print")
    assert page.locator(".kb-letter__sheet").is_visible()
    assert page.evaluate(VISIBLE_OUTSIDE_LETTER) == []
    context.close()


def focus_info(page):
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {id: el.id, tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


def test_keyboard_only(page, context, base_url):
    """Tab to every box, type or tick, then check and copy the letter with Enter: no mouse at all."""
    lid = "ask-for-records"
    letter = SITE.letters[lid]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_letter(page, base_url, lid)
    values = values_for(letter)
    order = [f"kb-field-{f.id}" for f in letter.fields]
    for _ in range(80):
        page.keyboard.press("Tab")
        if focus_info(page)["id"] == order[0]:
            break
    else:
        pytest.fail("the first box was not reached with Tab")
    for field in letter.fields:
        info = focus_info(page)
        assert info["id"] == f"kb-field-{field.id}", (field.id, info)
        assert info["outline"], f"no visible focus on {field.id}"
        value = values[field.id]
        if field.type == "checkbox":
            page.keyboard.press("Space")
        elif field.type == "date":
            day = dt.date.fromisoformat(value)
            page.keyboard.type(f"{day.month:02d}{day.day:02d}{day.year}")  # Chromium's en-US date box
            page.keyboard.press("Tab")  # to the box's own calendar button, which Chromium outlines itself
        else:
            for i, line in enumerate(value.split("\n")):
                if i:
                    page.keyboard.press("Enter")
                page.keyboard.type(line)
        page.keyboard.press("Tab")
    assert focus_info(page)["text"] == T["letter_check"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(T["letter_ready"])
    page.keyboard.press("Tab")
    info = focus_info(page)
    assert info["text"] == T["letter_copy"] and info["outline"], info
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(T["letter_copied"])
    assert page.evaluate("navigator.clipboard.readText()") == letters.plain_text(letter, values, TODAY)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_in_both_schemes_with_the_form_and_its_errors_shown(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.context.add_init_script(Axe().axe_script)
    problems, seen = [], set()
    for url in ["letters/", *(f"letters/{lid}/" for lid in LETTERS)]:
        page.goto(base_url + url)
        if url != "letters/":
            page.locator(".kb-letter__form:not([hidden])").wait_for()
            page.get_by_role("button", name=T["letter_check"]).click()  # show the error messages too
            assert page.locator(".kb-field__error:visible").count() > 0
        for v in sweep(page, seen):
            problems.append(f"/{url} ({scheme}): axe {v['id']}: {[n['target'] for n in v['nodes'][:3]]}")
    assert problems == [], "\n".join(problems)
    assert page.kb_errors == []


def test_letters_script_loads_only_on_letter_pages_and_mounts_after_instant_navigation(page, base_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "guide/your-rights/")
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "letters/")
    page.wait_for_load_state("networkidle")
    assert not any(u.endswith("/javascripts/letters.js") for u in requested)
    page.evaluate("window.kbNotReloaded = true")
    page.locator('.md-content a[href$="/letters/ask-for-an-evaluation/"]').click()
    page.locator(".kb-letter__form:not([hidden])").wait_for()
    assert page.evaluate("window.kbNotReloaded") is True
    assert sum(u.endswith("/javascripts/letters.js") for u in requested) == 1
    assert page.locator(".kb-letter__nojs").is_hidden()
    assert page.kb_errors == []


def test_letter_pages_stay_within_the_weight_budget(site_dir):
    script = len(gzip.compress((site_dir / "assets" / "javascripts" / "letters.js").read_bytes(), 9))
    print(f"\nletters.js: {script} bytes compressed\n  first visit  letter")
    heavy = []
    for lid in LETTERS:
        page = site_dir / "letters" / lid / "index.html"
        size = first_visit_bytes(site_dir, page, htmlcheck.parse(page.read_text(encoding="utf-8"))) + script
        print(f"  {size:11d}  {lid}")
        if size > PAGE_BUDGET:
            heavy.append(f"{lid}: {size} bytes")
    assert heavy == []
