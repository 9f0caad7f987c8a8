"""Make benchmark projects: snapshots of the real project, "plain Material" copies and synthetic
projects scaled from the real content. Nothing here writes outside the target directory.
"""

from __future__ import annotations

import math
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.models import AGE_BANDS, NARRATORS, TOPICS  # noqa: E402
from macros.render import ANY_MACRO, TERM_CALL  # noqa: E402

SITE_URL = "http://127.0.0.1:8000/"
TODAY = "2026-11-28"
MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


# ---------------------------------------------------------------- config and text helpers


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: SITE_URL)


def real_config(root: Path = ROOT) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)


def write_config(project: Path, config: dict) -> None:
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )


def strip_macros(text: str) -> str:
    """term("x", "y") -> y, term("x") -> "x" as words, any other {{ }} or {% %} removed."""
    text = TERM_CALL.sub(lambda m: m["text"] if m["text"] else m["id"].replace("-", " "), text)
    return ANY_MACRO.sub("", text)


def split_front(text: str) -> tuple[str, str]:
    m = FRONT.match(text)
    return (m.group(0), text[m.end() :]) if m else ("", text)


def plain_config(markdown_extensions: list, nav=None, not_in_nav: str | None = None) -> dict:
    """The minimal "plain Material" configuration: Material with system fonts and the search plugin."""
    config = {
        "site_name": "IEP Basics",
        "site_url": SITE_URL,
        "theme": {"name": "material", "font": False},
        "plugins": [{"search": {"lang": "en"}}],
        "markdown_extensions": markdown_extensions,
    }
    if nav is not None:
        config["nav"] = nav
    if not_in_nav:
        config["not_in_nav"] = not_in_nav
    return config


def filter_nav(nav, exists) -> list:
    """Keep only nav entries whose file exists (plain builds have no generated pages)."""
    out = []
    for item in nav:
        if isinstance(item, str):
            if exists(item):
                out.append(item)
        elif isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, list):
                sub = filter_nav(value, exists)
                if sub:
                    out.append({title: sub})
            elif exists(value):
                out.append(item)
    return out


# ---------------------------------------------------------------- copies of the real project

SNAPSHOT_PARTS = ("docs", "glossary", "plans", "letters", "macros", "overrides", "mkdocs.yml", "pyproject.toml")


def snapshot(dest: Path) -> Path:
    """A copy of the real project (content, macros and config) so builds never see a half-edited file."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in SNAPSHOT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def plain_copy_of_real(project: Path, dest: Path, questionnaire_md: dict[str, str]) -> Path:
    """docs/ with macros stripped, the rendered questionnaires (as text) and a minimal config."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(project / "docs", dest / "docs")
    for path in (dest / "docs").rglob("*.md"):
        path.write_text(strip_macros(path.read_text(encoding="utf-8")), encoding="utf-8")
    for qid, text in questionnaire_md.items():
        (dest / "docs" / "which-plan-fits" / f"{qid}.md").write_text(text, encoding="utf-8")
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    docs = dest / "docs"
    nav = filter_nav(config["nav"], lambda p: (docs / p).exists())
    write_config(dest, plain_config(config["markdown_extensions"], nav=nav, not_in_nav=config.get("not_in_nav")))
    return dest


def rendered_questionnaires(project: Path) -> dict[str, str]:
    """Each questionnaire's Markdown as the plugin renders it, with term() links reduced to text."""
    from macros import questionnaire
    from macros import site as site_mod
    from macros.pages import Context

    s = site_mod.load(project)
    ctx = Context(real_config(project)["extra"]["strings"])
    pages = {qid: questionnaire.page(q, s.plans, s.terms, ctx).markdown for qid, q in s.questionnaires.items()}
    # term() links become their text: the plain-Material twin has no glossary pages to link to.
    return {qid: re.sub(r"\[([^\]]*)\]\(/glossary/[^)]*\)", r"\1", md) for qid, md in pages.items()}


