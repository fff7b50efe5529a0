"""THE lifecycle seam: which version is in which status, and what each channel serves.

Every command that needs statuses or channels (check, plan, apply, status, history,
validate, build, preview, the authoring commands, verify) gets them from :func:`view`;
``resolve`` and ``serve`` read the manifest that build wrote from it. Pure: the edge
(:mod:`compiler.engine.workspace`) reads the record from git and hands it in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..load.project import Project
from ..model.channels import Channels
from ..model.findings import Finding
from ..model.status import Status
from .bootstrap import adopt
from .events import Event
from .frozen_guard import tampered
from .machine import ServiceState, statuses


@dataclass(frozen=True)
class Record:
    """The lifecycle record as read from refs: its events, the states they give (with the
    Testing version's tester list from the service branch), and the refs' own problems."""

    events: Sequence[Event] = ()
    states: Mapping[str, ServiceState] = field(default_factory=dict)
    problems: Sequence[Finding] = ()

    def within(self, services: Collection[str]) -> Record:
        """The record of ``services`` only (what the diff-sized gate judges); the refs'
        own problems stay whole: a record that does not hold holds for nobody."""
        return Record(tuple(e for e in self.events if e.service in services),
                      {sid: s for sid, s in self.states.items() if sid in services},
                      self.problems)


@dataclass(frozen=True)
class View:
    states: dict[str, ServiceState]
    statuses: dict[str, dict[int, Status]]
    channels: dict[str, Channels]
    problems: list[Finding]
    recorded: bool
    """True: from lifecycle refs. False: the repo has none, and the states are what
    `apply --bootstrap` would record from release.yaml (or nothing, for apply itself)."""
    events: Sequence[Event] = ()
    caveat: str = ""
    """Said beside any answer from this view: why the record might be incomplete."""

    @property
    def holds(self) -> bool:
        """Whether the record itself (its refs) has no error: otherwise no move may be
        judged against it (content problems of single files are findings of their own)."""
        return not any(f.is_error and f.file.startswith("refs/") for f in self.problems)

    def state(self, service: str) -> ServiceState:
        return self.states.get(service, ServiceState(service))


def view(project: Project, files: Mapping[str, bytes], record: Record | None, *,
         without_record: Literal["adopt", "empty"] = "adopt",
         adopt_from: Project | None = None) -> View:
    """Statuses of every version file (and of frozen versions whose file is gone) and the
    channels of every service of ``project``.

    ``project`` needs only service.yaml, release.yaml and the version file numbers (the
    engine's skeleton); ``files`` are the bytes frozen versions are checked against
    (E310). Without a record, a repository is judged as a bootstrap would record it from
    the release.yaml of ``adopt_from`` (default ``project``; the PR gate passes base's),
    or as empty (``without_record="empty"``: what apply records from).
    """
    if record is not None:
        states = dict(record.states)
        problems = [*record.problems, *tampered(states, files)]
    elif without_record == "adopt":
        states, problems = adopt(adopt_from or project), []
    else:
        states, problems = {}, []
    numbers = {sid: tree.version_files for sid, tree in project.services.items()}
    channels = {sid: states.get(sid, ServiceState(sid)).channels() for sid in project.services}
    return View(states, statuses(states, numbers), channels, problems, record is not None,
                tuple(record.events) if record is not None else ())
