"""minisvc status: every version of one service (or all) with its status.

Fast on purpose: version numbers come from file names and statuses from one read of the
refs; no version file is parsed, so a service with 1,000 versions answers at once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from ..engine import record as refs
from ..errors import UserError
from ..lifecycle import machine as lifecycle
from ..lifecycle.bootstrap import bootstrap
from ..lifecycle.machine import ServiceState, advance, format_ratio
from ..load import shape, yamldoc
from ..model.inputs import Release
from ..model.status import Status

_VERSION = re.compile(r"^([1-9][0-9]{0,8})\.yaml$")


def version_numbers(root: Path) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for folder in sorted((root / "services").glob("*/")):
        if (folder / "service.yaml").is_file():
            out[folder.name] = {int(m[1]) for p in (folder / "versions").glob("*.yaml")
                                if (m := _VERSION.match(p.name))}
    return out


def run(root: Path, service: str | None, fmt: str) -> int:
    numbers = version_numbers(root)
    applied = refs.read(root)
    states = applied.states if applied is not None else _from_release(root, numbers)
    statuses = lifecycle.statuses(states, numbers)
    if service is not None and service not in statuses:
        raise UserError(f"no service {service!r} (services: {', '.join(statuses) or 'none'})")
    wanted = [service] if service is not None else list(statuses)
    if fmt == "json":
        docs = [{"service": sid, "versions": [{"version": n, "status": s.value}
                                              for n, s in statuses[sid].items()]}
                for sid in wanted]
        click.echo(json.dumps(docs[0] if service is not None else docs, indent=2))
        return 0
    for sid in wanted:
        click.echo(sid)
        state = states.get(sid, ServiceState(sid))
        for n, status in statuses[sid].items():
            click.echo(f"  v{n:<4} {_label(state, n, status)}")
    if applied is None:
        click.echo("(no lifecycle refs yet: statuses as `apply --bootstrap` would record "
                   "them from release.yaml; see docs/lifecycle.md)")
    return 0


def _label(state: ServiceState, n: int, status: Status) -> str:
    vs = state.of(n)
    if status is Status.RELEASING and vs.ratio is not None:
        return f"{status.label} {format_ratio(vs.ratio)}%"
    if status is Status.TESTING and state.testers:
        return f"{status.label} ({len(state.testers)} tester{'s' * (len(state.testers) != 1)})"
    return status.label


def _from_release(root: Path, numbers: dict[str, set[int]]) -> dict[str, ServiceState]:
    """Without refs: the state a bootstrap would record, as open_workspace falls back to."""
    return {sid: advance(ServiceState(sid),
                         bootstrap(sid, _release(root / "services" / sid / "release.yaml", sid),
                                   versions))
            for sid, versions in numbers.items()}


def _release(path: Path, sid: str) -> Release | None:
    if not path.is_file():
        return None
    doc = yamldoc.parse(f"services/{sid}/release.yaml", path.read_bytes())
    return shape.validate(Release, doc.data, doc.file)[0] if isinstance(doc, yamldoc.Document) \
        else None
