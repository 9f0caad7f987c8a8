"""`make check` on a fixture project with every kind of mistake an editor makes: one clear line
each, with the file, the line and the fix, and the rest of the content still checked."""

from __future__ import annotations

import subprocess
import sys

import yaml

from macros import check
from tests.helpers import PAGE_FRONT, ROOT, TERM, mini_site
from tests.helpers import STORY as HELPER_STORY

STORY = HELPER_STORY.replace("topics: [evaluation]", "topics: [evaluation, homework]")


def broken_project(tmp_path):
    good = dict(TERM)
    tab = yaml.safe_dump({**TERM, "term": "Tab term", "abbr": "TT", "aka": []}).replace("  url:", "\turl:", 1)
    colon = yaml.safe_dump({**TERM, "term": "Colon term", "abbr": "CT", "aka": []}).replace(
        "definition:", "definition", 1
    )
    misspelled = yaml.safe_dump({**TERM, "term": "Spelled term", "abbr": "ST", "aka": []}).replace(
        "short:", "shrot:", 1
    )
    us_date = yaml.safe_dump({**TERM, "term": "Date term", "abbr": "DT", "aka": []}).replace(
        "'2026-11-01'", "11/28/2026"
    )
    pages = {
        "index.md": 'All good here. Ask about an {{ term("iep", "IEP") }} today.',
        "unknown-term.md": 'Line one.\n\nAsk about {{ term("fapee") }} today.\n',
        "broken-link.md": "Read [the steps](/guide/no-such-page.md) first.\n",
        "unsafe.md": 'Click <a href="#" onclick="steal()">here</a>.\n',
    }
    project = mini_site(
        tmp_path,
        pages=pages,
        terms={"iep": good, "tab-term": tab, "colon-term": colon, "spelled-term": misspelled, "date-term": us_date},
        files={"docs/stories/a-story.md": STORY},
    )
    return project


def test_every_editor_mistake_gets_one_clear_line(tmp_path):
    project = broken_project(tmp_path)
    found, _ = check.run(project)
    lines = [str(p) for p in found if p.must_fix]
    expected = [
        ("docs/broken-link.md:6:", "the link to '/guide/no-such-page.md' goes to no page"),
        ("docs/stories/a-story.md:7:", "'topics.1' value 'homework' is not in the list - use one of:"),
        ("docs/unknown-term.md:8:", 'this line uses term("fapee"), which is not a glossary term'),
        ("docs/unsafe.md:6:", "this page has the attribute 'onclick' on <a>, which pages may not use"),
        ("glossary/colon-term.yml:", "this is not valid YAML"),
        ("glossary/date-term.yml:", "'last_reviewed' is not a date ('11/28/2026') - write dates as YYYY-MM-DD"),
        ("glossary/spelled-term.yml:", "unknown field 'shrot' - remove it or fix the spelling; did you mean 'short'?"),
        ("glossary/tab-term.yml:", "use spaces, not tabs"),
    ]
    for where, what in expected:
        assert any(line.startswith(where) and what in line for line in lines), (where, what, lines)
    # One line per mistake, nothing about the good files.
    assert len(lines) == len(expected), lines
    assert not any(line.startswith(("docs/index.md", "glossary/iep.yml")) for line in lines)


