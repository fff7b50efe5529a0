"""Frozen versions stay byte for byte: what a PR changes against what their tags recorded,
or base before there is a tag (E300, E301), and the files against the content digest their
lifecycle tags recorded (E310)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping

from ..load.project import Project
from ..model.findings import Finding
from ..model.paths import version_file
from ..model.status import Status
from .machine import ServiceState, VersionState, statuses
from .refusals import REASONS, Action, hint


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


Recorded = Callable[[str, str], bytes | None]
"""(tag, path) -> the file as it is at the commit the tag points at, if it can be read."""


def frozen_changes(statuses: Mapping[str, Mapping[int, Status]], base: Mapping[str, bytes],
                   head: Mapping[str, bytes], states: Mapping[str, ServiceState] | None = None,
                   recorded: Recorded | None = None) -> list[Finding]:
    """Any change, rename or deletion of a non-Draft version's file is an error.

    A version the record (``states``) holds as frozen is judged against the content its
    last tag recorded (the digest), not against base: a PR that restores exactly that
    content passes, which is the way back for a main a stale PR changed after the version
    froze. Versions frozen only by base's pending release.yaml have no digest yet and are
    compared with base. Files the PR leaves as base has them are not judged here (the
    record's own check, E310, reports a base that differs from its tags).
    """
    return list(_changes(statuses, base, head, states or {}, recorded))


def _changes(statuses: Mapping[str, Mapping[int, Status]], base: Mapping[str, bytes],
             head: Mapping[str, bytes], states: Mapping[str, ServiceState],
             recorded: Recorded | None) -> Iterator[Finding]:
    for sid in sorted(statuses):
        for number, status in sorted(statuses[sid].items()):
            path = version_file(sid, number)
            old, new = base.get(path), head.get(path)
            if not status.frozen or old == new:
                continue
            state = states[sid].of(number) if sid in states else VersionState(status)
            if not (state.status.frozen and state.digest):
                if old is not None:  # no record yet: base is what reviewers approved
                    yield from _refused(sid, number, status, path, old, new, "")
                continue
            if new is not None and digest(new) == state.digest:
                continue  # exactly what the tag recorded: a restore, never an edit
            if old is not None and digest(old) == state.digest:
                yield from _refused(sid, number, status, path, old, new, "")
                continue
            was = recorded(state.tag, path) if recorded is not None else None
            if was is not None and digest(was) != state.digest:
                was = None
            yield from _refused(sid, number, status, path, was, new, state.tag)


def _refused(sid: str, number: int, status: Status, path: str, old: bytes | None,
             new: bytes | None, tag: str) -> Iterator[Finding]:
    """E301 or E300; ``tag``: base is not what the tag recorded, so the fix is the tag's."""
    restore = (f"restore what tag {tag} recorded: `git show {tag}:{path}` (or revert the "
               "commit that changed it)" if tag else "")
    if new is None:
        yield Finding(path, 1, 1, "E301",
                      f"{sid} v{number} is {status.label} and frozen: its file was "
                      f"deleted or renamed ({REASONS[status]})",
                      restore or f"restore {path} exactly as it is on the base branch")
    else:
        yield Finding(path, _first_difference(old, new) if old is not None else 1, 1,
                      "E300",
                      f"{sid} v{number} is {status.label} and frozen: its content "
                      f"changed ({REASONS[status]})",
                      f"{restore}; {hint(sid, number, status, Action.EDIT)}" if restore
                      else f"undo the change; {hint(sid, number, status, Action.EDIT)}")


def _first_difference(old: bytes, new: bytes) -> int:
    for i, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False)):
        if a != b:
            return i + 1
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def frozen_files(states: Mapping[str, ServiceState]) -> list[str]:
    """The files of the versions the record has frozen: what :func:`tampered` reads."""
    return [version_file(sid, number) for sid in sorted(states)
            for number, state in sorted(states[sid].versions.items()) if state.status.frozen]


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
