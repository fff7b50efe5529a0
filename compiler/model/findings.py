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


def placing(findings: Iterable[Finding], locator: Locator) -> list[tuple[Finding, int, int]]:
    """Each finding once, with the line and col it is placed at, in ``locate``'s order.
    Nothing is copied: a hostile file can have 49,000 findings, and a caller that keeps
    only some (``checks.bounded``) copies only those."""
    placed: dict[tuple[str, int, int, str, str, str, Loc], tuple[Finding, int, int]] = {}
    for f in findings:
        line, col = locator(f.file, f.loc) if f.line == 0 else (f.line, f.col)
        placed.setdefault((f.file, line, col, f.code, f.message, f.hint, f.loc), (f, line, col))
    return [placed[key] for key in sorted(placed, key=lambda key: key[:5])]


def locate(findings: Iterable[Finding], locator: Locator) -> list[Finding]:
    """Fill in line/col of findings that only carry a path; sort for stable output."""
    return [f if (f.line, f.col) == (line, col) else replace(f, line=line, col=col)
            for f, line, col in placing(findings, locator)]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def fails(findings: Iterable[Finding], strict: bool) -> bool:
    """Whether a run with these findings exits 1 (warnings count only with --strict)."""
    return any(f.is_error or strict for f in findings)
