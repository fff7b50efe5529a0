"""Findings: every problem a user can cause, as data.

Rules and loaders yield findings; nothing in the core prints or raises for a user error.
A finding names its file and either a position (line/col, 1-based) or a ``loc`` path into
the document; :func:`locate` turns the path into a position at the edge, so rules never
need to know about YAML nodes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

Loc = tuple[str | int, ...]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    loc: Loc = ()

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code.startswith("W") else Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def finding(file: str, loc: Loc, code: str, message: str, hint: str = "") -> Finding:
    """A finding that still has to be placed: line/col come from ``locate``."""
    return Finding(file=file, line=0, col=0, code=code, message=message, hint=hint, loc=loc)


Locator = Callable[[str, Loc], tuple[int, int]]


def locate(findings: Iterable[Finding], locator: Locator) -> list[Finding]:
    """Fill in line/col of findings that only carry a path; sort for stable output."""
    placed = []
    for f in findings:
        if f.line == 0:
            line, col = locator(f.file, f.loc)
            f = replace(f, line=line, col=col)
        placed.append(f)
    return sorted(set(placed), key=lambda f: (f.file, f.line, f.col, f.code, f.message))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def fails(findings: Iterable[Finding], strict: bool) -> bool:
    """Whether a run with these findings exits 1 (warnings count only with --strict)."""
    return any(f.is_error or strict for f in findings)
