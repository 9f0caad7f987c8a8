"""Letters without a browser: the real letters are sound and readable, every mistake an editor can
make in a letter file stops `make check` and the build with file:line and the fix, and the page
escapes whatever the data holds."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
import yaml

from macros import check, letters, readability
from macros import site as site_mod
from macros.models import Letter
from macros.pages import Context
from tests.helpers import ROOT, build, mini_site, real_strings

SITE = site_mod.load(ROOT)
STRINGS = real_strings()
TERMS = SITE.terms
NAMES = {tid: t.term for tid, t in SITE.terms.items()}

# A valid letter, written as an editor would; the line numbers below refer to this text.
GOOD = """\
title: Letter to ask for a thing
description: Ask the school in writing for a thing. Fill it in, then print it.
when_to_use: |
  Use this letter when you need a thing from the school.
  It is short and easy to send.
fieldsets:
  - legend: About your child
    fields:
      - id: child_name
        label: Your child's name
        required: true
      - id: extra
        label: Anything else
        type: textarea
      - id: copies
        label: Ask for copies
        type: checkbox
paragraphs:
  - "{today}"
  - I am the parent of {child_name}. I ask for a thing (34 CFR 300.613).
  - text: |-
      I also want to say:
      {extra}
    when: extra
  - text: Please send me copies.
    when: copies
  - Thank you.
how_to_send: |
  - Keep a copy.
what_next: |
  The school answers you.
legal_basis:
  - cite: 34 CFR 300.613
    about: access to records
    url: https://www.ecfr.gov/current/title-34/section-300.613
    status: primary
never_claim:
  - free of charge
