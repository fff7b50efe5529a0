"""minisvc status: every version of one service (or all) with its status.

Fast on purpose: version numbers come from file names and statuses from one read of the
refs (the lifecycle seam on the engine's skeleton): no version file is parsed, so a service
with 1,000 versions answers at once.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..disk.inputs import read_inputs
from ..engine.incremental import skeleton
from ..engine.workspace import lifecycle
from ..errors import UserError
from ..lifecycle.events import status_label
from ..lifecycle.machine import ServiceState
from ..lifecycle.release_plan import next_steps
from ..model.names import no_such
from ..model.paths import service_file
from ..model.status import Status
from .unverified import refused


def run(root: Path, service: str | None, fmt: str, now: dt.datetime) -> int:
    files, _ = read_inputs(root)
    project = skeleton(files)
    seen = lifecycle(root, project, files)
    if refused(seen, fmt):
        return 1
    statuses = {sid: found for sid, found in seen.statuses.items()
                if service_file(sid) in files or sid in seen.states}
    if service is not None and service not in statuses:
        raise UserError(no_such("service", service, statuses))
    wanted = [service] if service is not None else list(statuses)
    if fmt == "json":
        docs = [{"service": sid, "versions": [{"version": n, "status": s.value}
                                              for n, s in statuses[sid].items()]}
                for sid in wanted]
        click.echo(json.dumps(docs[0] if service is not None else docs, indent=2))
        return 0
    for sid in wanted:
        click.echo(sid)
        state = seen.state(sid)
        for n, status in statuses[sid].items():
            click.echo(f"  v{n:<4} {_label(state, n, status)}")
        for line in next_steps(project, sid, now):
            click.echo(f"  {line}")
    if not seen.recorded:
        click.echo("(no lifecycle refs yet: statuses as `apply --bootstrap` would record "
                   "them from release.yaml; see docs/lifecycle.md)")
    return 0


def _label(state: ServiceState, n: int, status: Status) -> str:
    ratio = state.of(n).ratio if status is Status.RELEASING else None
    testers = len(state.testers) if status is Status.TESTING and state.testers else None
    return status_label(status, ratio, testers)
