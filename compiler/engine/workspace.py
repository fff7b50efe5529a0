"""The workspace every reading command starts from: inputs, project, statuses, channels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..disk.inputs import read_inputs
from ..load.project import Project, assemble
from ..model.channels import Channels
from ..model.findings import Finding
from ..model.status import Statuses
from ..rules import checks


@dataclass
class Workspace:
    root: Path
    project: Project
    statuses: Statuses
    channels: dict[str, Channels]
    read_problems: list[Finding]

    def findings(self) -> list[Finding]:
        return checks.run(self.project, self.statuses, self.read_problems)


def open_workspace(root: Path) -> Workspace:
    files, problems = read_inputs(root)
    project = assemble(files)
    statuses, channels, more = lifecycle(root, project, files)
    return Workspace(root, project, statuses, channels, [*problems, *more])


def lifecycle(root: Path, project: Project, files: Mapping[str, bytes]
              ) -> tuple[Statuses, dict[str, Channels], list[Finding]]:
    """Every service's statuses and channels, and problems found on the way: THE seam.

    It may use each service's service.yaml, release.yaml and version file numbers from
    ``project``, and any file's bytes from ``files``, but no parsed version content:
    ``compiler.incremental`` calls it with only those loaded.

    Statuses and channels come from lifecycle refs when the repo has them
    (docs/lifecycle.md); otherwise from the state `apply --bootstrap` would record from
    release.yaml (the version it names in its stage, lower ones Released/Archived).
    """
    from ..lifecycle.bootstrap import adopt
    from ..lifecycle.machine import ServiceState
    from ..lifecycle.machine import statuses as statuses_of
    from . import record as lifecycle_refs  # GitPython is loaded only for git repos

    applied = lifecycle_refs.read(root)
    if applied is not None:
        return lifecycle_refs.view(applied, project, files)
    states = adopt(project)
    numbers = {sid: tree.version_files for sid, tree in project.services.items()}
    channels = {sid: states.get(sid, ServiceState(sid)).channels() for sid in project.services}
    return statuses_of(states, numbers), channels, []
