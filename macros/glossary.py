"""The glossary: term links, tooltips, the A-Z index, one page per term and glossary.json.

Pure functions over ``Term`` records; nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import markdown as md

from . import paths, rebuild, safety, search
from .models import Term
from .pages import Context, Generated, footer, front
from .problems import Problems
from .render import expand_terms, link_title, markdown_filter, render_template, term_ids_used

WORD = re.compile(r"\w+")


class UnknownTerm(KeyError):
    """A term() call named an id that has no glossary/<id>.yml."""

    def __init__(self, term_id: str, known, where: str = ""):
        self.term_id = term_id
        message, fix = paths.TERM.unknown(term_id, known)
        super().__init__(f"{where}: {message} - {fix}" if where else f"{message} - {fix}")

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return self.args[0]


def unknown_terms(text: str, terms, file: str, where: str, problems: Problems, line: int | None = None) -> None:
    """One problem for each term("id") in ``text`` whose id is not a glossary term."""
    for used in term_ids_used(text):
        if used not in terms:
            fix = paths.TERM.unknown(used, terms)[1]
            problems.add(file, line, f'{where} uses term("{used}"), which is not a {paths.TERM.noun}', fix)


def tooltip(term: Term) -> str:
    return f"{term.label}: {term.short}"


def link(terms: dict[str, Term], term_id: str, text: str | None = None, where: str = "") -> str:
    """A Markdown link to a term's page; MkDocs validates the target, Material shows the title as a tooltip."""
    if term_id not in terms:
        raise UnknownTerm(term_id, terms, where)
    term = terms[term_id]
    label = text or term.inline_label
    return f'[{label}](/{paths.TERM.page(term_id)} "{link_title(tooltip(term))}")'


def is_abbreviation(name: str) -> bool:
    """'IEP', 'IEPs', 'PLAAFP' are; 'evaluation' and '504 plan' are not (those get tooltips only via term())."""
    return " " not in name and sum(c.isupper() for c in name) >= 2


def tooltip_map(terms: dict[str, Term]) -> dict[str, str]:
    """Abbreviation -> tooltip text, for Python-Markdown's abbr glossary."""
    found = {}
    for term in terms.values():
        for name in [term.abbr or "", *term.aka]:
            if name and is_abbreviation(name):
                found[name] = tooltip(term)
    return found


def cross_problems(terms: dict[str, Term], problems: Problems, known=None) -> None:
    """Related ids exist, term() calls inside definitions exist, no name is claimed twice.

    ``known`` holds every id that has a file, loaded or not: an id whose file is broken is that
    file's problem, reported once, not again at each use.
    """
    known = terms if known is None else known
    owner: dict[str, str] = {}
    for tid, term in terms.items():
        file = paths.TERM.data_file(tid)
        for rel in term.related:
            if rel == tid:
                problems.add(file, None, f"'related' lists the term itself ('{rel}')", "remove it")
            elif rel not in known:
                problems.add(
                    file,
                    None,
                    f"'related' names '{rel}', which is not a {paths.TERM.noun}",
                    paths.TERM.unknown(rel, known)[1],
                )
        for field in ("definition", "example"):
            unknown_terms(getattr(term, field) or "", known, file, f"'{field}'", problems)
        for name in {n for n in [term.term, term.abbr or "", *term.aka] if n}:
            key = name.casefold()
            if key in owner and owner[key] != tid:
                problems.add(
                    file,
                    None,
                    f"the name '{name}' is also claimed by {paths.TERM.data_file(owner[key])}",
                    "an abbreviation or alias may belong to one term only; remove it from one of the two",
                )
            owner.setdefault(key, tid)
    for tid, term in terms.items():
        for word in term.search_also:
            other = owner.get(word.casefold())
            if other and other != tid:
                problems.add(
                    f"glossary/{tid}.yml",
                    None,
                    f"'search_also' lists '{word}', which is a name of glossary/{other}.yml",
                    "search would send families to the wrong term; remove it from 'search_also'",
                )


def letter_of(term: Term) -> str:
    first = term.term[0].upper()
    return first if first.isalpha() else "#"


def index_markdown(terms: dict[str, Term], strings: dict) -> str:
    """The A-Z index: letter jump links, then each letter's terms with their short definitions."""
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in sorted(terms.values(), key=lambda t: t.term.casefold()):
        groups[letter_of(term)].append(term)
    return render_template(
        "glossary_index.md.j2", groups=dict(sorted(groups.items())), strings=strings, path=paths.TERM.page
    )


