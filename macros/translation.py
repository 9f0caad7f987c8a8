"""The checks of a translation, and ``make translated`` (which records what a translation follows).

For each language besides English (today Spanish):

- parity: every English page has its twin at the same path under ``docs-es/``, or is listed in
  ``extra.not_translated`` of ``mkdocs.es.yml``; every Spanish page has an English page; every
  record (term, plan, questionnaire, letter) has its Spanish fields, or is listed;
- a Spanish field needs its English field beside it (``example_es`` without ``example`` is a mistake);
- terminology: a Spanish text may not use a rendering that a glossary term lists in ``avoid_es``;
- freshness (advice): the Spanish records which English version it translates; when the English
  changes, ``make check`` says so, and the page shows a note linking the English until it is updated;
- reading ease: Spanish family pages at Fernández-Huerta 70 or more (``macros/readability_es.py``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pathspec
import yaml

from . import config, i18n, loader, paths, readability_es
from .models import Translatable
from .problems import Problems

KINDS = (paths.TERM, paths.PLAN, paths.QUESTIONNAIRE, paths.LETTER)
# Each language's own lists of names, not translations of the English ones: never required.
OWN_LISTS = ("aka", "search_also", "avoid")


def listed(root: Path, lang: str) -> pathspec.PathSpec:
    """English pages and data files that have no translation yet (``extra.not_translated``)."""
    return pathspec.GitIgnoreSpec.from_lines(config.read(root, lang=lang).not_translated)


def _where(lang: str) -> str:
    return f"extra.not_translated in {config.edition_file(lang)}"


def check(root: Path, s, texts: dict[str, str], problems: Problems) -> None:
    for lang, edition in s.editions.items():
        todo = listed(root, lang)
        _pages(root, lang, texts, todo, problems)
        _records(root, s, lang, todo, problems)
        _orphan_fields(texts, lang, problems)
        _terminology(s, edition, lang, texts, problems)
        _freshness(root, s, edition, lang, texts, problems)


def _pages(root: Path, lang: str, texts: dict[str, str], todo, problems: Problems) -> None:
    english, other = i18n.docs_dir(i18n.DEFAULT), i18n.docs_dir(lang)
    src = {f.removeprefix(f"{english}/") for f in texts if f.startswith(f"{english}/") and f.endswith(".md")}
    twins = {f.removeprefix(f"{other}/") for f in texts if f.startswith(f"{other}/") and f.endswith(".md")}
    for page in sorted(src - twins):
        if not todo.match_file(page):
            problems.add(
                f"{english}/{page}",
                None,
                f"this page has no {lang} twin ({other}/{page})",
                f"translate it at that path, or add '{page}' to {_where(lang)}",
            )
    for page in sorted(twins - src):
        problems.add(
            f"{other}/{page}",
            None,
            f"its English page ({english}/{page}) does not exist",
            "give it the same path as its English page, or delete it if the English page was removed",
        )


def _missing(record, lang: str, loc: tuple = ()) -> list[tuple]:
    """Locations of the English text fields of ``record`` (nested records too) that have no ``lang`` twin."""
    found = []
    if isinstance(record, Translatable):
        have = record.translations.get(lang, {})
        for name in record.translatable:
            value = getattr(record, name, None)
            if value and name not in have and name not in OWN_LISTS:
                found.append((*loc, name))
        for name in type(record).model_fields:
            value = getattr(record, name)
            items = value if isinstance(value, list) else [value]
            for n, item in enumerate(items):
                if isinstance(item, Translatable):
                    found += _missing(item, lang, (*loc, name, n) if isinstance(value, list) else (*loc, name))
    return found


def _records(root: Path, s, lang: str, todo, problems: Problems) -> None:
    for kind, records in zip(KINDS, (s.terms, s.plans, s.questionnaires, s.letters), strict=True):
        for rid, record in records.items():
            file = kind.data_file(rid)
            if todo.match_file(file):
                continue
            if not record.has_language(lang):
                problems.add(
                    file,
                    None,
                    f"this {kind.noun} has no {lang} text (fields ending in _{lang})",
                    f"add them (see {kind.data_dir}/README.md), or add '{file}' to {_where(lang)}",
                )
                continue
            node = _node(root / file)
            for loc in _missing(record, lang):
                problems.add(
                    file,
                    loader._line_of(node, loc),
                    f"'{'.'.join(map(str, loc))}' has no {lang} text",
                    f"add '{loc[-1]}_{lang}:' after it",
                )


def _node(path: Path):
    text = loader.read_text(path)
    try:
        return loader.compose(text) if text else None
    except yaml.YAMLError:
        return None


def _orphan_fields(texts: dict[str, str], lang: str, problems: Problems) -> None:
    """A ``<field>_<lang>`` key whose mapping has no ``<field>``: a translation of nothing."""
    for file, text in texts.items():
        if not file.endswith(".yml"):
            continue
        try:
            node = loader.compose(text)
        except yaml.YAMLError:
            continue  # the loader reports it
        stack = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if isinstance(current, yaml.MappingNode):
                keys = {k.value for k, _ in current.value if isinstance(k, yaml.ScalarNode)}
                for k, v in current.value:
                    m = i18n.SUFFIX.match(str(k.value))
                    # A list (aka_es, search_also_es, avoid_es) is the language's own names, not a translation.
                    own_list = isinstance(v, yaml.SequenceNode)
                    if m and m["lang"] == lang and m["field"] not in (i18n.FRESHNESS, *keys) and not own_list:
                        problems.add(
                            file,
                            k.start_mark.line + 1,
                            f"'{k.value}' has no English '{m['field']}' beside it",
                            f"write the English '{m['field']}' first: a translation follows the English",
                        )
                    stack.append(v)
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)


def translated_lines(texts: dict[str, str]):
    """(file, line number, text) of every line in a language other than English."""
    for lang in i18n.LANGUAGES[1:]:
        yield from _spanish_texts(lang, texts)


def _spanish_texts(lang: str, texts: dict[str, str]):
    """(file, line number, text) of every line written in ``lang``: its pages and its data fields."""
    docs = f"{i18n.docs_dir(lang)}/"
    for file, text in texts.items():
        if file.startswith(docs):
            for n, line in enumerate(text.split("\n"), 1):
                yield file, n, line
        elif file.endswith(".yml") and f"_{lang}:" in text:
            lines = text.split("\n")
            for first, last in _field_spans(text, lang):
                for n in range(first, last + 1):
                    yield file, n, lines[n - 1]


def _field_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(first line, last line) of the value of every ``<field>_<lang>`` key in a YAML text."""
    try:
        node = loader.compose(text)
    except yaml.YAMLError:
        return []
    spans, stack = [], [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                m = i18n.SUFFIX.match(str(k.value))
                if m and m["lang"] == lang and m["field"] != i18n.FRESHNESS:
                    end = v.end_mark.line + (1 if v.end_mark.column else 0)
                    spans.append((k.start_mark.line + 1, max(end, k.start_mark.line + 1)))
                else:
                    stack.append(v)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(spans)


def _terminology(s, edition, lang: str, texts: dict[str, str], problems: Problems) -> None:
    rules = []
    for tid, term in edition.terms.items():
        english = s.terms[tid]
        if english.has_language(lang):
            for phrase in term.avoid:
                rules.append((tid, term, re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.I)))
    for file, n, line in _spanish_texts(lang, texts):
        for tid, term, pattern in rules:
            if file == paths.TERM.data_file(tid):
                continue  # a term lists its own other names, so search finds them
            if m := pattern.search(line):
                problems.add(
                    file,
                    n,
                    f"'{m.group(0)}' is not the word this site uses for '{term.term}'",
                    f"write '{term.term}' (the words to avoid are in {paths.TERM.data_file(tid)})",
                )


