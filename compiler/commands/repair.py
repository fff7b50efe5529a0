"""What `apply` mends before and after it plans: the ref gaps a killed apply leaves.

A SIGKILL between git's steps can leave the service branch recording tags that never
became refs (here, on the remote, or both), or the remote without tags or a branch move
this clone has. Both are mended from what git already holds, never invented: a tag is
restored only from the very tag object the branch recorded, and only a ref the remote
lacks or has behind is pushed. Anything else stays an E310 for a person (docs/resilience.md).
"""

from __future__ import annotations

import click
import git

from ..engine.record import Applied
from ..git import refs as gitrefs
from ..lifecycle.refscheme import TAG_PREFIX, branch_ref


def restore_recorded_tags(repo: git.Repo, applied: Applied, remote: str | None) -> bool:
    """Re-create the tags the branches record but this clone lacks, from their objects."""
    names = sorted(n for n, sha in applied.missing.items()
                   if sha is not None and gitrefs.tag_object_named(repo, sha, n))
    if not names:
        return False
    updates = [gitrefs.Update(f"{TAG_PREFIX}{n}", str(applied.missing[n]), None) for n in names]
    if remote is not None:
        gitrefs.push(repo, remote, updates)
    gitrefs.update_local(repo, updates)
    click.echo(f"restored {len(names)} lifecycle tag{'s' * (len(names) != 1)} the service "
               f"branches record, from this clone's tag objects: {', '.join(names)}")
    return True


def push_what_the_remote_lacks(repo: git.Repo, snap: gitrefs.Snapshot, remote: str) -> None:
    """Lifecycle tags the remote does not have, and branches it has behind ours."""
    theirs = gitrefs.remote_refs(repo, remote)
    updates = [gitrefs.Update(f"{TAG_PREFIX}{name}", sha, None)
               for name, sha in sorted(snap.tags.items()) if f"{TAG_PREFIX}{name}" not in theirs]
    for service in sorted(snap.tips):
        mine, there = snap.local_branch(service), theirs.get(branch_ref(service))
        if mine is not None and there != mine and (
                there is None or gitrefs.is_ancestor(repo, there, mine)):
            updates.append(gitrefs.Update(branch_ref(service), mine, there))
    if updates:
        gitrefs.push(repo, remote, updates)
        click.echo(f"pushed to {remote} what an earlier apply left here only: "
                   + ", ".join(u.ref.removeprefix("refs/").removeprefix("tags/")
                               for u in updates))
