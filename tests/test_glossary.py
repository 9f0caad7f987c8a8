"""Glossary functions, without MkDocs: links, tooltips, aliases, index, backlinks, JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from macros import glossary
from macros.models import Term
from macros.pages import Context
from macros.problems import Problems
from tests.helpers import real_strings

SRC = [{"title": "34 CFR 300.17", "url": "https://www.ecfr.gov/current/title-34/section-300.17"}]


def make(tid, term, abbr=None, aka=(), related=(), definition="A plain definition.", short=None):
    return Term(
        id=tid,
        term=term,
        abbr=abbr,
        aka=list(aka),
        related=list(related),
        definition=definition,
        short=short or f"The meaning of {term} in one plain sentence.",
        sources=SRC,
        last_reviewed=dt.date(2026, 11, 1),
    )


TERMS = {
    "fape": make("fape", "Free appropriate public education", "FAPE", related=["iep"]),
    "iep": make("iep", "Individualized Education Program", "IEP", aka=["IEPs", "individualized education plan"]),
    "evaluation": make("evaluation", "Evaluation", definition='Testing before an {{ term("iep") }}.'),
}


def test_link_points_to_the_term_page_with_a_tooltip():
    assert glossary.link(TERMS, "fape") == (
        "[Free appropriate public education (FAPE)](/glossary/fape.md "
        '"Free appropriate public education (FAPE): The meaning of Free appropriate public education in one plain sentence.")'
    )


def test_link_with_custom_text():
    assert glossary.link(TERMS, "fape", "a free public education").startswith(
        "[a free public education](/glossary/fape.md "
    )


def test_unknown_term_suggests_the_closest_id():
    with pytest.raises(glossary.UnknownTerm) as err:
        glossary.link(TERMS, "fap", where="docs/guide/x.md")
    assert str(err.value).startswith("docs/guide/x.md: 'fap' is not a glossary term - did you mean 'fape'?")


def test_tooltips_cover_abbreviations_and_their_plurals_only():
    tips = glossary.tooltip_map(TERMS)
    assert set(tips) == {"FAPE", "IEP", "IEPs"}
    assert tips["IEPs"].startswith("Individualized Education Program (IEP): ")


def test_two_terms_claiming_one_abbreviation_fail():
    terms = {**TERMS, "iep2": make("iep2", "Individual education plan", "IEP")}
    problems = Problems()
    glossary.cross_problems(terms, problems)
    assert [str(p) for p in problems.items] == [
        "glossary/iep2.yml: the name 'IEP' is also claimed by glossary/iep.yml - "
        "an abbreviation or alias may belong to one term only; remove it from one of the two"
    ]


def test_unknown_related_and_term_in_definition_fail_with_suggestions():
    terms = {
        **TERMS,
        "lre": make(
            "lre", "Least restrictive environment", "LRE", related=["fap"], definition='Near {{ term("ieps") }} peers.'
        ),
    }
    problems = Problems()
    glossary.cross_problems(terms, problems)
    assert sorted(str(p) for p in problems.items) == [
        "glossary/lre.yml: 'definition' uses term(\"ieps\"), which is not a glossary term - did you mean 'iep'?"
        " (glossary term ids are the file names in glossary/)",
        "glossary/lre.yml: 'related' names 'fap', which is not a glossary term - did you mean 'fape'?"
        " (glossary term ids are the file names in glossary/)",
    ]


def test_index_groups_by_letter_with_jump_links():
    out = glossary.index_markdown(TERMS, real_strings())
    assert (
        '<a href="#letter-e">E</a>' in out and '<a href="#letter-f">F</a>' in out and '<a href="#letter-i">I</a>' in out
    )
    assert out.index("## E { #letter-e }") < out.index("## F { #letter-f }") < out.index("## I { #letter-i }")
    assert "- [Individualized Education Program (IEP)](/glossary/iep.md){ .kb-glossary__term }: The meaning" in out


def test_backlinks_find_term_calls_abbreviations_and_names():
    pages = {
        "guide/a.md": ("A", 'Ask about an {{ term("iep") }}.'),
        "guide/b.md": ("B", "Your child has a right to FAPE."),
        "guide/c.md": ("C", "An evaluation comes first."),
        "guide/d.md": ("D", "A fapeverywhere word and lowercase iep do not count."),
    }
    found = glossary.backlinks(TERMS, pages)
    assert found["iep"] == [("guide/a.md", "A")]
    assert found["fape"] == [("guide/b.md", "B")]
    assert found["evaluation"] == [("guide/c.md", "C")]


def test_term_page_renders_definition_links_related_and_share_url():
    page = glossary.term_page(
        TERMS["evaluation"], TERMS, [("guide/a.md", "A page")], Context(real_strings(), "https://x.org/site/")
    )
    assert (page.path, page.source) == ("glossary/evaluation.md", "glossary/evaluation.yml")
    out = page.markdown
    assert "render_macros: false" in out
    assert "Testing before an [Individualized Education Program (IEP)](/glossary/iep.md " in out
    assert "https://x.org/site/glossary/evaluation/" in out
    assert "- [A page](/guide/a.md)" in out
    # No abbreviation, alias or misspelling: no hidden search words.
    assert "kb-search-words" not in out


def test_term_page_carries_its_other_names_for_search_only():
    term = TERMS["iep"].model_copy(update={"search_also": ["individualised education program", "IEPS"]})
    out = glossary.term_page(term, TERMS, [], Context(real_strings(), "https://x.org/")).markdown
    # Hidden from view, weighted like the page's heading; "IEPS" repeats "IEPs" and is kept once.
    assert (
        '<p class="kb-search-words" hidden data-pagefind-weight="7">'
        "IEP, IEPs, individualized education plan, individualised education program</p>"
    ) in out


def test_search_also_may_not_name_another_term():
    terms = {**TERMS, "evaluation": TERMS["evaluation"].model_copy(update={"search_also": ["FAPE", "evalution"]})}
    problems = Problems()
    glossary.cross_problems(terms, problems)
    assert [str(p) for p in problems.items] == [
        "glossary/evaluation.yml: 'search_also' lists 'FAPE', which is a name of glossary/fape.yml"
        " - search would send families to the wrong term; remove it from 'search_also'"
    ]


def test_export_is_complete_json_with_html_definitions():
    text, dropped = glossary.export(TERMS, "https://x.org/site/")
    assert dropped == {}
    data = json.loads(text)
    assert data["count"] == 3
    ev = next(t for t in data["terms"] if t["id"] == "evaluation")
    assert ev["url"] == "https://x.org/site/glossary/evaluation/"
    assert (
        ev["definition"]
        == '<p>Testing before an <a href="https://x.org/site/glossary/iep/">Individualized Education Program (IEP)</a>.</p>'
    )
    assert set(ev) == {
        "id",
        "term",
        "abbr",
        "aka",
        "short",
        "definition",
        "example",
        "related",
        "url",
        "sources",
        "last_reviewed",
    }


def test_plain_text_fields_are_escaped_in_html():
    nasty = "<b>\"&'"
    terms = {"x": make("x", "Xylophone term", short=f"A short with {nasty} inside it.", aka=[])}
    index = glossary.index_markdown(terms, real_strings())
    assert "<b>" not in index and "&lt;b&gt;&#34;&amp;&#39;" in index
    page = glossary.term_page(terms["x"], terms, [], Context(real_strings(), "https://x.org/")).markdown
    assert "<b>" not in page.split("---", 2)[2]


def test_one_argument_term_reads_naturally_mid_sentence():
    evaluation = make("evaluation", "Evaluation")
    names = {
        "evaluation": evaluation,
        "child-find": make("child-find", "Child Find"),
        "s504": make("s504", "Section 504 plan"),
        "iep": make("iep", "Individualized Education Program", abbr="IEP"),
    }
    assert evaluation.inline_label == "evaluation"
    assert glossary.link(names, "evaluation").startswith("[evaluation](/glossary/evaluation.md ")
    assert names["child-find"].inline_label == "Child Find"
    assert names["s504"].inline_label == "Section 504 plan"
    assert names["iep"].inline_label == "Individualized Education Program (IEP)"


def test_the_check_asks_for_a_capital_at_a_sentence_start(tmp_path):
    from macros import check
    from tests.helpers import TERM, mini_site

    ev = {**TERM, "term": "Evaluation", "abbr": None, "aka": []}
    body = '{{ term("evaluation") }} comes first.\n\nAfter that, an {{ term("evaluation") }} follows.\nEnd. {{ term("evaluation") }} again.\n'
    project = mini_site(tmp_path, terms={"iep": TERM, "evaluation": ev}, pages={"index.md": "Home.", "p.md": body})
    found = [str(p) for p in check.run(project)[0] if "starts a sentence" in p.message]
    assert [line.split(":")[1] for line in found] == ["6", "9"], found
    assert 'write {{ term("evaluation", "Evaluation") }}' in found[0]
