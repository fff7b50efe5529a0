"""Versions a PR adds: numbers are never reused (E307), and a copy is a Duplicate, which
only a Released or Archived version allows (E306)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from ..model.findings import Finding
from ..model.paths import version_of
from ..model.status import Status
from .machine import ServiceState
from .refusals import Action, Refusal, refuse


def numbers(files: Mapping[str, bytes]) -> dict[str, dict[int, str]]:
    """Version files by service and number."""
    out: dict[str, dict[int, str]] = {}
    for path in files:
        if (version := version_of(path)) is not None:
            out.setdefault(version[0], {})[version[1]] = path
    return out


def added_versions(base: Mapping[str, bytes], head: Mapping[str, bytes],
                   used: Mapping[str, set[int]],
                   statuses: Mapping[str, Mapping[int, Status]],
                   recorded: Mapping[str, ServiceState] | None = None) -> list[Finding]:
    """``used``: every number ever given out per service (refs and git history).
    ``recorded``: the record's states; a file that brings back a frozen version (after a
    push that skipped the gate deleted it) is not a new version: the frozen guard holds
    it to what its tags recorded."""
    return list(_added(base, head, used, statuses, recorded or {}))


def _added(base: Mapping[str, bytes], head: Mapping[str, bytes],
           used: Mapping[str, set[int]],
           statuses: Mapping[str, Mapping[int, Status]],
           recorded: Mapping[str, ServiceState]) -> Iterator[Finding]:
    old, new = numbers(base), numbers(head)
    for sid in sorted(new):
        before = old.get(sid, {})
        taken = set(used.get(sid, set())) | set(before)
        newest = max(taken, default=0)
        added = sorted(n for n in new[sid] if n not in before)
        for n in added:
            path = new[sid][n]
            if sid in recorded and recorded[sid].status(n).frozen:
                continue  # a recorded version coming back: the frozen guard judges it
            if n in taken:
                yield Finding(path, 1, 1, "E307",
                              f"{sid} version number {n} was used before; version numbers "
                              "are never reused, not even after a Draft is deleted",
                              f"name it {newest + 1 + added.index(n)}.yaml "
                              "(`minisvc new` picks the number)")
            elif n < newest:
                yield Finding(path, 1, 1, "E307",
                              f"{sid} v{n} is below the newest version number ever used "
                              f"(v{newest}); new versions take the next number",
                              f"name it {newest + 1 + added.index(n)}.yaml")
            refusal = _duplicate(sid, n, head[path], base, before, statuses.get(sid, {}))
            if refusal is not None:
                yield Finding(path, 1, 1, refusal.code, refusal.message, refusal.hint)


def _duplicate(sid: str, n: int, data: bytes, base: Mapping[str, bytes],
               paths: Mapping[int, str], statuses: Mapping[int, Status]) -> Refusal | None:
    """A byte-identical copy is a Duplicate; it is fine if any source may be duplicated."""
    refusals = []
    for source, path in sorted(paths.items()):
        if base[path] != data:
            continue
        refusal = refuse(sid, source, statuses.get(source, Status.DRAFT), Action.DUPLICATE)
        if refusal is None:
            return None
        refusals.append(replace(refusal, message=f"{sid} v{n} is a copy of v{source}: "
                                                 f"{refusal.message}"))
    return refusals[-1] if refusals else None
