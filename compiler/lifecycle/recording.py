"""Planned transitions -> the tags and branch entries that record them (pure).

The clock, the actor and the commit come in as values from the edge (``apply``), so the
same input always records the same text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model.paths import version_file
from ..model.status import Status
from .events import Event, Kind
from .frozen_guard import digest
from .machine import ServiceState, Transition
from .refscheme import Ledger, ledger_message, tag_message, tag_name


@dataclass(frozen=True)
class NewTag:
    name: str
    event: Event
    message: str


@dataclass(frozen=True)
class NewEntry:
    """The next commit of a service's branch."""

    service: str
    ledger: Ledger
    message: str


@dataclass(frozen=True)
class Stamp:
    actor: str
    time: str
    commit: str
    apply_id: str = ""


def record(before: Mapping[str, ServiceState], after: Mapping[str, ServiceState],
           steps: Sequence[Transition], files: Mapping[str, bytes],
           counts: Mapping[str, int], stamp: Stamp, objects: Mapping[str, str] | None = None,
           ) -> tuple[list[NewTag], list[NewEntry]]:
    """``counts``: how many events each service has so far (its branch records the sum).
    ``objects``: the ids the edge stored the tags under, by name, for the branch entries
    (record once to get the tags, store them, record again with their ids)."""
    tags: list[NewTag] = []
    seqs: dict[tuple[str, int], int] = {}
    for step in steps:
        key = (step.service, step.version)
        seqs[key] = seqs.get(key, before.get(step.service, ServiceState(step.service))
                             .of(step.version).seq) + 1
        data = files.get(version_file(step.service, step.version), b"")
        event = Event(step.service, step.version, seqs[key], step.kind,
                      ratio=step.new_ratio,
                      group=step.group if step.kind is Kind.RELEASING else None,
                      testers=step.tester_count,
                      digest=digest(data), actor=stamp.actor, time=stamp.time,
                      commit=stamp.commit, bootstrap=step.bootstrap, planned=step.planned)
        name = tag_name(step.service, step.version, event.seq, step.kind, event.ratio)
        tags.append(NewTag(name, event, tag_message(event)))
    entries = []
    for sid in sorted({s.service for s in steps}):
        state = after[sid]
        mine = [s for s in steps if s.service == sid]
        # with nothing left in flight, the version this apply moved (not the one a full
        # release archived beside it, which is listed after it)
        moved = [t for t in mine if t.kind is not Kind.ARCHIVED] or mine
        version = state.in_flight if state.in_flight is not None else moved[-1].version
        status = state.status(version)
        ledger = Ledger(sid, version, status.value,
                        state.testers if status is Status.TESTING else (),
                        counts.get(sid, 0) + len(mine),
                        tuple(t.name for t in tags if t.event.service == sid),
                        tuple(objects[t.name] for t in tags
                              if t.event.service == sid and objects and t.name in objects))
        entries.append(NewEntry(sid, ledger, ledger_message(ledger, mine, stamp.apply_id)))
    return tags, entries
