"""minisvc validate: schema and semantic checks of the repo or some of its paths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..engine.incremental import open_repo
from ..errors import UserError
from ..model.findings import fails
from ..report.reporters import REPORTERS
from ..rules.checks import only_paths


def relative_paths(root: Path, paths: Sequence[str]) -> list[str]:
    rel = []
    for raw in paths:
        path = Path(raw).absolute()
        if not path.exists():
            raise UserError(f"{raw}: no such file or folder")
        try:
            rel.append(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            raise UserError(f"{raw} is outside the repository {root}") from None
    return rel


def run(root: Path, paths: Sequence[str], fmt: str, strict: bool) -> int:
    repo = open_repo(root)
    findings = repo.evaluate().findings
    wanted = relative_paths(root, paths)
    if wanted and "." not in wanted:  # the record's own problems concern every path
        kept = {*repo.lifecycle.problems, *only_paths(findings, wanted)}
        findings = [f for f in findings if f in kept]
    if repo.lifecycle.caveat:
        click.echo(repo.lifecycle.caveat, err=True)
    click.echo(REPORTERS[fmt](findings))
    return 1 if fails(findings, strict) else 0
