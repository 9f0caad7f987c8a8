"""``make build``: the English site, then each other edition into its folder (``site/es/``).

English first: ``mkdocs build`` empties its site folder, so the other editions are built after it.
Every edition is built strictly, by the same plugin, from its own config (``mkdocs.<lang>.yml``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import i18n


def commands(root: Path, site_dir: Path, strict: bool = True) -> list[list[str]]:
    """The ``mkdocs build`` command of each edition whose config exists, English first."""
    out = []
    for lang in i18n.LANGUAGES:
        config = root / ("mkdocs.yml" if lang == i18n.DEFAULT else f"mkdocs.{lang}.yml")
        if config.exists():
            target = site_dir / i18n.url_prefix(lang)
            out.append([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(target)])
            if strict:
                out[-1].append("--strict")
    return out


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path.cwd()
    site_dir = Path(args[args.index("-d") + 1]) if "-d" in args else root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for cmd in commands(root, site_dir.resolve(), strict="--no-strict" not in args):
        status = subprocess.run(cmd, cwd=root, env=env).returncode
        if status:
            return status
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
