"""One test per data file, so a failure names the file: schema, ids, cross-references."""

from __future__ import annotations

import pytest

from macros import site as site_mod
from tests.helpers import ROOT

SITE = site_mod.load(ROOT, raise_errors=False)
ALL_FILES = (
    sorted((ROOT / "glossary").glob("*.y*ml"))
    + sorted((ROOT / "plans").glob("*.y*ml"))
    + sorted((ROOT / "plans" / "questionnaires").glob("*.y*ml"))
    + sorted((ROOT / "docs").rglob("*.md"))
)


def problems_for(path) -> list[str]:
    rel = str(path.relative_to(ROOT))
    return [str(p) for p in SITE.problems.items if p.file == rel and p.must_fix]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_file_is_valid(path):
    assert problems_for(path) == []


def test_no_problem_outside_known_files():
    known = {str(p.relative_to(ROOT)) for p in ALL_FILES}
    stray = [str(p) for p in SITE.problems.items if p.file not in known and p.must_fix]
    assert stray == []


def test_glossary_has_at_least_60_terms():
    assert len(SITE.terms) >= 60


REQUIRED_TERMS = [
    "idea",
    "section-504",
    "ada",
    "fape",
    "lre",
    "procedural-safeguards",
    "prior-written-notice",
    "parental-consent",
    "child-find",
    "iep",
    "section-504-plan",
    "ifsp",
    "services-plan",
    "transition-plan",
    "behavior-intervention-plan",
    "referral",
    "evaluation",
    "eligibility",
    "annual-review",
    "reevaluation",
    "iep-meeting",
    "manifestation-determination",
    "accommodations",
    "modifications",
    "assistive-technology-device",
    "assistive-technology-service",
    "related-services",
    "specially-designed-instruction",
    "supplementary-aids-and-services",
    "extended-school-year",
    "present-levels",
    "measurable-annual-goals",
    "progress-report",
    "iep-team",
    "case-manager",
    "section-504-coordinator",
    "school-psychologist",
    "related-service-providers",
    "independent-educational-evaluation",
    "mediation",
    "due-process-hearing",
    "state-complaint",
    "stay-put",
    "resolution-meeting",
    "part-c",
    "part-b",
    "autism",
    "deaf-blindness",
    "deafness",
    "emotional-disturbance",
    "hearing-impairment",
    "intellectual-disability",
    "multiple-disabilities",
    "orthopedic-impairment",
    "other-health-impairment",
    "specific-learning-disability",
    "speech-or-language-impairment",
    "traumatic-brain-injury",
    "visual-impairment",
    "developmental-delay",
]


def test_glossary_covers_the_family_vocabulary():
    assert sorted(set(REQUIRED_TERMS) - set(SITE.terms)) == []


def test_every_plan_kind_exists():
    assert set(SITE.plans) == {"iep", "section-504-plan", "ifsp", "services-plan", "college-accommodations"}


def test_both_questionnaires_exist():
    assert {"which-plan", "504-to-iep"} <= set(SITE.questionnaires)


def test_at_least_eight_stories_of_400_to_900_words():
    from macros import readability

    counts = {
        sid: readability.word_count(readability.markdown_to_text(body)) for sid, (_, body) in SITE.stories.items()
    }
    assert len(counts) >= 8
    assert {sid: n for sid, n in counts.items() if not 400 <= n <= 900} == {}


def test_every_page_and_story_has_a_unique_title():
    titles = [meta.title for meta, _ in SITE.pages.values()] + [m.title for m, _ in SITE.stories.values()]
    titles += [t.label for t in SITE.terms.values()] + [p.name for p in SITE.plans.values()]
    titles += [q.title for q in SITE.questionnaires.values()]
    dupes = {t for t in titles if titles.count(t) > 1}
    assert dupes == set()


def test_guide_pages_cite_sources():
    uncited = [p for p, (meta, _) in SITE.pages.items() if p.startswith("guide/") and not meta.sources]
    assert uncited == []
