"""minisvc history: every event of a service, oldest first: the lifecycle events from its
tags (who, when, ratio) and its Draft events from git history (created, duplicated from
vN, deleted), so a version's whole life reads in one list."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..disk.inputs import read_inputs
from ..engine.incremental import skeleton
from ..engine.workspace import lifecycle
from ..errors import UserError
from ..git.drafts import DraftEvent, draft_events, within
from ..git.tree import open_root_if_any
from ..lifecycle.events import ENTERS, Event, Kind, draft_label, event_label
from ..model.names import no_such
from ..model.paths import service_file
from .unverified import refused


@dataclass(frozen=True)
class Row:
    key: tuple[Any, ...]
    line: str
    record: dict[str, object]


def run(root: Path, service: str, fmt: str) -> int:
    files, _ = read_inputs(root)
    seen = lifecycle(root, skeleton(files), files)
    if refused(seen, fmt):
        return 1
    git_root = open_root_if_any(root)
    drafts = draft_events(git_root, service) if git_root is not None else []
    events = [e for e in seen.events if e.service == service]
    if not events and not drafts and service_file(service) not in files:
        known = {e.service for e in seen.events} | set(seen.statuses)
        raise UserError(no_such("service", service, known) + " (in services/ or the refs)")
    rows = sorted([*map(_tagged, events), *map(_draft, drafts)], key=lambda r: r.key)
    if git_root is not None:
        rows = _within_the_second(rows, lambda c, applied: within(git_root, c, applied))
    if fmt == "json":
        click.echo(json.dumps([r.record for r in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        click.echo(row.line)
    if not events:
        click.echo(f"{service}: no lifecycle events yet"
                   + ("" if seen.recorded else
                      " (the repository has no lifecycle refs; see docs/lifecycle.md)"))
    return 0


def _within_the_second(rows: list[Row], within: Callable[[str, str], bool]) -> list[Row]:
    """Times have a second's resolution: a Draft made in the same second as a tag comes
    before it only when the tag's commit holds it (git ancestry decides)."""
    out = list(rows)
    for i in range(len(out)):
        j = i
        while j > 0 and _after(out[j - 1], out[j], within):
            out[j - 1], out[j] = out[j], out[j - 1]
            j -= 1
    return out


def _after(draft: Row, tag: Row, within: Callable[[str, str], bool]) -> bool:
    return (draft.key[0] == tag.key[0] and draft.record["tag"] is None
            and tag.record["tag"] is not None and draft.key[1] == 0
            and not within(str(draft.record["commit"]), str(tag.record["commit"])))


def _line(time: str, version: int, label: str, actor: str, where: str) -> str:
    return f"{time or '?':<21} v{version:<4} {label:<26} {actor:<30}  {where}"


def _tagged(e: Event) -> Row:
    """Time first; in one apply a release comes before the archive it causes."""
    label = event_label(e.kind, e.ratio) + (" (bootstrap)" if e.bootstrap else "")
    return Row((e.time, 1, e.kind is Kind.ARCHIVED, e.version, e.seq),
               _line(e.time, e.version, label, e.actor, e.tag),
               {"time": e.time, "version": e.version, "event": e.kind.value,
                "status": ENTERS[e.kind].value, "ratio": e.ratio, "testers": e.testers,
                "actor": e.actor, "digest": e.digest, "commit": e.commit, "tag": e.tag,
                "bootstrap": e.bootstrap, "source": None})


def _draft(d: DraftEvent) -> Row:
    """A Draft is made before anything is applied to it, and deleted after."""
    return Row((d.time, 2 if d.kind == "deleted" else 0, False, d.version, 0),
               _line(d.time, d.version, draft_label(d.kind, d.source), d.actor,
                     d.commit[:12]),
               {"time": d.time, "version": d.version, "event": d.kind,
                "status": None if d.kind == "deleted" else "draft", "ratio": None,
                "testers": None, "actor": d.actor, "digest": None, "commit": d.commit,
                "tag": None, "bootstrap": False, "source": d.source})