last_reviewed: 2026-11-01
"""
assert GOOD.splitlines()[19] == "  - I am the parent of {child_name}. I ask for a thing (34 CFR 300.613)."


def letter_site(tmp_path, text: str):
    return mini_site(tmp_path, files={"letters/thing.yml": text})


def must_fix(project) -> list[str]:
    """The must-fix problems the data checks report about letter files (what `make check` prints)."""
    found = site_mod.load(project, raise_errors=False).problems.items
    return sorted(str(p) for p in found if p.must_fix and p.file.startswith("letters/"))


def test_a_good_letter_passes(tmp_path):
    project = letter_site(tmp_path, GOOD)
    assert must_fix(project) == []
    found, _ = check.run(project)
    assert [str(p) for p in found if p.must_fix and p.file.startswith("letters/")] == []


BROKEN = [
    (
        "slot-without-field",
        ("I ask for a thing (34 CFR 300.613).", "I ask for a thing for {child_nme} (34 CFR 300.613)."),
        "letters/thing.yml:20: paragraph 2 has the slot {child_nme}, but no field has the id 'child_nme'"
        " - add a field with 'id: child_nme' or fix the slot's name; did you mean 'child_name'?",
    ),
    (
        "field-never-used",
        ("      - id: copies\n", "      - id: copie\n"),
        "letters/thing.yml:15: the field 'copie' is never used in the letter - put {copie} in a paragraph,"
        " use it as 'when: copie', or delete the field",
    ),
    (
        "condition-names-no-field",
        ("    when: copies\n", "    when: copy\n"),
        "letters/thing.yml:26: paragraph 4 has 'when: copy', but no field has the id 'copy' - use one of:"
        " child_name, extra, copies",
    ),
    (
        "missing-citation",
        ("  - cite: 34 CFR 300.613\n    about:", "  - about:"),
        "letters/thing.yml:33: missing required field 'legal_basis.0.cite' - add 'cite:'",
    ),
    (
        "missing-url",
        ("    url: https://www.ecfr.gov/current/title-34/section-300.613\n", ""),
        "letters/thing.yml:33: missing required field 'legal_basis.0.url' - add 'url:'",
    ),
    (
        "no-legal-basis",
        (GOOD[GOOD.index("legal_basis:") : GOOD.index("never_claim:")], ""),
        "letters/thing.yml:1: missing required field 'legal_basis' - add 'legal_basis:'",
    ),
    (
        "deadline-from-the-letter",
        ("  - Thank you.\n", "  - Please finish the evaluation within 60 days of receiving this letter.\n"),
        "letters/thing.yml:27: paragraph 5: it counts a deadline from the letter"
        ' ("60 days of receiving this letter") - federal timelines run from consent',
    ),
    (
        "a-number-of-days",
        ("  - Thank you.\n", "  - Please answer within seven days.\n"),
        'letters/thing.yml:27: paragraph 5: it puts a number of days in the letter ("seven days")',
    ),
    (
        "i-consent",
        ("  - Thank you.\n", "  - I consent to the evaluation.\n"),
        'letters/thing.yml:27: paragraph 5: it says "I consent" - a letter is not consent',
    ),
    (
        "stay-put",
        ("  - Thank you.\n", "  - My child must stay put while we talk.\n"),
        'letters/thing.yml:27: paragraph 5: it mentions "stay put" - a letter does not keep the current placement',
    ),
    (
        "pre-2006-citation",
        ("I ask for a thing (34 CFR 300.613).", "I ask for a thing (34 CFR 300.562)."),
        "letters/thing.yml:20: paragraph 2 cites '300.562', which is not a section of today's 34 CFR Part 300",
    ),
    (
        "letter-own-never-claim",
        ("  - Thank you.\n", "  - Please send them free of charge.\n"),
        'letters/thing.yml:27: paragraph 5: it contains "free of charge", which this letter must never say',
    ),
    (
        "never-claim-inside-a-block",
        ("      I also want to say:\n", "      I also want to say, and I consent:\n"),
        'letters/thing.yml:22: paragraph 3: it says "I consent"',
    ),
    (
        "citation-not-in-legal-basis",
        ("  - Thank you.\n", "  - See 34 CFR 300.616 too.\n"),
        "letters/thing.yml:27: paragraph 5 cites 300.616, which is not in 'legal_basis' - add it to 'legal_basis'",
    ),
    (
        "checkbox-as-slot",
        ("  - Thank you.\n", '  - "Copies {copies}."\n'),
        "letters/thing.yml:27: paragraph 5 puts the checkbox 'copies' in the text - a checkbox has no words",
    ),
    (
        "optional-field-without-when",
        ("  - Thank you.\n", '  - "Also {extra}"\n'),
        "letters/thing.yml:27: paragraph 5 uses the optional field 'extra' but is not shown only 'when: extra'",
    ),
    (
        "html-in-a-field",
        ("        label: Your child's name\n", "        label: Your child's <b>name</b>\n"),
        "letters/thing.yml:10: this value has an HTML tag in it - write plain text",
    ),
    (
        "stray-brace",
        ("  - Thank you.\n", "  - Thank you {.\n"),
        "letters/thing.yml:27: paragraph 5 has a curly brace that does not make a slot",
    ),
    (
        "unknown-term-in-instructions",
        ("  The school answers you.\n", '  The school answers you in a {{ term("pwnn") }}.\n'),
        "letters/thing.yml:30: 'what_next' uses term(\"pwnn\"), which is not a glossary term",
    ),
    (
        "link-to-no-page",
        ("  The school answers you.\n", "  See [your rights](/guide/no-such-page.md).\n"),
        "letters/thing.yml:30: 'what_next' links to '/guide/no-such-page.md', which is not a page of this site",
    ),
    (
        "only-secondary-sources",
        ("    status: primary\n", "    status: secondary\n"),
        "letters/thing.yml:32: the legal basis has no primary source",
    ),
    (
        "status-not-in-the-list",
        ("    status: primary\n", "    status: official\n"),
        "letters/thing.yml:36: 'legal_basis.0.status' value 'official' is not in the list - use one of:",
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), BROKEN, ids=[c[0] for c in BROKEN])
def test_each_mistake_fails_the_check_with_file_line_and_fix(tmp_path, case, edit, expected):
    old, new = edit
    assert old in GOOD, case
    lines = must_fix(letter_site(tmp_path, GOOD.replace(old, new, 1)))
    assert any(line.startswith(expected) for line in lines), (expected, lines)


def test_hard_instructions_fail_the_readability_gate(tmp_path):
    hard = (
        "  Notwithstanding the aforementioned considerations, individualized educational programming\n"
        "  necessitates comprehensive multidisciplinary evaluation and administrative authorization.\n"
    )
    project = letter_site(tmp_path, GOOD.replace("  The school answers you.\n", hard))
    found, _ = check.run(project)
    lines = [str(p) for p in found if p.must_fix]
    assert any(
        line.startswith("letters/thing.yml: the instructions") and "above the limit of 8.0" in line for line in lines
    ), lines
    # Reading level is `make check`'s, like the pages': the build does not load the pronouncing
    # dictionary (2.3 s) to measure it.
    assert not any("the instructions" in line for line in must_fix(project))


def test_translated_paragraphs_are_checked_too(tmp_path):
    text = GOOD.replace(
        "  - Thank you.\n",
        "  - text: Thank you.\n    text_es: Gracias, {nombre}. Respondan en 60 días desde la solicitud.\n",
    )
    lines = must_fix(letter_site(tmp_path, text))
    assert any(line.startswith("letters/thing.yml:28: paragraph 5 has the slot {nombre}") for line in lines), lines
    assert any(line.startswith("letters/thing.yml:28: paragraph 5: it counts a deadline") for line in lines), lines


def test_make_check_exits_1_and_the_build_stops_with_one_clear_message(tmp_path):
    project = letter_site(tmp_path, GOOD.replace("{child_name}", "{child}"))
    out = subprocess.run([sys.executable, "-m", "macros.check", str(project)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert "letters/thing.yml:20: paragraph 2 has the slot {child}" in out.stdout
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "letters/thing.yml:20: paragraph 2 has the slot {child}" in result.output
    assert "Traceback" not in result.output


def test_a_good_letter_builds_its_page(tmp_path):
    project = letter_site(tmp_path, GOOD)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site" / "letters" / "thing" / "index.html").read_text()
    assert 'data-kb-slot="child_name">[Your child\'s name]</span>' in html
    assert "<form" in html and "action=" not in html.split("<form", 1)[1].split(">", 1)[0]


# ---- The real letters ----


def test_there_are_seven_letters_from_the_research():
    assert sorted(SITE.letters) == [
        "ask-for-a-504-evaluation",
        "ask-for-an-evaluation",
        "ask-for-an-iee",
        "ask-for-an-iep-meeting",
        "ask-for-records",
        "ask-to-correct-records",
        "disagree-and-ask-for-notice",
    ]


def test_instructions_read_at_grade_8_or_below():
    print("\n  grade  words  letter")
    over = []
    for lid, letter in sorted(SITE.letters.items()):
        text = letters.instructions_text(letter, NAMES)
        grade = readability.grade(text)
        print(f"  {grade:5.1f}  {readability.word_count(text):5d}  {lid}")
        assert readability.word_count(text) > 150, lid
        if grade > readability.MAX_GRADE:
            over.append((lid, grade))
    assert over == []


@pytest.mark.parametrize("lid", sorted(SITE.letters))
def test_real_letter_is_safe_to_send(lid):
    letter = SITE.letters[lid]
    body = "\n".join(p.text for p in letter.paragraphs)
    assert letters.claim_problems(body, letter.never_claim) == []
    assert letters.old_citations(body) == []
    assert "{today}" in body
    assert any(b.status == "primary" for b in letter.legal_basis)
    # Every federal section the letter cites is listed under it.
    listed = set().union(*(letters.cited_sections(b.cite) for b in letter.legal_basis))
    assert letters.cited_sections(body) <= listed


@pytest.mark.parametrize("lid", sorted(SITE.letters))
def test_page_has_one_labelled_blank_per_slot_and_a_hidden_form(lid):
    letter = SITE.letters[lid]
    page = letters.letter_page(letter, TERMS, Context(STRINGS)).markdown
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["render_macros"] is False
    assert front["title"] == letter.title
    slots = [s for p in letter.paragraphs for s in letters.slots(p.text)]
    assert len(re.findall(r'data-kb-slot="', page)) == len(slots)
    for field in letter.fields:
        if field.type != "checkbox":
            assert f'<label for="kb-field-{field.id}">' in page
    assert '<form class="kb-letter__form" hidden autocomplete="off"' in page  # no action, never sent
    assert not re.search(r"\saction=", page)
    assert "\n\n" not in page[page.index('<div class="kb-letter"') : page.index("\n\n## ")]


def test_plain_text_fields_are_escaped_in_the_page():
    nasty = "<img src=x onerror=alert(1)>"
    data = yaml.safe_load(GOOD)
    data["fieldsets"][0]["fields"][0]["label"] = f"Name {nasty}"
    data["fieldsets"][0]["fields"][0]["help"] = f"Help {nasty}"
    data["fieldsets"][0]["legend"] = f"Legend {nasty}"
    data["paragraphs"][1] = f"I am {nasty} the parent of {{child_name}}."
    data["legal_basis"][0]["about"] = f"about {nasty}"
    letter = Letter.model_validate({"id": "thing", **data})
    page = letters.letter_page(letter, TERMS, Context(STRINGS)).markdown
    assert "<img" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == 6  # label, blank, help, legend, paragraph, about


def test_plain_text_is_the_letter_with_values_and_conditions():
    letter = Letter.model_validate({"id": "thing", **yaml.safe_load(GOOD)})
    today = dt.date(2026, 5, 4)
    assert letters.plain_text(letter, {"child_name": "Sam"}, today) == (
        "May 4, 2026\n\nI am the parent of Sam. I ask for a thing (34 CFR 300.613).\n\nThank you.\n"
    )
    full = letters.plain_text(letter, {"child_name": "Sam", "extra": "Line 1\nLine 2", "copies": True}, today)
    assert "I also want to say:\nLine 1\nLine 2\n\nPlease send me copies.\n\n" in full
    assert "[Your child's name]" in letters.plain_text(letter, {}, today)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Please finish within 60 days of my request.", True),
        ("You have sixty school days from receipt of this letter.", True),
        ("Respondan en 60 días posteriores a la solicitud.", True),
        ("Please answer within 7 days.", True),
        ("I hereby consent to testing.", True),
        ("This letter is my consent.", True),
        ("Doy mi consentimiento.", True),
        ("My child must stay-put.", True),
        ("I am ready to review and sign the consent form promptly.", False),
        ("Please answer by May 3, 2026.", False),
        ("My child is in 3rd grade and reads slowly.", False),
    ],
)
def test_claim_rules(text, flagged):
    assert bool(letters.claim_problems(text, [])) is flagged


def test_old_citations():
    assert letters.old_citations("34 CFR 300.562 and 300.347, 300.613, 300.9, 300.324(b)") == ["300.562", "300.347"]


def test_the_page_is_made_in_the_language_asked_for_with_english_where_a_translation_is_missing():
    data = yaml.safe_load(GOOD)
    data["title_es"] = "Carta para pedir algo"
    data["fieldsets"][0]["legend_es"] = "Sobre su hijo"
    data["fieldsets"][0]["fields"][0]["label_es"] = "Nombre de su hijo"
    data["paragraphs"][1] = {"text": data["paragraphs"][1], "text_es": "Soy el padre de {child_name}."}
    letter = Letter.model_validate({"id": "thing", **data})
    page = letters.letter_page(letter, TERMS, Context(STRINGS), lang="es").markdown
    assert "title: Carta para pedir algo" in page
    assert "<legend>Sobre su hijo</legend>" in page
    assert '<label for="kb-field-child_name">Nombre de su hijo</label>' in page
    assert 'Soy el padre de <span class="kb-letter__blank kb-letter__blank--text" data-kb-slot="child_name">' in page
    assert "[Nombre de su hijo]" in page
    assert "Please send me copies." in page  # not translated yet: the English text stays
    assert letters.plain_text(letter, {"child_name": "Ana"}, dt.date(2026, 5, 4), lang="es").splitlines()[2] == (
        "Soy el padre de Ana."
    )


def test_a_phrase_to_avoid_matches_whole_words_only():
    from macros.letters import claim_problems

    assert claim_problems("Si necesita mi consentimiento, firmaré el formulario.", ["I consent"]) == []
    found = [what for _, what, _ in claim_problems("Here we agree to it.", ["we agree"])]
    assert found == ['it contains "we agree", which this letter must never say']
    assert claim_problems("Here we agreed to it.", ["we agree"]) == []