def _freshness(root: Path, s, edition, lang: str, texts: dict[str, str], problems: Problems) -> None:
    for file in sorted(texts):
        if file.startswith(f"{i18n.docs_dir(lang)}/") and file.endswith(".md"):
            recorded = _page_version(edition, file, lang)
        elif file.endswith(".yml") and f"_{lang}:" in texts[file]:
            data = _data(texts[file])
            recorded = data.get(f"{i18n.FRESHNESS}_{lang}") if isinstance(data, dict) else None
        else:
            continue
        current = i18n.english_hash(root, file)
        if current is None or (recorded is not None and str(recorded) == current):
            continue
        problems.add(
            file,
            None,
            "this translation does not say which English version it follows"
            if recorded is None
            else "the English has changed since this was translated",
            f"bring the {lang} text in line with the English, then run: make translated FILE={file}",
            must_fix=False,
        )


def _page_version(edition, file: str, lang: str) -> str | None:
    path = file.removeprefix(f"{i18n.docs_dir(lang)}/")
    if path in edition.pages:
        return edition.pages[path][0].translated_from
    story = path.removeprefix(f"{paths.STORY.docs_dir}/").removesuffix(".md")
    if story in edition.stories:
        return edition.stories[story][0].translated_from
    return None


def _data(text: str):
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def readability_rows(s, lang: str, problems: Problems) -> list[tuple[str, int, float, float]]:
    """(file, words, Fernández-Huerta, INFLESZ) of each Spanish page, story and glossary definition;
    family pages and stories below the target are a problem."""
    edition = s.edition(lang)
    names = {tid: t.term for tid, t in edition.terms.items()}
    items = [(paths.docs_file(p, lang), meta, body) for p, (meta, body) in edition.pages.items()]
    items += [(paths.story_file(sid, lang), None, body) for sid, (_, body) in edition.stories.items()]
    items += [
        (paths.TERM.data_file(tid), "term", f"{t.definition}\n\n{t.example or ''}")
        for tid, t in edition.terms.items()
        if s.terms[tid].has_language(lang)
    ]
    rows = []
    for file, meta, body in sorted(items, key=lambda i: i[0]):
        score = readability_es.score_markdown(body, names)
        rows.append((file, score.words, score.fernandez_huerta, score.inflesz))
        if meta == "term" or meta is not None and (meta.audience != "family" or meta.readability_exempt):
            continue
        if score.words and score.fernandez_huerta < readability_es.MIN_FERNANDEZ_HUERTA:
            problems.add(
                file,
                None,
                f"reads at Fernández-Huerta {score.fernandez_huerta}, below the target of "
                f"{readability_es.MIN_FERNANDEZ_HUERTA:g}",
                "use shorter sentences and shorter, everyday words",
            )
    return rows


