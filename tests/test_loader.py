"""Bad data is reported with the file, the line, what is wrong and the fix."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from macros import loader
from macros.problems import Problems

GOOD = textwrap.dedent("""\
    term: Stay put
    short: The rule that keeps a child's current placement while a dispute is decided.
    definition: A plain definition.
    related: []
    sources:
      - title: 34 CFR 300.518
        url: https://www.ecfr.gov/current/title-34/section-300.518
    last_reviewed: 2026-11-01
    """)


def load_one(tmp_path, text, name="stay-put.yml"):
    (tmp_path / name).write_text(text)
    problems = Problems()
    terms = loader.load_terms(tmp_path, problems, tmp_path)
    return terms, [str(p) for p in problems.items]


def test_good_term_loads(tmp_path):
    terms, problems = load_one(tmp_path, GOOD)
    assert problems == []
    assert terms["stay-put"].term == "Stay put"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("related: []", "related: []\n\tabbr: X"), "stay-put.yml:5: this is not valid YAML"),
        (lambda t: t.replace("term: Stay put", "term Stay put"), "stay-put.yml:"),
        (
            lambda t: t.replace("short:", "shrot:"),
            "unknown field 'shrot' - remove it or fix the spelling; did you mean 'short'?",
        ),
        (lambda t: t.replace("definition: A plain definition.\n", ""), "missing required field 'definition'"),
        (
            lambda t: t.replace("2026-11-01", "11/28/2026"),
            "stay-put.yml:8: 'last_reviewed' is not a date ('11/28/2026') - write dates as YYYY-MM-DD",
        ),
        (lambda t: t.replace("The rule", "The rule " + "very " * 40), "stay-put.yml:2: 'short' is"),
        (lambda t: t.replace("url: https", "url: htps"), "stay-put.yml:7: 'sources.0.url' is not a web address"),
    ],
    ids=["tab", "missing-colon", "misspelled-field", "missing-field", "us-date", "short-too-long", "bad-url"],
)
def test_bad_term_is_explained(tmp_path, change, expected):
    _, problems = load_one(tmp_path, change(GOOD))
    assert any(expected in p for p in problems), problems


def test_tab_gets_a_plain_fix(tmp_path):
    _, problems = load_one(tmp_path, GOOD.replace("  - title", "\t- title"))
    assert any("use spaces, not tabs" in p for p in problems), problems


def test_file_name_must_be_kebab_case(tmp_path):
    _, problems = load_one(tmp_path, GOOD, name="Stay_Put.yml")
    assert problems == [
        "Stay_Put.yml: the file name 'Stay_Put' is not a lowercase kebab-case id - "
        "rename the file with lowercase letters, digits and hyphens, for example 'stay-put.yml'"
    ]


def test_id_field_is_refused(tmp_path):
    _, problems = load_one(tmp_path, "id: other\n" + GOOD)
    assert any("do not write an 'id' field" in p for p in problems)


def test_translated_fields_are_accepted(tmp_path):
    terms, problems = load_one(tmp_path, GOOD + "short_es: La regla que mantiene la colocación actual del niño.\n")
    assert problems == []
    assert terms["stay-put"].translations == {"es": {"short": "La regla que mantiene la colocación actual del niño."}}


def test_future_review_date_in_front_matter(tmp_path):
    from macros.models import PageMeta

    future = dt.date.today() + dt.timedelta(days=3)
    page = tmp_path / "p.md"
    page.write_text(f"---\ntitle: P\ndescription: A page for testing dates.\nlast_reviewed: {future}\n---\nBody\n")
    problems = Problems()
    loader.read_front_matter(page, PageMeta, problems, tmp_path)
    assert [str(p) for p in problems.items] == [
        f"p.md:4: 'last_reviewed' is in the future ({future}) - use the date you last checked it, today or earlier"
    ]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: P\nlast_reviewed: 2026-01-01\n", "p.md:2: missing required field 'description'"),
        (
            "title: P\ndescription: A page for testing dates.\nlast_reviewed: 2026-13-01\n",
            "p.md:4: '2026-13-01' is not a real date",
        ),
        (
            "title: P\ndescription: A page for testing dates.\nlast_reviewed: 2026-01-01\nsources:\n  - title: A law\n",
            "p.md:6: missing required field 'sources.0.url'",
        ),
    ],
    ids=["missing-description", "malformed-date", "source-without-url"],
)
def test_bad_page_front_matter(tmp_path, front, expected):
    from macros.models import PageMeta

    page = tmp_path / "p.md"
    page.write_text(f"---\n{front}---\nBody\n")
    problems = Problems()
    loader.read_front_matter(page, PageMeta, problems, tmp_path)
    assert any(expected in str(p) for p in problems.items), [str(p) for p in problems.items]
