"""minisvc check --base REF: the PR gate.

A PR is judged by what it changes, as it would land: the tree checked is the merge result
(the PR's file where the PR changed it since it forked from REF, REF's everywhere else),
so a branch behind REF is not blamed for what REF did since. That tree is validated; a
frozen version's file the PR changes must be what its last tag recorded (base's, before
there is a tag); added versions take new numbers; each release.yaml change must be a legal
move from the state REF is in once its own merged, not yet applied plan is applied (what
apply will judge it against); and the plan the merge will carry out is shown.

It looks only at what the diff and the refs require (docs/performance.md): head is
validated by the per-service engine (:mod:`compiler.engine.incremental`), so services the PR
does not touch are answered from the cache a previous ``validate``, ``build`` or
``check`` left; from base only the blobs that differ from head are read, and of base
only service.yaml and release.yaml are parsed (its states without refs, and what it
already moved). Base was gated when it merged, so only the services the PR can change the
findings of are validated (:mod:`compiler.engine.affected`: its own service folders and
the users of the catalog entries it changes); ``full`` (``check --full``) validates every
service, as ``validate`` does, and so also reports what is wrong in untouched ones.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import click

from ..build.output_plan import between
from ..engine.affected import trusted
from ..engine.gate_inputs import GateInputs, read_for_gate
from ..engine.incremental import Repo, skeleton
from ..engine.record import read_git
from ..errors import UserError
from ..git.early import Fork, fork_of, work_tree_changes_later
from ..git.tree import GitRoot, open_root
from ..lifecycle.frozen_guard import frozen_at_base, frozen_changes, frozen_files, tampered
from ..lifecycle.new_versions import added_versions
from ..lifecycle.release_plan import Outcome, once_applied, plan_all, timeline
from ..lifecycle.view import View, view
from ..load.project import Project
from ..model.findings import Finding, fails, locate
from ..model.paths import CATALOG, release_file
from ..report import plan_report


def merge_result(forked: Mapping[str, bytes], base: Mapping[str, bytes],
                 head: Mapping[str, bytes]) -> dict[str, bytes]:
    """What base has once the PR is merged, path by path: the PR's file where the PR changed
    it since it forked from base (edited, added or deleted), base's everywhere else. A PR
    is judged by what it changes, never by what base did after it forked."""
    merged = {}
    for path in sorted({*forked, *base, *head}):
        data = head.get(path) if head.get(path) != forked.get(path) else base.get(path)
        if data is not None:
            merged[path] = data
    return merged


def run(root: Path, base: str, fmt: str, strict: bool, now: dt.datetime,
        full: bool = False, changes: Callable[[GitRoot], set[str]] | None = None,
        fork: Callable[[], Fork] | None = None) -> int:
    """``changes``: what the work tree changed since HEAD, asked of git when the command
    started (:func:`compiler.git.early.work_tree_changes_later`); it is asked here unless
    given, and not at all for ``full``. git answers (reading every file a fresh clone has
    not stat-verified yet) while the PR is judged as committed; on a CI runner nothing
    changed. Otherwise the services it reaches are judged from it. ``fork``: the commits
    and trees the gate starts from, asked when the command started
    (:func:`compiler.git.early.fork_later`); asked here unless given."""
    early = fork() if fork is not None else fork_of(open_root(root), base, trees=not full)
    git_root = early.root
    if full:
        changes = None
    elif changes is None:
        changes = work_tree_changes_later(root)
    verdict = _judge(root, git_root, base, fmt, now, full, set(), early)
    if changes is not None:
        dirty = changes(git_root)
        if not verdict.inputs.hold_with(dirty):
            verdict = _judge(root, git_root, base, fmt, now, full, dirty, early)
    click.echo(verdict.text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(verdict.summary)
    return 1 if fails(verdict.findings, strict) else 0


@dataclass
class _Verdict:
    inputs: GateInputs
    findings: list[Finding]
    text: str
    summary: str


def _judge(root: Path, git_root: GitRoot, base: str, fmt: str, now: dt.datetime, full: bool,
           dirty: set[str], early: Fork) -> _Verdict:
    inputs = read_for_gate(root, git_root, base, full, dirty, early)
    only, base_files, read_problems = inputs.only, inputs.base, inputs.problems
    head_files = merge_result(inputs.forked, base_files, inputs.work_tree)
    before = skeleton(base_files)
    applied = read_git(git_root)
    record = applied.record if applied.found else None
    outside: list[Finding] = []  # the record's own problems with what the PR left alone
    if record is not None and only is not None:
        rest = record.within(record.states.keys() - only)
        outside = tampered(rest.states, inputs.at_base(frozen_files(rest.states)))
        record = record.within(only)

    def recorded(tag: str, path: str) -> bytes | None:
        try:
            return git_root.file_at(tag, path)
        except UserError:
            return None

    def seam(_root: Path, project: Project, files: Mapping[str, bytes]) -> View:
        """Head's statuses as the record (or, without one, base's release.yaml) gives them,
        not as head's release.yaml would. Of the record's problems only those with files
        the PR left as base has them count; the PR's own changes of frozen files are judged
        by the frozen guard instead (E300/E301; here, so that the engine reports them
        rather than failing to build a version the PR removed), which lets a change pass
        that restores exactly what the tags recorded."""
        seen = view(project, files, record, adopt_from=before)
        frozen = frozen_at_base(seen.states, before, _numbers(project))
        return replace(seen, problems=[
            *(f for f in seen.problems if files.get(f.file) == base_files.get(f.file)),
            *outside,
            *frozen_changes(frozen, base_files, files, seen.states, recorded)])

    repo = Repo(root, (head_files, read_problems), seam)
    states = repo.lifecycle.states
    gated = only is not None and base_files.get(CATALOG) == head_files.get(CATALOG)
    alike = trusted(base_files, head_files, only) if gated and only is not None else set()
    findings = repo.evaluate(only=only, gated_catalog=gated, trusted=alike).findings
    head = repo.skeleton
    frozen = frozen_at_base(states, before, _numbers(head))
    used = git_root.numbers_in_history(inputs.base_commit, only)
    for sid, state in states.items():
        used.setdefault(sid, set()).update(state.versions)
    findings += added_versions(base_files, head_files, used, frozen, states)
    unchanged = {sid for sid in head.services
                 if head_files.get(release_file(sid)) == base_files.get(release_file(sid))}
    outcome = plan_all(head, once_applied(before, states, now), findings=findings,
                       pending=unchanged, now=now, refuse_frozen=True) \
        if repo.lifecycle.holds else Outcome()
    findings = locate([*findings, *outcome.findings], repo.locate)
    outputs = between(_within(base_files, only), _within(head_files, only), repo.statuses)
    text = plan_report.report(findings, outcome.steps, fmt, outputs)
    if not applied.found and fmt != "json":
        text += ("\nnote: no lifecycle refs yet; judged as if base's release.yaml were "
                 "applied (run `minisvc apply --bootstrap` once; see docs/lifecycle.md)")
    summary = plan_report.markdown(findings, outcome.steps, outputs, timeline(head, now)) \
        if fmt == "github" else ""
    return _Verdict(inputs, findings, text, summary)


def _numbers(project: Project) -> dict[str, set[int]]:
    return {sid: tree.version_files for sid, tree in project.services.items()}


def _within(files: Mapping[str, bytes], services: set[str] | None) -> Mapping[str, bytes]:
    """The shared files and those of ``services`` (all files when ``None``)."""
    if services is None:
        return files
    return {p: raw for p, raw in files.items()
            if p.count("/") < 2 or p.split("/")[1] in services}