# ---------------------------------------------------------------- the sentence pool

SKIP_LINE = re.compile(r"^(#|\||!!!|\?\?\?|<|\*\[|```|:|\{|\s{4}|\t)")
LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?(.*)$")
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[{])")


def _balanced(s: str) -> bool:
    return s.count("(") == s.count(")") and s.count("[") == s.count("]") and s.count("{{") == s.count("}}")


def _links_ok(text: str) -> bool:
    return all(m[2].startswith(("/", "http://", "https://")) for m in MD_LINK.finditer(text))


def _sentences(paragraph: str) -> list[str]:
    out, buf = [], ""
    for piece in SENT_SPLIT.split(paragraph):
        buf = f"{buf} {piece}".strip() if buf else piece
        if _balanced(buf):
            out.append(buf)
            buf = ""
    return out


class Pool:
    """Sentences, list items and headings from the real guide pages; term() calls reduced to text."""

    def __init__(self, root: Path = ROOT):
        self.sentences: list[str] = []
        self.items: list[str] = []
        self.headings: list[str] = []
        for path in sorted((root / "docs" / "guide").glob("*.md")):
            _, body = split_front(path.read_text(encoding="utf-8"))
            para: list[str] = []

            def flush(para: list[str] = para) -> None:
                if para:
                    self.sentences.extend(s for s in _sentences(" ".join(para)) if 20 <= len(s) <= 400)
                    para.clear()

            fenced = False
            for line in body.splitlines():
                if line.startswith("```"):
                    fenced = not fenced
                    flush()
                    continue
                if fenced:
                    continue
                if line.startswith("## "):
                    flush()
                    h = strip_macros(re.sub(r"\{[^}]*\}\s*$", "", line[3:])).strip()
                    if h and _balanced(h):
                        self.headings.append(h)
                    continue
                m = LIST_ITEM.match(line)
                if m and not m.group(1):
                    flush()
                    item = strip_macros(m.group(2)).strip()
                    if 10 <= len(item) <= 300 and _balanced(item):
                        self.items.append(item)
                    continue
                if not line.strip() or SKIP_LINE.match(line):
                    flush()
                    continue
                para.append(strip_macros(line.strip()))
            flush()
        # Drop text whose links only worked with a macro in them, e.g. ({{ config.site_url }}glossary.json).
        self.sentences = [s for s in self.sentences if _balanced(s) and _links_ok(s)]
        self.items = [s for s in self.items if _links_ok(s)]
        self.plain = [s for s in self.sentences if not re.search(r"[\[\]{}<>`*_|]", s)]
        words = set()
        for s in self.plain:
            words.update(w.lower() for w in re.findall(r"\b[a-zA-Z]{5,12}\b", s))
        self.words = sorted(words)