def stamp(root: Path, files: list[str]) -> list[str]:
    """Record in each Spanish file the English version it now follows; returns what changed."""
    done = []
    for name in files:
        path = (root / name).resolve()
        file = path.relative_to(root).as_posix()
        current = i18n.english_hash(root, file)
        text = loader.read_text(path)
        if current is None or text is None:
            continue
        if file.endswith(".md"):
            front, body, _ = loader.split_front_matter(text)
            if front is None:
                continue
            kept = "\n".join(ln for ln in front.split("\n") if not ln.startswith(f"{i18n.FRESHNESS}:"))
            lines = kept.rstrip().split("\n")
            new = "---\n" + "\n".join([*lines, f'{i18n.FRESHNESS}: "{current}"']).strip("\n") + "\n---\n" + body
        else:
            key = f"{i18n.FRESHNESS}_es"
            lines = [ln for ln in text.rstrip("\n").split("\n") if not ln.startswith(f"{key}:")]
            new = "\n".join([*lines, f'{key}: "{current}"']) + "\n"
        if new != text:
            path.write_text(new, encoding="utf-8")
            done.append(file)
    return done


def main(argv: list[str] | None = None) -> int:
    """``make translated FILE=docs-es/guide/x.md`` (or several files): the translation now follows the English."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path.cwd()
    changed = stamp(root, args)
    for file in changed:
        print(f"{file}: now marked as translating the current English")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
