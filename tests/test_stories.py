"""Story front matter: each mistake fails with the story file and the field."""

from __future__ import annotations

import pytest

from macros import loader, stories
from macros.problems import Problems
from tests.helpers import STORY

GOOD = STORY


def problems_for(tmp_path, text, plan_ids=("iep", "section-504-plan")):
    (tmp_path / "stories").mkdir(exist_ok=True)
    (tmp_path / "stories" / "a-story.md").write_text(text)
    problems = Problems()
    found = loader.load_stories(tmp_path / "stories", problems, tmp_path)
    stories.cross_problems(found, set(plan_ids), problems)
    return [str(p) for p in problems.items]


def test_good_story_has_no_problems(tmp_path):
    assert problems_for(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("narrator: parent\n", ""), "stories/a-story.md:2: missing required field 'narrator'"),
        (("narrator: parent\n", "narrator: parent\nmood: happy\n"), "stories/a-story.md:5: unknown field 'mood'"),
        (
            ("age_band: 6-10", "age_band: 7-9"),
            "stories/a-story.md:5: 'age_band' value '7-9' is not in the list - use one of: 'birth-2', '3-5'",
        ),
        (
            ("topics: [evaluation]", "topics: [homework]"),
            "stories/a-story.md:7: 'topics.0' value 'homework' is not in the list",
        ),
        (
            ("plans: [iep]", "plans: [ipe]"),
            "docs/stories/a-story.md: 'plans' names 'ipe', which is not a plan - use one of: iep, section-504-plan",
        ),
        (
            ("narrator: parent", "narrator: neighbour"),
            "stories/a-story.md:4: 'narrator' value 'neighbour' is not in the list",
        ),
    ],
    ids=["missing-field", "unknown-field", "age-band", "topic", "plan", "narrator"],
)
def test_bad_story_names_file_and_field(tmp_path, change, expected):
    found = problems_for(tmp_path, GOOD.replace(*change))
    assert any(p.startswith(expected) for p in found), found


def test_related_prefers_shared_topics_then_plans():
    import datetime as dt

    from macros.models import StoryMeta

    def meta(topics, plans):
        return StoryMeta(
            title="T",
            summary="A summary that is long enough.",
            narrator="parent",
            age_band="6-10",
            plans=plans,
            topics=topics,
            last_reviewed=dt.date(2026, 1, 1),
        )

    data = {
        "a": (meta(["evaluation"], ["iep"]), ""),
        "b": (meta(["reading"], ["iep"]), ""),
        "c": (meta(["college"], ["college-accommodations"]), ""),
    }
    assert [sid for sid, _ in stories.related(data, ["evaluation"], ["iep"])] == ["a", "b"]
    assert [sid for sid, _ in stories.related(data, ["college"], [])] == ["c"]
