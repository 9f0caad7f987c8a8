"""Helpers for tests: build a site in a subprocess, and make small fixture sites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros import build as build_mod
from macros import config

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if re.match(r"^(WARNING|ERROR)\b", line)]


def build(project: Path, site_dir: Path, site_url: str | None = None, strict: bool = True) -> BuildResult:
    """Every edition of ``project``, as `make build` makes it (macros/build.py)."""
    status, output = build_mod.build(project, site_dir, strict=strict, env={"SITE_URL": site_url} if site_url else {})
    return BuildResult(status, output, site_dir)


def real_strings(lang: str = "en") -> dict:
    """The UI words of an edition: mkdocs.yml's, with mkdocs.es.yml's over them for Spanish (as INHERIT merges)."""
    english = config.cached(ROOT).strings
    return english if lang == "en" else {**english, **config.read(ROOT, lang=lang).strings}


TERM = {
    "term": "Individualized Education Program",
    "abbr": "IEP",
    "aka": ["IEPs"],
    "short": "A written plan for a child who gets special education.",
    "definition": "A plan for school.",
    "related": [],
    "sources": [{"title": "34 CFR 300.320", "url": "https://www.ecfr.gov/current/title-34/section-300.320"}],
    "last_reviewed": "2026-11-01",
}

PAGE_FRONT = "---\ntitle: {title}\ndescription: A test page for the fixture site.\nlast_reviewed: 2026-11-01\n---\n"


def mini_site(
    tmp: Path,
    pages: dict[str, str] | None = None,
    terms: dict[str, dict | str] | None = None,
    files: dict[str, str] | None = None,
    plugins: list | None = None,
) -> Path:
    """A tiny project with the real plugins: pages are docs paths -> body (front matter added if missing)."""
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    (tmp / "glossary").mkdir(exist_ok=True)
    (tmp / "plans").mkdir(exist_ok=True)
    config = {
        "site_name": "Fixture",
        "site_url": "http://127.0.0.1:8000/",
        # The real theme overrides: they mark each page's article for search (Pagefind).
        "theme": {"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")},
        "plugins": [
            {"macros": {"module_name": "macros", "on_error_fail": True, "on_undefined": "strict"}},
            {"iep-basics": {"project_dir": str(tmp)}},
            *(plugins or []),
        ],
        "markdown_extensions": ["abbr", "attr_list", "md_in_html", "admonition", "toc"],
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
            "links": {"absolute_links": "relative_to_docs"},
        },
        "extra": {"strings": real_strings()},
    }
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config))
    # mkdocs-macros imports module_name from the project dir: point it at our package.
    (tmp / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    for path, body in (pages or {"index.md": "Hello."}).items():
        target = tmp / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = body if body.startswith("---") else PAGE_FRONT.format(title=Path(path).stem.title()) + body
        target.write_text(text)
    for tid, data in (terms if terms is not None else {"iep": TERM}).items():
        (tmp / "glossary" / f"{tid}.yml").write_text(data if isinstance(data, str) else yaml.safe_dump(data))
    for path, text in (files or {}).items():
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp


# A valid story file: front matter with every field, then a short body.
STORY = """---
title: A story
summary: A family learns what an evaluation is and how to ask for one.
narrator: parent
age_band: 6-10
plans: [iep]
topics: [evaluation]
last_reviewed: 2026-11-01
---
Our story is short. We asked the school for help. They said yes.
"""
