"""All findings for a project: loading and shape problems, then the semantic rules."""

from __future__ import annotations

from collections.abc import Iterable

from . import rules
from .findings import Finding, locate
from .project import Project
from .status import Statuses


def run(project: Project, statuses: Statuses, extra: Iterable[Finding] = ()) -> list[Finding]:
    found = [*extra, *project.findings, *rules.run(rules.Context(project, statuses))]
    return locate(found, project.locate)


def only_paths(findings: Iterable[Finding], paths: Iterable[str]) -> list[Finding]:
    """Findings in the given repo-relative files or folders."""
    prefixes = [p.rstrip("/") for p in paths]
    return [f for f in findings
            if any(f.file == p or f.file.startswith(p + "/") for p in prefixes)]
