"""Our CSS and JavaScript reach the browser without comments (macros/assets.py), and nothing else changes."""

from __future__ import annotations

import pytest

from macros import assets
from tests.helpers import ROOT


def test_css_loses_comments_and_indentation_only():
    source = '/* a\n   comment */\n.a :focus-visible {\n  content: " (" attr(href) ")";\n}\n\n'
    assert assets.css(source) == '.a :focus-visible {\ncontent: " (" attr(href) ")";\n}\n'


def test_css_refuses_a_string_that_looks_like_a_comment():
    with pytest.raises(ValueError, match="'/\\*'"):
        assets.css('.a::after { content: "/* not a comment */"; }')


def test_js_loses_whole_line_comments_only():
    source = '// head\n"use strict";\n  // inside\n  const url = "http://x/"; // kept: not a whole line\n\n'
    assert assets.js(source) == '"use strict";\nconst url = "http://x/"; // kept: not a whole line\n'


def test_built_site_has_our_assets_without_comments(site_dir):
    rewritten = 0
    for source in (ROOT / "docs" / "assets").rglob("*"):
        if source.suffix not in (".css", ".js"):
            continue
        built = (site_dir / source.relative_to(ROOT / "docs")).read_text(encoding="utf-8")
        expected = assets.css if source.suffix == ".css" else assets.js
        assert built == expected(source.read_text(encoding="utf-8")), source.name
        assert "/*" not in built if source.suffix == ".css" else "\n//" not in built
        rewritten += 1
    assert rewritten >= 6


def test_pages_lose_the_whitespace_between_tags_but_keep_every_word_and_every_code_line():
    page = (
        "<div>\n    <p>One <b>two</b> three</p>\n\n    <ul>\n      <li>a</li>\n    </ul>\n"
        "<pre><code>line 1\n    indented</code></pre>\n<textarea>\n  kept\n</textarea>\n"
        '<script>\n  var a = 1;\n</script>\n<p class="kb-letter__p">Dear <span>[name]</span>,\n\n  <span>x</span></p>\n</div>'
    )
    out = assets.html(page)
    assert "<div>\n<p>One <b>two</b> three</p>\n<ul>\n<li>a</li>\n</ul>" in out
    for kept in ("line 1\n    indented", "<textarea>\n  kept\n</textarea>", "<script>\n  var a = 1;\n</script>"):
        assert kept in out
    assert "Dear <span>[name]</span>,\n\n  <span>x</span></p>" in out
    assert len(out) < len(page)
