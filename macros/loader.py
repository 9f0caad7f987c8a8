"""Read YAML data and Markdown front matter, and explain every mistake in plain words.

Each loader returns validated records and a list of problems. A problem names the
file, the line (found by walking the YAML node tree) and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import i18n
from .models import KEBAB, PageMeta, Plan, Questionnaire, StoryMeta, Term, Translatable
from .problems import Problems

M = TypeVar("M", bound=BaseModel)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)

# What an editor can do about the YAML parser's most common complaints.
YAML_HINTS = (
    ("\\t", "use spaces, not tabs, to indent YAML"),
    ("could not find expected ':'", "each line needs 'field: value' with a colon and a space after the field name"),
    (
        "mapping values are not allowed",
        "put text that contains ': ' in quotes, or write it on the next lines after '|'",
    ),
    ("found undefined alias", "a value starting with '*' must be in quotes"),
    ("found character '@'", "a value starting with '@' or '`' must be in quotes"),
    ("did not find expected key", "check the indentation: fields of one item line up under each other"),
    ("expected <block end>", "check the indentation: fields of one item line up under each other"),
)


# The file being read, for the check's last-resort message if something unexpected goes wrong.
CURRENT_FILE: str | None = None


def read_text(path: Path, problems: Problems | None = None, root: Path | None = None) -> str | None:
    """A content file as text, the way editors' tools save it: UTF-8, with or without a BOM,
    with Windows (CRLF) or old Mac (CR) line ends. Bytes that are not UTF-8 become one problem
    naming the line; the result is then None."""
    global CURRENT_FILE
    CURRENT_FILE = _rel(path, root)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if problems is not None:
            line = data[: err.start].count(b"\n") + 1
            problems.add(
                _rel(path, root),
                line,
                f"this line has bytes that are not UTF-8 text (byte {data[err.start]:#04x})",
                "retype the odd characters on this line, or save the file as UTF-8 in your editor",
            )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rel(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def _yaml_problem(err: yaml.YAMLError, file: str, problems: Problems, line_offset: int = 0, text: str = "") -> None:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    lines = text.splitlines()
    has_tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]
    message = " ".join(str(getattr(err, "problem", "") or err).split())
    context = str(getattr(err, "context", "") or "")
    fix = next(
        (hint for needle, hint in YAML_HINTS if needle in message or needle in context),
        "check the YAML syntax on this line",
    )
    if has_tab or "'\\t'" in message:
        fix = YAML_HINTS[0][1]
    problems.add(file, line, f"this is not valid YAML ({message})", fix)


def _bad_date(text: str, err: ValueError, file: str, problems: Problems, line_offset: int = 0) -> None:
    """YAML reads 2026-13-01 as a date and fails; point at the line that holds it."""
    for n, line in enumerate(text.splitlines(), 1):
        for value in re.findall(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                problems.add(
                    file,
                    n + line_offset,
                    f"'{value}' is not a real date ({err})",
                    "write dates as YYYY-MM-DD, for example 2026-11-28",
                )
                return
    problems.add(file, None, f"a value could not be read ({err})", "check the dates and numbers in this file")


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the value at ``loc`` (field names and list indexes) in a composed YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The YAML node of the value at ``loc`` (field names and list indexes), or None."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def field_span(text: str, loc: tuple[Any, ...]) -> tuple[int, int] | None:
    """(first line, last line) of the value at ``loc`` in YAML ``text``, or None if it is not there."""
    try:
        node, _ = parse_yaml(text)
    except (yaml.YAMLError, ValueError):
        return None
    node = node_at(node, loc)
    if node is None:
        return None
    return node.start_mark.line + 1, max(node.end_mark.line + 1, node.start_mark.line + 1)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith("function-after") and p != "literal_error"]
    return ".".join(parts) or "(top level)"


def explain(
    err: ValidationError,
    model: type[BaseModel],
    file: str,
    node: yaml.Node | None,
    problems: Problems,
    line_offset: int = 0,
    guide: str = "",
    lang: str | None = None,
) -> None:
    """Turn pydantic's errors into one problem each, with the line and a fix.

    With ``lang``, the errors are those of the record as that language reads it: each names the
    translated field (``short_es``) where the file has one."""
    see = f" (see {guide})" if guide else ""
    allowed = [f for f in model.model_fields if f not in ("id", "translations")]
    # A misspelled field also makes the real one "missing": report only the misspelling.
    misspelled = set()
    for e in err.errors():
        if e["type"] == "extra_forbidden":
            misspelled.update(difflib.get_close_matches(str(e["loc"][-1]), allowed, n=1))
    for e in err.errors():
        if e["type"] == "missing" and len(e["loc"]) == 1 and e["loc"][0] in misspelled:
            continue
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if lang and loc and isinstance(loc[-1], str) and node_at(node, (*loc[:-1], f"{loc[-1]}_{lang}")) is not None:
            loc = (*loc[:-1], f"{loc[-1]}_{lang}")
        field = _field_name(loc)
        line = _line_of(node, loc)
        if line is not None:
            line += line_offset
        kind = e["type"]
        last = str(loc[-1]) if loc else ""
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(last, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
            problems.add(file, line, f"unknown field '{field}'", f"remove it or fix the spelling; {hint}")
        elif kind == "missing":
            problems.add(file, line, f"missing required field '{field}'", f"add '{last}:'{see}")
        elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
            problems.add(
                file,
                line,
                f"'{field}' is not a date ({e.get('input')!r})",
                "write dates as YYYY-MM-DD, for example 2026-11-28",
            )
        elif kind == "string_too_long":
            limit = e["ctx"]["max_length"]
            problems.add(
                file,
                line,
                f"'{field}' is {len(str(e['input']))} characters long, over the limit of {limit}",
                f"shorten it to {limit} characters or fewer",
            )
        elif kind == "string_pattern_mismatch" and e["ctx"].get("pattern") == KEBAB:
            problems.add(
                file,
                line,
                f"'{field}' value {e['input']!r} is not a lowercase kebab-case id",
                "use lowercase letters, digits and single hyphens, for example 'prior-written-notice'",
            )
        elif kind == "literal_error":
            problems.add(
                file, line, f"'{field}' value {e['input']!r} is not in the list", f"use one of: {e['ctx']['expected']}"
            )
        elif kind == "url_parsing" or kind.startswith("url_"):
            problems.add(
                file,
                line,
                f"'{field}' is not a web address ({e.get('input')!r})",
                "give the full address starting with https://",
            )
        elif kind == "too_short":
            problems.add(
                file, line, f"'{field}' is empty", f"add at least {e['ctx'].get('min_length', 1)} item(s){see}"
            )
        else:
            msg = e["msg"].removeprefix("Value error, ")
            problems.add(file, line, f"'{field}': {msg}", f"fix the value{see}")


# libyaml's loader when PyYAML has it (its wheels do): about ten times faster than pure Python.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once, keeping the node tree (for line numbers) and the data built from it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


@functools.lru_cache(maxsize=1024)
def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (libyaml; one parse per text, however many checks read it).
    Raises yaml.YAMLError like yaml.compose."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int, int]]:
    """(key, first line, second line) for every key written twice in one mapping, at any depth.

    PyYAML silently keeps the last value; an editor who adds a field that is already there
    would lose the first one without a word."""
    found = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        found.append((key.value, seen[key.value], line))
                    seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(found, key=lambda f: f[2])


def _duplicates(node, file: str, problems: Problems, offset: int = 0) -> bool:
    for key, first, second in duplicate_keys(node):
        problems.add(
            file,
            second + offset,
            f"'{key}' is written twice (also on line {first + offset}); only one would be kept",
            "keep one of the two lines and delete the other",
        )
    return bool(duplicate_keys(node))


def read_yaml(path: Path, problems: Problems, root: Path | None = None) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML file; on a syntax error record a problem with the line and return (None, None)."""
    file = _rel(path, root)
    text = read_text(path, problems, root)
    if text is None:
        return None, None
    try:
        node, data = parse_yaml(text)
    except yaml.YAMLError as err:
        _yaml_problem(err, file, problems, text=text)
        return None, None
    except ValueError as err:
        _bad_date(text, err, file, problems)
        return None, None
    if _duplicates(node, file, problems):
        return None, None
    if not isinstance(data, dict):
        problems.add(
            file, 1, "the file should be a list of 'field: value' lines", "see the template in the folder's README.md"
        )
        return None, None
    return data, node


