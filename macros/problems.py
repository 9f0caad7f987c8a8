"""Problems found in content, reported the way editors read them.

Every check in this package reports a ``Problem``: the file, the line when the
file has lines, what is wrong, and how to fix it. ``ContentError`` carries all
the problems found at once, so an editor fixes everything in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    message: str
    fix: str = ""
    must_fix: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text} - {self.fix}" if self.fix else text


class ContentError(Exception):
    """One or more must-fix problems in the site's content."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Problems:
    """Collects problems while checking, then raises them all together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str | Path, line: int | None, message: str, fix: str = "", must_fix: bool = True) -> None:
        self.items.append(Problem(str(file), line, message, fix, must_fix))

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    def raise_if_any(self) -> None:
        errors = [p for p in self.items if p.must_fix]
        if errors:
            raise ContentError(errors)
