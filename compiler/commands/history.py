"""minisvc history: every lifecycle event of a service, from its tags (who, when, ratio)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..disk.inputs import read_inputs
from ..engine.incremental import skeleton
from ..engine.workspace import lifecycle
from ..errors import UserError
from ..lifecycle.events import ENTERS, Event, Kind, event_label
from ..model.names import no_such
from ..model.paths import service_file
from .unverified import refused


def run(root: Path, service: str, fmt: str) -> int:
    files, _ = read_inputs(root)
    seen = lifecycle(root, skeleton(files), files)
    if refused(seen, fmt):
        return 1
    events = sorted((e for e in seen.events if e.service == service), key=_order)
    if not events and service_file(service) not in files:
        known = {e.service for e in seen.events} | {sid for sid in seen.statuses}
        raise UserError(no_such("service", service, known) + " (in services/ or the refs)")
    if fmt == "json":
        click.echo(json.dumps([_record(e) for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        click.echo(f"{service}: no lifecycle events yet"
                   + ("" if seen.recorded else
                      " (the repository has no lifecycle refs; see docs/lifecycle.md)"))
        return 0
    for e in events:
        click.echo(f"{e.time or '?':<21} v{e.version:<4} {_label(e):<26} {e.actor:<30} {e.tag}")
    return 0


def _order(e: Event) -> tuple[str, int, int, int]:
    """Time first; in one apply a release comes before the archive it causes."""
    return (e.time, e.kind is Kind.ARCHIVED, e.version, e.seq)


def _label(e: Event) -> str:
    return event_label(e.kind, e.ratio) + (" (bootstrap)" if e.bootstrap else "")


def _record(e: Event) -> dict[str, object]:
    return {"time": e.time, "version": e.version, "event": e.kind.value,
            "status": ENTERS[e.kind].value, "ratio": e.ratio, "testers": e.testers,
            "actor": e.actor, "digest": e.digest, "commit": e.commit, "tag": e.tag,
            "bootstrap": e.bootstrap}
