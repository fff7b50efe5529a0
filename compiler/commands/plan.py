"""minisvc plan: what the next apply will do, from refs and the committed release.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from ..engine.loaded import load
from ..lifecycle.release_plan import plan_all
from ..model.findings import locate
from ..report import plan_report


def run(root: Path, fmt: str, bootstrap: bool) -> int:
    loaded = load(root, adopt_without_refs=False)
    outcome = plan_all(loaded.project, loaded.states, findings=loaded.findings,
                       bootstrap_new=bootstrap, bootstrapped=loaded.bootstrapped)
    findings = locate([*loaded.findings, *outcome.findings], loaded.project.locate)
    click.echo(plan_report.report(findings, outcome.steps, fmt))
    return 1 if any(f.is_error for f in findings) else 0
