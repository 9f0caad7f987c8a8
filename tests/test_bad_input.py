"""Every kind of bad input in tests/bad_input.py gives its one clear line, with the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros import check
from tests.bad_input import CASCADE, CASES
from tests.helpers import mini_site


def lines_for(tmp: Path, files: dict[str, str]) -> list[str]:
    """`make check` lines (must-fix) for a small valid project with ``files`` written over it."""
    project = mini_site(tmp, pages={"index.md": "This is the home page. It is short."})
    for name, text in files.items():
        if name.endswith("+"):  # append to a file
            path = project / name[:-1]
            path.write_text(path.read_text() + text)
            continue
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1") if "\xe9" in text else text.encode("utf-8"))
    found, _ = check.run(project)
    return [str(p) for p in found if p.must_fix]


@pytest.mark.parametrize(("files", "expected"), [(f, e) for _, f, e in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_line(tmp_path, files, expected):
    found = lines_for(tmp_path, files)
    assert any(line.startswith(expected) for line in found), "\n".join(found)
    assert all(" - " in line for line in found), "every line says how to fix it"


def test_a_good_project_has_no_problem(tmp_path):
    assert lines_for(tmp_path, {}) == []


def test_bom_and_windows_line_ends_are_accepted(tmp_path):
    from tests.bad_input import TERM_YAML

    assert lines_for(tmp_path, {"glossary/iep.yml": "\ufeff" + TERM_YAML.replace("\n", "\r\n")}) == []


def test_a_broken_file_is_reported_once_not_at_every_use(tmp_path):
    found = lines_for(tmp_path, CASCADE)
    assert len(found) == 1 and found[0].startswith("glossary/iep.yml:"), found


def test_the_corpus_is_large():
    assert len(CASES) >= 45 and len({c[0] for c in CASES}) == len(CASES)
