"""All findings for a project: loading and shape problems, then the semantic rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ..load.project import Project
from ..model.findings import Finding, Locator, placing
from ..model.status import Statuses
from . import base as rules
from .frozen import settle

# A hostile file can make one rule fire 40,000 times with 1,000-character values (45 MB
# of log). A person needs the first few of each kind and a count of the rest.
MAX_PER_CODE = 20
MAX_MESSAGE = 300


def run(project: Project, statuses: Statuses, extra: Iterable[Finding] = ()) -> list[Finding]:
    found = settle([*extra, *project.findings, *rules.run(rules.Context(project, statuses))],
                   project, statuses)
    return bounded(found, project.locate)


def bounded(findings: Iterable[Finding], locator: Locator) -> list[Finding]:
    """Placed and sorted as ``locate`` does, then the first MAX_PER_CODE findings per file
    and code and one line counting the rest. Only the findings kept are copied."""
    placed = placing(findings, locator)
    total = Counter((f.file, f.code) for f, _, _ in placed)
    seen: Counter[tuple[str, str]] = Counter()
    kept: list[Finding] = []
    for f, line, col in placed:
        key = (f.file, f.code)
        seen[key] += 1
        if seen[key] <= MAX_PER_CODE:
            kept.append(replace(f, line=line, col=col, message=_short(f.message),
                                hint=_short(f.hint)))
        elif seen[key] == MAX_PER_CODE + 1:
            kept.append(replace(f, line=line, col=col,
                                message=f"... and {total[key] - MAX_PER_CODE} more {f.code} "
                                "findings in this file", hint="fix the ones above and run again"))
    return kept


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def only_paths(findings: Iterable[Finding], paths: Iterable[str]) -> list[Finding]:
    """Findings in the given repo-relative files or folders."""
    prefixes = [p.rstrip("/") for p in paths]
    return [f for f in findings
            if any(f.file == p or f.file.startswith(p + "/") for p in prefixes)]
