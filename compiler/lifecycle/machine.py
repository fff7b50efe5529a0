"""The state of every version, as a pure state machine (see docs/lifecycle.md).

Events -> the state of every version (:func:`derive`); planned transitions -> the state
after them (:func:`advance`); states -> statuses and channels. No git, no clock, no disk.
Which moves are legal is :mod:`.planner`'s question, answered by :mod:`.refusals`' table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..model.channels import Channels, Releasing, Testing
from ..model.status import Status
from .events import ENTERS, Event, Kind, count, status_label


@dataclass(frozen=True)
class VersionState:
    status: Status
    seq: int = 0
    ratio: float | None = None
    group: str | None = None
    digest: str = ""
    tag: str = ""


@dataclass(frozen=True)
class ServiceState:
    """What refs say about one service; versions without events are Drafts."""

    service: str
    versions: Mapping[int, VersionState] = field(default_factory=dict)
    testers: tuple[str, ...] = ()

    def status(self, version: int) -> Status:
        state = self.versions.get(version)
        return state.status if state else Status.DRAFT

    def of(self, version: int) -> VersionState:
        return self.versions.get(version, VersionState(Status.DRAFT))

    def _with(self, *statuses: Status) -> int | None:
        found = [n for n, v in sorted(self.versions.items()) if v.status in statuses]
        return found[-1] if found else None

    @property
    def in_flight(self) -> int | None:
        return self._with(Status.TESTING, Status.RELEASING)

    @property
    def released(self) -> int | None:
        return self._with(Status.RELEASED)

    def channels(self) -> Channels:
        chan = Channels(released=self.released)
        flight = self.in_flight
        if flight is not None and self.status(flight) is Status.TESTING:
            chan = replace(chan, testing=Testing(flight, self.testers))
        elif flight is not None:
            vs = self.of(flight)
            assert vs.ratio is not None
            chan = replace(chan, releasing=Releasing(flight, vs.ratio, vs.group))
        return chan


def derive(events: Iterable[Event],
           testers: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, ServiceState]:
    """The state of every version that has events: its last event decides."""
    last: dict[str, dict[int, Event]] = {}
    group: dict[tuple[str, int], str | None] = {}
    for e in sorted(events, key=lambda e: (e.service, e.version, e.seq)):
        last.setdefault(e.service, {})[e.version] = e
        if e.kind is Kind.RELEASING:
            group[e.service, e.version] = e.group
    testers = testers or {}
    out = {}
    for sid, versions in last.items():
        states = {n: VersionState(ENTERS[e.kind], e.seq,
                                  e.ratio if e.kind is Kind.RELEASING else None,
                                  group.get((sid, n)) if e.kind is Kind.RELEASING else None,
                                  e.digest, e.tag)
                  for n, e in versions.items()}
        out[sid] = ServiceState(sid, states, testers.get(sid, ()))
    return out


@dataclass(frozen=True)
class Transition:
    """One step the next apply takes; it becomes one tag."""

    service: str
    version: int
    kind: Kind
    before: Status
    ratio: float | None = None
    group: str | None = None
    testers: tuple[str, ...] = ()
    bootstrap: bool = False
    was_ratio: float | None = None
    planned: str = ""
    """The schedule step's time this transition carries out (UTC, ``Z``); "" if manual."""

    @property
    def after(self) -> Status:
        return ENTERS[self.kind]

    @property
    def new_ratio(self) -> float | None:
        """The ratio this step reaches (Releasing steps only)."""
        return self.ratio if self.kind is Kind.RELEASING else None

    @property
    def tester_count(self) -> int | None:
        """How many testers this step names (Test and Retest only)."""
        return len(self.testers) if self.kind in (Kind.TESTING, Kind.RETEST) else None

    def change(self, arrow: str = "->") -> str:
        """``Releasing 20% -> Releasing 50%``: where it starts (with the ratio it was at)
        and where it ends; the plan, apply and the job summary all say it so."""
        after = status_label(self.after, self.new_ratio, self.tester_count)
        if self.kind is Kind.RETEST:
            after = f"{self.after.label} (new list, {count(len(self.testers), 'tester')})"
        return f"{status_label(self.before, self.was_ratio)} {arrow} {after}"

    def describe(self) -> str:
        """``home v2: Releasing 20% -> Releasing 50%``, as plan and apply print it."""
        how = " (adopted at bootstrap)" if self.bootstrap else ""
        how += f" (scheduled for {self.planned})" if self.planned else ""
        return f"{self.service} v{self.version}: {self.change()}{how}"


def advance(state: ServiceState, steps: Iterable[Transition]) -> ServiceState:
    """The state after ``steps`` (digests are left as they were; the edge fills them)."""
    versions = dict(state.versions)
    testers = state.testers
    for t in steps:
        was = versions.get(t.version, VersionState(Status.DRAFT))
        releasing = t.kind is Kind.RELEASING
        versions[t.version] = VersionState(t.after, was.seq + 1,
                                           t.ratio if releasing else None,
                                           t.group if releasing else None, was.digest)
        if t.kind in (Kind.TESTING, Kind.RETEST):
            testers = t.testers
    return ServiceState(state.service, versions, testers)


def statuses(states: Mapping[str, ServiceState],
             files: Mapping[str, set[int]]) -> dict[str, dict[int, Status]]:
    """Status of every version file, plus frozen versions whose file is gone."""
    out = {}
    for sid in sorted(set(files) | set(states)):
        state = states.get(sid, ServiceState(sid))
        found = {n: state.status(n) for n in files.get(sid, set())}
        found.update({n: v.status for n, v in state.versions.items() if v.status.frozen})
        out[sid] = dict(sorted(found.items()))
    return out
