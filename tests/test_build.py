"""The real site builds strictly; broken pages fail the build and name the page."""

from __future__ import annotations

import pytest

from macros import config
from tests.helpers import ROOT, TERM, build, mini_site

TERM_WITH_BAD_DATE = {**TERM, "last_reviewed": "11/28/2026"}


def test_strict_build_has_no_warnings(built):
    assert built.warnings == [], "\n".join(built.warnings)


def test_every_nav_entry_is_a_built_page(site_dir):
    nav = config.cached(ROOT).nav_paths()
    missing = []
    for path in nav:
        html = path.removesuffix(".md").removesuffix("index")
        target = site_dir / html / "index.html" if html else site_dir / "index.html"
        if not target.exists():
            missing.append(path)
    assert len(nav) > 20
    assert missing == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hello {{ no_such_variable }}", ["docs/p.md:6: '{{' starts template code here, but no macro follows"]),
        ("{{ no_such_macro() }}", ["docs/p.md:6: 'no_such_macro()' is not a macro of this site"]),
        ('{{ term("fapee") }}', ['docs/p.md:6: this line uses term("fapee"), which is not a glossary term']),
        ("See [the page](missing.md).", ["docs/p.md:6: the link to 'missing.md' goes to no page"]),
        ("See [home](index.md#nowhere).", ["'p.md' contains a link 'index.md#nowhere'", "anchor '#nowhere'"]),
        ("{{ 1 / 0 }}", ["docs/p.md:6: '{{' starts template code here"]),
        ("See <![chart](chart.png) here.", ["docs/p.md:6: this page has a '<' right before '!['"]),
    ],
    ids=[
        "undefined-variable",
        "unknown-macro",
        "unknown-term",
        "broken-link",
        "missing-anchor",
        "macro-error",
        "lt-image",
    ],
)
def test_bad_page_fails_the_build_naming_the_page(tmp_path, body, expected):
    project = mini_site(tmp_path, pages={"index.md": "Home.", "p.md": body})
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output, result.output
    for text in expected:
        assert text in result.output, result.output


def test_good_fixture_site_builds(tmp_path):
    """The fixture itself is sound, so the failures above come from the broken line alone."""
    project = mini_site(tmp_path, pages={"index.md": "Home.", "p.md": 'An {{ term("iep") }} and [home](index.md).'})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert result.warnings == []


def test_a_renamed_page_keeps_its_old_address(tmp_path):
    """mkdocs-redirects (configured in mkdocs.yml) turns an old address into a redirect page."""
    project = mini_site(
        tmp_path,
        pages={"index.md": "Home.", "guide/new-name.md": "Moved here."},
        plugins=[{"redirects": {"redirect_maps": {"guide/old-name.md": "guide/new-name.md"}}}],
    )
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    stub = (tmp_path / "site" / "guide" / "old-name" / "index.html").read_text()
    assert "../new-name/" in stub


def test_real_config_uses_the_redirects_plugin():
    from macros import config

    text = (ROOT / "mkdocs.yml").read_text()
    assert "  - redirects:" in text
    assert isinstance(config.read(ROOT).redirects, dict)


def test_content_error_stops_the_build_in_plain_words(tmp_path):
    """A broken glossary file: the plugin reports it before mkdocs-macros loads the data (no traceback)."""
    project = mini_site(tmp_path, terms={"iep": TERM_WITH_BAD_DATE}, pages={"index.md": "Home."})
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output, result.output
    assert "glossary/iep.yml:" in result.output and "is not a date" in result.output, result.output


def test_jinja_in_data_never_renders_on_generated_pages(tmp_path):
    """Generated pages say render_macros: false; mkdocs-macros then leaves every brace in them as text."""
    from macros import glossary
    from macros.models import Term
    from macros.pages import Context
    from tests.helpers import real_strings

    term = Term.model_validate({**TERM, "id": "iep", "definition": "Six times seven is {{ 6 * 7 }}."})
    page = glossary.term_page(term, {"iep": term}, [], Context(real_strings()))
    assert "render_macros: false" in page.markdown
    # The same front matter on a page in a real build keeps the braces.
    front = "---\ntitle: Braces\ndescription: A page whose braces stay text.\nlast_reviewed: 2026-11-01\nrender_macros: false\n---\n"
    project = mini_site(tmp_path, pages={"index.md": "Home.", "b.md": front + "Six times seven is {{ 6 * 7 }}."})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site" / "b" / "index.html").read_text()
    assert "{{ 6 * 7 }}" in html and "is 42" not in html


def test_jinja_in_data_is_refused_by_the_check(tmp_path):
    term = {**TERM, "definition": "Six times seven is {{ 6 * 7 }}."}
    project = mini_site(tmp_path, terms={"iep": term}, pages={"index.md": "Home."})
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "glossary/iep.yml" in result.output and "'{{ 6 * 7 }}'" in result.output, result.output


def test_serve_keeps_the_last_good_build_when_a_rebuild_fails(monkeypatch, caplog):
    """`make serve` (macros.serve): a failing rebuild is reported, and the server goes on serving the old site."""
    from mkdocs.exceptions import Abort

    from macros import serve

    def failing_build(config, **kwargs):
        raise Abort("Aborted with a BuildError!")

    monkeypatch.setattr(serve, "_build", failing_build)
    serve.build(None, serve_url="http://127.0.0.1:8000/")  # no exception: livereload serves the last build
    assert "last good build" in caplog.text
    assert "macros.serve" in (ROOT / "Makefile").read_text()
