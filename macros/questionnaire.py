"""Questionnaires: check the question graph and render the page.

The page works with no JavaScript: every question is a section, and each answer is a
link to the next question or to an outcome. ``questionnaire.js`` then turns the same
markup into one question at a time with radio buttons. The data travels in the page
as JSON, so the script needs no request and answers never leave the browser.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from .glossary import link
from .models import Questionnaire
from .pages import Context, Generated, front
from .paths import PLAN, QUESTIONNAIRE
from .problems import Problems
from .render import markdown_filter, render_template

# The reviewers' page: every path of every questionnaire, with each result's legal basis.
PATHS_PAGE = "contributing/questionnaire-paths.md"
PATHS_TITLE = "Every questionnaire path, for reviewers"
PATHS_DESCRIPTION = (
    "Every path through the Which plan fits? questionnaires: the answers, the result and its legal basis, "
    "for lawyers and advocates who review them."
)


def graph_problems(q: Questionnaire, file: str, plan_ids: set[str], problems: Problems) -> None:
    """Every answer leads somewhere, every question is reachable, no path loops."""
    questions = {x.id: x for x in q.questions}
    outcomes = {x.id: x for x in q.outcomes}
    seen: set[str] = set()
    for item in [*q.questions, *q.outcomes]:
        if item.id in seen:
            problems.add(file, None, f"the id '{item.id}' is used twice", "give every question and outcome its own id")
        seen.add(item.id)
    if q.start not in questions:
        problems.add(
            file,
            None,
            f"'start' names '{q.start}', which is not a question",
            f"set 'start' to the first question's id (one of: {', '.join(questions)})",
        )
    for question in q.questions:
        for n, answer in enumerate(question.answers, 1):
            if answer.next is not None and answer.next not in questions:
                problems.add(
                    file,
                    None,
                    f"question '{question.id}', answer {n} ('{answer.label}'): 'next: {answer.next}' is not a question",
                    f"use one of: {', '.join(questions)}",
                )
            if answer.outcome is not None and answer.outcome not in outcomes:
                problems.add(
                    file,
                    None,
                    f"question '{question.id}', answer {n} ('{answer.label}'): 'outcome: {answer.outcome}' is not an outcome",
                    f"use one of: {', '.join(outcomes)}",
                )
    for outcome in q.outcomes:
        for plan in outcome.plans:
            if plan not in plan_ids:
                problems.add(
                    file,
                    None,
                    f"outcome '{outcome.id}' names the plan '{plan}', which does not exist",
                    f"use one of: {', '.join(sorted(plan_ids))}",
                )
    if q.start not in questions:
        return
    # Depth-first walk from the start: finds cycles and what is reachable.
    reached: set[str] = set()
    state: dict[str, str] = {}

    def walk(qid: str, trail: list[str]) -> None:
        if state.get(qid) == "open":
            loop = " -> ".join([*trail[trail.index(qid) :], qid])
            problems.add(
                file,
                None,
                f"the questions loop back on themselves: {loop}",
                "point one of these answers to a later question or an outcome",
            )
            return
        if state.get(qid) == "done":
            return
        state[qid] = "open"
        reached.add(qid)
        for answer in questions[qid].answers:
            if answer.next in questions:
                walk(answer.next, [*trail, qid])
            elif answer.outcome:
                reached.add(answer.outcome)
        state[qid] = "done"

    walk(q.start, [])
    for question in q.questions:
        if question.id not in reached:
            problems.add(
                file,
                None,
                f"no answer leads to question '{question.id}'",
                "point an answer's 'next' to it, or delete the question",
            )
    for outcome in q.outcomes:
        if outcome.id not in reached:
            problems.add(
                file,
                None,
                f"no answer leads to outcome '{outcome.id}'",
                "point an answer's 'outcome' to it, or delete the outcome",
            )


def paths(q: Questionnaire) -> list[tuple[list[tuple[str, str]], str]]:
    """Every path from the start: ([(question id, answer label), ...], outcome id)."""
    questions = {x.id: x for x in q.questions}
    found = []

    def walk(qid: str, trail: list[tuple[str, str]]) -> None:
        for answer in questions[qid].answers:
            step = [*trail, (qid, answer.label)]
            if answer.outcome:
                found.append((step, answer.outcome))
            else:
                walk(answer.next, step)

    walk(q.start, [])
    return found


UI_STRINGS = (
    "quiz_question_n",
    "quiz_next",
    "quiz_back",
    "quiz_start_over",
    "quiz_choose",
    "quiz_your_answers",
    "quiz_print",
    "quiz_result",
)


def page(q: Questionnaire, plans: dict, terms: dict, ctx: Context) -> Generated:
    """The questionnaire page: every question and outcome as linked sections (works without JS).

    The script reads the graph back from these links, so the page carries no second copy of the data.
    """
    source = QUESTIONNAIRE.data_file(q.id)
    md = markdown_filter(lambda tid, text: link(terms, tid, text, where=source))
    ui = {k: ctx.strings[k] for k in UI_STRINGS}
    markdown = render_template(
        "questionnaire.md.j2",
        q=q,
        questions=_reading_order(q),
        plans=plans,
        strings=ctx.strings,
        ui=ui,
        front=front(q.title, q.description, hide=["toc"]),
        md=md,
        # Raw HTML, so a relative address from /which-plan-fits/<id>/ rather than a checked docs path.
        link=source_link,
        plan_url=lambda pid: "../.." + PLAN.url(pid, ""),
    )
    return Generated(QUESTIONNAIRE.page(q.id), source, markdown)


def _reading_order(q: Questionnaire) -> list:
    """Questions in breadth-first order from the start, so the no-JS list reads top-down."""
    questions = {x.id: x for x in q.questions}
    order, queue = [], [q.start]
    while queue:
        qid = queue.pop(0)
        if qid in order or qid not in questions:
            continue
        order.append(qid)
        queue.extend(a.next for a in questions[qid].answers if a.next)
    return [questions[i] for i in order] + [x for x in q.questions if x.id not in order]


def paths_page(questionnaires: dict[str, Questionnaire]) -> Generated:
    """The reviewers' page: for each questionnaire, one table row per path from ``paths()``.

    Each row gives the questions and answers in order, the result (linked to it on the
    questionnaire page), the result's sources and its review date. The page is made from the
    same data as the questionnaires, so it cannot fall out of step with them. Its own
    ``last_reviewed`` is the oldest review date of any result: the page is as fresh as that.
    """
    tables = []
    for qid, q in questionnaires.items():
        prompts = {x.id: x.prompt for x in q.questions}
        outcomes = {x.id: x for x in q.outcomes}
        rows = [
            {
                "answers": Markup("<br>").join(
                    Markup("{} <strong>{}</strong>").format(_cell(prompts[question]), _cell(label))
                    for question, label in steps
                ),
                "outcome": outcomes[oid],
            }
            for steps, oid in paths(q)
        ]
        tables.append({"id": qid, "q": q, "rows": rows})
    reviewed = [o.last_reviewed for q in questionnaires.values() for o in q.outcomes]
    meta = front(
        PATHS_TITLE,
        PATHS_DESCRIPTION,
        last_reviewed=min(reviewed) if reviewed else None,
        hide=["navigation"],  # the wide tables need the room
    )
    markdown = render_template("questionnaire_paths.md.j2", front=meta, tables=tables, cell=_cell, link=source_link)
    return Generated(PATHS_PAGE, f"{QUESTIONNAIRE.data_dir}/", markdown)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _cell(text: str) -> Markup:
    """Plain data text made safe inside Markdown (a link title, a table cell): HTML and Markdown syntax escaped."""
    escaped = html.escape(" ".join(str(text).split()), quote=True)
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def source_link(source) -> Markup:
    """A Markdown link to a source: the title escaped, the address in <> (pydantic percent-encoded it)."""
    return Markup(f"[{_cell(source.title)}](<{source.url}>){{ .kb-source }}")
