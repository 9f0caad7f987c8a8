"""``make check``: every content problem at once, in plain words, without a browser.

Prints ``file:line: what is wrong - how to fix it``, grouped by file, then a summary.
Exits 1 if anything must be fixed; advice (soft rules) never fails the check.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import codespell_lib
import pathspec
import yaml

from . import config, glossary, i18n, loader, paths, readability, render, safety, translation
from . import letters as letters_mod
from . import site as site_mod
from .problems import Problem, Problems

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("docs", "glossary", "plans", "letters", *(i18n.docs_dir(lang) for lang in i18n.LANGUAGES[1:]))
ENGLISH_DIRS = ("docs", "glossary", "plans", "letters")
PUBLISHED = "published-urls.txt"
MD_LINK = re.compile(r"\]\(\s*(?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
LONG_SENTENCE = 30
FENCE = re.compile(r"^([ \t]*)(```|~~~).*?^\1\2[^\n]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
JINJA_OPEN = re.compile(r"\{\{|\{%|\{#")
MACRO_CALL = re.compile(r"\{\{-?\s*(?P<name>[a-z_]+)\((?P<args>[^{}]*)\)\s*-?\}\}")
SITE_URL = re.compile(r"\{\{\s*config\.site_url\s*\}\}")


def text_files(root: Path) -> list[Path]:
    files = []
    for name in CONTENT_DIRS:
        base = root / name
        if base.exists():
            files += [p for p in base.rglob("*") if p.suffix in (".md", ".yml", ".yaml") and "assets" not in p.parts]
    return sorted(files)


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_all(root: Path, problems: Problems) -> dict[str, str]:
    """Every content file's text, read once (a file that is not UTF-8 is one problem and is left out)."""
    found = {}
    for path in text_files(root):
        text = loader.read_text(path, problems, root)
        if text is not None:
            found[rel(path, root)] = text
    return found


def page_lang(file: str) -> str | None:
    """The language of a hand-written page (``docs/...`` English, ``docs-es/...`` Spanish); None for data."""
    if not file.endswith(".md"):
        return None
    return next((lang for lang in i18n.LANGUAGES if file.startswith(f"{i18n.docs_dir(lang)}/")), None)


def editions(s: site_mod.Site) -> list[site_mod.Site]:
    return [s, *s.editions.values()]


def blank_code(text: str) -> str:
    """The text with code blocks and code spans blanked out (same lines): code shows, it never runs."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return "\n".join(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) for line in text.split("\n"))


def check_safety(root: Path, s: site_mod.Site, texts: dict[str, str], problems: Problems) -> None:
    """No script, handler, unsafe address or unknown tag in any page or data field (see macros/safety.py)."""
    for file, text in texts.items():
        lines = text.split("\n")
        if file.endswith(".md"):
            front, _, offset = loader.split_front_matter(text)
            body_start = len(text) - len(_) if front is not None else 0
            prose = "\n" * text[:body_start].count("\n") + blank_code(text[body_start:])
            for f in safety.text_findings(prose):
                problems.add(file, safety.line_of(f.token, prose.split("\n")), f"this page has {f.what}", f.fix)
        for n, line in enumerate(lines, 1):
            if "TODO" in line and not line.lstrip().startswith("#") and "/contributing/" not in file:
                problems.add(file, n, "a TODO from the template is still here", "replace it with real text")
    records = [(paths.TERM.data_file(i), r) for i, r in s.terms.items()]
    records += [(paths.PLAN.data_file(i), r) for i, r in s.plans.items()]
    records += [(paths.QUESTIONNAIRE.data_file(i), r) for i, r in s.questionnaires.items()]
    for ed in editions(s):
        records += [(paths.docs_file(p, ed.lang), meta) for p, (meta, _) in ed.pages.items()]
        records += [(paths.story_file(i, ed.lang), meta) for i, (meta, _) in ed.stories.items()]
    for file, record in records:
        text = texts.get(file, "")
        front, _, offset = loader.split_front_matter(text) if file.endswith(".md") else (text, "", 0)
        lines = text.split("\n")
        for where, value in site_mod.text_fields(record):
            for f in safety.text_findings(value):
                problems.add(
                    file, field_line(front or "", where, f.token, lines, offset), f"'{where}' has {f.what}", f.fix
                )


def field_line(yaml_text: str, where: str, token: str, lines: list[str], offset: int) -> int | None:
    """The line of ``token`` inside the field ``where`` (a dotted path) of a YAML text, else the field's line."""
    loc = tuple(int(p) if p.isdigit() else p for p in where.split("."))
    span = loader.field_span(yaml_text, loc)
    if span is None:
        return safety.line_of(token, lines)
    first, last = span[0] + offset, span[1] + offset
    inside = safety.line_of(token, lines[first - 1 : last])
    return first + inside - 1 if inside else first


