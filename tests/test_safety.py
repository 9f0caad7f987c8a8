"""Nothing that runs reaches a reader: the XSS corpus through every field and a page body, the
sanitizer on rendered HTML, the Content-Security-Policy, and the built site read by a real HTML5 parser."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from macros import check, config, csp, safety
from macros import site as site_mod
from macros.models import PLAN_FIELDS
from tests.helpers import ROOT, STORY, TERM, build, mini_site
from tests.xss_vectors import VECTORS

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background")


def executable(html: str, allow_scripts: bool = False) -> list[str]:
    """What a browser could run in ``html``, read by a WHATWG parser (lexbor): elements that run or
    load code, inline handlers, and addresses with a scheme other than http(s), mailto or tel."""
    found = []
    for node in LexborHTMLParser(html).root.traverse():
        tag = node.tag or ""
        if tag.startswith("-"):
            continue
        if tag in ("script", "iframe", "object", "embed", "base", "frame", "style", "link", "meta") and not (
            allow_scripts and tag in ("script", "link", "meta", "style")
        ):
            found.append(f"<{tag}>")
        if tag == "form" and {"action", "method", "target"} & set(node.attributes or {}):
            found.append("<form> that sends somewhere")
        for name, value in (node.attributes or {}).items():
            if name.lower().startswith("on"):
                found.append(f"{name}= on <{tag}>")
            elif name.lower() in URL_ATTRIBUTES and value and safety.unsafe_url(value):
                found.append(f"{name}={value!r} on <{tag}>")
            elif name.lower() in ("srcdoc", "formaction"):
                found.append(f"{name} on <{tag}>")
    return found


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml configures (what renders our pages)."""
    extensions, configs = [], {}
    for item in config.cached(ROOT).data["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def test_the_corpus_is_large_and_varied():
    assert len(VECTORS) >= 50 and len(set(VECTORS)) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=range(len(VECTORS)))
def test_the_check_refuses_every_vector(vector):
    assert safety.text_findings(vector), vector


@pytest.mark.parametrize("vector", VECTORS, ids=range(len(VECTORS)))
def test_rendered_vectors_are_sanitized_loudly_and_left_inert(vector):
    rendered = site_markdown().convert(vector)
    clean, dropped = safety.sanitize(rendered)
    assert executable(clean) == [], clean
    if executable(rendered):
        assert dropped, f"the sanitizer changed {rendered!r} without saying so"


def vector_project(tmp: Path) -> tuple[Path, dict[str, list[str]]]:
    """One file per vector and per kind of content, the vector in every text field of it.

    Returns the project and, per file, the fields that hold the vector.
    """
    expected: dict[str, list[str]] = {}
    terms, files, pages = {"iep": TERM}, {}, {"index.md": "Home."}
    plan = yaml.safe_load((ROOT / "plans" / "iep.yml").read_text())
    qn = yaml.safe_load((ROOT / "plans" / "questionnaires" / "which-plan.yml").read_text())
    for k, v in enumerate(VECTORS):
        text = f"Text {k} {v}"
        terms[f"t{k}"] = {
            **TERM,
            "term": f"Term {k} {v}",
            "abbr": f"AB{k}{v}",
            "aka": [f"Alias {k} {v}"],
            "short": text,
            "definition": text,
            "example": text,
            "sources": [{"title": text, "url": "https://www.ecfr.gov/current/title-34/section-300.320"}],
        }
        expected[f"glossary/t{k}.yml"] = ["term", "abbr", "aka.0", "short", "definition", "example", "sources.0.title"]
        p = {**plan, **{f: text for f in (*PLAN_FIELDS, "name", "short_name", "summary", "details")}}
        files[f"plans/p{k}.yml"] = yaml.safe_dump(p, allow_unicode=True)
        expected[f"plans/p{k}.yml"] = [*PLAN_FIELDS, "name", "short_name", "summary", "details"]
        q = json.loads(json.dumps(qn, default=str))
        q.update(title=text, description=text, intro=text)
        q["questions"][0].update(prompt=text, help=text)
        q["questions"][0]["answers"][0]["label"] = text
        for name in ("title", "why", "next_steps", "ask"):
            q["outcomes"][0][name] = text
        files[f"plans/questionnaires/q{k}.yml"] = yaml.safe_dump(q, allow_unicode=True)
        expected[f"plans/questionnaires/q{k}.yml"] = [
            "title",
            "description",
            "intro",
            "questions.0.prompt",
            "questions.0.help",
            "questions.0.answers.0.label",
            "outcomes.0.title",
            "outcomes.0.why",
            "outcomes.0.next_steps",
            "outcomes.0.ask",
        ]
        front = yaml.safe_dump({"title": text, "description": text, "last_reviewed": "2026-11-01"})
        pages[f"v{k}.md"] = f"---\n{front}---\n\nA body.\n\n{v}\n"
        expected[f"docs/v{k}.md"] = ["title", "description", "body"]
        story = STORY.replace("title: A story", f"title: {json.dumps(text)}").replace(
            "summary: A family", f"summary: {json.dumps(text + ' A family')}\nx: "
        )
        story = re.sub(r"\nx: .*\n", "\n", story) + f"\n{v}\n"
        files[f"docs/stories/s{k}.md"] = story
        expected[f"docs/stories/s{k}.md"] = ["title", "summary", "body"]
    project = mini_site(tmp, pages=pages, terms=terms, files=files)
    return project, expected


