"""Plans: the comparison tables and one page per kind of plan, rendered from plans/*.yml."""

from __future__ import annotations

from . import i18n, paths
from .glossary import link, unknown_terms
from .models import PLAN_FIELDS, Plan
from .pages import Context, Generated, footer, front
from .problems import Problems
from .render import markdown_filter, render_template


def cross_problems(plans: dict[str, Plan], labels: dict, terms, problems: Problems) -> None:
    """Each plan's glossary id and term() calls exist; labels.yml names every table row and no other."""
    for pid, plan in plans.items():
        file = paths.PLAN.data_file(pid)
        if plan.glossary not in terms:
            message, fix = paths.TERM.unknown(plan.glossary, terms)
            problems.add(file, None, f"'glossary' names '{plan.glossary}', which is not a {paths.TERM.noun}", fix)
        for field in (*PLAN_FIELDS, "details"):
            unknown_terms(getattr(plan, field), terms, file, f"'{field}'", problems)
    for field in PLAN_FIELDS if plans else ():
        if field not in labels:
            problems.add(
                f"{paths.PLAN.data_dir}/labels.yml",
                None,
                f"no label for the field '{field}'",
                f"add '{field}: <row label>'",
            )
    for key in labels:
        base = m["field"] if (m := i18n.SUFFIX.match(key)) and m["lang"] in i18n.LANGUAGES else key
        if base not in PLAN_FIELDS and base != i18n.FRESHNESS:
            problems.add(
                f"{paths.PLAN.data_dir}/labels.yml",
                None,
                f"'{key}' is not a plan field",
                f"use only: {', '.join(PLAN_FIELDS)}",
            )


def comparison(
    plans: dict[str, Plan], ids: list[str], labels: dict, strings: dict, md, caption: str | None = None
) -> str:
    """An accessible table: one column per plan, one row per field; stacks into cards on phones."""
    missing = [i for i in ids if i not in plans]
    if missing:
        message, fix = paths.PLAN.unknown(missing[0], plans)
        raise KeyError(f"{message} - {fix}")
    chosen = [plans[i] for i in ids]
    if caption is None:
        caption = strings["compare_caption"].replace("{plans}", strings["and"].join(p.short_name for p in chosen))
    return render_template(
        "comparison.md.j2",
        plans=chosen,
        fields=PLAN_FIELDS,
        labels=labels,
        caption=caption,
        md=md,
        path=paths.PLAN.page,
    )


def plan_page(plan: Plan, labels: dict, terms: dict, stories, ctx: Context) -> Generated:
    """A plan's own page: summary, details, every fact, stories about it, its sources."""
    source = paths.PLAN.data_file(plan.id)
    md = markdown_filter(lambda tid, text: link(terms, tid, text, where=source))
    title = plan.name if plan.short_name in plan.name else f"{plan.name} ({plan.short_name})"
    title = ctx.strings.get("plan_page_title", "{title}").replace("{title}", title)
    body = render_template(
        "plan_page.md.j2",
        plan=plan,
        front=front(title, plan.summary),
        fields=PLAN_FIELDS,
        labels=labels,
        strings=ctx.strings,
        md=md,
    )
    end = footer(ctx, sources=plan.sources, last_reviewed=plan.last_reviewed, stories=stories, generated_from=source)
    return Generated(paths.PLAN.page(plan.id), source, body + end)