def test_check_command_prints_grouped_lines_and_a_summary(tmp_path):
    project = broken_project(tmp_path)
    out = subprocess.run([sys.executable, "-m", "macros.check", str(project)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    print(out.stdout)
    text = out.stdout.splitlines()
    assert "glossary/tab-term.yml" in text
    assert text[-1].startswith("8 problem(s) to fix")


def test_check_passes_on_the_real_content():
    out = subprocess.run([sys.executable, "-m", "macros.check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines()[-1].startswith("All content checks passed")


def test_unsafe_content_is_refused_wherever_it_is(tmp_path):
    project = mini_site(
        tmp_path,
        pages={
            "index.md": "Fine.",
            "a.md": "<script>alert(1)</script>\n",
            "b.md": "[x](javascript:alert(1))\n",
            "c.md": "<iframe src=x></iframe>\n",
        },
        terms={"iep": {**TERM, "definition": 'Bad <b onmouseover="x()">bold</b>.'}},
    )
    found, _ = check.run(project)
    lines = [str(p) for p in found if p.must_fix]
    assert any(line.startswith("docs/a.md:6: this page has a <script> element") for line in lines), lines
    assert any(line.startswith("docs/b.md:6: this page has a link to a 'javascript:' address") for line in lines), lines
    assert any(line.startswith("docs/c.md:6: this page has a <iframe> element") for line in lines), lines
    assert any(
        line.startswith("glossary/iep.yml:") and "'definition' has the attribute 'onmouseover'" in line
        for line in lines
    )


def test_grade_12_family_page_fails_and_an_exempt_page_passes(tmp_path):
    hard = (
        "Notwithstanding the aforementioned considerations, individualized educational programming "
        "necessitates comprehensive multidisciplinary evaluation, documentation, and administrative authorization "
        "procedures, particularly concerning eligibility determinations.\n"
    )
    exempt = PAGE_FRONT.format(title="Law").replace("---\n", "---\nreadability_exempt: It quotes the regulation.\n", 1)
    project = mini_site(tmp_path, pages={"index.md": "Fine.", "hard.md": hard, "law.md": exempt + hard})
    found, rows = check.run(project)
    grades = {file: grade for file, _, grade in rows}
    assert grades["docs/hard.md"] > 12
    lines = [str(p) for p in found if p.must_fix]
    assert any(line.startswith("docs/hard.md") and "above the limit of 8.0" in line for line in lines), lines
    assert not any(line.startswith("docs/law.md") for line in lines), lines


def test_published_page_removed_without_redirect_fails(tmp_path):
    project = mini_site(tmp_path, pages={"index.md": "Fine."}, files={"published-urls.txt": "index.md\nold-page.md\n"})
    found, _ = check.run(project)
    lines = [str(p) for p in found if p.must_fix]
    assert any(
        line.startswith("published-urls.txt:2: 'old-page.md' was published but is gone - add a redirect")
        for line in lines
    ), lines


def test_real_published_list_is_complete_and_every_old_address_works():
    found, _ = check.run(ROOT)
    assert [str(p) for p in found if p.file == check.PUBLISHED] == []


def test_deploy_publishes_only_what_passed_ci():
    """The deploy workflow runs after the CI workflow succeeds on main, on the commit CI tested."""
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    trigger = deploy[True]  # YAML reads the key `on` as True
    assert list(trigger) == ["workflow_run"] and trigger["workflow_run"]["workflows"] == ["CI"]
    assert "conclusion == 'success'" in deploy["jobs"]["build"]["if"]
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "make test" in ci and "make check BASE=" in ci


def test_removing_a_published_line_and_its_page_fails_against_the_target_branch(tmp_path):
    """Deleting both the page and its line in published-urls.txt is caught by comparing with the target branch."""
    project = mini_site(tmp_path, pages={"index.md": "Home.", "old.md": "Old page."})
    (project / "published-urls.txt").write_text("index.md\nold.md\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(project)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    (project / "docs" / "old.md").unlink()
    (project / "published-urls.txt").write_text("index.md\n")
    assert not [p for p in check.run(project)[0] if p.must_fix and "old.md" in p.message]
    found = [str(p) for p in check.run(project, base="main")[0] if p.must_fix]
    assert any("'old.md' is published on main but this change removes it" in line for line in found), found


def test_editor_guides_link_to_files_that_exist_on_github_and_on_the_site():
    """Relative links only: they work on the built site (the strict build checks them) and on GitHub."""
    import re

    problems = []
    files = [ROOT / "CONTRIBUTING.md", ROOT / "README.md", *sorted((ROOT / "docs" / "contributing").glob("*.md"))]
    files += [
        ROOT / d / "README.md" for d in ("glossary", "plans", "letters", "bench") if (ROOT / d / "README.md").exists()
    ]
    for file in files:
        prose = check.blank_code(file.read_text(encoding="utf-8"))  # examples in code blocks are data, not links
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            path = target.split("#")[0]
            if not path or re.match(r"^[a-z]+:", path):
                continue
            if path.startswith("/"):
                problems.append(f"{file.relative_to(ROOT)}: '{target}' starts with / and breaks on GitHub")
            elif not (file.parent / path).exists():
                problems.append(f"{file.relative_to(ROOT)}: '{target}' is not a file")
    assert problems == [], "\n".join(problems)


def test_plans_readme_names_only_files_that_exist_and_says_make_check():
    import re

    readme = (ROOT / "plans" / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:questionnaires/)?[a-z0-9-]+\.yml)`", readme))
    assert named and all((ROOT / "plans" / name).exists() for name in named), named
    assert "make check" in readme
