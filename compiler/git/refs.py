"""The edge to git's refs: read every lifecycle ref in one pass, write them all at once.

Reading is one ``git for-each-ref`` whose format carries each tag's and branch commit's
message, so a repo with thousands of events answers in one process call. Writing never
touches an existing tag: objects are stored first, pushed (``--atomic``, the branch
guarded by ``--force-with-lease``), and only then do local refs move, in one
``update-ref --stdin`` transaction; a rejected push leaves local refs as they were.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git

    from .tree import GitRoot
else:
    from . import git  # GitPython, imported on first use (see __init__.py)

from .. import crashpoints
from ..errors import UserError
from ..lifecycle.events import Event
from ..lifecycle.refscheme import (
    BRANCH_PREFIX,
    TAG_PREFIX,
    Ledger,
    is_lifecycle_tag,
    parse_ledger,
    parse_tag,
)
from ..model.findings import Finding
from . import plain

_ZERO = "0" * 40


@dataclass(frozen=True)
class Tip:
    ref: str
    sha: str
    ledger: Ledger

    @property
    def local(self) -> bool:
        return self.ref.startswith(BRANCH_PREFIX)


@dataclass
class Snapshot:
    """Every lifecycle ref, read once."""

    events: list[Event] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)        # name -> tag object
    tips: dict[str, list[Tip]] = field(default_factory=dict)  # service -> branch tips
    problems: list[Finding] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.events or self.tips or self.problems)

    def tip(self, service: str) -> Tip | None:
        """The newest of the local and remote-tracking branches (most events wins)."""
        tips = self.tips.get(service, [])
        return max(tips, key=lambda t: (t.ledger.events, t.local), default=None)

    def local_branch(self, service: str) -> str | None:
        return next((t.sha for t in self.tips.get(service, []) if t.local), None)


def read(root: GitRoot) -> Snapshot:
    out = root.output(*plain.RECORD_REFS)
    snap = Snapshot()
    for record in out.split("\x1e"):
        fields = record.lstrip("\n").split("\x00")
        if len(fields) != 5:
            continue
        ref, kind, sha, _peeled, message = fields
        if ref.startswith(TAG_PREFIX):
            _tag(snap, ref[len(TAG_PREFIX):], kind, sha, message)
        elif kind == "commit" and (ledger := parse_ledger(message)) is not None:
            snap.tips.setdefault(ledger.service, []).append(Tip(ref, sha, ledger))
    return snap


def _tag(snap: Snapshot, name: str, kind: str, sha: str, message: str) -> None:
    if not is_lifecycle_tag(name):
        return
    event = parse_tag(name, message) if kind == "tag" else "it is not an annotated tag"
    if isinstance(event, str):
        snap.problems.append(Finding(f"{TAG_PREFIX}{name}", 1, 1, "E310",
                                     f"tag {name} looks like a lifecycle tag but {event}",
                                     "lifecycle tags are written by `minisvc apply` only; "
                                     "ask who made this tag, and tell the team"))
        return
    snap.events.append(event)
    snap.tags[name] = sha


@dataclass(frozen=True)
class Update:
    """One ref to write; ``old`` None means the ref must not exist yet.

    ``checked`` False writes the ref whatever it holds (a remote-tracking copy).
    """

    ref: str
    new: str
    old: str | None
    checked: bool = True


def _stdin(repo: git.Repo, args: list[str], data: bytes) -> str:
    with tempfile.TemporaryFile() as stdin:
        stdin.write(data)
        stdin.seek(0)
        return str(repo.git.execute(["git", *args], istream=stdin)).strip()


def _store(repo: git.Repo, kind: str, data: bytes) -> str:
    """Write one object (git checks its format) and return its id; no ref points at it."""
    crashpoints.reached(f"git: store a {kind}")
    if kind == "tag":
        return _stdin(repo, ["mktag"], data)
    return _stdin(repo, ["hash-object", "-w", "-t", kind, "--stdin"], data)


def store_tag(repo: git.Repo, name: str, target: str, ident: str, when: int,
              message: str) -> str:
    data = (f"object {target}\ntype commit\ntag {name}\ntagger {ident} {when} +0000\n\n"
            f"{message}").encode()
    return _store(repo, "tag", data)


def store_commit(repo: git.Repo, parent: str | None, ident: str, when: int,
                 message: str) -> str:
    tree = _store(repo, "tree", b"")
    head = f"tree {tree}\n" + (f"parent {parent}\n" if parent else "")
    data = (f"{head}author {ident} {when} +0000\ncommitter {ident} {when} +0000\n\n"
            f"{message}").encode()
    return _store(repo, "commit", data)


def identity(repo: git.Repo, commit: git.Commit) -> str:
    """Who writes the refs: git's configured identity, else the commit's committer."""
    try:
        ident = repo.git.var("GIT_COMMITTER_IDENT")
        return str(ident).rsplit(" ", 2)[0]
    except git.GitCommandError:
        return f"{commit.committer.name} <{commit.committer.email}>"


class PushRejected(UserError):
    pass


def push(repo: git.Repo, remote: str, updates: list[Update]) -> None:
    """All or nothing: the remote takes every update, or none of them."""
    leases = [f"--force-with-lease={u.ref}:{u.old or ''}" for u in updates
              if not u.ref.startswith(TAG_PREFIX)]
    specs = [f"{u.new}:{u.ref}" for u in updates]
    crashpoints.reached("git: push")
    try:
        repo.git.push("--atomic", "--porcelain", *leases, remote, *specs)
    except git.GitCommandError as exc:
        _stale_lock(str(exc.stderr), f"push to {remote}")
        refused = _refused(str(exc.stdout))
        if not refused:
            raise PushRejected(f"push to {remote} failed, nothing changed here or there: "
                               f"{_reason(str(exc.stderr))}") from None
        raise PushRejected(
            f"push to {remote} was rejected, nothing changed here or there: {refused}\n"
            f"Another apply probably won the race. Fetch (`git fetch {remote} --tags`) "
            "and run `minisvc apply` again.") from None


def _refused(porcelain: str) -> str:
    """`--porcelain` marks each refused ref with "!": name it and git's reason."""
    refused = []
    for line in porcelain.splitlines():
        parts = line.strip(" '").split("\t")
        if len(parts) >= 3 and parts[0] == "!":
            reason = parts[2].replace("[", "").replace("]", "")
            refused.append(f"{parts[1].split(':')[-1]} {reason}")
    return "; ".join(refused[:3]) + (" ..." if len(refused) > 3 else "")


