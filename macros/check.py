"""``make check``: every content problem at once, in plain words, without a browser.

Prints ``file:line: what is wrong - how to fix it``, grouped by file, then a summary.
Exits 1 if anything must be fixed; advice (soft rules) never fails the check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from . import readability
from . import site as site_mod
from .loader import suggest
from .problems import Problem, Problems
from .render import TERM_CALL

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("docs", "glossary", "plans")
PUBLISHED = "published-urls.txt"

UNSAFE = (
    (re.compile(r"<\s*script\b", re.I), "a <script> element", "remove it: pages and data may not run code"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe>", "remove it: link to the page instead"),
    (
        re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.I),
        "an inline event handler (onclick= and the like)",
        "remove it: pages and data may not run code",
    ),
    (
        re.compile(r"javascript\s*:", re.I),
        "a javascript: link",
        "link to a web address (https://...) or a page instead",
    ),
)
MD_LINK = re.compile(r"\]\(\s*(?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
LONG_SENTENCE = 30


def text_files(root: Path) -> list[Path]:
    files = []
    for name in CONTENT_DIRS:
        base = root / name
        if base.exists():
            files += [p for p in base.rglob("*") if p.suffix in (".md", ".yml", ".yaml") and "assets" not in p.parts]
    return sorted(files)


def rel(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def check_safety(root: Path, problems: Problems) -> None:
    for path in text_files(root):
        if path.name == "README.md" or "contributing" in path.parts:
            continue  # the editors' guides show these patterns as examples of what not to do
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, what, fix in UNSAFE:
                if pattern.search(line):
                    problems.add(rel(path, root), n, f"this line has {what}", fix)
            if "TODO" in line and not line.lstrip().startswith("#"):
                problems.add(rel(path, root), n, "a TODO from the template is still here", "replace it with real text")


def check_terms_and_links(root: Path, s: site_mod.Site, problems: Problems) -> None:
    """term() ids and links to other pages, with line numbers, in every Markdown page."""
    docs = root / "docs"
    known = set(s.titles) | {rel(p, docs) for p in docs.rglob("*.md")}
    for path in sorted(docs.rglob("*.md")):
        if "contributing" in path.parts:
            continue
        here = path.parent.relative_to(docs)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in TERM_CALL.finditer(line):
                if m["id"] not in s.terms:
                    problems.add(
                        rel(path, root),
                        n,
                        f'term("{m["id"]}") is not a glossary term',
                        suggest(m["id"], sorted(s.terms)),
                    )
            for m in MD_LINK.finditer(line):
                target = m["target"].split("#")[0]
                if not target or re.match(r"^[a-z]+:", target) or not target.endswith(".md"):
                    continue
                resolved = target.lstrip("/") if target.startswith("/") else str((here / target).as_posix())
                resolved = str(Path(resolved)).replace("\\", "/")
                if resolved.startswith("../") or Path(resolved).as_posix() not in known:
                    norm = Path(resolved).as_posix()
                    if norm not in known:
                        problems.add(
                            rel(path, root),
                            n,
                            f"the link to '{m['target']}' goes to no page",
                            f"link to an existing page, for example /guide/what-is-an-iep.md; {suggest(norm, sorted(known))}",
                        )


def check_readability(root: Path, s: site_mod.Site, problems: Problems) -> list[tuple[str, int, float]]:
    """Family pages and stories at grade 8.0 or lower, unless a page gives its reason to be exempt."""
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
    return rows


def misspellings_for_search(root: Path) -> set[tuple[str, int]]:
    """(file, line) of each word in a glossary 'search_also' list: misspelled on purpose, so that
    search finds the term when families type it that way. Only those lines skip the spelling check."""
    found = set()
    for path in sorted((root / "glossary").glob("*.yml")):
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue  # the loader reports broken YAML
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            if key.value == "search_also" and isinstance(value, yaml.SequenceNode):
                found |= {(rel(path, root), item.start_mark.line + 1) for item in value.value}
    return found


def check_spelling(root: Path, problems: Problems) -> None:
    dirs = [d for d in CONTENT_DIRS if (root / d).exists()]
    words = root / "tests" / "codespell-words.txt"
    cmd = [sys.executable, "-m", "codespell_lib", "--quiet-level", "2", *dirs]
    if words.exists():
        cmd[3:3] = ["--ignore-words", str(words)]
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    intended = misspellings_for_search(root)
    for line in out.stdout.splitlines():
        m = re.match(r"(?P<file>[^:]+):(?P<line>\d+): (?P<word>\S+) ==> (?P<fix>.+)", line)
        if m and (m["file"], int(m["line"])) not in intended:
            problems.add(
                m["file"],
                int(m["line"]),
                f"'{m['word']}' looks misspelled",
                f"write '{m['fix']}' (or add the word to tests/codespell-words.txt if it is right)",
            )


def check_published(root: Path, s: site_mod.Site, problems: Problems) -> None:
    """A published address never disappears: it stays, or mkdocs.yml redirects it."""
    listed_file = root / PUBLISHED
    if not listed_file.exists():
        return
    listed = [
        line.strip()
        for line in listed_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    now = set(s.titles) | {rel(p, root / "docs") for p in (root / "docs").rglob("*.md")}
    redirects = redirect_map(root)
    for path in listed:
        if path not in now and path not in redirects:
            problems.add(
                PUBLISHED,
                None,
                f"'{path}' was published but is gone",
                f"add a redirect in mkdocs.yml under redirects: redirect_maps: '{path}: <new page>.md', so old links keep working",
            )
    for path in sorted(now - set(listed) - {p for p in now if p.startswith("stories/") and p.count("/") > 1}):
        problems.add(
            PUBLISHED,
            None,
            f"the new page '{path}' is not listed",
            f"add the line '{path}' to {PUBLISHED} (its address is then kept for good)",
        )


def redirect_map(root: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            return dict((plugin["redirects"] or {}).get("redirect_maps") or {})
    return {}


def check_soft_rules(root: Path, problems: Problems) -> None:
    for path in text_files(root):
        if path.name == "README.md" or "contributing" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(e\.g\.|i\.e\.|etc\.)", line):
                problems.add(
                    rel(path, root),
                    n,
                    "Latin abbreviation",
                    "write 'for example', 'that is' or 'and more'",
                    must_fix=False,
                )


def locate(problem: Problem, root: Path) -> Problem:
    """Find a line for a problem that names a value, so editors can jump to it."""
    if problem.line or not (root / problem.file).is_file():
        return problem
    values = re.findall(r"'([^']+)'", problem.message)
    lines = (root / problem.file).read_text(encoding="utf-8").splitlines()
    for value in reversed(values):
        for needle in (f'"{value}"', f"'{value}'", f": {value}", value):
            for n, line in enumerate(lines, 1):
                if needle in line:
                    return Problem(problem.file, n, problem.message, problem.fix, problem.must_fix)
    return problem


def run(root: Path = ROOT) -> tuple[list[Problem], list[tuple[str, int, float]]]:
    s = site_mod.load(root, raise_errors=False)
    problems = Problems()
    problems.extend(s.problems)
    check_safety(root, problems)
    check_terms_and_links(root, s, problems)
    rows = check_readability(root, s, problems)
    check_spelling(root, problems)
    check_published(root, s, problems)
    check_soft_rules(root, problems)
    unique = sorted({locate(p, root) for p in problems.items}, key=lambda p: (p.file, p.line or 0, p.message))
    return unique, rows


def report(found: list[Problem]) -> str:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in found:
        by_file[p.file].append(p)
    out = []
    for file, items in sorted(by_file.items()):
        out.append(f"\n{file}")
        for p in items:
            out.append(f"  {'' if p.must_fix else 'advice: '}{p}")
    errors = sum(p.must_fix for p in found)
    advice = len(found) - errors
    if errors:
        out.append(f"\n{errors} problem(s) to fix and {advice} piece(s) of advice in {len(by_file)} file(s).")
    else:
        out.append(f"\nAll content checks passed ({advice} piece(s) of advice).")
    return "\n".join(out).lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[0]).resolve() if args else ROOT
    found, _ = run(root)
    print(report(found))
    return 1 if any(p.must_fix for p in found) else 0


if __name__ == "__main__":
    raise SystemExit(main())