def backlinks(terms: dict[str, Term], pages: dict[str, tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """For each term, the pages (src path, title) that link to it with term() or mention one of its names.

    ``pages`` maps a page's docs-relative path to (title, Markdown source). Abbreviations match
    case-sensitively as whole words; full names and aliases match without case.
    """
    # Names become word tuples looked up while walking each page's words once: the work grows with
    # the pages' length plus the number of names, never with their product.
    abbrs: dict[tuple[str, ...], str] = {}
    names: dict[tuple[str, ...], str] = {}
    for tid, term in terms.items():
        for name in {term.term, term.abbr or "", *term.aka} - {""}:
            if is_abbreviation(name):
                abbrs[tuple(WORD.findall(name))] = tid  # abbreviations match their exact case only
            else:
                names[tuple(WORD.findall(name.casefold()))] = tid
    # The lengths of the names that start with each first word: most words start none.
    abbr_lengths: dict[str, set[int]] = defaultdict(set)
    name_lengths: dict[str, set[int]] = defaultdict(set)
    for key in abbrs:
        abbr_lengths[key[0]].add(len(key))
    for key in names:
        name_lengths[key[0]].add(len(key))
    found: dict[str, list[tuple[str, str]]] = {tid: [] for tid in terms}
    for src, (title, text) in sorted(pages.items()):
        used = set(term_ids_used(text))
        words = WORD.findall(text)
        lower = [w.casefold() for w in words]
        for i, (word, low) in enumerate(zip(words, lower, strict=True)):
            for n in abbr_lengths.get(word, ()):
                if tid := abbrs.get(tuple(words[i : i + n])):
                    used.add(tid)
            for n in name_lengths.get(low, ()):
                if tid := names.get(tuple(lower[i : i + n])):
                    used.add(tid)
        for tid in used & found.keys():
            found[tid].append((src, title))
    return found


def term_page(term: Term, terms: dict[str, Term], used_on: list[tuple[str, str]], ctx: Context) -> Generated:
    """A term's own page: definition, example, its address to share, related terms, where it is used."""
    source = paths.TERM.data_file(term.id)
    filt = markdown_filter(lambda tid, text: link(terms, tid, text, where=source))
    # Families type abbreviations into search: a term that has one outranks terms that merely contain it.
    meta = front(term.label, term.short, search={"boost": 10 if term.abbr else 4})
    body = render_template(
        "term_page.md.j2",
        term=term,
        front=meta,
        md=filt,
        strings=ctx.strings,
        related=[terms[r] for r in term.related if r in terms],
        used_on=used_on,
        keywords=search.term_keywords(term),
        url=paths.TERM.url(term.id, ctx.site_url),
        path=paths.TERM.page,
    )
    end = footer(ctx, sources=term.sources, last_reviewed=term.last_reviewed, generated_from=source)
    return Generated(paths.TERM.page(term.id), source, body + end)


_MARKDOWN = md.Markdown()  # one converter, reset for each definition (building one costs more than converting)


def _definition_html(markdown_text: str) -> tuple[str, list]:
    return safety.sanitize(_MARKDOWN.reset().convert(markdown_text))


def export(
    terms: dict[str, Term], site_url: str, editions: dict[str, dict[str, Term]] | None = None
) -> tuple[str, dict[str, list]]:
    """glossary.json: every term with its definition as HTML and absolute links.

    The English fields are at the top of each record; each other language that translates the
    term adds the same fields under its code (``"es": {"term": ..., "url": ...}``), with links to
    that edition's pages. Returns the JSON and, per term id, what the sanitizer had to remove
    (empty when all is safe). Plain-text fields stay text; HTML fields are the sanitizer's output.
    """
    dropped: dict[str, list] = {}

    def fields(t: Term, known: dict[str, Term], base: str) -> dict:
        def absolute(tid: str, text: str | None) -> str:
            return f"[{text or known[tid].label}]({paths.TERM.url(tid, base)})"

        def to_html(text: str | None) -> str | None:
            if not text:
                return None
            # Under serve, a definition whose text is unchanged is not converted again (macros/rebuild.py).
            clean, removed = rebuild.per_text("glossary.json", expand_terms(text, absolute), _definition_html)
            dropped.setdefault(t.id, []).extend(removed)
            return clean

        def plain(text: str | None) -> str | None:
            if text:
                dropped.setdefault(t.id, []).extend(safety.html_findings(text))
            return text

        return {
            "term": plain(t.term),
            "aka": [plain(a) for a in t.aka],
            "short": plain(t.short),
            "definition": to_html(t.definition),
            "example": to_html(t.example),
            "url": paths.TERM.url(t.id, base),
        }

    english = site_url.rstrip("/")
    records = []
    for t in sorted(terms.values(), key=lambda t: t.id):
        record = {"id": t.id, "abbr": t.abbr, **fields(t, terms, english), "related": t.related}
        record["sources"] = [{"title": s.title, "url": str(s.url)} for s in t.sources]
        record["last_reviewed"] = t.last_reviewed.isoformat()
        dropped.setdefault(t.id, []).extend(
            safety.html_findings(" ".join([t.abbr or "", *(s.title for s in t.sources)]))
        )
        for lang, known in (editions or {}).items():
            if t.has_language(lang):
                record[lang] = fields(known[t.id], known, f"{english}/{lang}")
        records.append(record)
    text = json.dumps({"version": 1, "count": len(records), "terms": records}, ensure_ascii=False, indent=1)
    return text, {tid: found for tid, found in dropped.items() if found}
