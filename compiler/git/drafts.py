"""A service's Draft events, read from git history: a version file added (a Draft
created, or duplicated from vN, as its provenance line says) or deleted; who and when.

Lifecycle tags record what was applied; a Draft is only a file, so its life is in the
commits of the current branch (``git log HEAD``), the way a person reads it there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import git

from ..model.paths import version_of
from .tree import GitRoot

_PROVENANCE = re.compile(rb"^# started from v([1-9][0-9]*) \(minisvc (new|duplicate)\)\r?$",
                         re.MULTILINE)
_SEP = "\x1e"


@dataclass(frozen=True)
class DraftEvent:
    version: int
    kind: str  # "created" | "duplicated" | "deleted" (the labels: lifecycle/events.py)
    time: str  # UTC, as the tags' Time trailer: 2026-01-05T10:00:00Z
    actor: str  # the commit's author, "Name <email>"
    commit: str
    source: int | None = None  # the version it was copied from


def draft_events(root: GitRoot, service: str) -> list[DraftEvent]:
    """Oldest first; none in a repository without commits."""
    folder = f"{root.prefix}services/{service}/versions/"
    try:
        out = str(root.repo.git.log("--reverse", "--diff-merges=first-parent", "--root",
                                    "--no-renames", "--diff-filter=AD", "--name-status",
                                    f"--format={_SEP}%H%x00%at%x00%an <%ae>", "HEAD", "--",
                                    folder))
    except git.GitCommandError:
        return []
    events: list[DraftEvent] = []
    seen: set[tuple[int, str]] = set()
    for block in out.split(_SEP)[1:]:
        head, _, changes = block.partition("\n")
        sha, stamp, actor = head.split("\x00", 2)
        when = dt.datetime.fromtimestamp(int(stamp), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for line in changes.splitlines():
            status, _, path = line.partition("\t")
            found = version_of(path[len(root.prefix):]) if path.startswith(root.prefix) \
                else None
            if found is None or found[0] != service or status not in ("A", "D"):
                continue
            kind, source = ("deleted", None) if status == "D" else _added(root, sha, path)
            if (found[1], kind) in seen:  # the merge of the branch that made it
                continue
            seen.add((found[1], kind))
            events.append(DraftEvent(found[1], kind, when, actor, sha, source))
    return events


def _added(root: GitRoot, sha: str, path: str) -> tuple[str, int | None]:
    """How the file began: a copy names its source in its first lines."""
    try:
        head = (root.repo.commit(sha).tree / path).data_stream.read()[:512]
    except (KeyError, ValueError, git.GitCommandError):
        return "created", None
    m = _PROVENANCE.search(head)
    if m is None:
        return "created", None
    return ("duplicated" if m[2] == b"duplicate" else "created"), int(m[1])


def within(root: GitRoot, commit: str, applied: str) -> bool:
    """Whether ``commit`` is in the history of ``applied`` (the commit a tag records): a
    Draft event there happened before that tag, even within the same second."""
    try:
        return bool(root.repo.is_ancestor(root.repo.commit(commit), root.repo.commit(applied)))
    except (git.GitCommandError, git.BadName, ValueError):
        return False
