"""The lifecycle record of a repository, read from its refs (the git side of the seam).

Once a repository has lifecycle refs, statuses come from them; without any (a plain
folder, a fresh clone of the sample) :func:`read` answers None and the seam judges the
repo from release.yaml alone (:func:`compiler.lifecycle.view.view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import UserError
from ..git import refs as gitrefs
from ..git.plain import FULL_HISTORY, has_git, partial_clone
from ..git.record import branch_facts
from ..git.tree import GitRoot, open_root
from ..lifecycle.audit import TagFact, recorded, vouch
from ..lifecycle.machine import ServiceState, derive
from ..lifecycle.view import Record
from ..model.status import Status


@dataclass
class Applied:
    """The record and the refs it was read from (what apply writes next to).

    ``missing``: tags the service branches record that this clone does not have, by name,
    with the tag object id the branch recorded (None for entries older than ids)."""

    git: GitRoot
    snapshot: gitrefs.Snapshot
    record: Record
    missing: dict[str, str | None] = field(default_factory=dict)

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
    """The record, held to what `verify` holds it to: every lifecycle tag must be one its
    service branch records (name and tag object), and every tag a branch records must be
    here. Anything else is an E310 problem of the record, so no command answers from a
    record the branches do not vouch for."""
    snap = gitrefs.read(git_root)
    branches = branch_facts(git_root, snap) if snap.found else []
    tags = [TagFact(e, snap.tags[e.tag], "", None) for e in snap.events]
    problems = (*snap.problems, *vouch(tags, branches))
    missing = {name: obj for name, (_, obj) in recorded(branches).items()
               if name not in snap.tags}
    return Applied(git_root, snap, Record(tuple(snap.events), states_of(snap), problems),
                   missing)


class UnknownRecord(UserError):
    """The clone has no lifecycle refs, but it may be because it did not fetch them."""


def read(root: Path) -> Applied | None:
    """The applied state, or None when ``root`` is not in git or has no lifecycle refs.

    Raises :class:`UnknownRecord` when the clone has none but could be missing them (a
    shallow, tag-less or single-branch clone): "no refs yet" would be a silent guess."""
    if not has_git(root):
        return None
    git_root = open_root(root, history=False)
    applied = read_git(git_root)
    if applied.found:
        return applied
    why = partial_clone(git_root.work, git_root.common)
    if why is not None:
        raise UnknownRecord(f"this clone has no lifecycle refs, but {why}: the repository "
                            f"may have some it did not fetch; {FULL_HISTORY}")
    return None
