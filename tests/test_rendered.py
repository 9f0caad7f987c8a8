"""The built site matches the data: a page per term, the full index, backlinks, glossary.json,
plan pages, questionnaire pages, stories index and "Stories about this"."""

from __future__ import annotations

import json
import re

import pytest

from macros import glossary
from macros import site as site_mod
from macros import stories as stories_mod
from tests.helpers import ROOT

SITE = site_mod.load(ROOT)


def html(site_dir, path):
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


def content(text):
    """The article only, without navigation."""
    return text[text.index("<article") : text.index("</article>")]


def test_every_term_has_its_page(site_dir):
    missing = [tid for tid in SITE.terms if not (site_dir / "glossary" / tid / "index.html").exists()]
    assert missing == []


def test_index_lists_every_term_once(site_dir):
    page = content(html(site_dir, "glossary"))
    for tid in SITE.terms:
        assert len(re.findall(rf'href="{tid}/"', page)) == 1, tid


def test_term_page_shows_definition_sources_and_review_date(site_dir):
    term = SITE.terms["fape"]
    page = content(html(site_dir, "glossary/fape"))
    assert term.label in html(site_dir, "glossary/fape")
    for source in term.sources:
        assert str(source.url) in page
    assert f'datetime="{term.last_reviewed.isoformat()}"' in page
    assert "https://github.com/iep-basics/iep-basics/edit/main/glossary/fape.yml" in html(site_dir, "glossary/fape")


def test_backlinks_match_the_pages(site_dir):
    bodies = {p: (m.title, b) for p, (m, b) in SITE.pages.items()}
    bodies.update({f"stories/{sid}.md": (m.title, b) for sid, (m, b) in SITE.stories.items()})
    expected = glossary.backlinks(SITE.terms, bodies)
    for tid in ("iep", "fape", "stay-put", "ifsp"):
        page = content(html(site_dir, f"glossary/{tid}"))
        section = page.split('id="pages-that-use-this-term"')[1] if expected[tid] else ""
        for src, title in expected[tid]:
            assert title in section, (tid, src)
    assert expected["iep"], "the IEP term should be used on guide pages"


def test_glossary_json_matches_the_yaml(site_dir):
    data = json.loads((site_dir / "glossary.json").read_text())
    assert data["count"] == len(SITE.terms)
    by_id = {t["id"]: t for t in data["terms"]}
    assert set(by_id) == set(SITE.terms)
    for tid, term in SITE.terms.items():
        assert by_id[tid]["short"] == term.short
        assert by_id[tid]["term"] == term.term
        assert by_id[tid]["url"].endswith(f"/glossary/{tid}/")
        assert [s["url"] for s in by_id[tid]["sources"]] == [str(s.url) for s in term.sources]


def test_guide_page_has_iep_tooltips_but_none_in_headings_or_links(site_dir):
    page = content(html(site_dir, "guide/what-is-an-iep"))
    assert re.search(r'<abbr title="[^"]+">IEP</abbr>', page)
    for tag in ("h1", "h2", "h3", "a"):
        for block in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", page, re.S):
            assert "<abbr" not in block, (tag, block[:80])


def test_every_page_ends_with_sources_and_review_date(site_dir):
    for path, (meta, _) in SITE.pages.items():
        if not path.startswith("guide/"):
            continue
        page = content(html(site_dir, path.removesuffix(".md")))
        assert f'datetime="{meta.last_reviewed.isoformat()}"' in page, path
        for source in meta.sources:
            assert str(source.url).replace("&", "&amp;") in page, (path, source.url)


def test_plan_pages_and_tables_render_from_data(site_dir):
    for pid, plan in SITE.plans.items():
        page = content(html(site_dir, f"plans/{pid}"))
        assert plan.summary.split()[0] in page
    table = content(html(site_dir, "guide/iep-or-504"))
    assert "<caption>" in table and table.count('scope="col"') == 2 and table.count('scope="row"') == len(SITE.labels)
    full = content(html(site_dir, "plans"))
    assert full.count('scope="col"') == len(SITE.plans)


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_questionnaire_page_lists_every_question_and_outcome(site_dir, qid):
    page = content(html(site_dir, f"which-plan-fits/{qid}"))
    q = SITE.questionnaires[qid]
    for question in q.questions:
        assert f'id="q-{question.id}"' in page
    for outcome in q.outcomes:
        assert f'id="outcome-{outcome.id}"' in page


def test_stories_index_lists_every_story(site_dir):
    page = content(html(site_dir, "stories"))
    for sid in SITE.stories:
        assert f'href="{sid}/"' in page, sid


def test_story_pages_say_they_are_composites(site_dir):
    from tests.helpers import real_strings

    for sid in SITE.stories:
        assert real_strings()["composite_title"] in html(site_dir, f"stories/{sid}"), sid


def test_stories_about_this_matches_the_data(site_dir):
    checked = 0
    for path, (meta, _) in SITE.pages.items():
        expected = stories_mod.related(SITE.stories, meta.topics, meta.plans) if (meta.topics or meta.plans) else []
        page = content(html(site_dir, path.removesuffix(".md").removesuffix("index")))
        if not expected:
            assert 'id="stories-about-this"' not in page, path
            continue
        section = page.split('id="stories-about-this"')[1].split("<h2")[0]
        found = re.findall(r'href="[^"]*stories/([^/"]+)/"', section)
        assert found == [sid for sid, _ in expected], path
        checked += 1
    assert checked >= 5
