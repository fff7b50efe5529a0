"""The services a pull request can change the findings of: the diff-sized gate.

A unit's findings are a function of its own files, the catalog entries it uses, and its
statuses and channels (:mod:`compiler.engine.incremental`). Base was gated when it merged
(and is verified on every push to it), so a service whose files the PR leaves as base has
them, and which uses no catalog entry the PR changes, has base's findings: none that
fail. ``check`` then validates only the services returned here; ``check --full`` all.

Anything else a PR changes (services/freeze.yaml, a file outside a service folder, a
catalog that does not parse) gives ``None``: every service is judged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..load import fastload, yamldoc
from ..model.paths import CATALOG


def affected(base: Mapping[str, bytes], head: Mapping[str, bytes]) -> set[str] | None:
    """Ids of the services to validate at head, or ``None`` for all of them."""
    changed = {p for p in base.keys() | head.keys() if base.get(p) != head.get(p)}
    services: set[str] = set()
    for path in changed - {CATALOG}:
        parts = path.split("/")
        if len(parts) < 3 or parts[0] != "services":
            return None
        services.add(parts[1])
    if CATALOG in changed:
        apps = changed_apps(base.get(CATALOG), head.get(CATALOG))
        if apps is None:
            return None
        services |= users_of(apps, head)
    return services


def changed_apps(old: bytes | None, new: bytes | None) -> set[str] | None:
    """The app ids whose catalog entry differs (added, removed or edited), or ``None``
    when either catalog cannot be read as a list of entries with an ``app_id``."""
    before, after = _entries(old), _entries(new)
    if before is None or after is None:
        return None
    return {app for app in before.keys() | after.keys() if before.get(app) != after.get(app)}


def users_of(apps: set[str], files: Mapping[str, bytes]) -> set[str]:
    """Services with a file that names one of ``apps``: a superset, read as bytes. A file
    with a backslash may spell an id with escapes (``"\\x33..."``), so it counts too."""
    needles = [app.encode() for app in apps]
    found = set()
    for path, raw in files.items():
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] not in found and (
                b"\\" in raw or any(needle in raw for needle in needles)):
            found.add(parts[1])
    return found


def _entries(raw: bytes | None) -> dict[str, str] | None:
    if raw is None:
        return {}
    parsed = fastload.parse(CATALOG, raw)
    if not isinstance(parsed, yamldoc.Document) or not isinstance(parsed.data, dict):
        return None
    listed = parsed.data.get("mini_programs")
    if not isinstance(listed, list):
        return None
    out: dict[str, str] = {}
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("app_id"), str):
            return None
        text = json.dumps(entry, sort_keys=True, default=str)
        out[entry["app_id"]] = out.get(entry["app_id"], "") + text  # duplicates: both
    return out
