"""Our own CSS and JavaScript, sent without their comments.

The files in ``docs/assets/`` are written to be read: every rule and function explains itself. A
visitor's browser needs none of that, and on a phone every kilobyte counts, so after each build
the copies in the site lose their comments and indentation (about 1.4 kB less on every page,
compressed). Only whole-line comments are removed from JavaScript, and nothing is renamed or
joined, so the code that runs is the code in the repository, line for line.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def css(text: str) -> str:
    """CSS without comments, blank lines and indentation; nothing inside a line changes."""
    if re.search(r"""["'][^"'\n]*/\*""", text):
        raise ValueError("a CSS string holds '/*': write it another way, or the comment remover would cut it")
    text = CSS_COMMENT.sub("", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


def js(text: str) -> str:
    """JavaScript without whole-line comments, blank lines and indentation; lines stay lines."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


# Elements whose whitespace shows: code, text boxes, scripts and styles, and the letter's paragraphs
# (white-space: pre-line, docs/assets/stylesheets/site.css).
KEEP_WHITESPACE = re.compile(
    r"<(pre|textarea|script|style)\b.*?</\1>|<p class=\"[^\"]*kb-letter__p[^\"]*\".*?</p>", re.S | re.I
)
BETWEEN_TAGS = re.compile(r">\s+<")


def html(text: str) -> str:
    """A page without the indentation and blank lines between its tags (about 0.5 kB less per page,
    compressed). Whitespace between two tags shows as one space at most, which one newline keeps;
    text inside an element is never touched, nor anything inside the elements in KEEP_WHITESPACE."""
    out, pos = [], 0
    for m in KEEP_WHITESPACE.finditer(text):
        out += [BETWEEN_TAGS.sub(">\n<", text[pos : m.start()]), m.group(0)]
        pos = m.end()
    out.append(BETWEEN_TAGS.sub(">\n<", text[pos:]))
    return "".join(out)


def strip_comments(docs_dir: Path | str, site_dir: Path | str) -> list[str]:
    """Rewrite the site's copies of docs/assets/**/*.css and *.js; returns what it rewrote."""
    docs, site = Path(docs_dir), Path(site_dir)
    done = []
    for source in sorted((docs / "assets").rglob("*")):
        kind = {".css": css, ".js": js}.get(source.suffix)
        target = site / source.relative_to(docs)
        if kind is None or not target.is_file():
            continue
        try:
            target.write_text(kind(source.read_text(encoding="utf-8")), encoding="utf-8")
        except ValueError as err:
            raise ValueError(f"{source.relative_to(docs.parent)}: {err}") from None
        done.append(target.relative_to(site).as_posix())
    return done
