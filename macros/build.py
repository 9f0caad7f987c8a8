"""``make build``: every edition of the site, each into its folder (English in ``site/``, Spanish in
``site/es/``), built strictly by the same plugin from its own config (``mkdocs.<lang>.yml``).

The editions are built side by side (one process each, so two cores make two builds). ``mkdocs
build`` empties its site folder first, so each other edition is built into a folder of its own and
moved under the English one when both are done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import i18n


def configs(root: Path) -> dict[str, Path]:
    """The config of each edition the project has, English first."""
    found = {}
    for lang in i18n.LANGUAGES:
        config = root / ("mkdocs.yml" if lang == i18n.DEFAULT else f"mkdocs.{lang}.yml")
        if config.exists():
            found[lang] = config
    return found


def build(root: Path, site_dir: Path, *, strict: bool = True, env: dict | None = None) -> tuple[int, str]:
    """Build every edition into ``site_dir``; returns (exit status, everything MkDocs printed)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    site_dir = Path(site_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="kb-editions-") as tmp:
        targets = {lang: site_dir if lang == i18n.DEFAULT else Path(tmp) / lang for lang in configs(root)}
        running = {}
        for lang, config in configs(root).items():
            cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(targets[lang])]
            cmd += ["--strict"] if strict else []
            running[lang] = subprocess.Popen(
                cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
        output, status = "", 0
        for proc in running.values():
            out, _ = proc.communicate(timeout=600)
            output += out
            status = status or proc.returncode
        if status == 0:
            for lang, target in targets.items():
                if lang != i18n.DEFAULT:
                    final = site_dir / i18n.url_prefix(lang)
                    shutil.rmtree(final, ignore_errors=True)
                    shutil.move(str(target), str(final))
    return status, output


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path.cwd()
    site_dir = Path(args[args.index("-d") + 1]) if "-d" in args else root / "site"
    status, output = build(root, site_dir, strict="--no-strict" not in args)
    print(output, end="")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
