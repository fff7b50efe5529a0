"""The edge every lifecycle command starts from: inputs, applied state, validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import applied as refs
from . import checks, lifecycle
from .bootstrap import adopt
from .findings import Finding
from .frozen_guard import tampered
from .lifecycle import ServiceState
from .project import Project, assemble
from .workspace import read_inputs


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