def check_jinja(s: site_mod.Site, texts: dict[str, str], problems: Problems) -> None:
    """Pages may call the site's macros; any other {{, {% or {# is a mistake that Jinja would eat.

    A page whose front matter says ``render_macros: false`` shows braces as text, so it is skipped.
    """
    plain = {
        paths.docs_file(p, ed.lang) for ed in editions(s) for p, (meta, _) in ed.pages.items() if not meta.render_macros
    }
    for file, text in texts.items():
        if not page_lang(file) or file in plain:
            continue
        text = RAW_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for n, line in enumerate(text.split("\n"), 1):
            line = SITE_URL.sub("", line)
            for m in MACRO_CALL.finditer(line):
                if m["name"] not in render.PAGE_MACROS:
                    problems.add(
                        file,
                        n,
                        f"'{m['name']}()' is not a macro of this site",
                        f"use one of: {', '.join(render.PAGE_MACROS)}; {paths.suggest(m['name'], list(render.PAGE_MACROS))}",
                    )
            rest = MACRO_CALL.sub("", line)
            if m := JINJA_OPEN.search(rest):
                problems.add(
                    file,
                    n,
                    f"'{m.group(0)}' starts template code here, but no macro follows",
                    "to show braces as text, put them between {% raw %} and {% endraw %}; "
                    "for a heading id write { #id } with a space",
                )


def check_terms_and_links(root: Path, s: site_mod.Site, texts: dict[str, str], problems: Problems) -> None:
    """term() ids and links to other pages, with line numbers, in every Markdown page."""
    known_terms = s.term_files | set(s.terms)
    known_in = {
        ed.lang: set(ed.titles) | {f.split("/", 1)[1] for f in texts if page_lang(f) == ed.lang} for ed in editions(s)
    }
    for file, text in texts.items():
        lang = page_lang(file)
        if lang not in known_in:
            continue
        known = known_in[lang]
        here = Path(file).parent.relative_to(i18n.docs_dir(lang))
        # Jinja runs inside code too (only {% raw %} stops it), so term ids are checked everywhere else.
        rendered = RAW_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text).split("\n")
        for n, line in enumerate(blank_code(text).split("\n"), 1):
            glossary.unknown_terms(rendered[n - 1], known_terms, file, "this line", problems, n)
            for m in MD_LINK.finditer(line):
                target = m["target"].split("#")[0]
                if not target or re.match(r"^[a-z]+:", target) or not target.endswith(".md"):
                    continue
                resolved = target.lstrip("/") if target.startswith("/") else (here / target).as_posix()
                norm = posixpath.normpath(resolved)
                if norm not in known:
                    problems.add(
                        file,
                        n,
                        f"the link to '{m['target']}' goes to no page",
                        f"link to an existing page, for example /guide/what-is-an-iep.md; "
                        f"{paths.suggest(norm, sorted(known))}",
                    )


ONE_ARG_TERM = re.compile(r"""\{\{-?\s*term\(\s*["'](?P<id>[^"']+)["']\s*\)\s*-?\}\}""")
SENTENCE_START = re.compile(r"(?:\A|\n\s*\n|\n---[ \t]*\n|\n\s*(?:[-*+]|\d+\.|#+|>|\|)|[.!?][\"')]*)\s*\Z")


def check_sentence_starts(s: site_mod.Site, texts: dict[str, str], problems: Problems) -> None:
    """term("evaluation") writes 'evaluation' in lower case, as mid-sentence; at a sentence start it needs the
    two-argument form, so that the sentence starts with a capital."""
    for file, text in texts.items():
        lang = page_lang(file)
        if lang not in s.editions and lang != s.lang:
            continue
        terms = s.edition(lang).terms
        for m in ONE_ARG_TERM.finditer(text):
            term = terms.get(m["id"])
            if term is None or term.inline_label == term.label:
                continue
            if SENTENCE_START.search(text[max(0, m.start() - 200) : m.start()]):
                problems.add(
                    file,
                    text.count("\n", 0, m.start()) + 1,
                    f'term("{m["id"]}") starts a sentence, but writes "{term.inline_label}" in lower case',
                    f'write {{{{ term("{m["id"]}", "{term.term}") }}}}',
                )


