"""mkdocs.yml as the checks and tests read it: the nav, the redirects and the UI strings.

MkDocs reads its own config; this reader is for ``make check`` and the tests, which need a few
of its values without a build. A mistake in the file becomes one problem naming ``mkdocs.yml``
and the line, never a traceback.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

FILE = "mkdocs.yml"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads MkDocs' own tags as plain values: !ENV [NAME, default] gives the default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Config:
    data: dict = field(default_factory=dict)
    node: yaml.Node | None = None

    @property
    def strings(self) -> dict[str, str]:
        return dict((self.data.get("extra") or {}).get("strings") or {})

    @property
    def nav(self) -> list:
        return list(self.data.get("nav") or [])

    @property
    def not_translated(self) -> list[str]:
        """In a translation's config: English docs paths (globs) that have no twin yet."""
        return [str(p) for p in (self.data.get("extra") or {}).get("not_translated") or []]

    def nav_paths(self) -> list[str]:
        """Every docs path listed in ``nav``, in order."""
        return _paths(self.nav)

    @property
    def redirects(self) -> dict[str, str]:
        for plugin in self.data.get("plugins") or []:
            if isinstance(plugin, dict) and "redirects" in plugin:
                return dict((plugin["redirects"] or {}).get("redirect_maps") or {})
        return {}

    def line_of(self, key: str) -> int | None:
        """The line of a top-level key, for messages that point into mkdocs.yml."""
        if isinstance(self.node, yaml.MappingNode):
            for k, _ in self.node.value:
                if k.value == key:
                    return k.start_mark.line + 1
        return None


def _paths(items) -> list[str]:
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _paths(value) if isinstance(value, list) else [value] if isinstance(value, str) else []
    return found


def edition_file(lang: str) -> str:
    """The config of a language's edition: mkdocs.yml for English, mkdocs.es.yml (INHERIT) for Spanish."""
    return FILE if lang == "en" else f"mkdocs.{lang}.yml"


def read(root: Path, problems: Problems | None = None, lang: str = "en") -> Config:
    """mkdocs.yml of the project at ``root`` (``mkdocs.es.yml`` as written, for ``lang="es"``);
    a problem (with the line) when it cannot be read."""
    problems = problems if problems is not None else Problems()
    FILE = edition_file(lang)
    path = Path(root) / FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except FileNotFoundError:
        problems.add(FILE, None, f"there is no {FILE}", "restore it from git")
        return Config()
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        problems.add(
            FILE, line, "this line has bytes that are not UTF-8 text", "retype the line, or save the file as UTF-8"
        )
        return Config()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = " ".join(str(getattr(err, "problem", "") or err).split())
        problems.add(
            FILE,
            mark.line + 1 if mark else None,
            f"this is not valid YAML ({reason})",
            "check the indentation and colons",
        )
        return Config()
    if not isinstance(data, dict):
        problems.add(FILE, 1, f"{FILE} should be 'setting: value' lines", "restore it from git")
        return Config()
    return Config(data, node)


@functools.cache
def cached(root: Path) -> Config:
    """The project's config, read once per process (for the tests)."""
    return read(root)
