"""minisvc plan: what the next apply will do, from refs and the committed release.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from ..engine.workspace import open_workspace
from ..lifecycle.release_plan import Outcome, plan_all
from ..model.findings import locate
from ..report import plan_report


def run(root: Path, fmt: str, bootstrap: bool) -> int:
    ws = open_workspace(root, without_record="empty")
    outcome = plan_all(ws.project, ws.lifecycle.states, findings=ws.findings,
                       bootstrap_new=bootstrap, bootstrapped=ws.bootstrapped) \
        if ws.lifecycle.holds else Outcome()
    findings = locate([*ws.findings, *outcome.findings], ws.project.locate)
    click.echo(plan_report.report(findings, outcome.steps, fmt))
    return 1 if any(f.is_error for f in findings) else 0
