"""``make serve``: ``mkdocs serve`` that keeps showing the last good build while the content has a problem.

MkDocs' own server holds every request while a rebuild is failing ("the server will appear stuck").
Our plugin stops a build with its plain message before anything is written, so the previous site is
still whole: this wrapper lets the server go on serving it, and says so, until the editor saves a fix.
"""

from __future__ import annotations

import logging
import sys

import mkdocs.commands.serve as serve_command
from mkdocs.__main__ import cli
from mkdocs.exceptions import Abort

log = logging.getLogger("mkdocs")
_build = serve_command.build


def build(config, **kwargs) -> None:
    try:
        _build(config, **kwargs)
    except Abort:
        # The problem has been printed above, in the same words as `make check`.
        log.error("The pages you see are the last good build. Fix the problem above and save: the site rebuilds.")


def main(argv: list[str] | None = None) -> None:
    serve_command.build = build
    cli(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
