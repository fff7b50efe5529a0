"""minisvc apply [--push REMOTE]: carry out the plan of the checked-out commit.

Refs are written for HEAD, so uncommitted input changes are refused. With --push, the
remote takes every new ref or none (``--atomic``; each service branch is leased at the
value this clone saw), and local refs move only after it did: a lost race changes
nothing here, and re-running after a fetch finds the winner's refs and does nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from pathlib import Path

import click
import git

from ..build.tree import build, with_tester_key
from ..disk.dist import write_tree
from ..engine.workspace import Workspace, open_workspace
from ..errors import UserError
from ..git import refs as gitrefs
from ..git.tree import open_root
from ..lifecycle.machine import ServiceState, Transition
from ..lifecycle.recording import Stamp, record
from ..lifecycle.refscheme import TAG_PREFIX, branch_ref
from ..lifecycle.release_plan import Outcome, after, plan_all
from ..model.findings import Finding, has_errors, locate
from ..report import plan_report
from ..report.reporters import REPORTERS
from .repair import push_what_the_remote_lacks, restore_recorded_tags
from .tester_key import tester_key


def run(root: Path, remote: str | None, bootstrap: bool, out: Path | None,
        now: dt.datetime) -> int:
    git_root = open_root(root)
    dirty = git_root.dirty_inputs()
    if dirty:
        raise UserError(f"uncommitted changes under services/ ({', '.join(dirty[:3])}"
                        f"{' ...' if len(dirty) > 3 else ''}); apply records refs for a "
                        "commit: commit or stash them first")
    head = git_root.head()
    loaded = open_workspace(root, without_record="empty")
    if loaded.applied is not None and restore_recorded_tags(git_root.repo, loaded.applied,
                                                            remote):
        loaded = open_workspace(root, without_record="empty")
    if not loaded.lifecycle.holds:
        return _stopped(loaded.findings)
    newer = _newer_applied(git_root.repo, loaded, head.hexsha)
    if newer:
        click.echo(f"refs already record the newer commit {newer[:12]}; nothing to do for "
                   f"{head.hexsha[:12]}")
        return 0
    outcome = plan_all(loaded.project, loaded.lifecycle.states, findings=loaded.findings,
                       bootstrap_new=bootstrap, bootstrapped=loaded.bootstrapped, now=now) \
        if loaded.lifecycle.holds else Outcome()
    findings = locate([*loaded.findings, *outcome.findings], loaded.project.locate)
    if has_errors(findings):
        return _stopped(findings)
    steps = outcome.steps
    states = after(loaded.lifecycle.states, steps, loaded.project.services)
    channels = {sid: states[sid].channels() for sid in loaded.project.services}
    dist = with_tester_key(build(loaded.project, channels), channels, tester_key())
    if steps:
        _write_refs(git_root.repo, head, loaded, steps, states, remote, now)
    elif loaded.applied is not None:
        if behind := gitrefs.catch_up(git_root.repo, loaded.applied.snapshot, skip=set()):
            gitrefs.update_local(git_root.repo, behind)
        if remote is not None:
            push_what_the_remote_lacks(git_root.repo, gitrefs.read(git_root), remote)
    target = out if out is not None else root / "dist"
    write_tree(target, dist)
    for line in outcome.held:
        click.echo(f"held: {line}")
    click.echo(plan_report.text(steps) if steps else "nothing to do: refs already match "
               "release.yaml" if not outcome.held else "nothing else to do")
    where = f"; pushed to {remote}" if steps and remote else ""
    click.echo(f"applied {len(steps)} change{'s' * (len(steps) != 1)}{where}; "
               f"built {len(dist)} files into {target}")
    return 0


def _stopped(findings: list[Finding]) -> int:
    click.echo(REPORTERS["text"](findings), err=True)
    click.echo("apply stopped: no ref, file or dist/ was changed", err=True)
    return 1


def _write_refs(repo: git.Repo, head: git.Commit, loaded: Workspace, steps: list[Transition],
                states: dict[str, ServiceState], remote: str | None, now: dt.datetime) -> None:
    snap = loaded.applied.snapshot if loaded.applied is not None else gitrefs.Snapshot()
    now = now.astimezone(dt.UTC).replace(microsecond=0)
    stamp = Stamp(f"{head.author.name} <{head.author.email}>",
                  now.strftime("%Y-%m-%dT%H:%M:%SZ"), head.hexsha, uuid.uuid4().hex)
    counts = Counter(e.service for e in snap.events)
    was = loaded.lifecycle.states
    tags, _ = record(was, states, steps, loaded.files, counts, stamp)
    ident, when = gitrefs.identity(repo, head), int(now.timestamp())
    objects = {tag.name: gitrefs.store_tag(repo, tag.name, head.hexsha, ident, when,
                                           tag.message) for tag in tags}
    _, entries = record(was, states, steps, loaded.files, counts, stamp, objects)
    remote_updates = [gitrefs.Update(f"{TAG_PREFIX}{name}", sha, None)
                      for name, sha in objects.items()]
    local_updates = list(remote_updates)
    tracking = remote if remote in {r.name for r in repo.remotes} else None
    for entry in entries:
        tip = snap.tip(entry.service)
        parent = tip.sha if tip is not None else None
        sha = gitrefs.store_commit(repo, parent, ident, when, entry.message)
        ref = branch_ref(entry.service)
        remote_updates.append(gitrefs.Update(ref, sha, parent))
        local_updates.append(gitrefs.Update(ref, sha, snap.local_branch(entry.service)))
        if tracking:
            local_updates.append(gitrefs.Update(
                f"refs/remotes/{tracking}/minisvc/{entry.service}", sha, None, checked=False))
    local_updates.extend(gitrefs.catch_up(repo, snap, skip={e.service for e in entries}))
    if remote is not None:
        gitrefs.push(repo, remote, remote_updates)
    gitrefs.update_local(repo, local_updates)


def _newer_applied(repo: git.Repo, loaded: Workspace, head: str) -> str | None:
    """A commit the refs record that descends from HEAD: this apply is a late one."""
    if loaded.applied is None:
        return None
    latest: dict[str, tuple[str, int, str]] = {}
    for e in loaded.applied.snapshot.events:
        latest[e.service] = max(latest.get(e.service, ("", 0, "")), (e.time, e.seq, e.commit))
    for commit in sorted({c for _t, _s, c in latest.values() if c}):
        if commit == head:
            continue
        try:
            repo.git.merge_base("--is-ancestor", head, commit)
        except git.GitCommandError:
            continue
        return commit
    return None
