"""minisvc history: every lifecycle event of a service, from its tags (who, when, ratio)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..engine import record as refs
from ..errors import UserError
from ..lifecycle.machine import ENTERS, Event, Kind, format_ratio


def run(root: Path, service: str, fmt: str) -> int:
    applied = refs.read(root)
    events = sorted((e for e in applied.snapshot.events if e.service == service)
                    if applied is not None else [], key=_order)
    if not events and not (root / "services" / service / "service.yaml").is_file():
        raise UserError(f"no service {service!r} in services/ nor in the lifecycle refs")
    if fmt == "json":
        click.echo(json.dumps([_record(e) for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        click.echo(f"{service}: no lifecycle events yet"
                   + ("" if applied is not None else
                      " (the repository has no lifecycle refs; see docs/lifecycle.md)"))
        return 0
    for e in events:
        click.echo(f"{e.time or '?':<21} v{e.version:<4} {_label(e):<26} {e.actor:<30} {e.tag}")
    return 0


def _order(e: Event) -> tuple[str, int, int, int]:
    """Time first; in one apply a release comes before the archive it causes."""
    return (e.time, e.kind is Kind.ARCHIVED, e.version, e.seq)


def _label(e: Event) -> str:
    label = ENTERS[e.kind].label if e.kind is not Kind.RETEST else "Retest"
    if e.kind is Kind.RELEASING and e.ratio is not None:
        label += f" {format_ratio(e.ratio)}%"
    if e.kind is Kind.REVERTED:
        label = "Reverted to Draft"
    return label + (" (bootstrap)" if e.bootstrap else "")


def _record(e: Event) -> dict[str, object]:
    return {"time": e.time, "version": e.version, "event": e.kind.value,
            "status": ENTERS[e.kind].value, "ratio": e.ratio, "testers": e.testers,
            "actor": e.actor, "digest": e.digest, "commit": e.commit, "tag": e.tag,
            "bootstrap": e.bootstrap}
