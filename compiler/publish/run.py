"""One publish carried out on a store: the plan's uploads in the plan's order, then
``--prune``. The store is the target's edge, an S3 bucket (``publish/bucket.py``) or a
folder (``disk/folder_store.py``); a crash point follows every write, so the kill test can
stop a publish after any of them (tests/publish/test_publish_crash.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import crashpoints
from . import retention as ret
from .plan import FILE, INDEX, MANIFEST, Listed, Plan, Put, Source, check_source, plan

DELETE_BATCH = 1000  # S3's DeleteObjects limit


class Store(Protocol):
    """Where a publish goes; every method is one round of requests, none is atomic
    beyond one object."""

    @property
    def where(self) -> str: ...

    def recover(self) -> None:
        """Clear what a killed publish left that is no object (a folder's temp files)."""

    def list(self) -> dict[str, Listed]: ...

    def get(self, key: str) -> bytes | None: ...

    def put(self, put: Put) -> None: ...

    def delete(self, keys: Sequence[str]) -> None: ...


@dataclass
class Report:
    where: str
    source: Source
    plan: Plan
    dry_run: bool
    days: float
    pruned: ret.Prune | None = None
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        p, verb = self.plan, "would upload" if self.dry_run else "uploaded"
        out = [f"publish dist/ -> {self.where}{' (dry run: nothing is written)' * self.dry_run}"]
        if p.uploads():
            what = [f"{len(p.files)} files", f"{len(p.manifests)} manifests"]
            what += ["index.json"] * (p.index is not None)
            out.append(f"{verb} {', '.join(what)} ({p.present} files were there already)")
            out += [f"  {steps[-1].key}" for steps in p.manifests]
        else:
            out.append(f"up to date: nothing to upload ({p.present} files there already)")
        out += [f"left as it is: {key} (its service is not in dist/)" for key in p.left]
        if self.source.unnamed:
            out.append(f"skipped {len(self.source.unnamed)} files of dist/ that no manifest "
                       f"names (a preview's Draft?): {', '.join(self.source.unnamed[:3])}"
                       + (" ..." if len(self.source.unnamed) > 3 else ""))
        if self.pruned is not None:
            verb = "would delete" if self.dry_run else "deleted"
            out += [f"{verb} {key} ({why})" for key, why in self.pruned.delete]
            if not self.pruned.delete:
                out.append(f"prune: nothing to delete (retention {self.days:g} days)")
            if self.pruned.kept_recent:
                out.append(f"kept {self.pruned.kept_recent} files no retained manifest names, "
                           f"written within the last {self.days:g} days (a publish under way "
                           "or killed before its manifest went up)")
        return out + self.notes


def publish(files: Mapping[str, bytes], store: Store, now: dt.datetime, *,
            retention: dt.timedelta = dt.timedelta(days=30), prune: bool = False,
            dry_run: bool = False, allow_public_testers: bool = False,
            jobs: int = 8) -> Report:
    """Bring ``store`` to the dist/ ``files`` ({relative path: bytes}); idempotent."""
    source = check_source(files, allow_public_testers)
    if not dry_run:
        store.recover()
    listed = store.list()
    log = ret.entries(listed)
    current = {m[1]: body for key in listed if (m := MANIFEST.fullmatch(key))
               if (body := store.get(key)) is not None}
    index = store.get(INDEX) if INDEX in listed else None
    todo = plan(source, listed, current, index, ret.newest(log), now)
    report = Report(store.where, source, todo, dry_run, retention / dt.timedelta(days=1))
    if not dry_run:
        _upload(store, todo, jobs)
    if prune:
        report.pruned = _prune(store, source, current, todo, log, listed, now - retention)
        if not dry_run:
            _delete(store, [key for key, _why in report.pruned.delete])
    return report


def _upload(store: Store, todo: Plan, jobs: int) -> None:
    def one(put: Put) -> None:
        store.put(put)
        crashpoints.reached("publish: file uploaded")

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(one, todo.files))  # every file is up before any manifest names it
    for steps in todo.manifests:
        for put in steps:
            store.put(put)
            crashpoints.reached("publish: manifest uploaded" if MANIFEST.fullmatch(put.key)
                                else "publish: log entry written")
    if todo.index is not None:
        store.put(todo.index)
        crashpoints.reached("publish: index uploaded")


def _prune(store: Store, source: Source, current: Mapping[str, bytes], todo: Plan,
           log: list[ret.Entry], listed: Mapping[str, Listed],
           since: dt.datetime) -> ret.Prune:
    """What may go once this publish is up. Retained: dist/'s manifests, the ones the
    target served until now (served within any retention period), and every one the log
    says was served since ``since``."""
    written = [e for steps in todo.manifests for put in steps
               if (e := ret.Entry.parse(put.key)) is not None]
    kept, expired = ret.served_within([*log, *written], since)
    serving: dict[tuple[str, str], Mapping[str, Any]] = {
        (sid, ret.Entry.hash_of(raw)): json.loads(raw) for sid, raw in current.items()}
    serving.update({(sid, ret.Entry.hash_of(raw)): data
                    for sid, (raw, data) in source.manifests.items()})
    for e in sorted(kept):
        if (e.service, e.hash) not in serving and e.key in listed:
            raw = store.get(e.key)
            if raw is not None:
                serving[(e.service, e.hash)] = json.loads(raw)
    protected = ret.protected_files((sid, m) for (sid, _h), m in serving.items())
    return ret.prune(listed, protected, expired, since, FILE)


def _delete(store: Store, keys: list[str]) -> None:
    for start in range(0, len(keys), DELETE_BATCH):
        store.delete(keys[start:start + DELETE_BATCH])
        crashpoints.reached("publish: deleted")
