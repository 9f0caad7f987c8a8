"""Rebuilds under `mkdocs serve` reuse unchanged work (macros/rebuild.py). A cached rebuild must
write exactly what a fresh `mkdocs build` writes, and repeat the warnings a fresh build logs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from macros import rebuild
from tests.helpers import ROOT, build, mini_site

SITE_URL = "http://127.0.0.1:8000/"

# Two builds in one process, the way `mkdocs serve` runs them; between them, apply the edits.
SERVE_TWICE = textwrap.dedent(
    """
    import json, logging, sys
    from pathlib import Path
    from mkdocs.config import load_config
    from mkdocs.commands.build import build
    from macros import rebuild, search

    logging.basicConfig(format="%(levelname)s %(message)s")  # like the mkdocs command line
    project, site, url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    edits = json.loads(sys.argv[4])

    def config():
        c = load_config(str(project / "mkdocs.yml"), site_dir=site)
        c.site_url = url
        return c

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, serve_url=url)
    for path, (old, new) in edits.items():
        file = project / path
        text = file.read_text()
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1))
    build(config(), serve_url=url)
    search.wait_for_index()
    print(json.dumps({"hits": rebuild.PAGES.hits, "misses": rebuild.PAGES.misses,
                      "outputs_reused": rebuild.OUTPUTS.hits, "outputs_made": rebuild.OUTPUTS.misses,
                      "retitled": sorted(rebuild.PAGES.retitled)}))
    """
)


def copy_project(dest: Path) -> Path:
    for name in ("docs", "glossary", "plans", "letters", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return dest


def serve_twice(project: Path, site: Path, edits: dict) -> tuple[dict, str]:
    proc = subprocess.run(
        [sys.executable, "-c", SERVE_TWICE, str(project), str(site), SITE_URL, json.dumps(edits)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def outputs(site: Path) -> dict[str, bytes]:
    skip = ("pagefind/", "sitemap.xml.gz")
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith(skip)
    }


def test_a_cached_rebuild_writes_what_a_fresh_build_writes(tmp_path):
    project = copy_project(tmp_path / "project")
    term = (project / "glossary" / "stay-put.yml").read_text()
    short = term.split("short: >-\n", 1)[1].splitlines()[0]
    edits = {
        # A guide page now names FAPE: its own HTML changes, and so does FAPE's "Pages that use this term".
        "docs/guide/growing-up.md": ("\n\n", "\n\nEvery child keeps the right to FAPE.\n\n"),
        # A new tooltip for "stay put": every page that links the term changes.
        "glossary/stay-put.yml": (short, short.replace("current placement", "present placement")),
    }
    stats, _ = serve_twice(project, tmp_path / "served", edits)
    # A page with nothing changed keeps the page the theme made; an edit reaches only its pages.
    assert stats["outputs_reused"] > 50 and stats["outputs_made"] < 100, stats
    fresh = build(project, tmp_path / "fresh", site_url=SITE_URL, strict=False)
    assert fresh.returncode == 0, fresh.output
    served, built = outputs(tmp_path / "served"), outputs(tmp_path / "fresh")
    assert sorted(served) == sorted(built)
    assert [path for path in built if served[path] != built[path]] == []
    # Where only the words of a tooltip changed, the page is not converted again: converted are the
    # edited page, FAPE's and stay put's pages, and generated pages whose Markdown holds the short text.
    assert stats["hits"] > 140 and 2 <= stats["misses"] < 20, stats
    # ... their new titles were put into the last build's HTML, sanitized HTML and theme page.
    assert "guide/your-rights.md" in stats["retitled"], stats
    assert "present placement" in (tmp_path / "served" / "guide" / "your-rights" / "index.html").read_text()


def test_a_renamed_page_reaches_the_menu_of_every_page_of_a_cached_rebuild(tmp_path):
    project = mini_site(tmp_path / "project", pages={"index.md": "Home.", "a.md": "A.", "other.md": "Other."})
    edits = {"docs/other.md": ("title: Other", "title: Renamed page")}
    stats, _ = serve_twice(project, tmp_path / "served", edits)
    # Every page shows the renamed page in its menu: the theme makes every page again.
    assert stats["outputs_reused"] == 0 and stats["outputs_made"] >= 4, stats
    fresh = build(project, tmp_path / "fresh", site_url=SITE_URL, strict=False)
    assert fresh.returncode == 0, fresh.output
    served, built = outputs(tmp_path / "served"), outputs(tmp_path / "fresh")
    assert sorted(served) == sorted(built)
    assert [path for path in built if served[path] != built[path]] == []
    assert "Renamed page" in (tmp_path / "served" / "a" / "index.html").read_text()


def test_a_cached_page_repeats_its_warnings(tmp_path):
    project = mini_site(
        tmp_path / "project",
        pages={"index.md": "Home.", "broken.md": "See [home](index.md#nowhere).", "other.md": "Other."},
    )
    stats, log = serve_twice(project, tmp_path / "site", {"docs/other.md": ("Other.", "Other, edited.")})
    assert stats["hits"] >= 1
    # A missing anchor is a MkDocs warning (a missing page is refused earlier, by our own check).
    assert log.count("'broken.md' contains a link 'index.md#nowhere'") == 2, log


def test_fingerprint_is_stable_and_sensitive():
    assert rebuild.fingerprint({"b": 1, "a": [1, 2]}) == rebuild.fingerprint({"a": [1, 2], "b": 1})
    assert rebuild.fingerprint({"a": [1, 2]}) != rebuild.fingerprint({"a": [2, 1]})
    assert rebuild.fingerprint({1, 2}) == rebuild.fingerprint({2, 1})


def test_memo_recomputes_only_when_the_key_changes():
    calls = []
    value = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert rebuild.memo("test", "k1", value) == 1
    assert rebuild.memo("test", "k1", value) == 1
    assert rebuild.memo("test", "k2", value) == 2
    assert calls == [1, 1]


def test_builds_outside_serve_never_reuse_pages():
    rebuild.start("build")
    assert not rebuild.serving()
    rebuild.start("serve")
    assert rebuild.serving()
    rebuild.start("build")


def test_backlinks_page_by_page_equal_the_whole_computation():
    from macros import glossary
    from macros import site as site_mod

    site = site_mod.load(ROOT)
    bodies = {p: (m.title, b) for p, (m, b) in site.pages.items()}
    rebuild.start("serve")
    try:
        assert rebuild.backlinks(site.terms, bodies) == glossary.backlinks(site.terms, bodies)
        title, body = bodies["guide/growing-up.md"]
        bodies["guide/growing-up.md"] = (title, body + "\nAsk about stay put and FAPE.\n")
        del bodies["guide/your-rights.md"]
        assert rebuild.backlinks(site.terms, bodies) == glossary.backlinks(site.terms, bodies)
        # A new name for a term reaches every page; a new definition changes nothing.
        terms = dict(site.terms)
        terms["fape"] = terms["fape"].model_copy(update={"aka": [*terms["fape"].aka, "quiet reading room"]})
        terms["iep"] = terms["iep"].model_copy(update={"short": "Another short definition."})
        bodies["guide/your-rights.md"] = ("Rights", "Ask for a quiet reading room.")
        found = rebuild.backlinks(terms, bodies)
        assert found == glossary.backlinks(terms, bodies)
        assert ("guide/your-rights.md", "Rights") in found["fape"]
        terms["fape"] = terms["fape"].model_copy(update={"aka": ["a name no page uses"]})
        found = rebuild.backlinks(terms, bodies)
        assert found == glossary.backlinks(terms, bodies)
        assert ("guide/your-rights.md", "Rights") not in found["fape"]
    finally:
        rebuild.start("build")


def test_per_text_reuses_results_only_under_serve():
    calls = []
    count = lambda text: calls.append(text) or len(text)  # noqa: E731
    assert rebuild.per_text("test", "abc", count) == 3
    assert rebuild.per_text("test", "abc", count) == 3
    assert calls == ["abc", "abc"]  # `mkdocs build` always computes
    rebuild.start("serve")
    try:
        assert rebuild.per_text("test", "abcd", count) == 4
        assert rebuild.per_text("test", "abcd", count) == 4
        assert rebuild.per_text("test", "xyz", count) == 3
    finally:
        rebuild.start("build")
    assert calls == ["abc", "abc", "abcd", "xyz"]


def test_data_reloads_only_the_part_whose_files_changed(tmp_path):
    from macros import site as site_mod

    project = copy_project(tmp_path / "project")
    bad = project / "glossary" / "broken.yml"
    bad.write_text("term: Broken\nshort: x\n")  # invalid: problems must be reported on every load
    first = site_mod.load(project, raise_errors=False)
    page = project / "docs" / "guide" / "growing-up.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    second = site_mod.load(project, raise_errors=False)
    assert second.terms["iep"] is first.terms["iep"]  # the glossary was not read again
    assert second.pages["guide/growing-up.md"][1].endswith("One more line.\n")
    assert [str(p) for p in second.problems.items] == [str(p) for p in first.problems.items]
    assert any(str(p).startswith("glossary/broken.yml") for p in second.problems.items)
    term = project / "glossary" / "iep.yml"
    term.write_text(term.read_text().replace("A written plan", "A plan in writing", 1))
    third = site_mod.load(project, raise_errors=False)
    assert third.terms["iep"] is not first.terms["iep"] and "A plan in writing" in third.terms["iep"].short
    assert third.pages["guide/what-is-an-iep.md"][0] is second.pages["guide/what-is-an-iep.md"][0]