def validate(
    model: type[M],
    data: dict,
    file: str,
    node: yaml.Node | None,
    problems: Problems,
    line_offset: int = 0,
    guide: str = "",
) -> M | None:
    try:
        record = model.model_validate(data)
    except ValidationError as err:
        explain(err, model, file, node, problems, line_offset, guide)
        return None
    for lang in i18n.LANGUAGES[1:]:
        if isinstance(record, Translatable) and i18n.has_language(data, lang):
            try:
                record._editions[lang] = model.model_validate(i18n.overlay(data, lang))
                record._editions[lang]._lang = lang
            except ValidationError as err:
                explain(err, model, file, node, problems, line_offset, guide, lang=lang)
                return None
    reviewed = getattr(record, "last_reviewed", None)
    if reviewed and reviewed > dt.date.today():
        problems.add(
            file,
            (_line_of(node, ("last_reviewed",)) or 0) + line_offset or None,
            f"'last_reviewed' is in the future ({reviewed})",
            "use the date you last checked it, today or earlier",
        )
        return None
    return record


def load_records(
    folder: Path,
    model: type[M],
    problems: Problems,
    root: Path | None = None,
    guide: str = "",
    skip: tuple[str, ...] = (),
) -> dict[str, M]:
    """Load every ``*.yml`` in ``folder`` as ``model``, keyed by file stem = id (``skip`` names other files)."""
    records: dict[str, M] = {}
    for path in sorted(folder.glob("*.y*ml")):
        if path.name in skip:
            continue
        file = _rel(path, root)
        if path.suffix == ".yaml":
            problems.add(file, None, "data files end in '.yml'", f"rename it to {path.stem}.yml")
            continue
        data, node = read_yaml(path, problems, root)
        if data is None:
            continue
        if "id" in data:
            problems.add(
                file,
                _line_of(node, ("id",)),
                "do not write an 'id' field",
                "the file name is the id; remove the 'id' line",
            )
            continue
        if not re.match(KEBAB, path.stem):
            problems.add(
                file,
                None,
                f"the file name '{path.stem}' is not a lowercase kebab-case id",
                "rename the file with lowercase letters, digits and hyphens, for example 'stay-put.yml'",
            )
            continue
        record = validate(model, {"id": path.stem, **data}, file, node, problems, guide=guide)
        if record is not None:
            records[path.stem] = record
    return records


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, line number where the YAML starts)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text, 0
    return m.group(1) or "", text[m.end() :], 1


