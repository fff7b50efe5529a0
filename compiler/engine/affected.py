"""Which catalog entries a pull request changes: what the diff-sized gate rests on.

A unit's findings are a function of its own files, the catalog entries it uses, and its
statuses and channels (:mod:`compiler.engine.incremental`). Base was gated when it merged
(and is verified on every push to it), so a service whose files the PR leaves as base has
them, and which uses no catalog entry the PR changes, has base's findings: none that
fail. :mod:`.gate_inputs` finds the services a PR changes from git's ids, and the users of
the entries :func:`changed_apps` names with ``git grep``; ``check --full`` judges all.

The same holds one level down. A rule's findings in a version file depend only on that
file, its service.yaml, the catalog entries it names and its status
(``tests/rules/test_rules_per_version.py`` holds every rule to it), and a status changes
only by a release.yaml edit, which is judged with the whole service. So in a service whose
service.yaml and release.yaml the PR leaves as base has them, against base's catalog, the
version files it leaves alone are :func:`trusted`: counted (a release may name them, the
channels serve them) but not read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping

from ..load import fastload, yamldoc
from ..model.paths import CATALOG, release_file, service_file


def changed_apps(old: bytes | None, new: bytes | None) -> set[str] | None:
    """The app ids whose catalog entry differs (added, removed or edited), or ``None``
    when either catalog cannot be read as a list of entries with an ``app_id``."""
    before, after = _entries(old), _entries(new)
    if before is None or after is None:
        return None
    return {app for app in before.keys() | after.keys() if before.get(app) != after.get(app)}


def trusted(base: Mapping[str, bytes], head: Mapping[str, bytes],
            services: Collection[str]) -> set[str]:
    """The version files of ``services`` whose findings are base's: the files head has as
    base has them, in services whose service.yaml and release.yaml head has as base has
    them. The caller's catalog must be base's too."""
    kept: set[str] = set()
    for sid in services:
        if any(head.get(path) != base.get(path) for path in (service_file(sid),
                                                             release_file(sid))):
            continue
        folder = f"services/{sid}/versions/"
        kept |= {path for path, raw in head.items()
                 if path.startswith(folder) and base.get(path) == raw}
    return kept


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
