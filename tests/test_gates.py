"""Each quality gate seen to fail on a deliberately broken fixture, and pass on the real site:
readability, spelling, HTML basics, third-party requests, axe, escaping, print."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe

from macros import check, htmlcheck, readability
from macros import site as site_mod
from macros.problems import Problems
from tests.helpers import ROOT, TERM, build, mini_site

SITE = site_mod.load(ROOT)


def test_readability_table_and_gate_on_the_real_site():
    _, rows = check.run(ROOT)
    print("\n  grade  words  page")
    for file, words, grade in rows:
        print(f"  {grade:5.1f}  {words:5d}  {file}")
    family = {f"docs/{p}" for p, (m, _) in SITE.pages.items() if m.audience == "family" and not m.readability_exempt}
    family |= {f"docs/stories/{sid}.md" for sid in SITE.stories}
    over = [(f, g) for f, _, g in rows if f in family and g > readability.MAX_GRADE]
    assert len([r for r in rows if r[0] in family]) >= 20
    assert over == []


def test_readability_joins_wrapped_lines_and_splits_list_items():
    text = readability.markdown_to_text("One long sentence\nwrapped over two lines.\n\n- an item\n- another item\n")
    assert text.splitlines() == ["One long sentence wrapped over two lines.", "an item.", "another item."]


def test_spelling_gate_passes_on_real_content_and_catches_a_typo(tmp_path):
    problems = Problems()
    check.check_spelling(ROOT, problems)
    assert problems.items == []
    project = mini_site(tmp_path, pages={"index.md": "Fine.", "typo.md": "The school must evalute your child.\n"})
    found, _ = check.run(project)
    assert any(str(p).startswith("docs/typo.md:6: 'evalute' looks misspelled - write 'evaluate'") for p in found), found


def test_spelling_gate_allows_misspellings_only_in_search_also(tmp_path):
    term = {**TERM, "search_also": ["evalution"], "example": "The school will do an evalution first."}
    project = mini_site(tmp_path, terms={"iep": term})
    found, _ = check.run(project)
    lines = (project / "glossary" / "iep.yml").read_text().splitlines()
    in_example = next(n for n, line in enumerate(lines, 1) if "an evalution first" in line)
    spelling = [str(p) for p in found if "looks misspelled" in str(p)]
    # The example's misspelling is caught; the same word in search_also is not.
    assert spelling == [
        f"glossary/iep.yml:{in_example}: 'evalution' looks misspelled - write 'evaluation, evolution'"
        " (or add the word to tests/codespell-words.txt if it is right)"
    ], spelling


BROKEN_HTML = """<!doctype html><html><head><title>Broken</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>
<body><h1>One</h1><h1>Two</h1><img src="photo.png"><a href="missing/">x</a>
<p style="color:#bbb;background:#fff">Faint text that few can read.</p></body></html>"""


def test_html_gate_fails_on_a_broken_page(tmp_path):
    (tmp_path / "index.html").write_text(BROKEN_HTML)
    facts = htmlcheck.parse(BROKEN_HTML)
    problems = htmlcheck.page_problems(tmp_path, tmp_path / "index.html", facts)
    assert problems == [
        "index.html: has 2 h1 headings - a page needs exactly one",
        "index.html: <html> has no lang",
        "index.html: has no meta description - add 'description:' to the front matter",
        'index.html: image photo.png has no alt text - add alt text (alt="" if it is decoration)',
    ]
    assert htmlcheck.broken_links(tmp_path, tmp_path / "index.html", facts) == [
        "index.html: link 'photo.png' goes to no file",
        "index.html: link 'missing/' goes to no file",
    ]


@pytest.mark.browser
def test_browser_gates_fail_on_a_broken_page(tmp_path, browser):
    (tmp_path / "index.html").write_text(BROKEN_HTML)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    offsite = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith("http://127.0.0.1")
            else (offsite.append(r.request.url), r.abort())
        ),
    )
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
    rules = {v["id"] for v in Axe().run(page).response["violations"]}
    page.close()
    server.shutdown()
    assert set(offsite) == {"https://fonts.googleapis.com/css?family=Roboto"}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= rules


NASTY = "<b>\"&'"


def test_plain_text_fields_are_escaped_everywhere(tmp_path):
    """Feed <b>"&' through every plain-text field that ends up in HTML or an attribute."""
    import yaml

    term = {
        **TERM,
        "term": f"Term {NASTY}",
        "abbr": "NASTY",
        "aka": [f"alias {NASTY}"],
        "short": f"Short {NASTY} text here.",
    }
    meta = {
        "title": f"Story {NASTY}",
        "summary": f"Summary {NASTY} of a story.",
        "narrator": "parent",
        "age_band": "6-10",
        "plans": ["iep"],
        "topics": ["evaluation"],
        "last_reviewed": "2026-11-01",
    }
    story = "---\n" + yaml.safe_dump(meta).replace("'2026-11-01'", "2026-11-01") + "---\nA story body.\n"
    plan_data = yaml.safe_load((ROOT / "plans" / "iep.yml").read_text())
    plan = yaml.safe_dump({**plan_data, "short_name": f"IEP {NASTY}", "summary": f"Summary {NASTY} of the plan."})
    quiz = {
        "title": f"Quiz {NASTY}",
        "description": f"Quiz description {NASTY} here.",
        "intro": "Intro.",
        "start": "one",
        "questions": [
            {
                "id": "one",
                "prompt": f"Prompt {NASTY}?",
                "answers": [{"label": f"Answer {NASTY}", "outcome": "done"}, {"label": "Other", "outcome": "done"}],
            }
        ],
        "outcomes": [
            {
                "id": "done",
                "title": f"Outcome {NASTY}",
                "plans": ["iep"],
                "why": "Why.",
                "next_steps": "- Next.",
                "ask": "- Ask.",
                "sources": [{"title": f"Source {NASTY}", "url": "https://www.ecfr.gov/current/title-34/part-300"}],
                "last_reviewed": "2026-11-01",
            }
        ],
    }
    project = mini_site(
        tmp_path,
        pages={
            "index.md": "Home {{ stories_index() }}",
            "glossary/index.md": "{{ glossary_index() }}",
            "compare.md": "{{ comparison_table() }}",
        },
        terms={"iep": {**TERM, "abbr": "IEP"}, "nasty": term},
        files={
            "docs/stories/nasty.md": story,
            "plans/iep.yml": plan,
            "plans/labels.yml": (ROOT / "plans" / "labels.yml").read_text(),
            "plans/questionnaires/quiz.yml": yaml.safe_dump(quiz),
        },
    )
    # The fixture plan's text links real glossary terms; give every one a stand-in entry.
    for tid in SITE.terms:
        if not (project / "glossary" / f"{tid}.yml").exists():
            (project / "glossary" / f"{tid}.yml").write_text(
                yaml.safe_dump({**TERM, "term": f"T {tid}", "abbr": None, "aka": []})
            )
    result = build(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.output[-3000:]
    leaked = []
    for page in (tmp_path / "site").rglob("*.html"):
        text = page.read_text()
        if "<b>\"&'" in text or "<b>&quot;" in text:
            leaked.append(str(page.relative_to(tmp_path / "site")))
    assert leaked == []
    assert "&lt;b&gt;" in (tmp_path / "site" / "glossary" / "nasty" / "index.html").read_text()


@pytest.mark.browser
def test_print_hides_navigation_shows_link_addresses_and_keeps_sources(page, base_url):
    page.goto(base_url + "guide/getting-an-evaluation/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("#sources").is_visible()
    after = page.evaluate("""() => {
        const a = document.querySelector('.md-content a.kb-source');
        return getComputedStyle(a, '::after').content;
    }""")
    assert "https://" in after
    internal = page.evaluate("""() => {
        const a = [...document.querySelectorAll('.md-content .md-typeset a[href]')]
          .find(a => a.href.startsWith(location.origin) && a.href.includes('/guide/') && !a.hash);
        return getComputedStyle(a, '::after').content;
    }""")
    assert base_url in internal