def read_front_matter(
    path: Path, model: type[M], problems: Problems, root: Path | None = None, guide: str = ""
) -> tuple[M | None, str]:
    """Validate a Markdown file's front matter as ``model``; return (meta or None, body)."""
    file = _rel(path, root)
    text = read_text(path, problems, root)
    if text is None:
        return None, ""
    yaml_text, body, offset = split_front_matter(text)
    if yaml_text is None:
        problems.add(
            file,
            1,
            "the page has no front matter",
            f"start the file with '---', the fields, then '---'{' (see ' + guide + ')' if guide else ''}",
        )
        return None, body
    try:
        node, data = parse_yaml(yaml_text)
        data = data or {}
    except yaml.YAMLError as err:
        _yaml_problem(err, file, problems, line_offset=offset, text=yaml_text)
        return None, body
    except ValueError as err:
        _bad_date(yaml_text, err, file, problems, line_offset=offset)
        return None, body
    if _duplicates(node, file, problems, offset):
        return None, body
    if not isinstance(data, dict):
        problems.add(file, 2, "the front matter should be 'field: value' lines", "see the page template")
        return None, body
    meta = validate(model, data, file, node, problems, line_offset=offset, guide=guide)
    return meta, body


def load_terms(folder: Path, problems: Problems, root: Path | None = None) -> dict[str, Term]:
    return load_records(folder, Term, problems, root, guide="glossary/README.md")


def load_plans(folder: Path, problems: Problems, root: Path | None = None) -> dict[str, Plan]:
    return load_records(folder, Plan, problems, root, guide="plans/README.md", skip=("labels.yml",))


def load_questionnaires(folder: Path, problems: Problems, root: Path | None = None) -> dict[str, Questionnaire]:
    return load_records(folder, Questionnaire, problems, root, guide="plans/README.md")


def load_stories(folder: Path, problems: Problems, root: Path | None = None) -> dict[str, tuple[StoryMeta, str]]:
    stories = {}
    for path in sorted(folder.glob("*.md")):
        if path.name == "index.md":
            continue
        meta, body = read_front_matter(path, StoryMeta, problems, root, guide="docs/contributing/add-a-story.md")
        if meta is not None:
            stories[path.stem] = (meta, body)
    return stories


def load_page(path: Path, problems: Problems, root: Path | None = None) -> tuple[PageMeta | None, str]:
    return read_front_matter(path, PageMeta, problems, root, guide="docs/contributing/add-a-page.md")
