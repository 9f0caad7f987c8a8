"""The real site builds strictly; broken pages fail the build and name the page."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import ROOT, build, mini_site


def nav_paths(nav) -> list[str]:
    found = []
    for item in nav:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += nav_paths(value) if isinstance(value, list) else [value]
    return found


def test_strict_build_has_no_warnings(built):
    assert built.warnings == [], "\n".join(built.warnings)


def test_every_nav_entry_is_a_built_page(site_dir):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["nav"]
    missing = []
    for path in nav_paths(nav):
        html = path.removesuffix(".md").removesuffix("index")
        target = site_dir / html / "index.html" if html else site_dir / "index.html"
        if not target.exists():
            missing.append(path)
    assert len(nav_paths(nav)) > 20
    assert missing == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hello {{ no_such_variable }}", ["p.md", "'no_such_variable' is undefined"]),
        ("{{ no_such_macro() }}", ["p.md", "'no_such_macro' is undefined"]),
        ('{{ term("fapee") }}', ["docs/p.md", "unknown glossary term 'fapee'"]),
        ("See [the page](missing.md).", ["'p.md' contains a link 'missing.md'", "not found"]),
        ("See [home](index.md#nowhere).", ["'p.md' contains a link 'index.md#nowhere'", "anchor '#nowhere'"]),
        ("{{ 1 / 0 }}", ["p.md", "ZeroDivisionError"]),
    ],
    ids=["undefined-variable", "unknown-macro", "unknown-term", "broken-link", "missing-anchor", "macro-error"],
)
def test_bad_page_fails_the_build_naming_the_page(tmp_path, body, expected):
    project = mini_site(tmp_path, pages={"index.md": "Home.", "p.md": body})
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    for text in expected:
        assert text in result.output


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
    from macros.check import redirect_map

    text = (ROOT / "mkdocs.yml").read_text()
    assert "  - redirects:" in text
    assert isinstance(redirect_map(ROOT), dict)
