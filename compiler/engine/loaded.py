"""The edge every lifecycle command starts from: inputs, applied state, validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..disk.inputs import read_inputs
from ..lifecycle import machine as lifecycle
from ..lifecycle.bootstrap import adopt
from ..lifecycle.frozen_guard import tampered
from ..lifecycle.machine import ServiceState
from ..load.project import Project, assemble
from ..model.findings import Finding
from ..rules import checks
from . import record as refs


@dataclass
class Loaded:
    root: Path
    files: dict[str, bytes]
    project: Project
    applied: refs.Applied | None
    states: dict[str, ServiceState]
    findings: list[Finding]

    @property
    def bootstrapped(self) -> bool:
        return self.applied is not None

    def state(self, service: str) -> ServiceState:
        return self.states.get(service, ServiceState(service))


def load(root: Path, *, adopt_without_refs: bool) -> Loaded:
    """``adopt_without_refs``: judge a repo without refs as if release.yaml were applied
    (what the commands that edit release.yaml and the PR gate want); otherwise a repo
    without refs starts empty (what apply records)."""
    files, problems = read_inputs(root)
    project = assemble(files)
    applied = refs.read(root)
    if applied is not None:
        states = applied.states
        problems = [*problems, *applied.snapshot.problems, *tampered(states, files)]
    else:
        states = adopt(project) if adopt_without_refs else {}
    numbers = {sid: tree.version_files for sid, tree in project.services.items()}
    findings = checks.run(project, lifecycle.statuses(states, numbers), problems)
    return Loaded(root, files, project, applied, states, findings)