def check_nav(root: Path, texts: dict[str, str], problems: Problems, lang: str = i18n.DEFAULT) -> None:
    """Every page is in the menu (nav in mkdocs.yml, or mkdocs.es.yml for Spanish) or in not_in_nav;
    MkDocs would only warn."""
    cfg = config.read(root, problems, lang)
    if "nav" not in cfg.data:
        return  # without a nav, MkDocs lists every page itself
    listed = set(cfg.nav_paths())
    not_in_nav = cfg.data.get("not_in_nav") or config.read(root).data.get("not_in_nav") or ""
    spec = pathspec.GitIgnoreSpec.from_lines(not_in_nav.splitlines())
    nav_line = cfg.line_of("nav") or 1
    for file in texts:
        if page_lang(file) != lang:
            continue
        page = file.split("/", 1)[1]
        if page not in listed and not spec.match_file(page):
            title = (s_title(texts[file]) or Path(page).stem.replace("-", " ").capitalize()).replace(":", " -")
            problems.add(
                file,
                1,
                "the page is not in the menu",
                f"add the line '      - {title}: {page}' under the right section of nav: in "
                f"{config.edition_file(lang)} (line {nav_line})",
            )


def s_title(text: str) -> str | None:
    m = re.search(r"^title:\s*(.+)$", text, re.M)
    return m.group(1).strip().strip("'\"") if m else None


def check_readability(root: Path, s: site_mod.Site, problems: Problems) -> list[tuple[str, int, float]]:
    """Family pages, stories and letters' instructions at grade 8.0 or lower, unless a page gives its
    reason to be exempt. (Not run by the build: it needs the pronouncing dictionary, 2.3 s to load.)"""
    names = {tid: t.term for tid, t in s.terms.items()}
    rows = []
    items = [(f"docs/{p}", meta, body) for p, (meta, body) in s.pages.items()]
    items += [(f"docs/stories/{sid}.md", None, body) for sid, (_, body) in s.stories.items()]
    items += [(f"glossary/{tid}.yml", None, f"{t.definition}\n\n{t.example or ''}") for tid, t in s.terms.items()]
    for file, meta, body in sorted(items):
        text = readability.markdown_to_text(body, names)
        grade, words = readability.grade(text), readability.word_count(text)
        rows.append((file, words, grade))
        if meta is None and file.startswith("docs/stories/") and not 400 <= words <= 900:
            problems.add(file, None, f"the story has {words} words", "stories have 400 to 900 words")
        if meta is not None and (meta.audience != "family" or meta.readability_exempt):
            continue
        if grade > readability.MAX_GRADE:
            problems.add(
                file,
                None,
                f"reads at grade {grade}, above the limit of {readability.MAX_GRADE}",
                "use shorter sentences and everyday words (see docs/contributing/style-guide.md)",
            )
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if len(sentence.split()) > LONG_SENTENCE:
                problems.add(
                    file,
                    None,
                    f'a sentence has {len(sentence.split())} words: "{" ".join(sentence.split()[:8])} ..."',
                    "split it; aim for under 20 words",
                    must_fix=False,
                )
    for lid, letter in sorted(s.letters.items()):
        grade = readability.grade(letters_mod.instructions_text(letter, names))
        if grade > readability.MAX_GRADE:
            problems.add(
                paths.LETTER.data_file(lid),
                None,
                f"the instructions (when_to_use, how_to_send, what_next and help) read at grade {grade}, "
                f"above the limit of {readability.MAX_GRADE}",
                "use shorter sentences and everyday words (see docs/contributing/style-guide.md)",
            )
    return rows


def misspellings_for_search(root: Path) -> set[tuple[str, int]]:
    """(file, line) of each word in a glossary 'search_also' list: misspelled on purpose, so that
    search finds the term when families type it that way. Only those lines skip the spelling check."""
    found = set()
    for path in sorted((root / "glossary").glob("*.yml")):
        text = loader.read_text(path, None, root)
        try:
            node = loader.compose(text) if text is not None else None
        except yaml.YAMLError:
            continue  # the loader reports broken YAML (and bytes that are not UTF-8)
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            if key.value == "search_also" and isinstance(value, yaml.SequenceNode):
                found |= {(rel(path, root), item.start_mark.line + 1) for item in value.value}
    return found


