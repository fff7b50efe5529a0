"""The publish log and what ``--prune`` may delete (pure).

Every manifest a publish puts up is first copied into the log, under
``.minisvc/published/<service>/<time>-<hash>.json``. Sorted by time, a service's entries
say from when to when each manifest was served: entry *i* until entry *i + 1*, the newest
until now. A manifest served at any moment of the retention period is *retained*, and so
is every file it names: a phone that fetched it then (and keeps it as its last good copy)
still finds its files. ``--prune`` deletes the other content-addressed files, but never
one written within the retention period either: that one may belong to a publish still
under way, or to one that was killed before its manifest went up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

LOG = ".minisvc/published"
_TIME = "%Y%m%dT%H%M%S.%fZ"
_ENTRY = re.compile(rf"{re.escape(LOG)}/([A-Za-z0-9_-]{{1,64}})/"
                    r"(\d{8}T\d{6}\.\d{6}Z)-([0-9a-f]{16})\.json")


class Stamped(Protocol):
    @property
    def modified(self) -> dt.datetime: ...


@dataclass(frozen=True, order=True)
class Entry:
    """One publish-log entry: a manifest of ``service`` put up at ``time``."""

    service: str
    time: dt.datetime
    hash: str
    key: str

    @staticmethod
    def hash_of(manifest: bytes) -> str:
        return hashlib.sha256(manifest).hexdigest()[:16]

    @classmethod
    def parse(cls, key: str) -> Entry | None:
        m = _ENTRY.fullmatch(key)
        if m is None:
            return None
        when = dt.datetime.strptime(m[2], _TIME).replace(tzinfo=dt.UTC)
        return cls(m[1], when, m[3], key)


def entry_key(service: str, now: dt.datetime, tick: int, manifest: bytes) -> str:
    """The log key for ``manifest`` put up at ``now``; ``tick`` (a microsecond each)
    keeps the entries of one run in the order they were written."""
    when = now.astimezone(dt.UTC) + dt.timedelta(microseconds=tick)
    return f"{LOG}/{service}/{when.strftime(_TIME)}-{Entry.hash_of(manifest)}.json"


def entries(keys: Iterable[str]) -> list[Entry]:
    return sorted(e for e in map(Entry.parse, keys) if e is not None)


def newest(log: Iterable[Entry]) -> dict[str, str]:
    """The hash of each service's newest entry."""
    return {e.service: e.hash for e in sorted(log)}


def served_within(log: Iterable[Entry], since: dt.datetime) -> tuple[set[Entry], set[Entry]]:
    """(retained, expired): an entry is retained when the manifest it records was
    served at some moment after ``since``; the newest entry of a service always is."""
    by_service: dict[str, list[Entry]] = {}
    for e in sorted(log):
        by_service.setdefault(e.service, []).append(e)
    kept: set[Entry] = set()
    gone: set[Entry] = set()
    for seq in by_service.values():
        for e, after in zip(seq, [*seq[1:], None], strict=True):
            (kept if after is None or after.time >= since else gone).add(e)
    return kept, gone


@dataclass(frozen=True)
class Prune:
    delete: list[tuple[str, str]]  # key, why
    kept_recent: int  # unnamed files written within the retention period


def prune(listed: Mapping[str, Stamped], protected: set[str], log_expired: Iterable[Entry],
          since: dt.datetime, file_pattern: re.Pattern[str]) -> Prune:
    """What ``--prune`` deletes: content-addressed files no retained manifest names,
    written before ``since``; log entries that protect nothing any more."""
    delete: list[tuple[str, str]] = []
    recent = 0
    for key, obj in sorted(listed.items()):
        if key in protected:
            continue
        if file_pattern.fullmatch(key):
            if obj.modified < since:
                delete.append((key, "no manifest served within the retention period names it"))
            else:
                recent += 1
    delete += [(e.key, "a log entry of a manifest no longer retained") for e in sorted(log_expired)]
    return Prune(delete, recent)


def named(manifest: Mapping[str, Any]) -> dict[str, str]:
    """Every file a manifest names, relative to its folder: path -> sha256."""
    out: dict[str, str] = {}
    for channel in ("released", "releasing", "testing"):
        for ref in (manifest.get(channel) or {}).get("files", {}).values():
            out[ref["path"]] = ref["sha256"]
    return out


def protected_files(manifests: Iterable[tuple[str, Mapping[str, Any]]]) -> set[str]:
    """Keys of every file the (service, manifest) pairs name."""
    return {f"{sid}/{path}" for sid, manifest in manifests for path in named(manifest)}