def _link_word(sentence: str, rng: random.Random, tid: str, with_text: bool = True) -> str | None:
    """Turn one plain word of a sentence into a term() link; None if the sentence has no safe word."""
    if re.search(r"[\[\]{}<>`*_|]", sentence):
        return None
    words = [m for m in re.finditer(r"\b[a-zA-Z]{5,}\b", sentence)]
    if not words:
        return None
    m = rng.choice(words)
    call = f'{{{{ term("{tid}", "{m.group(0)}") }}}}' if with_text else f'{m.group(0)} ({{{{ term("{tid}") }}}})'
    return sentence[: m.start()] + call + sentence[m.end() :]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(re.sub(r"[\[\]()`*_{}<>|]", "", text).split())
    if len(text) <= limit:
        return text if len(text) >= 10 else text + " (a short note)"
    cut = text[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


SOURCES = [
    {"title": f"34 CFR 300.{n} - Section {n}", "url": f"https://www.ecfr.gov/current/title-34/section-300.{n}"}
    for n in range(1, 330)
]


# ---------------------------------------------------------------- synthetic projects


def real_counts(root: Path = ROOT) -> dict:
    qnodes = 0
    qcount = 0
    for path in sorted((root / "plans" / "questionnaires").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        qnodes += len(data["questions"]) + len(data["outcomes"])
        qcount += 1
    return {
        "guide_pages": len(list((root / "docs" / "guide").glob("*.md"))),
        "terms": len(list((root / "glossary").glob("*.yml"))),
        "stories": len([p for p in (root / "docs" / "stories").glob("*.md") if p.name != "index.md"]),
        "questionnaires": qcount,
        "questionnaire_nodes": qnodes,
    }


COPIED_INDEXES = (
    "index.md",
    "glossary/index.md",
    "stories/index.md",
    "plans/index.md",
    "which-plan-fits/index.md",
    "letters/index.md",
)
MAX_QUESTIONNAIRE_NODES = 60


class Generator:
    def __init__(self, source: Path = ROOT, seed: int = 2026):
        """``source`` is the project the content is taken from (a snapshot of the real one)."""
        self.src = source
        self.rng = random.Random(seed)
        self.pool = Pool(source)
        self.real_terms = {
            p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((source / "glossary").glob("*.yml"))
        }
        self.real_guides = sorted(p.name for p in (source / "docs" / "guide").glob("*.md"))
        self.real_stories = sorted(p for p in (source / "docs" / "stories").glob("*.md") if p.name != "index.md")
        self.plan_ids = sorted(p.stem for p in (source / "plans").glob("*.yml") if p.stem != "labels")

    # -- helpers
    def sents(self, n: int) -> list[str]:
        return [self.rng.choice(self.pool.sentences) for _ in range(n)]

    def paragraph(self, n: int, term_ids: list[str], links: int) -> str:
        out = self.sents(n)
        for _ in range(links):
            i = self.rng.randrange(len(out))
            linked = _link_word(out[i], self.rng, self.rng.choice(term_ids), with_text=self.rng.random() < 0.8)
            while linked is None:  # swap in a plain sentence and link it
                linked = _link_word(self.rng.choice(self.pool.plain), self.rng, self.rng.choice(term_ids))
            out[i] = linked
        return "\n".join(out)

    def title(self, n: int) -> str:
        return f"{self.rng.choice(self.pool.headings)} {n}"

    # -- glossary
    def terms(self, total: int) -> dict[str, dict]:
        """The real terms plus generated ones up to ``total``."""
        terms = dict(self.real_terms)
        taken = set()
        for data in terms.values():
            taken.update(n.casefold() for n in [data["term"], data.get("abbr") or "", *data.get("aka", [])] if n)
        new_ids = [f"gen-term-{i:05d}" for i in range(len(terms), total)]
        all_ids = list(terms) + new_ids
        for n, tid in enumerate(new_ids):
            while True:
                name = " ".join(self.rng.sample(self.pool.words, self.rng.choice((2, 2, 3)))).capitalize()
                if name.casefold() not in taken:
                    break
            taken.add(name.casefold())
            data = {"term": name}
            if n % 4 == 0:  # some terms have an abbreviation, as the real glossary does
                abbr = "X" + _letters(n)
                data["abbr"] = abbr
                taken.add(abbr.casefold())
            data["short"] = _short(self.rng.choice(self.pool.plain))
            definition = [self.paragraph(3, all_ids, 1), self.paragraph(2, all_ids, 1)]
            data["definition"] = "\n\n".join(definition) + "\n"
            if self.rng.random() < 0.6:
                data["example"] = " ".join(self.sents(2)) + "\n"
            data["related"] = self.rng.sample([t for t in all_ids if t != tid], 3)
            data["sources"] = self.rng.sample(SOURCES, 2)
            data["last_reviewed"] = TODAY
            terms[tid] = data
        return terms

    # -- guide pages
    def guide_paths(self, count: int) -> list[str]:
        """The first pages keep the real names (data and templates link to them); the rest go in parts of 13."""
        paths = [f"guide/{name}" for name in self.real_guides[:count]]
        per_part = len(self.real_guides)
        for i in range(len(paths), count):
            paths.append(f"guide/part-{i // per_part:02d}/page-{i:05d}.md")
        return paths

    def guide_page(self, n: int, paths: list[str], term_ids: list[str], term_links: int) -> str:
        front = {
            "title": self.title(n),
            "description": _short(self.rng.choice(self.pool.plain)),
            "last_reviewed": TODAY,
            "sources": self.rng.sample(SOURCES, 3),
            "read_next": self.rng.sample([p for p in paths if p != paths[n]], min(3, len(paths) - 1)),
            "topics": self.rng.sample(TOPICS, 2),
            "plans": self.rng.sample(self.plan_ids, 1),
        }
        sections = 6
        per_para = [term_links // (1 + 2 * sections)] * (1 + 2 * sections)
        for _ in range(term_links - sum(per_para)):
            per_para[self.rng.randrange(len(per_para))] += 1
        parts = [self.paragraph(3, term_ids, per_para[0])]
        for s in range(sections):
            parts.append(f"## {self.rng.choice(self.pool.headings)}")
            parts.append(self.paragraph(4, term_ids, per_para[1 + 2 * s]))
            if s == 1:
                parts.append("\n".join(f"- {x}" for x in self.rng.sample(self.pool.items, 4)))
            if s == 3:
                parts.append('!!! tip "Tip"\n\n    ' + self.rng.choice(self.pool.sentences))
            parts.append(self.paragraph(4, term_ids, per_para[2 + 2 * s]))
        return "---\n" + yaml.safe_dump(front, sort_keys=False, width=1000) + "---\n\n" + "\n\n".join(parts) + "\n"

    # -- stories
    def story(self, n: int) -> tuple[str, str]:
        src = self.real_stories[n % len(self.real_stories)]
        front_text, body = split_front(src.read_text(encoding="utf-8"))
        real = yaml.safe_load(front_text.strip().strip("-"))
        name = src.stem if n < len(self.real_stories) else f"story-{n:05d}"
        if n < len(self.real_stories):
            return name, src.read_text(encoding="utf-8")
        front = {
            "title": f"{real['title']} ({n})",
            "summary": real["summary"],
            "narrator": self.rng.choice(NARRATORS),
            "age_band": self.rng.choice(AGE_BANDS),
            "plans": self.rng.sample(self.plan_ids, self.rng.choice((1, 2))),
            "topics": self.rng.sample(TOPICS, self.rng.choice((1, 2, 3))),
            "last_reviewed": TODAY,
        }
        return name, "---\n" + yaml.safe_dump(front, sort_keys=False, width=1000) + "---\n" + body

    # -- questionnaires
    def questionnaire(self, qid: str, nodes: int, term_ids: list[str]) -> dict:
        nq = max(2, round(nodes * 0.45))
        no = max(2, nodes - nq)
        no = min(no, 2 * nq + 1)
        slots = []
        questions = []
        for i in range(nq):
            answers = []
            for child in (2 * i + 1, 2 * i + 2):
                if child < nq:
                    answers.append({"label": _short(self.rng.choice(self.pool.plain), 60), "next": f"q{child}"})
                else:
                    answers.append(None)
            answers.append(None)
            for k, a in enumerate(answers):
                if a is None:
                    slots.append((i, k))
            questions.append(
                {
                    "id": f"q{i}",
                    "prompt": _short(self.rng.choice(self.pool.plain), 120).rstrip(".") + "?",
                    "help": self.paragraph(2, term_ids, 1) + "\n",
                    "answers": answers,
                }
            )
        for j, (i, k) in enumerate(slots):
            questions[i]["answers"][k] = {
                "label": _short(self.rng.choice(self.pool.plain), 60),
                "outcome": f"o{j % no}",
            }
        outcomes = [
            {
                "id": f"o{j}",
                "title": _short(self.rng.choice(self.pool.plain), 80),
                "plans": self.rng.sample(self.plan_ids, self.rng.choice((1, 2))),
                "why": self.paragraph(3, term_ids, 1) + "\n",
                "next_steps": "\n".join(f"- {x}" for x in self.rng.sample(self.pool.items, 3)) + "\n",
                "ask": "\n".join(f"- {_short(x, 100)}" for x in self.rng.sample(self.pool.plain, 3)) + "\n",
                "sources": [
                    {"title": "34 CFR 300.301", "url": "https://www.ecfr.gov/current/title-34/section-300.301"}
                ],
                "last_reviewed": TODAY,
            }
            for j in range(no)
        ]
        return {
            "title": f"Which plan fits? Guide {qid}",
            "description": _short(self.rng.choice(self.pool.plain)),
            "intro": self.paragraph(2, term_ids, 0) + "\n",
            "start": "q0",
            "questions": questions,
            "outcomes": outcomes,
        }

    # -- the whole project
    def project(
        self,
        dest: Path,
        *,
        guide_pages: int,
        terms: int,
        stories: int,
        questionnaire_nodes: int | None,
        term_links_per_page: int = 11,
        with_glossary: bool = True,
    ) -> dict:
        """Write a synthetic project using the real plugins. ``questionnaire_nodes=None`` copies the real ones.

        ``with_glossary=False`` writes the same pages with term() reduced to text, and keeps only the
        few terms the plan files name (their 'glossary' field), without related terms or links.
        """
        src = self.src
        dest.mkdir(parents=True, exist_ok=True)
        docs = dest / "docs"
        shutil.copytree(src / "docs" / "assets", docs / "assets")
        # Only the editors' landing page, and the questionnaire guide that the generated reviewers' page
        # links to; their links to other editors' guides become text.
        (docs / "contributing").mkdir(parents=True)
        for name in ("index.md", "add-a-plan-or-question.md"):
            text = (src / "docs" / "contributing" / name).read_text(encoding="utf-8")
            (docs / "contributing" / name).write_text(
                # Links to the other editors' guides (written relative, like "fix-a-typo.md") become text.
                MD_LINK.sub(
                    lambda m: m[1] if re.fullmatch(r"(/contributing/)?[a-z0-9-]+\.md(#.*)?", m[2]) else m[0], text
                ),
                encoding="utf-8",
            )
        (dest / "macros").symlink_to(src / "macros", target_is_directory=True)
        shutil.copytree(src / "overrides", dest / "overrides")
        for rel in COPIED_INDEXES:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / "docs" / rel, docs / rel)
        (dest / "plans" / "questionnaires").mkdir(parents=True)
        for p in (src / "plans").glob("*.yml"):
            shutil.copy2(p, dest / "plans" / p.name)
        if (src / "letters").is_dir():  # the letters guide pages link to; without glossary, no term()
            (dest / "letters").mkdir()
            for p in (src / "letters").glob("*.yml"):
                text = p.read_text(encoding="utf-8")
                (dest / "letters" / p.name).write_text(text if with_glossary else strip_macros(text), encoding="utf-8")

        term_data = self.terms(terms)
        term_ids = list(term_data)
        paths = self.guide_paths(guide_pages)
        for n, path in enumerate(paths):
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.guide_page(n, paths, term_ids, term_links_per_page), encoding="utf-8")
        for n in range(stories):
            name, text = self.story(n)
            (docs / "stories" / f"{name}.md").write_text(text, encoding="utf-8")
        if questionnaire_nodes is None:
            for p in (src / "plans" / "questionnaires").glob("*.yml"):
                shutil.copy2(p, dest / "plans" / "questionnaires" / p.name)
            q_count = len(list((src / "plans" / "questionnaires").glob("*.yml")))
        else:
            q_count = max(2, math.ceil(questionnaire_nodes / MAX_QUESTIONNAIRE_NODES))
            names = ["which-plan", "504-to-iep"] + [f"guide-{i:03d}" for i in range(2, q_count)]
            per = questionnaire_nodes // q_count
            for i, qid in enumerate(names):
                nodes = per + (1 if i < questionnaire_nodes % q_count else 0)
                data = self.questionnaire(qid, nodes, term_ids)
                (dest / "plans" / "questionnaires" / f"{qid}.yml").write_text(
                    yaml.safe_dump(data, sort_keys=False, width=1000, allow_unicode=True), encoding="utf-8"
                )

        (dest / "glossary").mkdir()
        if with_glossary:
            keep = term_data
        else:
            needed = {
                yaml.safe_load(p.read_text())["glossary"] for p in (src / "plans").glob("*.yml") if p.stem != "labels"
            }
            keep = {}
            for tid in needed:
                data = dict(term_data[tid])
                data["related"] = []
                for field in ("definition", "example"):
                    if data.get(field):
                        data[field] = strip_macros(data[field])
                keep[tid] = data
            for path in [*dest.joinpath("docs").rglob("*.md"), *dest.joinpath("plans").rglob("*.yml")]:
                if "assets" in path.parts:
                    continue
                text = path.read_text(encoding="utf-8")
                path.write_text(TERM_CALL.sub(lambda m: m["text"] or m["id"].replace("-", " "), text), encoding="utf-8")
        for tid, data in keep.items():
            (dest / "glossary" / f"{tid}.yml").write_text(
                yaml.safe_dump(data, sort_keys=False, width=1000, allow_unicode=True), encoding="utf-8"
            )

        config = real_config(src)
        config.pop("nav", None)
        config["site_url"] = SITE_URL
        write_config(dest, config)
        return {
            "guide_pages": len(paths),
            "terms": len(keep),
            "stories": stories,
            "questionnaires": q_count,
            "questionnaire_nodes": questionnaire_nodes or real_counts(src)["questionnaire_nodes"],
        }


def _letters(n: int) -> str:
    s = ""
    n += 26 * 26  # at least three letters, so XAAA.. never clashes with a real abbreviation
    while n:
        n, r = divmod(n, 26)
        s = chr(65 + r) + s
    return s


def plain_copy(project: Path, dest: Path) -> Path:
    """The same Markdown with macros stripped, built as plain Material (no plugin, no generated pages)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(project / "docs", dest / "docs", symlinks=False)
    for path in (dest / "docs").rglob("*.md"):
        path.write_text(strip_macros(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    write_config(dest, plain_config(config["markdown_extensions"], not_in_nav=config.get("not_in_nav")))
    return dest


def expected_pages(project: Path) -> int:
    """How many HTML pages our build of ``project`` writes: Markdown files plus the generated pages."""
    docs = project / "docs"
    md = [p for p in docs.rglob("*.md") if "assets" not in p.parts]
    used = {"plan": set(), "age": set(), "topic": set()}
    for p in (docs / "stories").glob("*.md"):
        if p.name == "index.md":
            continue
        front, _ = split_front(p.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front.strip().strip("-"))
        used["plan"].update(meta["plans"])
        used["age"].add(meta["age_band"])
        used["topic"].update(meta["topics"])
    plans = [p for p in (project / "plans").glob("*.yml") if p.stem != "labels"]
    return (
        len(md)
        + len(list((project / "glossary").glob("*.yml")))
        + len(plans)
        + len(list((project / "plans" / "questionnaires").glob("*.yml")))
        + (1 if any((project / "plans" / "questionnaires").glob("*.yml")) else 0)  # the reviewers' paths page
        + len(list((project / "letters").glob("*.yml")))
        + 1  # the site map
        + sum(len(v) for v in used.values())
    )
