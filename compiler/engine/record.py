"""The applied lifecycle state of a repository, read from its refs.

This is where statuses come from once a repository has lifecycle refs; without any (a
plain folder, a fresh clone of the sample), callers fall back to release.yaml alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..git import refs as gitrefs
from ..git.tree import GitRoot, has_git, open_root
from ..lifecycle import machine as lifecycle
from ..lifecycle.frozen_guard import tampered
from ..lifecycle.machine import ServiceState, derive
from ..load.project import Project
from ..model.channels import Channels
from ..model.findings import Finding
from ..model.status import Status, Statuses


@dataclass
class Applied:
    git: GitRoot
    snapshot: gitrefs.Snapshot
    states: dict[str, ServiceState]

    @property
    def found(self) -> bool:
        """Whether the repository has lifecycle refs at all (is bootstrapped)."""
        return self.snapshot.found

    def state(self, service: str) -> ServiceState:
        return self.states.get(service, ServiceState(service))


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
    return Applied(git_root, snap, states_of(snap))


def read(root: Path) -> Applied | None:
    """The applied state, or None when ``root`` is not in git or has no lifecycle refs."""
    if not has_git(root):
        return None
    applied = read_git(open_root(root))
    return applied if applied.found else None


def view(applied: Applied, project: Project, files: Mapping[str, bytes]
         ) -> tuple[Statuses, dict[str, Channels], list[Finding]]:
    """What open_workspace needs: statuses, channels and the refs' own problems."""
    numbers = {sid: tree.version_files for sid, tree in project.services.items()}
    statuses = lifecycle.statuses(applied.states, numbers)
    channels = {sid: applied.state(sid).channels() for sid in project.services}
    problems = [*applied.snapshot.problems, *tampered(applied.states, files)]
    return statuses, channels, problems