def check_spelling(root: Path, problems: Problems) -> None:
    """codespell over the content folders, in this process (a subprocess costs a second each time)."""
    # English only: codespell knows no Spanish, so Spanish pages and *_es fields are left out.
    dirs = [str(root / d) for d in CONTENT_DIRS if (root / d).exists() and d in ENGLISH_DIRS]
    words = root / "tests" / "codespell-words.txt"
    args = ["--quiet-level", "2", *(["--ignore-words", str(words)] if words.exists() else []), *dirs]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        codespell_lib.main(*args)
    intended = misspellings_for_search(root)
    intended |= {(f, n) for f, n, _ in translation.translated_lines(read_all(root, Problems()))}
    for line in out.getvalue().splitlines():
        m = re.match(r"(?P<file>[^:]+):(?P<line>\d+): (?P<word>\S+) ==> (?P<fix>.+)", line)
        if m and (rel(Path(m["file"]), root), int(m["line"])) not in intended:
            problems.add(
                rel(Path(m["file"]), root),
                int(m["line"]),
                f"'{m['word']}' looks misspelled",
                f"write '{m['fix']}' (or add the word to tests/codespell-words.txt if it is right)",
            )


def published_list(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip() and not line.startswith("#")]


def published_at(root: Path, ref: str) -> list[str] | None:
    """The published list on another branch (the pull request's target), or None where git cannot say."""
    try:
        out = subprocess.run(
            ["git", "show", f"{ref}:{PUBLISHED}"], cwd=root, capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return published_list(out.stdout)


def check_published(root: Path, s: site_mod.Site, texts: dict[str, str], problems: Problems, base: str | None) -> None:
    """A published address never disappears: it stays, or mkdocs.yml redirects it.

    ``base`` is the branch a pull request goes to: what is published there counts too, so deleting
    a line from published-urls.txt does not get a page removed quietly.
    """
    listed_file = root / PUBLISHED
    if not listed_file.exists():
        return
    listed = published_list(loader.read_text(listed_file) or "")
    now = set(s.titles) | {f.removeprefix("docs/") for f in texts if f.startswith("docs/") and f.endswith(".md")}
    # A data file that does not load still has its page: its own problem is reported, not a lost address.
    for kind in (paths.TERM, paths.PLAN, paths.QUESTIONNAIRE, paths.LETTER):
        now |= {kind.page(p.stem) for p in (root / kind.data_dir).glob(f"*{kind.suffix}") if p.stem != "labels"}
    redirects = config.read(root, problems).redirects
    if base:
        before = published_at(root, base)
        if before is None:
            problems.add(
                PUBLISHED,
                None,
                f"could not read {PUBLISHED} on '{base}'",
                "fetch that branch (git fetch), then check again",
            )
        else:
            for path in sorted(set(before) - set(listed)):
                if path not in now and path not in redirects:
                    problems.add(
                        PUBLISHED,
                        None,
                        f"'{path}' is published on {base} but this change removes it",
                        f"keep the page, or add a redirect in mkdocs.yml under redirects: redirect_maps: "
                        f"'{path}: <new page>.md', and keep its line in {PUBLISHED}",
                    )
    for n, path in enumerate(listed, 1):
        if path not in now and path not in redirects:
            problems.add(
                PUBLISHED,
                n,
                f"'{path}' was published but is gone",
                f"add a redirect in mkdocs.yml under redirects: redirect_maps: '{path}: <new page>.md', "
                "so old links keep working",
            )
    filters = {p for p in now if p.startswith(f"{paths.STORY.docs_dir}/") and p.count("/") > 1}
    for path in sorted(now - set(listed) - filters):
        problems.add(
            PUBLISHED,
            None,
            f"the new page '{path}' is not listed",
            f"add the line '{path}' to {PUBLISHED} (its address is then kept for good)",
        )


def check_soft_rules(texts: dict[str, str], problems: Problems) -> None:
    for file, text in texts.items():
        if file.endswith("README.md") or "/contributing/" in file:
            continue
        for n, line in enumerate(text.split("\n"), 1):
            if re.search(r"\b(e\.g\.|i\.e\.|etc\.)", line):
                problems.add(
                    file, n, "Latin abbreviation", "write 'for example', 'that is' or 'and more'", must_fix=False
                )


def locate(problem: Problem, texts: dict[str, str]) -> Problem:
    """Find a line for a problem that names a value, so editors can jump to it."""
    if problem.line or problem.file not in texts:
        return problem
    values = re.findall(r"'([^']+)'", problem.message)
    lines = texts[problem.file].split("\n")
    for value in reversed(values):
        for needle in (f'"{value}"', f"'{value}'", f": {value}", value):
            for n, line in enumerate(lines, 1):
                if needle in line:
                    return Problem(problem.file, n, problem.message, problem.fix, problem.must_fix)
    return problem


def build_problems(root: Path, s: site_mod.Site, base: str | None = None) -> list[Problem]:
    """The checks the build runs before it writes anything (fast): data, safety, terms, links, menu, addresses."""
    problems = Problems()
    problems.extend(s.problems)
    texts = read_all(root, problems)
    check_safety(root, s, texts, problems)
    check_jinja(s, texts, problems)
    check_terms_and_links(root, s, texts, problems)
    check_sentence_starts(s, texts, problems)
    for lang in [s.lang, *s.editions]:
        check_nav(root, texts, problems, lang)
    check_published(root, s, texts, problems, base)
    translation.check(root, s, texts, problems)
    return finish(problems, texts)


def finish(problems: Problems, texts: dict[str, str]) -> list[Problem]:
    return sorted({locate(p, texts) for p in problems.items}, key=lambda p: (p.file, p.line or 0, p.message))


def run(root: Path = ROOT, base: str | None = None) -> tuple[list[Problem], list[tuple[str, int, float]]]:
    """Everything ``make check`` checks: what the build checks, plus reading level, spelling and advice."""
    s = site_mod.load(root, raise_errors=False)
    problems = Problems()
    problems.extend(build_problems(root, s, base))
    texts = read_all(root, Problems())
    rows = check_readability(root, s, problems)
    for lang in s.editions:
        translation.readability_rows(s, lang, problems)
    check_spelling(root, problems)
    check_soft_rules(texts, problems)
    return finish(problems, texts), rows


def changed_files(root: Path, base: str | None) -> set[str] | None:
    """Files this branch changes against ``base`` (and not yet committed), or None where git cannot say."""
    try:
        names = set()
        for cmd in (
            ["git", "diff", "--name-only", base or "HEAD"],
            ["git", "ls-files", "--others", "--exclude-standard"],
        ):
            out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=30, check=True)
            names |= set(out.stdout.split())
        return names
    except (OSError, subprocess.SubprocessError):
        return None


