"""Start a new glossary term, guide page or story from the files in templates/.

    python -m macros.scaffold term "Prior written notice"   ->  glossary/prior-written-notice.yml
    python -m macros.scaffold page "Getting ready for school" ->  docs/guide/getting-ready-for-school.md
    python -m macros.scaffold story "A new school year"      ->  docs/stories/a-new-school-year.md

Editors run these through ``make new-term``, ``make new-page`` and ``make new-story``.
The new file is the template with the name and today's date filled in. Its TODO lines
make ``make check`` fail on purpose until the editor replaces them. An existing file is
never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .models import KEBAB

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = "published-urls.txt"


@dataclass(frozen=True)
class Kind:
    """One kind of file the scaffold can start."""

    template: str  # path of the template, relative to the project root
    folder: str  # where the new file goes
    suffix: str  # the new file's ending
    placeholder: str  # the template's placeholder for the name, for example "{title}"
    make: str  # the make command editors type, for messages
    guide: str  # the contributor page that explains this kind


KINDS = {
    "term": Kind(
        "templates/term.yml",
        "glossary",
        ".yml",
        "{term}",
        'make new-term NAME="Prior written notice"',
        "docs/contributing/add-a-term.md",
    ),
    "page": Kind(
        "templates/page.md",
        "docs/guide",
        ".md",
        "{title}",
        'make new-page TITLE="Getting ready for an IEP meeting"',
        "docs/contributing/add-a-page.md",
    ),
    "story": Kind(
        "templates/story.md",
        "docs/stories",
        ".md",
        "{title}",
        'make new-story TITLE="We found our words"',
        "docs/contributing/add-a-story.md",
    ),
}


class ScaffoldError(Exception):
    """Something the editor can fix; the message says what and how."""


def slug(name: str) -> str:
    """The kebab-case id of a name: 'Prior written notice' -> 'prior-written-notice'.

    Accents are dropped ('Niño' -> 'nino'); every run of other characters becomes one hyphen.
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def yaml_text(value: str) -> str:
    """Escape a name for the inside of a double-quoted YAML string."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def fill(template: str, placeholder: str, name: str, today: dt.date) -> str:
    """The template with the name and today's date in place (plain replacement: other braces stay)."""
    return template.replace(placeholder, yaml_text(name)).replace("{today}", today.isoformat())


def target(kind: Kind, name: str, root: Path, file_id: str | None = None) -> Path:
    """Where the new file for ``name`` goes (``file_id`` chooses the file name instead)."""
    if not name.strip():
        raise ScaffoldError(f"Give a name, for example: {kind.make}")
    if file_id is not None and not re.fullmatch(KEBAB, file_id):
        raise ScaffoldError(f"ID '{file_id}' is not lowercase words joined by hyphens, for example ID=prior-notice")
    file_id = file_id or slug(name)
    if not file_id:
        raise ScaffoldError(
            f"'{name}' has no Latin letters or digits to make a file name from. Add an ID in Latin letters, "
            f'for example: {kind.make.split("=")[0]}="{name}" ID=individual-plan'
        )
    return root / kind.folder / f"{file_id}{kind.suffix}"


def name_taken(name: str, root: Path) -> str | None:
    """The glossary file that already has ``name`` as its term, abbreviation or alias, if any."""
    wanted = name.strip().casefold()
    for path in sorted((root / "glossary").glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            continue  # make check reports that file; it cannot be compared here
        if not isinstance(data, dict):
            continue
        names = [data.get("term"), data.get("abbr"), *(data.get("aka") or [])]
        if any(isinstance(n, str) and n.strip().casefold() == wanted for n in names):
            return path.relative_to(root).as_posix()
    return None


def already_exists(shown: str) -> str:
    return f"{shown} already exists, so nothing was changed. Edit {shown} instead, or choose another name."


def create(
    kind_name: str, name: str, root: Path = ROOT, today: dt.date | None = None, file_id: str | None = None
) -> Path:
    """Write the new file from its template and return its path. Never overwrites a file."""
    kind = KINDS[kind_name]
    if kind_name == "term" and (owner := name_taken(name, root)):
        raise ScaffoldError(
            f"'{name.strip()}' is already a glossary term, abbreviation or alias in {owner}. Edit that file."
        )
    path = target(kind, name, root, file_id)
    shown = path.relative_to(root).as_posix()
    if path.exists():
        raise ScaffoldError(already_exists(shown))
    template = (root / kind.template).read_text(encoding="utf-8")
    text = fill(template, kind.placeholder, name.strip(), today or dt.date.today())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite
            out.write(text)
    except FileExistsError:  # created by someone else since the check above
        raise ScaffoldError(already_exists(shown)) from None
    return path


def next_steps(kind_name: str, path: Path, root: Path) -> list[str]:
    """What the editor does after the file exists, in order."""
    kind = KINDS[kind_name]
    shown = path.relative_to(root).as_posix()
    docs_path = f"glossary/{path.stem}.md" if kind_name == "term" else path.relative_to(root / "docs").as_posix()
    steps = [f"Open {shown} and replace every line that says TODO."]
    if kind_name == "page":
        steps.append(f"Add the page to 'nav:' in mkdocs.yml, for example:  - Short title: {docs_path}")
    steps.append(f"Add the line '{docs_path}' to {PUBLISHED}, so its address is kept for good.")
    steps.append("Run 'make check' and fix what it lists. Then run 'make serve' to see it.")
    steps.append(f"Help: {kind.guide}")
    return steps


USAGE = "\n".join(
    (
        "Start a new file from a template:",
        '  python -m macros.scaffold term "Prior written notice"',
        '  python -m macros.scaffold page "Title of the page"',
        '  python -m macros.scaffold story "Title of the story"',
    )
)


def main(argv: list[str] | None = None, root: Path = ROOT, today: dt.date | None = None) -> int:
    """Run the scaffold; return 0 when a file was created, 1 when the editor must change something."""
    args = list(sys.argv[1:] if argv is None else argv)
    file_id = next((a.split("=", 1)[1] for a in args if a.startswith("--id=")), None)
    args = [a for a in args if not a.startswith("--id=")]
    if len(args) != 2 or args[0] not in KINDS:
        print(USAGE, file=sys.stderr)
        return 2
    kind_name, name = args
    try:
        path = create(kind_name, name, root, today, file_id)
    except ScaffoldError as err:
        print(f"Nothing created: {err}", file=sys.stderr)
        return 1
    print(f"Created {path.relative_to(root).as_posix()}\n\nNext steps:")
    for n, step in enumerate(next_steps(kind_name, path, root), 1):
        print(f"  {n}. {step}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
