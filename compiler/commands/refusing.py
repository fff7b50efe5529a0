"""What a refused command reports: its findings, placed only on files as they are on disk,
and the change it would have made.

A command judges the text it would write; a finding in that text has a line that exists
nowhere (``release.yaml:5:11`` in a 4-line file). So a finding in a file the command
would change is shown without a position, and the diff it would have written follows:
what was asked, next to why it was refused.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import click

from ..model.findings import Finding
from ..report.reporters import REPORTERS

Changes = Mapping[str, bytes | None]


def unplaced(findings: Iterable[Finding], changes: Changes) -> list[Finding]:
    """Findings in a file ``changes`` touches lose their position (line 0: none)."""
    return sorted((replace(f, line=0, col=0) if f.file in changes else f for f in findings),
                  key=lambda f: (f.file, f.line, f.col, f.code, f.message))


def would_change(before: Mapping[str, bytes], changes: Changes) -> list[str]:
    """The change as a person reviews it: ``-``/``+`` lines per file, no context."""
    lines: list[str] = []
    for path, new in sorted(changes.items()):
        old = before.get(path)
        if old == new:
            continue
        if new is None:
            lines.append(f"  delete {path}")
            continue
        if old is None:
            lines.append(f"  create {path} ({len(new.splitlines())} lines)")
            continue
        diff = difflib.unified_diff(_lines(old), _lines(new), lineterm="", n=0)
        lines.append(f"  {path}:")
        lines += [f"    {line}" for line in diff
                  if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return lines


def report(findings: Sequence[Finding], fmt: str, before: Mapping[str, bytes],
           changes: Changes, outcome: str) -> None:
    """Print the refusal to stderr: findings (in ``fmt``), the change asked, ``outcome``."""
    click.echo(REPORTERS[fmt](unplaced(findings, changes)), err=True)
    change = would_change(before, changes)
    if change:
        click.echo("the command would have changed:", err=True)
        click.echo("\n".join(change), err=True)
    click.echo(outcome, err=True)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "replace").splitlines()
