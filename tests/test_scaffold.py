"""make new-term / new-page / new-story: the right file, filled in, and never an overwrite."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from macros import scaffold
from macros.loader import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty project with the real templates."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def front_matter(path: Path) -> dict:
    yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert yaml_text is not None, f"{path.name} has no front matter"
    return yaml.safe_load(yaml_text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Prior written notice", "prior-written-notice"),
        ("IEP or 504 plan?", "iep-or-504-plan"),
        ("  What is an IEP?  ", "what-is-an-iep"),
        ("Stay put: what it means", "stay-put-what-it-means"),
        ("a -- b __ c", "a-b-c"),
        ("Grandma's story", "grandma-s-story"),
        ("Niño en la escuela", "nino-en-la-escuela"),
        ("ADA Title II", "ada-title-ii"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_slug(name, expected):
    assert scaffold.slug(name) == expected


def test_term_is_created_from_the_template(root, capsys):
    assert scaffold.main(["term", "Prior written notice"], root=root, today=TODAY) == 0
    path = root / "glossary" / "prior-written-notice.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["term"] == "Prior written notice"
    assert data["last_reviewed"] == TODAY
    assert data["short"].startswith("TODO")
    out = capsys.readouterr().out
    assert "Created glossary/prior-written-notice.yml" in out
    assert "make check" in out


def test_page_is_created_in_the_guide(root, capsys):
    assert scaffold.main(["page", "Getting ready for an IEP meeting"], root=root, today=TODAY) == 0
    path = root / "docs" / "guide" / "getting-ready-for-an-iep-meeting.md"
    meta = front_matter(path)
    assert meta["title"] == "Getting ready for an IEP meeting"
    assert meta["last_reviewed"] == TODAY
    assert "TODO" in meta["description"]
    out = capsys.readouterr().out
    assert "mkdocs.yml" in out
    assert "published-urls.txt" in out and "guide/getting-ready-for-an-iep-meeting.md" in out
    assert "make check" in out


def test_story_is_created_in_stories(root, capsys):
    assert scaffold.main(["story", "We found our words"], root=root, today=TODAY) == 0
    meta = front_matter(root / "docs" / "stories" / "we-found-our-words.md")
    assert meta["title"] == "We found our words"
    assert meta["last_reviewed"] == TODAY
    assert "What helped" in (root / "docs" / "stories" / "we-found-our-words.md").read_text(encoding="utf-8")
    assert "make check" in capsys.readouterr().out


def test_today_is_the_default_date(root):
    path = scaffold.create("story", "A new school year", root=root)
    assert front_matter(path)["last_reviewed"] == dt.date.today()


@pytest.mark.parametrize("title", ['What "stay put" means: a guide', "Back\\slash: 504 #1"])
def test_quotes_colons_and_backslashes_stay_valid_yaml(root, title):
    path = scaffold.create("page", title, root=root, today=TODAY)
    assert front_matter(path)["title"] == title


def test_templates_other_braces_are_kept(root):
    path = scaffold.create("page", "A page", root=root, today=TODAY)
    text = path.read_text(encoding="utf-8")
    assert '{{ term("evaluation") }}' in text
    assert "{title}" not in text and "{today}" not in text


def test_new_files_fail_make_check_until_filled_in(root):
    """The TODO placeholders are not valid values, so an unfinished file cannot pass by accident."""
    from macros.loader import load_page, load_stories, load_terms
    from macros.problems import Problems

    scaffold.create("term", "Prior written notice", root=root, today=TODAY)
    page = scaffold.create("page", "A page", root=root, today=TODAY)
    scaffold.create("story", "A story", root=root, today=TODAY)
    for load in (
        lambda p: load_terms(root / "glossary", p, root),
        lambda p: load_page(page, p, root),
        lambda p: load_stories(root / "docs" / "stories", p, root),
    ):
        problems = Problems()
        load(problems)
        assert any(p.must_fix for p in problems.items)


@pytest.mark.parametrize(
    ("kind", "name", "existing"),
    [
        ("term", "Prior written notice", "glossary/prior-written-notice.yml"),
        ("page", "What is an IEP?", "docs/guide/what-is-an-iep.md"),
        ("story", "Wait and see", "docs/stories/wait-and-see.md"),
    ],
)
def test_refuses_to_overwrite(root, capsys, kind, name, existing):
    path = root / existing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("an editor's work\n", encoding="utf-8")
    assert scaffold.main([kind, name], root=root, today=TODAY) == 1
    assert path.read_text(encoding="utf-8") == "an editor's work\n"
    err = capsys.readouterr().err
    assert existing in err
    assert "already exists" in err and "another name" in err


@pytest.mark.parametrize("name", ["", "   ", "?!"])
def test_refuses_a_name_without_letters(root, capsys, name):
    assert scaffold.main(["page", name], root=root, today=TODAY) == 1
    assert "make new-page" in capsys.readouterr().err
    assert not (root / "docs").exists()


def test_unknown_kind_prints_usage(root, capsys):
    assert scaffold.main(["glossary", "IEP"], root=root) == 2
    assert "python -m macros.scaffold term" in capsys.readouterr().err


def test_page_template_page_shows_the_real_template():
    """docs/contributing/page-template.md shows exactly what make new-page copies."""
    page = (ROOT / "docs" / "contributing" / "page-template.md").read_text(encoding="utf-8")
    shown = page.split("```markdown\n", 1)[1].rsplit("\n```", 1)[0]
    assert shown == (ROOT / "templates" / "page.md").read_text(encoding="utf-8").rstrip()


@pytest.mark.parametrize("name", ["Individualized Education Program", "IEP", "ieps", "  iep  "])
def test_refuses_a_term_that_exists_by_name_abbreviation_or_alias(root, capsys, name):
    (root / "glossary").mkdir()
    (root / "glossary" / "iep.yml").write_text(
        "term: Individualized Education Program\nabbr: IEP\naka: [IEPs]\n", encoding="utf-8"
    )
    assert scaffold.main(["term", name], root=root, today=TODAY) == 1
    err = capsys.readouterr().err
    assert "glossary/iep.yml" in err and "Edit that file" in err
    assert sorted(p.name for p in (root / "glossary").iterdir()) == ["iep.yml"]


def test_a_name_in_another_script_asks_for_an_id_then_uses_it(root, capsys):
    assert scaffold.main(["term", "Индивидуальный план"], root=root, today=TODAY) == 1
    err = capsys.readouterr().err
    assert "no Latin letters" in err and 'NAME="Индивидуальный план" ID=' in err
    assert scaffold.main(["term", "Индивидуальный план", "--id=individual-plan"], root=root, today=TODAY) == 0
    data = yaml.safe_load((root / "glossary" / "individual-plan.yml").read_text(encoding="utf-8"))
    assert data["term"] == "Индивидуальный план"


def test_the_make_variable_is_name_not_term():
    """TERM is the terminal's own variable (xterm...): `make new-term TERM=...` once made glossary/xterm.yml."""
    makefile = (ROOT / "Makefile").read_text()
    assert 'scaffold term "$(NAME)"' in makefile and "$(TERM)" not in makefile
