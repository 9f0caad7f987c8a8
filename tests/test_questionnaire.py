"""Questionnaires: every answer leads somewhere, no loops, everything reachable; every result
carries its legal basis; the reviewers' page lists every path."""

from __future__ import annotations

import re

import pytest
import yaml

from macros import check, questionnaire, readability
from macros import site as site_mod
from macros.models import Questionnaire
from macros.pages import Context
from macros.problems import Problems
from tests.helpers import ROOT, mini_site, real_strings

PLANS = {"iep", "section-504-plan", "ifsp"}
BASIS = {
    "sources": [{"title": "34 CFR 300.301", "url": "https://www.ecfr.gov/current/title-34/section-300.301"}],
    "last_reviewed": "2026-11-30",
}


def outcome(oid, title, plan, **extra):
    return {"id": oid, "title": title, "plans": [plan], "why": "W", "next_steps": "- N", "ask": "- A", **BASIS, **extra}


def make(questions, outcomes=None, start="age"):
    outcomes = outcomes or [outcome("ei", "Early intervention", "ifsp"), outcome("iep-fit", "An IEP", "iep")]
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
            [outcome("ei", "E", "college"), outcome("iep-fit", "I", "iep")],
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


# ---- Every result carries its legal basis ----

QUIZ = {
    "title": "Quiz",
    "description": "A questionnaire for the fixture site.",
    "intro": "Intro.",
    "start": "one",
    "questions": [
        {"id": "one", "prompt": "One?", "answers": [{"label": "A", "outcome": "done"}, {"label": "B", "outcome": "x"}]}
    ],
    "outcomes": [outcome("done", "Done", "iep"), outcome("x", "X", "iep")],
}


def quiz_problems(tmp_path, quiz) -> list[str]:
    text = yaml.safe_dump(quiz, sort_keys=False)
    project = mini_site(tmp_path, files={"plans/questionnaires/quiz.yml": text})
    found, _ = check.run(project)
    return [str(p) for p in found if p.must_fix and p.file == "plans/questionnaires/quiz.yml"], text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth - 1]


def test_result_without_sources_stops_the_check_with_its_line_and_the_fix(tmp_path):
    second = {k: v for k, v in outcome("x", "X", "iep").items() if k != "sources"}
    found, text = quiz_problems(tmp_path, {**QUIZ, "outcomes": [QUIZ["outcomes"][0], second]})
    # The line is where the second result starts, so an editor lands on the result to fix.
    assert found == [
        f"plans/questionnaires/quiz.yml:{line_of(text, '- id: x')}: missing required field 'outcomes.1.sources'"
        " - add 'sources:' (see plans/README.md)"
    ]


def test_result_with_an_empty_source_list_or_a_plain_http_address_is_refused(tmp_path):
    empty = outcome("x", "X", "iep", sources=[])
    http = outcome("done", "Done", "iep", sources=[{"title": "T", "url": "http://www.ecfr.gov/"}])
    found, text = quiz_problems(tmp_path, {**QUIZ, "outcomes": [http, empty]})
    assert found == [
        f"plans/questionnaires/quiz.yml:{line_of(text, 'url: http://')}: 'outcomes.0.sources.0.url': sources use"
        " https:// addresses (open the page and copy its https:// address) - fix the value (see plans/README.md)",
        f"plans/questionnaires/quiz.yml:{line_of(text, 'sources: []')}: 'outcomes.1.sources' is empty"
        " - add at least 1 item(s) (see plans/README.md)",
    ]


def test_every_result_shows_its_legal_basis_and_review_date():
    qn = make(GOOD, [outcome("ei", "E", "ifsp"), outcome("iep-fit", "I", "iep", last_reviewed="2026-10-02")])
    out = questionnaire.page(
        qn,
        {"ifsp": type("P", (), {"short_name": "IFSP"}), "iep": type("P", (), {"short_name": "IEP"})},
        {},
        Context(real_strings()),
    ).markdown
    for oid, date in (("ei", "2026-11-30"), ("iep-fit", "2026-10-02")):
        section = out.split(f'id="outcome-{oid}"')[1].split("</section>")[0]
        assert f"### {real_strings()['quiz_legal_basis']} {{ #outcome-{oid}-basis }}" in section
        assert "- [34 CFR 300.301](<https://www.ecfr.gov/current/title-34/section-300.301>){ .kb-source }" in section
        assert f'<time datetime="{date}">' in section


