"""The workspace every command starts from: inputs, project, the lifecycle view, findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

from ..disk.inputs import read_inputs
from ..lifecycle.machine import ServiceState
from ..lifecycle.view import View, view
from ..load.project import Project, assemble
from ..model.channels import Channels
from ..model.findings import Finding
from ..model.status import Statuses
from ..rules import checks
from . import record as lifecycle_record

WithoutRecord = Literal["adopt", "empty"]
UnknownRecord = Literal["refuse", "note"]
"""A clone that may lack the record's refs: refuse (commands that answer about the
lifecycle) or answer from release.yaml with a caveat to print (validate, build,
preview: what a plain checkout of the sample must still do)."""


@dataclass
class Workspace:
    root: Path
    files: dict[str, bytes]
    project: Project
    applied: lifecycle_record.Applied | None
    lifecycle: View
    read_problems: list[Finding]

    @property
    def statuses(self) -> Statuses:
        return self.lifecycle.statuses

    @property
    def channels(self) -> dict[str, Channels]:
        return self.lifecycle.channels

    @property
    def bootstrapped(self) -> bool:
        return self.applied is not None

    def state(self, service: str) -> ServiceState:
        return self.lifecycle.state(service)

    @cached_property
    def findings(self) -> list[Finding]:
        """Every finding: reading, shapes, rules, and the lifecycle record's own problems."""
        return checks.run(self.project, self.statuses,
                          [*self.read_problems, *self.lifecycle.problems])


def open_workspace(root: Path, *, without_record: WithoutRecord = "adopt",
                   unknown_record: UnknownRecord = "refuse") -> Workspace:
    """``without_record``: how a repository without lifecycle refs is judged: "adopt"
    (as if release.yaml were applied: what the PR gate and the commands that edit
    release.yaml want) or "empty" (what apply records from)."""
    files, problems = read_inputs(root)
    project = assemble(files)
    applied, caveat = _read(root, unknown_record)
    seen = view(project, files, applied.record if applied else None,
                without_record=without_record)
    return Workspace(root, files, project, applied, replace(seen, caveat=caveat), problems)


def lifecycle(root: Path, project: Project, files: Mapping[str, bytes], *,
              without_record: WithoutRecord = "adopt",
              unknown_record: UnknownRecord = "refuse") -> View:
    """The lifecycle view of ``project`` (a skeleton will do) with the record read from
    ``root``'s refs: what the per-service engine and the quick commands start from."""
    applied, caveat = _read(root, unknown_record)
    seen = view(project, files, applied.record if applied else None,
                without_record=without_record)
    return replace(seen, caveat=caveat)


def _read(root: Path, unknown: UnknownRecord) -> tuple[lifecycle_record.Applied | None, str]:
    try:
        return lifecycle_record.read(root), ""
    except lifecycle_record.UnknownRecord as exc:
        if unknown == "refuse":
            raise
        return None, f"note: statuses from release.yaml only: {exc}"
