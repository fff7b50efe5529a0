"""The lifecycle record of a repository, read from its refs (the git side of the seam).

Once a repository has lifecycle refs, statuses come from them; without any (a plain
folder, a fresh clone of the sample) :func:`read` answers None and the seam judges the
repo from release.yaml alone (:func:`compiler.lifecycle.view.view`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..git import refs as gitrefs
from ..git.tree import GitRoot, has_git, open_root
from ..lifecycle.machine import ServiceState, derive
from ..lifecycle.view import Record
from ..model.status import Status


@dataclass
class Applied:
    """The record and the refs it was read from (what apply writes next to)."""

    git: GitRoot
    snapshot: gitrefs.Snapshot
    record: Record

    @property
    def found(self) -> bool:
        """Whether the repository has lifecycle refs at all (is bootstrapped)."""
        return self.snapshot.found


def states_of(snap: gitrefs.Snapshot) -> dict[str, ServiceState]:
    """Statuses from the tags; the tester list of a Testing version from the branch."""
    states = derive(snap.events)
    for sid, state in states.items():
        flight = state.in_flight
        tip = snap.tip(sid)
        if (flight is not None and state.status(flight) is Status.TESTING and tip is not None
                and tip.ledger.version == flight and tip.ledger.stage == Status.TESTING):
            states[sid] = replace(state, testers=tip.ledger.testers)
    return states


def read_git(git_root: GitRoot) -> Applied:
    snap = gitrefs.read(git_root.repo)
    return Applied(git_root, snap, Record(tuple(snap.events), states_of(snap),
                                          tuple(snap.problems)))


def read(root: Path) -> Applied | None:
    """The applied state, or None when ``root`` is not in git or has no lifecycle refs."""
    if not has_git(root):
        return None
    applied = read_git(open_root(root))
    return applied if applied.found else None
