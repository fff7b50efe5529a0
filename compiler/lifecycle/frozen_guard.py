"""Frozen versions stay byte for byte: between base and head of a PR (E300, E301), and
against the content digest their lifecycle tags recorded (E310)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

from ..load.project import Project
from ..model.findings import Finding
from ..model.paths import version_file
from ..model.status import Status
from .machine import ServiceState, statuses
from .refusals import REASONS, Action, hint


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def frozen_changes(statuses: Mapping[str, Mapping[int, Status]], base: Mapping[str, bytes],
                   head: Mapping[str, bytes]) -> list[Finding]:
    """Any change, rename or deletion of a non-Draft version's file is an error."""
    return list(_changes(statuses, base, head))


def _changes(statuses: Mapping[str, Mapping[int, Status]], base: Mapping[str, bytes],
             head: Mapping[str, bytes]) -> Iterator[Finding]:
    for sid in sorted(statuses):
        for number, status in sorted(statuses[sid].items()):
            path = version_file(sid, number)
            if not status.frozen or path not in base:
                continue
            if path not in head:
                yield Finding(path, 1, 1, "E301",
                              f"{sid} v{number} is {status.label} and frozen: its file was "
                              f"deleted or renamed ({REASONS[status]})",
                              f"restore {path} exactly as it is on the base branch")
            elif head[path] != base[path]:
                yield Finding(path, _first_difference(base[path], head[path]), 1, "E300",
                              f"{sid} v{number} is {status.label} and frozen: its content "
                              f"changed ({REASONS[status]})",
                              f"undo the change; {hint(sid, number, status, Action.EDIT)}")


def _first_difference(old: bytes, new: bytes) -> int:
    for i, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False)):
        if a != b:
            return i + 1
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def tampered(states: Mapping[str, ServiceState], files: Mapping[str, bytes]) -> list[Finding]:
    """A frozen version whose file is not what its last tag recorded was changed outside
    the PR gate (a direct push, a rewritten tag): report it, never paper over it."""
    found = []
    for sid in sorted(states):
        for number, state in sorted(states[sid].versions.items()):
            if not state.status.frozen:
                continue
            path = version_file(sid, number)
            if path not in files:
                found.append(Finding(path, 1, 1, "E310",
                                     f"{sid} v{number} is {state.status.label} (tag "
                                     f"{state.tag}) but its file is missing",
                                     f"restore it: `git show {state.tag}:{path}`"))
            elif digest(files[path]) != state.digest:
                found.append(Finding(path, 1, 1, "E310",
                                     f"{sid} v{number} is {state.status.label} but its "
                                     f"content is not what tag {state.tag} recorded "
                                     f"({state.digest[:19]}...); frozen versions never "
                                     "change",
                                     f"restore it: `git show {state.tag}:{path}`"))
    return found


def frozen_at_base(states: Mapping[str, ServiceState], base: Project,
            numbers: Mapping[str, set[int]]) -> dict[str, dict[int, Status]]:
    """Frozen per refs, and also the version base's release.yaml already moved (merged but
    maybe not applied yet): its content is what reviewers approved for testing."""
    found = statuses(states, {sid: numbers.get(sid, set()) | tree.version_files
                                        for sid, tree in base.services.items()})
    for sid, tree in base.services.items():
        release = tree.release
        if release is not None and release.stage.value != "draft":
            current = found.setdefault(sid, {}).get(release.version, Status.DRAFT)
            if current is Status.DRAFT:
                found[sid][release.version] = Status(release.stage.value)
    return found