def test_source_titles_cannot_inject_markup():
    source = type("S", (), {"title": 'Rule <b onclick="x()">| [x](https://evil.example)', "url": "https://a.example/"})
    link = str(questionnaire.source_link(source))
    assert link.startswith(
        "[Rule &lt;b onclick=&quot;x()&quot;&gt;\\| \\[x\\](https://evil.example)](<https://a.example/>)"
    )


# ---- The reviewers' page ----


def test_paths_page_has_one_row_per_path_with_result_basis_and_date():
    qn = make(GOOD)
    generated = questionnaire.paths_page({"t": qn})
    assert generated.path == "contributing/questionnaire-paths.md"
    page = generated.markdown
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["render_macros"] is False
    assert front["title"] == questionnaire.PATHS_TITLE
    assert str(front["last_reviewed"]) == "2026-11-30"
    rows = [line for line in page.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == len(questionnaire.paths(qn)) == 3
    # Row 2: age -> school -> iep-fit, with both questions and answers, in order.
    assert rows[1].startswith("| 2 | age? <strong>to school</strong><br>school? <strong>to !iep-fit</strong> |")
    assert "[An IEP](/which-plan-fits/t.md#outcome-iep-fit)" in rows[1]
    assert "[34 CFR 300.301](<https://www.ecfr.gov/current/title-34/section-300.301>){ .kb-source }" in rows[1]
    assert rows[1].endswith("| 2026-11-30 |")


def test_paths_page_escapes_table_breaking_text():
    qn = make([q("age", "!ei", "!iep-fit")], [outcome("ei", "A | B", "ifsp"), outcome("iep-fit", "<i>C</i>", "iep")])
    page = questionnaire.paths_page({"t": qn}).markdown
    rows = [line for line in page.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert [row.count(" | ") for row in rows] == [4, 4]
    assert "[A \\| B]" in rows[0] and "[&lt;i&gt;C&lt;/i&gt;]" in rows[1]


def rows_of(page_html: str, table: str) -> list[str]:
    body = page_html.split(f'id="{table}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr>.*?</tr>", body, re.S)


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_built_paths_page_lists_every_path_of_the_real_questionnaires(site_dir, qid):
    page = (site_dir / "contributing" / "questionnaire-paths" / "index.html").read_text(encoding="utf-8")
    qn = SITE.questionnaires[qid]
    expected = questionnaire.paths(qn)
    rows = rows_of(page, qid)
    assert len(rows) == len(expected)
    for row, (steps, oid) in zip(rows, expected, strict=True):
        assert f'href="../../which-plan-fits/{qid}/#outcome-{oid}"' in row
        answers = [re.sub(r"<[^>]+>", "", a) for a in re.findall(r"<strong>(.*?)</strong>", row)]
        assert answers == [label for _, label in steps]
        result = next(o for o in qn.outcomes if o.id == oid)
        assert row.count('class="kb-source"') == len(result.sources)
    assert {o.id for o in qn.outcomes} == {oid for _, oid in expected}


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_real_results_read_at_grade_8_or_below(qid):
    names = {tid: t.term for tid, t in SITE.terms.items()}
    grades = {}
    for o in SITE.questionnaires[qid].outcomes:
        text = readability.markdown_to_text("\n\n".join([o.title, o.why, o.next_steps, o.ask]), names)
        grades[o.id] = readability.grade(text)
    assert {oid: g for oid, g in grades.items() if g > readability.MAX_GRADE} == {}


@pytest.mark.parametrize("qid", sorted(SITE.questionnaires))
def test_real_results_cite_exactly_their_sources(qid):
    """Every law a result's text links to is in its sources, and every source is used in its text."""
    mismatched = {}
    for o in SITE.questionnaires[qid].outcomes:
        linked = set(re.findall(r"\]\((https://[^)\s]+)\)", "\n".join([o.why, o.next_steps, o.ask])))
        listed = {str(s.url) for s in o.sources}
        if linked != listed:
            mismatched[o.id] = {"only in text": linked - listed, "only in sources": listed - linked}
    assert mismatched == {}