_LOCK = re.compile(r"Unable to create '([^']+\.lock)': File exists")


def _stale_lock(stderr: str, what: str) -> None:
    """A git process killed inside its own ref update leaves ``<ref>.lock`` behind, and
    every later write of that ref fails until a person removes it: name it and say how."""
    m = _LOCK.search(stderr)
    if m is not None:
        lock = os.path.normpath(m[1])
        raise UserError(f"{what} failed, nothing was changed: {lock} exists, a lock a killed "
                        "git process left behind (git removes its own locks when it ends). "
                        "If no git or minisvc process is still running there, remove it "
                        f"(`rm '{lock}'`) and run `minisvc apply` again")


def _reason(stderr: str) -> str:
    lines = [ln.strip(" '").removeprefix("stderr: '") for ln in stderr.splitlines()]
    found = [ln for ln in lines if ln.startswith(("fatal", "error"))]
    return found[0] if found else "git gave no reason"


def catch_up(repo: git.Repo, snap: Snapshot, skip: set[str]) -> list[Update]:
    """Local service branches behind what the remote recorded, moved up to it: after a
    fetch that brought another apply's refs, or a run killed between push and local refs.
    A local branch that is not an ancestor (history rewritten) is left for `verify`."""
    updates = []
    for service in sorted(set(snap.tips) - skip):
        local, tip = snap.local_branch(service), snap.tip(service)
        if local is None or tip is None or tip.sha == local:
            continue
        try:
            repo.git.merge_base("--is-ancestor", local, tip.sha)
        except git.GitCommandError:
            continue
        updates.append(Update(f"{BRANCH_PREFIX}{service}", tip.sha, local))
    return updates


def tag_object_named(repo: git.Repo, sha: str, name: str) -> bool:
    """Whether this clone has ``sha`` and it is the annotated tag object of ``name``."""
    try:
        header = str(repo.git.cat_file("tag", sha)).split("\n\n", 1)[0]
    except git.GitCommandError:
        return False
    return f"\ntag {name}\n" in f"\n{header}\n"


def remote_refs(repo: git.Repo, remote: str) -> dict[str, str]:
    """The remote's lifecycle tags and branches: ref -> the object it points at."""
    try:
        out = str(repo.git.ls_remote("--refs", remote, f"{TAG_PREFIX}*", f"{BRANCH_PREFIX}*"))
    except git.GitCommandError as exc:
        raise UserError(f"cannot read the refs of {remote}: {_reason(str(exc.stderr))}") \
            from None
    found = {}
    for line in out.splitlines():
        sha, _, ref = line.partition("\t")
        if ref.startswith(BRANCH_PREFIX) or (ref.startswith(TAG_PREFIX)
                                             and is_lifecycle_tag(ref[len(TAG_PREFIX):])):
            found[ref] = sha
    return found


def is_ancestor(repo: git.Repo, old: str, new: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", old, new)
    except git.GitCommandError:
        return False
    return True


def update_local(repo: git.Repo, updates: list[Update]) -> None:
    """One transaction: every local ref moves, or none does."""
    lines = [f"update {u.ref} {u.new} {u.old or _ZERO}" if u.checked
             else f"update {u.ref} {u.new}" for u in updates]
    crashpoints.reached("git: update local refs")
    try:
        _stdin(repo, ["update-ref", "--stdin"], ("\n".join(lines) + "\n").encode())
    except git.GitCommandError as exc:
        _stale_lock(str(exc.stderr), "the local refs")
        raise UserError(f"could not write local refs (nothing was changed): "
                        f"{str(exc.stderr).strip()}") from None
    crashpoints.reached("git: local refs written")