@pytest.fixture(scope="module")
def vectors_everywhere(tmp_path_factory):
    project, expected = vector_project(tmp_path_factory.mktemp("xss"))
    return project, expected, site_mod.load(project, raise_errors=False)


def test_every_vector_in_every_field_of_every_kind_fails_the_check(vectors_everywhere):
    project, expected, site = vectors_everywhere
    found = [str(p) for p in check.build_problems(project, site) if p.must_fix]
    missing = []
    for file, fields in expected.items():
        mine = [line for line in found if line.startswith(file)]
        for field in fields:
            needle = "this page has" if field == "body" else f"'{field}' has"
            if not any(needle in line for line in mine):
                missing.append(f"{file}: {field}")
    assert missing == [], f"{len(missing)} fields passed the check with a vector in them:\n" + "\n".join(missing[:40])


def test_the_build_refuses_them_too_in_plain_words(vectors_everywhere, tmp_path):
    project, _, _ = vectors_everywhere
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "docs/v0.md:" in result.output and "glossary/t0.yml:" in result.output, result.output[-2000:]


def test_what_the_sanitizer_drops_fails_the_build_naming_the_source(tmp_path):
    """The second barrier on its own: the plugin sanitizes each rendered page and reports what it removed."""
    from types import SimpleNamespace

    from macros.plugin import IepBasicsPlugin

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("Line one.\nLine <b onclick=x()>two</b>.\n")
    plugin = IepBasicsPlugin()
    plugin.root, plugin.sources, plugin.unsafe = tmp_path, {}, []
    page = SimpleNamespace(file=SimpleNamespace(src_uri="p.md"))
    clean = plugin.on_page_content('<p>Line <b onclick="x()">two</b>.</p>', page=page, config=None, files=None)
    assert clean == "<p>Line <b>two</b>.</p>"
    assert plugin.unsafe == [
        "docs/p.md:2: the attribute 'onclick' on <b>, which pages may not use - "
        "remove it: pages and data may not run code or load other sites"
    ]


def test_policy_allows_exactly_the_inline_scripts_of_the_page():
    page = '<html><head><meta charset="utf-8"><script>a()</script><script src="x.js"></script></head></html>'
    out = csp.add_policy(page)
    assert out.index("Content-Security-Policy") < out.index("<script>a()</script>")
    assert "'sha256-" in out and out.count("'sha256-") == 1
    for rule in ("object-src 'none'", "base-uri 'self'", "form-action 'none'", "default-src 'self'"):
        assert rule in out


@pytest.mark.browser
def test_the_policy_blocks_an_injected_inline_handler(page, base_url, site_dir):
    html = (site_dir / "index.html").read_text()
    injected = '<img src="data:," onerror="window.kbRan = 1"><script>window.kbRan2 = 1</script>'
    serve_probe(page, base_url + "kb-probe-csp/", html.replace("</article>", injected + "</article>", 1))
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(base_url + "kb-probe-csp/")
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.evaluate("[window.kbRan, window.kbRan2]") == [None, None]
    assert any("Content Security Policy" in m for m in messages), messages


def serve_probe(page, url: str, html: str) -> None:
    """Answer ``url`` with ``html`` in this browser page only: nothing is written into the shared site."""
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))


@pytest.mark.browser
def test_sanitized_vectors_do_nothing_in_chromium(page, base_url, site_dir):
    md = site_markdown()
    cleaned = "\n".join(safety.sanitize(md.reset().convert(v))[0] for v in VECTORS)
    html = (site_dir / "index.html").read_text()
    serve_probe(page, base_url + "kb-probe-vectors/", html.replace("</article>", cleaned + "</article>", 1))
    dialogs, messages, requests = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: messages.append((m.text, m.location.get("url", ""))))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + "kb-probe-vectors/")
    page.wait_for_load_state("networkidle")
    # Fire the events that inline handlers listen for on every element: any handler left would run now.
    page.evaluate(
        """() => document.querySelectorAll("article *").forEach((el) => {
            for (const type of ["mouseover", "mouseenter", "pointerenter", "focus", "toggle", "load", "error"]) {
                el.dispatchEvent(new Event(type));
            }
        })"""
    )
    page.wait_for_load_state("networkidle")
    assert dialogs == [] and page.kb_offsite == []
    assert [u for u in requests if not u.startswith(base_url)] == []
    # What is left of <img src=x onerror=...> is a harmless <img src="x">: the browser asks this site
    # for "x" and logs a 404. No other message may appear.
    others = [
        (text, url)
        for text, url in messages
        if not (text.startswith("Failed to load resource") and url.startswith(base_url))
    ]
    assert others == [], others


