"""The glossary: term links, tooltips, the A-Z index, one page per term and glossary.json.

Pure functions over ``Term`` records; nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import markdown as md

from .loader import suggest
from .models import Term
from .problems import Problems
from .render import expand_terms, link_title, markdown_filter, render_template, term_ids_used
from .search import term_keywords

GLOSSARY_DIR = "glossary"  # where term pages live in the site (and data lives in the repo)
WORD = re.compile(r"\w+")


class UnknownTerm(KeyError):
    """A term() call named an id that has no glossary/<id>.yml."""

    def __init__(self, term_id: str, known: list[str], where: str = ""):
        self.term_id = term_id
        at = f" in {where}" if where else ""
        super().__init__(
            f"unknown glossary term '{term_id}'{at} - {suggest(term_id, known)} (terms are the file names in glossary/)"
        )

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return self.args[0]


def page_path(term_id: str) -> str:
    """The Markdown path of a term's page, relative to docs/."""
    return f"{GLOSSARY_DIR}/{term_id}.md"


def tooltip(term: Term) -> str:
    return f"{term.label}: {term.short}"


def link(terms: dict[str, Term], term_id: str, text: str | None = None, where: str = "") -> str:
    """A Markdown link to a term's page; MkDocs validates the target, Material shows the title as a tooltip."""
    if term_id not in terms:
        raise UnknownTerm(term_id, sorted(terms), where)
    term = terms[term_id]
    label = text or term.label
    return f'[{label}](/{page_path(term_id)} "{link_title(tooltip(term))}")'


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


def cross_problems(terms: dict[str, Term], problems: Problems) -> None:
    """Related ids exist, term() calls inside definitions exist, no name is claimed twice."""
    owner: dict[str, str] = {}
    for tid, term in terms.items():
        file = f"glossary/{tid}.yml"
        for rel in term.related:
            if rel == tid:
                problems.add(file, None, f"'related' lists the term itself ('{rel}')", "remove it")
            elif rel not in terms:
                problems.add(
                    file, None, f"'related' names '{rel}', which is not a glossary term", suggest(rel, sorted(terms))
                )
        for field in ("definition", "example"):
            for used in term_ids_used(getattr(term, field) or ""):
                if used not in terms:
                    problems.add(
                        file,
                        None,
                        f"'{field}' uses term('{used}'), which is not a glossary term",
                        suggest(used, sorted(terms)),
                    )
        for name in {n for n in [term.term, term.abbr or "", *term.aka] if n}:
            key = name.casefold()
            if key in owner and owner[key] != tid:
                problems.add(
                    file,
                    None,
                    f"the name '{name}' is also claimed by glossary/{owner[key]}.yml",
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
    return render_template("glossary_index.md.j2", groups=dict(sorted(groups.items())), strings=strings, path=page_path)


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
    longest = max((len(k) for k in [*abbrs, *names]), default=0)
    found: dict[str, list[tuple[str, str]]] = {tid: [] for tid in terms}
    for src, (title, text) in sorted(pages.items()):
        used = set(term_ids_used(text))
        words = WORD.findall(text)
        lower = [w.casefold() for w in words]
        for i in range(len(words)):
            for n in range(1, longest + 1):
                tid = abbrs.get(tuple(words[i : i + n])) or names.get(tuple(lower[i : i + n]))
                if tid:
                    used.add(tid)
        for tid in used & found.keys():
            found[tid].append((src, title))
    return found


def term_page(term: Term, terms: dict[str, Term], used_on: list[tuple[str, str]], strings: dict, site_url: str) -> str:
    """The Markdown source of a term's own page (a generated file)."""
    filt = markdown_filter(lambda tid, text: link(terms, tid, text, where=f"glossary/{term.id}.yml"))
    front = {
        "title": term.label,
        "description": term.short,
        "kb_source": f"glossary/{term.id}.yml",
    }
    return render_template(
        "term_page.md.j2",
        term=term,
        front=front,
        md=filt,
        strings=strings,
        related=[terms[r] for r in term.related if r in terms],
        used_on=used_on,
        keywords=term_keywords(term),
        url=f"{site_url.rstrip('/')}/{GLOSSARY_DIR}/{term.id}/",
        path=page_path,
    )


def export(terms: dict[str, Term], site_url: str) -> str:
    """glossary.json: every term with its definition as HTML and absolute links."""
    base = site_url.rstrip("/")

    def absolute(tid: str, text: str | None) -> str:
        return f"[{text or terms[tid].label}]({base}/{GLOSSARY_DIR}/{tid}/)"

    def to_html(text: str | None) -> str | None:
        return md.markdown(expand_terms(text, absolute)) if text else None

    records = [
        {
            "id": t.id,
            "term": t.term,
            "abbr": t.abbr,
            "aka": t.aka,
            "short": t.short,
            "definition": to_html(t.definition),
            "example": to_html(t.example),
            "related": t.related,
            "url": f"{base}/{GLOSSARY_DIR}/{t.id}/",
            "sources": [{"title": s.title, "url": str(s.url)} for s in t.sources],
            "last_reviewed": t.last_reviewed.isoformat(),
        }
        for t in sorted(terms.values(), key=lambda t: t.id)
    ]
    return json.dumps({"version": 1, "count": len(records), "terms": records}, ensure_ascii=False, indent=1)
