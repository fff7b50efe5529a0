"""minisvc plan: what the next apply will do, from refs and the committed release.yaml,
and what users of live versions will notice once it has: the output built from HEAD's
first parent against the output built from the working tree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..build.output_plan import OutputChange, between
from ..engine.workspace import Workspace, open_workspace
from ..lifecycle.release_plan import Outcome, next_steps, plan_all
from ..model.findings import locate
from ..report import plan_report


def run(root: Path, fmt: str, bootstrap: bool, now: dt.datetime) -> int:
    ws = open_workspace(root, without_record="empty")
    outcome = plan_all(ws.project, ws.lifecycle.states, findings=ws.findings,
                       bootstrap_new=bootstrap, bootstrapped=ws.bootstrapped, now=now) \
        if ws.lifecycle.holds else Outcome()
    findings = locate([*ws.findings, *outcome.findings], ws.project.locate)
    click.echo(plan_report.report(findings, outcome.steps, fmt, _outputs(ws)))
    if fmt != "json":
        for line in outcome.held:
            click.echo(f"held: {line}")
        for sid in sorted(ws.project.services):
            for line in next_steps(ws.project, sid, now):
                click.echo(f"{sid}: {line}")
    return 1 if any(f.is_error for f in findings) else 0


def _outputs(ws: Workspace) -> list[OutputChange] | None:
    """The output change of the commit being applied: against HEAD's first parent (on
    main, the state before the merge this apply carries out; the release job builds on
    every push, so that is what users have). None outside git, on a first commit, or
    without a record (nothing is live yet)."""
    if ws.applied is None or not ws.lifecycle.holds:
        return None
    head = ws.applied.git.head()
    if not head.parents:
        return None
    parent = ws.applied.git.files_like(head.parents[0].hexsha, ws.files)
    return between(parent, ws.files, ws.statuses)
