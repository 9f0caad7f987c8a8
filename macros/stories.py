"""Stories: the index with its filters, one filter page per plan, age band and topic, and
"Stories about this" on guide pages. Filters are plain links without JavaScript;
``stories.js`` filters the cards in place when it runs.
"""

from __future__ import annotations

from . import paths
from .models import AGE_BANDS, TOPICS, StoryMeta
from .pages import Context, Generated, front
from .problems import Problems
from .render import render_template

FACETS = ("plan", "age", "topic")


def cross_problems(stories: dict[str, tuple[StoryMeta, str]], plan_ids: set[str], problems: Problems) -> None:
    for sid, (meta, _) in stories.items():
        for plan in meta.plans:
            if plan not in plan_ids:
                problems.add(
                    paths.STORY.data_file(sid),
                    None,
                    f"'plans' names '{plan}', which is not a {paths.PLAN.noun}",
                    f"use one of: {', '.join(sorted(plan_ids))}",
                )


def facet_values(meta: StoryMeta) -> dict[str, list[str]]:
    return {"plan": list(meta.plans), "age": [meta.age_band], "topic": list(meta.topics)}


def all_filters(stories: dict[str, tuple[StoryMeta, str]], plans: dict) -> dict[str, list[tuple[str, str]]]:
    """Facet -> [(value, label)] for values that at least one story has, in a stable order."""
    used = {f: set() for f in FACETS}
    for meta, _ in stories.values():
        for facet, values in facet_values(meta).items():
            used[facet].update(values)
    order = {"plan": list(plans), "age": list(AGE_BANDS), "topic": list(TOPICS)}
    return {f: [(v, label(f, v, plans)) for v in order[f] if v in used[f]] for f in FACETS}


def label(facet: str, value: str, plans: dict) -> str:
    if facet == "plan":
        return plans[value].short_name if value in plans else value
    return value.replace("-", " ")


def matching(stories, facet: str, value: str):
    return [(sid, meta) for sid, (meta, _) in sorted(stories.items()) if value in facet_values(meta)[facet]]


def index_markdown(stories, plans, strings: dict) -> str:
    return render_template(
        "stories_index.md.j2",
        stories=sorted((sid, m) for sid, (m, _) in stories.items()),
        filters=all_filters(stories, plans),
        plans=plans,
        strings=strings,
        facet_values=facet_values,
        label=label,
    )


def filter_pages(stories, plans, ctx: Context) -> list[Generated]:
    """One page per plan, age band and topic that a story has: the no-JavaScript story filters."""
    found = []
    for facet, values in all_filters(stories, plans).items():
        for value, name in values:
            meta = front(
                ctx.strings["stories_filtered_title"].replace("{name}", name),
                ctx.strings["stories_filtered_description"].replace("{name}", name),
                search={"exclude": True},
            )
            markdown = render_template(
                "stories_filter.md.j2",
                front=meta,
                stories=matching(stories, facet, value),
                plans=plans,
                strings=ctx.strings,
                facet_values=facet_values,
                label=label,
            )
            found.append(Generated(paths.story_filter_page(facet, value), f"{paths.STORY.data_dir}/", markdown))
    return found


def related(stories, topics: list[str], plan_ids: list[str]) -> list[tuple[str, StoryMeta]]:
    """Stories sharing a topic or a plan with a page, most shared first, then by id."""
    scored = []
    for sid, (meta, _) in stories.items():
        score = len(set(meta.topics) & set(topics)) * 2 + len(set(meta.plans) & set(plan_ids))
        if score:
            scored.append((-score, sid, meta))
    return [(sid, meta) for _, sid, meta in sorted(scored)][:4]
