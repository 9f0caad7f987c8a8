"""Plans: the comparison tables and one page per kind of plan, rendered from plans/*.yml."""

from __future__ import annotations

from .loader import suggest
from .models import PLAN_FIELDS, Plan
from .problems import Problems
from .render import render_template, term_ids_used


def page_path(plan_id: str) -> str:
    return f"plans/{plan_id}.md"


def cross_problems(plans: dict[str, Plan], labels: dict, terms: dict, problems: Problems) -> None:
    for pid, plan in plans.items():
        file = f"plans/{pid}.yml"
        if plan.glossary not in terms:
            problems.add(
                file,
                None,
                f"'glossary' names '{plan.glossary}', which is not a glossary term",
                suggest(plan.glossary, sorted(terms)),
            )
        for field in (*PLAN_FIELDS, "details"):
            for used in term_ids_used(getattr(plan, field)):
                if used not in terms:
                    problems.add(
                        file,
                        None,
                        f"'{field}' uses term('{used}'), which is not a glossary term",
                        suggest(used, sorted(terms)),
                    )
    for field in PLAN_FIELDS if plans else ():
        if field not in labels:
            problems.add("plans/labels.yml", None, f"no label for the field '{field}'", f"add '{field}: <row label>'")
    for key in labels:
        if key not in PLAN_FIELDS:
            problems.add(
                "plans/labels.yml", None, f"'{key}' is not a plan field", f"use only: {', '.join(PLAN_FIELDS)}"
            )


def comparison(
    plans: dict[str, Plan], ids: list[str], labels: dict, strings: dict, md, caption: str | None = None
) -> str:
    """An accessible table: one column per plan, one row per field; stacks into cards on phones."""
    missing = [i for i in ids if i not in plans]
    if missing:
        raise KeyError(
            f"unknown plan '{missing[0]}' - {suggest(missing[0], sorted(plans))} (plans are the files in plans/)"
        )
    chosen = [plans[i] for i in ids]
    if caption is None:
        caption = strings["compare_caption"].replace("{plans}", strings["and"].join(p.short_name for p in chosen))
    return render_template(
        "comparison.md.j2", plans=chosen, fields=PLAN_FIELDS, labels=labels, caption=caption, md=md, path=page_path
    )


def plan_page(plan: Plan, labels: dict, strings: dict, md) -> str:
    front = {
        "title": plan.name if plan.short_name in plan.name else f"{plan.name} ({plan.short_name})",
        "description": plan.summary,
        "kb_source": f"plans/{plan.id}.yml",
    }
    return render_template(
        "plan_page.md.j2", plan=plan, front=front, fields=PLAN_FIELDS, labels=labels, strings=strings, md=md
    )
