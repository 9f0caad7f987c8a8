"""Unit tests for plans (comparison table, plan pages, cross-checks), render helpers and paths."""

from __future__ import annotations

import pytest

from macros import paths, plans, render
from macros.models import PLAN_FIELDS, Plan
from macros.pages import Context
from macros.problems import Problems
from tests.helpers import real_strings

SOURCE = {"title": "34 CFR 300.320", "url": "https://www.ecfr.gov/current/title-34/section-300.320"}
LABELS = {f: f.replace("_", " ").title() for f in PLAN_FIELDS}


def make_plan(pid: str, short: str, **fields) -> Plan:
    data = {f: f"The {f} of the {short}." for f in PLAN_FIELDS}
    data.update(
        id=pid,
        name=f"The {short} plan",
        short_name=short,
        glossary="iep",
        summary=f"A summary of the {short} for the tests.",
        details="Details.",
        sources=[SOURCE],
        last_reviewed="2026-11-01",
    )
    data.update(fields)
    return Plan.model_validate(data)


PLANS = {"iep": make_plan("iep", "IEP"), "section-504-plan": make_plan("section-504-plan", "504 plan")}


def test_comparison_has_a_caption_one_column_per_plan_and_one_row_per_field():
    out = plans.comparison(PLANS, ["iep", "section-504-plan"], LABELS, real_strings(), md=lambda s: s)
    assert out.count("<caption") == 1 and "IEP and 504 plan side by side" in out
    assert out.count('<th scope="col"') == 2
    assert out.count('<th scope="row">') == len(PLAN_FIELDS)
    assert "[IEP](/plans/iep.md)" in out


def test_comparison_refuses_an_unknown_plan_with_a_suggestion():
    with pytest.raises(KeyError, match="'iepp' is not a plan - did you mean 'iep'"):
        plans.comparison(PLANS, ["iepp"], LABELS, real_strings(), md=lambda s: s)


def test_plan_page_is_whole_and_names_its_source():
    page = plans.plan_page(
        PLANS["iep"], LABELS, {"iep": None}, [], Context(real_strings(), repo_blob="https://x/blob/main/")
    )
    assert (page.path, page.source) == ("plans/iep.md", "plans/iep.yml")
    front, body = page.markdown.split("---\n")[1], page.markdown.split("---\n", 2)[2]
    assert "render_macros: false" in front and "title: The IEP plan" in front
    assert body.count("<dt>") == len(PLAN_FIELDS)
    assert "https://x/blob/main/plans/iep.yml" in body  # the footer names the data file
    assert SOURCE["url"] in body


def test_plan_cross_problems_name_the_file_the_field_and_the_fix():
    bad = make_plan("iep", "IEP", glossary="iepp", law='Uses {{ term("fapee") }}.')
    problems = Problems()
    plans.cross_problems({"iep": bad}, {**LABELS, "colour": "Colour"}, {"iep", "fape"}, problems)
    lines = [str(p) for p in problems.items]
    assert "plans/iep.yml: 'glossary' names 'iepp', which is not a glossary term - did you mean 'iep'?" in lines[0]
    assert any("'law' uses term(\"fapee\"), which is not a glossary term - did you mean 'fape'?" in x for x in lines)
    assert any(x.startswith("plans/labels.yml: 'colour' is not a plan field") for x in lines)


def test_term_calls_are_found_and_expanded_in_data_text():
    text = 'An {{ term(\'iep\') }} and {{ term("fape", "free school") }}, not {{ other() }}.'
    assert render.term_ids_used(text) == ["iep", "fape"]
    out = render.expand_terms(text, lambda tid, label: f"<{tid}:{label}>")
    assert out == "An <iep:None> and <fape:free school>, not {{ other() }}."
    assert render.other_macros(text) == ["{{ other() }}"]


def test_templates_escape_plain_text_and_link_titles_are_safe():
    assert render.render_template("story_cards.md.j2", stories=[], strings={}, facet_values=None, label=None) == (
        '<ul class="kb-cards">\n</ul>\n'
    )
    assert render.link_title('Say "hi"\\ \n now') == "Say &quot;hi&quot; now"


def test_paths_are_the_one_place_for_addresses():
    assert paths.TERM.data_file("iep") == "glossary/iep.yml"
    assert paths.TERM.page("iep") == "glossary/iep.md"
    assert paths.TERM.url("iep", "https://x.org/site/") == "https://x.org/site/glossary/iep/"
    assert paths.QUESTIONNAIRE.page("which-plan") == "which-plan-fits/which-plan.md"
    assert paths.story_filter_page("plan", "iep") == "stories/plan/iep.md"
    assert paths.TERM.unknown("fap", ["fape", "iep"]) == (
        "'fap' is not a glossary term",
        "did you mean 'fape'? (glossary term ids are the file names in glossary/)",
    )