def test_no_built_page_or_glossary_json_holds_anything_executable(site_dir):
    problems = []
    for file in sorted(site_dir.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        if "Redirecting" in html[:400]:
            continue
        if 'http-equiv="Content-Security-Policy"' not in html:
            problems.append(f"{file.relative_to(site_dir)}: no Content-Security-Policy")
        article = LexborHTMLParser(html).css_first("article")
        if article is not None:
            problems += [f"{file.relative_to(site_dir)}: {x}" for x in executable(article.html)]
    data = json.loads((site_dir / "glossary.json").read_text())
    for term in data["terms"]:
        for key in ("definition", "example"):
            problems += [f"glossary.json {term['id']}.{key}: {x}" for x in executable(term[key] or "")]
        for key in ("term", "short", "abbr"):
            if term[key] and "<" in term[key]:
                problems.append(f"glossary.json {term['id']}.{key}: markup in a plain-text field")
    assert problems == [], "\n".join(problems[:40])


def _unsafe_url_reading_every_character(value: str) -> str | None:
    """The rule as first written: drop every control and space character of the whole address."""
    import html
    import unicodedata
    from urllib.parse import unquote

    text = unquote(html.unescape(value))
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C") and not c.isspace())
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    if m and m.group(1).lower() not in safety.SCHEMES:
        return m.group(1).lower() + ":"
    return "//" if text.startswith("//") else None


@given(
    st.text(alphabet=st.sampled_from("jJavscript: \t\n\x00\x1f/&#x09;%0a:.+-aHTtps\u200b\u00a0"), max_size=40)
    | st.text(max_size=40)
)
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), derandomize=bool(os.environ.get("CI")))
@example("java\tscript:alert(1)")
@example("  //evil.example/x")
@example("https://x.example/a:b")
@example("JaVaScRiPt:alert(1)")
@example("/guide/what-is-an-iep/#top")
def test_unsafe_url_reads_only_the_scheme_part_with_the_same_answer(value):
    # unsafe_url stops reading at the first ':' (faster builds); the answer must not change.
    assert safety.unsafe_url(value) == _unsafe_url_reading_every_character(value)


# Pieces of HTML that nh3 keeps, changes or drops: mixed, they make fragments to sanitize.
PIECES = [
    '<a href="/x/" title="a > b">',
    "<a href=x title='it&#39;s \"q\"'>",
    "</a>",
    "<br/>",
    "<img src=javascript:alert(1) alt=x>",
    '<img src="/i.png" alt="">',
    "<!-- <b title=c> -->",
    "<textarea name=t><b>x</b></textarea>",
    "&amp; &lt;b&gt;",
    "<input type=file>",
    "<input type=CHECKBOX checked>",
    '<div data-kb-x="1" data-kb-x_y="2" onclick="x" CLASS=k>',
    "</div>",
    '<p title="&quot;q&quot;" hidden>',
    "<script>x</script>",
    "<style>p{}</style>",
    "<svg><a xlink:href=javascript:x>s</a></svg>",
    "<td colspan=2 align=left>",
    "<table><tr><td>c</td></tr></table>",
    "<abbr title='Individualized &amp; Education'>IEP</abbr>",
    '<abbr title="a <b title=x> c">IEP</abbr>',
    '<p data-kb-x"y="1">',
    "<",
    ">",
    '"',
    "<b",
]


@given(st.lists(st.sampled_from(PIECES + VECTORS) | st.text(max_size=8), max_size=12).map("".join))
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), derandomize=bool(os.environ.get("CI")))
def test_the_pattern_reads_the_sanitizer_output_as_the_parser_does(fragment):
    # sanitize() reads nh3's output with a pattern, not the parser (faster builds). A tag or attribute
    # the pattern counted too often would hide that nh3 dropped it: every count must be the parser's.
    clean, _ = safety.sanitize(fragment)
    parser = safety._Collector()
    parser.feed(clean)
    parser.close()
    read = safety._clean_tags(clean)
    for key, count in parser.tags.items():
        assert read[key] == count, (key, clean)
    for key in read.keys() - parser.tags.keys():
        # Only what the parser refuses to count (and so never counts before nh3 either).
        tag, name, value = key
        refused = not safety.allowed_attribute(tag, name) or (
            tag == "input" and name == "type" and value.lower() not in safety.INPUT_TYPES
        )
        assert refused, (key, clean)
