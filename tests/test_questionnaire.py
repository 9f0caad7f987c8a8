"""Questionnaire graphs: every answer leads somewhere, no loops, everything reachable."""

from __future__ import annotations

import pytest

from macros import questionnaire
from macros import site as site_mod
from macros.models import Questionnaire
from macros.pages import Context
from macros.problems import Problems
from tests.helpers import ROOT, real_strings

PLANS = {"iep", "section-504-plan", "ifsp"}


def make(questions, outcomes=None, start="age"):
    outcomes = outcomes or [
        {"id": "ei", "title": "Early intervention", "plans": ["ifsp"], "why": "W", "next_steps": "- N", "ask": "- A"},
        {"id": "iep-fit", "title": "An IEP", "plans": ["iep"], "why": "W", "next_steps": "- N", "ask": "- A"},
    ]
    return Questionnaire.model_validate(
        {
            "id": "t",
            "title": "T",
            "description": "A questionnaire for the tests.",
            "intro": "I",
            "start": start,
            "questions": questions,
            "outcomes": outcomes,
        }
    )


def q(qid, *answers):
    return {
        "id": qid,
        "prompt": f"{qid}?",
        "answers": [
            {"label": f"to {t}", **({"outcome": t[1:]} if t.startswith("!") else {"next": t})} for t in answers
        ],
    }


GOOD = [q("age", "!ei", "school"), q("school", "!iep-fit", "!ei")]


def problems_of(qn):
    problems = Problems()
    questionnaire.graph_problems(qn, "plans/questionnaires/t.yml", PLANS, problems)
    return [str(p) for p in problems.items]


def test_good_graph_has_no_problems():
    assert problems_of(make(GOOD)) == []


def test_paths_enumerate_every_route():
    assert questionnaire.paths(make(GOOD)) == [
        ([("age", "to !ei")], "ei"),
        ([("age", "to school"), ("school", "to !iep-fit")], "iep-fit"),
        ([("age", "to school"), ("school", "to !ei")], "ei"),
    ]


@pytest.mark.parametrize(
    ("questions", "start", "outcomes", "expected"),
    [
        (
            [q("age", "!ei", "nowhere"), q("school", "!iep-fit", "!ei")],
            "age",
            None,
            "question 'age', answer 2 ('to nowhere'): 'next: nowhere' is not a question",
        ),
        (
            [q("age", "!ei", "!gone"), q("school", "!iep-fit", "!ei")],
            "age",
            None,
            "question 'age', answer 2 ('to !gone'): 'outcome: gone' is not an outcome",
        ),
        (
            [q("age", "!ei", "!iep-fit"), q("lonely", "!ei", "!iep-fit")],
            "age",
            None,
            "no answer leads to question 'lonely'",
        ),
        (
            [q("age", "!ei", "school"), q("school", "!iep-fit", "age")],
            "age",
            None,
            "the questions loop back on themselves: age -> school -> age",
        ),
        (GOOD, "begin", None, "'start' names 'begin', which is not a question"),
        (
            [q("age", "!ei", "age2"), q("age2", "!iep-fit", "!ei")],
            "age",
            [
                {"id": "ei", "title": "E", "plans": ["college"], "why": "W", "next_steps": "N", "ask": "A"},
                {"id": "iep-fit", "title": "I", "plans": ["iep"], "why": "W", "next_steps": "N", "ask": "A"},
            ],
            "outcome 'ei' names the plan 'college', which does not exist",
        ),
        ([q("age", "!ei", "!iep-fit"), q("age", "!ei", "!iep-fit")], "age", None, "the id 'age' is used twice"),
    ],
    ids=["missing-question", "missing-outcome", "unreachable", "cycle", "no-start", "unknown-plan", "duplicate-id"],
)
def test_bad_graph_is_reported(questions, start, outcomes, expected):
    found = problems_of(make(questions, outcomes, start))
    assert any(expected in p for p in found), found


def test_answer_needs_exactly_one_target():
    with pytest.raises(Exception, match="exactly one of 'next'"):
        make(
            [
                {
                    "id": "age",
                    "prompt": "P",
                    "answers": [{"label": "A", "next": "x", "outcome": "y"}, {"label": "B", "outcome": "ei"}],
                }
            ]
        )


def test_rendered_page_links_every_answer():
    qn = make(GOOD)
    page = questionnaire.page(
        qn,
        {"ifsp": type("P", (), {"short_name": "IFSP"}), "iep": type("P", (), {"short_name": "IEP"})},
        {},
        Context(real_strings()),
    )
    assert (page.path, page.source) == ("which-plan-fits/t.md", "plans/questionnaires/t.yml")
    out = page.markdown
    assert 'href="../../plans/ifsp/"' in out
    assert out.count('class="kb-quiz__answer"') == 4
    assert 'href="#outcome-ei"' in out and 'href="#q-school"' in out
    assert out.count(real_strings()["quiz_disclaimer_title"]) == 2


SITE = site_mod.load(ROOT, raise_errors=False)


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_real_questionnaires_have_paths_to_outcomes(qid):
    qn = SITE.questionnaires[qid]
    assert problems_of_real(qn, qid) == []
    assert len(questionnaire.paths(qn)) >= 4


def problems_of_real(qn, qid):
    problems = Problems()
    questionnaire.graph_problems(qn, f"plans/questionnaires/{qid}.yml", set(SITE.plans), problems)
    return [str(p) for p in problems.items]