def report(found: list[Problem], changed: set[str] | None = None) -> str:
    """Problems grouped by file; advice only for the files a branch changes (``changed``), else counted."""
    shown = [p for p in found if p.must_fix or changed is None or p.file in changed]
    hidden = len(found) - len(shown)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in shown:
        by_file[p.file].append(p)
    out = []
    for file, items in sorted(by_file.items()):
        out.append(f"\n{file}")
        for p in items:
            out.append(f"  {'' if p.must_fix else 'advice: '}{p}")
    errors = sum(p.must_fix for p in found)
    advice = len(found) - errors
    if hidden:
        out.append(
            f"\n({hidden} piece(s) of advice about files you did not change are not shown: make check ADVICE=all)"
        )
    if errors:
        out.append(f"\n{errors} problem(s) to fix and {advice} piece(s) of advice in {len(by_file)} file(s).")
    else:
        out.append(f"\nAll content checks passed ({advice} piece(s) of advice).")
    return "\n".join(out).lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    """make check [BASE=origin/main] [ADVICE=all]: exit 0 when clean, 1 with problems, 2 if the check itself failed."""
    args = list(sys.argv[1:] if argv is None else argv)
    all_advice = "--all-advice" in args
    base = next((a.split("=", 1)[1] for a in args if a.startswith("--base=")), None) or os.environ.get("BASE") or None
    rest = [a for a in args if not a.startswith("--")]
    root = Path(rest[0]).resolve() if rest else ROOT
    try:
        found, _ = run(root, base)
    except Exception as err:
        where = loader.CURRENT_FILE or "the content"
        print(
            f"{where}: the check stopped on something it did not expect ({type(err).__name__}: {err}) - "
            "please report this (with the file) as an issue; meanwhile look for an odd character or line in that file",
            file=sys.stderr,
        )
        return 2
    print(report(found, None if all_advice else changed_files(root, base)))
    return 1 if any(p.must_fix for p in found) else 0


if __name__ == "__main__":
    raise SystemExit(main())
