"""The seed's status table as a pure state machine (see docs/lifecycle.md).

Two questions, both answered from data alone (no git, no clock, no disk):

* events -> the state of every version (:func:`derive`);
* (current state, what release.yaml asks for) -> the transitions that get there, or the
  precise reason it is illegal (:func:`plan`).

The console's buttons (``compiler.console_actions``) and the bootstrap
(``compiler.bootstrap``) are built on the same table.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..model.channels import Channels, Releasing, Testing
from ..model.inputs import Release, Stage
from ..model.paths import version_file
from ..model.status import Status
from ..runtime.rollout import default_group, normalize_email


class Kind(enum.StrEnum):
    """What happened to a version; each kind is one tag (see docs/lifecycle.md)."""

    TESTING = "testing"      # Test: Draft -> Testing
    RETEST = "retest"        # a new tester list
    RELEASING = "releasing"  # a grayscale ratio stage reached
    RELEASED = "released"    # Release at 100
    ARCHIVED = "archived"    # a newer version became Released
    REVERTED = "reverted"    # Revert -> Draft


ENTERS = {
    Kind.TESTING: Status.TESTING, Kind.RETEST: Status.TESTING,
    Kind.RELEASING: Status.RELEASING, Kind.RELEASED: Status.RELEASED,
    Kind.ARCHIVED: Status.ARCHIVED, Kind.REVERTED: Status.DRAFT,
}


class Action(enum.StrEnum):
    """The console's buttons (the seed's 'possible actions')."""

    EDIT = "edit"
    TEST = "test"
    DELETE = "delete"
    RETEST = "retest"
    REVERT = "revert"
    RELEASE = "release"            # a ratio below 100
    RELEASE_FULL = "release 100"   # straight to Released
    DUPLICATE = "duplicate"


ALLOWED: Mapping[Status, frozenset[Action]] = {
    Status.DRAFT: frozenset({Action.EDIT, Action.TEST, Action.DELETE}),
    Status.TESTING: frozenset({Action.RETEST, Action.REVERT, Action.RELEASE,
                               Action.RELEASE_FULL}),
    Status.RELEASING: frozenset({Action.REVERT, Action.RELEASE, Action.RELEASE_FULL}),
    Status.RELEASED: frozenset({Action.DUPLICATE}),
    Status.ARCHIVED: frozenset({Action.DUPLICATE}),
}

REASONS: Mapping[Status, str] = {
    Status.DRAFT: "a Draft can be edited, tested or deleted",
    Status.TESTING: "a Testing version cannot be deleted or edited; it can be retested, "
                    "reverted to Draft or released",
    Status.RELEASING: "a Releasing version cannot be deleted or edited; it can be reverted "
                      "to Draft or released at a higher ratio",
    Status.RELEASED: "a Released version cannot be deleted or edited; it can only be "
                     "duplicated",
    Status.ARCHIVED: "an Archived version can only be duplicated",
}

_CODES = {Action.EDIT: "E300", Action.DELETE: "E301", Action.DUPLICATE: "E306"}
_HINTS = {
    Action.EDIT: "make the change in a Draft: `minisvc duplicate` a Released version, or "
                 "`minisvc revert` the version in flight first",
    Action.DELETE: "only a Draft can be deleted; revert it first if it is in flight",
    Action.DUPLICATE: "duplicate a Released or Archived version; edit the Draft directly",
    Action.TEST: "revert it to Draft first, or test a Draft",
    Action.RETEST: "test the version first (`minisvc test`)",
    Action.REVERT: "only Testing and Releasing versions can be reverted",
    Action.RELEASE: "test the version first (`minisvc test`), then release it",
    Action.RELEASE_FULL: "test the version first (`minisvc test`), then release it",
}


@dataclass(frozen=True)
class Refusal:
    """Why a move is illegal; ``field`` is the release.yaml key to point at."""

    code: str
    message: str
    hint: str = ""
    field: str = "stage"


def refuse(service: str, version: int, status: Status, action: Action) -> Refusal | None:
    """The seed's table: None when ``action`` is allowed on a version in ``status``."""
    if action in ALLOWED[status]:
        return None
    code = _CODES.get(action, "E308")
    if action in (Action.RELEASE, Action.RELEASE_FULL) and status is Status.DRAFT:
        code = "E303"
    message = (f"{action.value.capitalize()} is not allowed: {service} v{version} is "
               f"{status.label}, and {REASONS[status]}")
    return Refusal(code, message, _HINTS[action])


@dataclass(frozen=True)
class Event:
    """One lifecycle event, as recorded by one annotated tag."""

    service: str
    version: int
    seq: int
    kind: Kind
    ratio: float | None = None
    group: str | None = None
    testers: int | None = None
    digest: str = ""
    actor: str = ""
    time: str = ""
    commit: str = ""
    bootstrap: bool = False
    tag: str = ""


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

    @property
    def after(self) -> Status:
        return ENTERS[self.kind]

    def describe(self) -> str:
        after = self.after.label
        if self.kind is Kind.RELEASING and self.ratio is not None:
            after += f" {format_ratio(self.ratio)}%"
        elif self.kind in (Kind.TESTING, Kind.RETEST):
            n = len(self.testers)
            after += f" ({'new list, ' if self.kind is Kind.RETEST else ''}"
            after += f"{n} tester{'s' * (n != 1)})"
        before = self.before.label
        if self.was_ratio is not None:
            before += f" {format_ratio(self.was_ratio)}%"
        how = " (adopted at bootstrap)" if self.bootstrap else ""
        return f"{self.service} v{self.version}: {before} -> {after}{how}"


def format_ratio(ratio: float) -> str:
    return str(int(ratio)) if ratio == int(ratio) else f"{ratio:g}"


def same_testers(a: Iterable[str], b: Iterable[str]) -> bool:
    return sorted({normalize_email(x) for x in a}) == sorted({normalize_email(x) for x in b})


Plan = list[Transition] | Refusal


def plan(state: ServiceState, release: Release | None, files: set[int]) -> Plan:
    """The transitions that take ``state`` to what release.yaml asks for, or why not.

    One apply moves a version one step of the table: Draft -> Releasing needs a Test
    merged and applied first, exactly as the console needed two clicks.
    """
    sid = state.service
    flight = state.in_flight
    if release is None:
        if flight is None:
            return []
        return Refusal("E309", f"release.yaml is missing but {sid} v{flight} is "
                       f"{state.status(flight).label}",
                       "keep release.yaml naming the version in flight (stage: draft "
                       "reverts it)", field="")
    v = release.version
    if flight is not None and flight != v:
        return Refusal("E305", f"{sid} v{flight} is {state.status(flight).label}; at most "
                       f"one version is in flight, so release.yaml cannot switch to v{v}",
                       f"finish v{flight} (stage: released) or revert it (version: "
                       f"{flight}, stage: draft) first", field="version")
    current = state.status(v)
    if v not in files and current is Status.DRAFT:
        if release.stage is Stage.DRAFT:
            return []
        return Refusal("E215", f"version {v} has no file {version_file(sid, v)}",
                       "name an existing version", field="version")
    if release.stage is Stage.DRAFT:
        if current is Status.DRAFT:
            return []
        return _one(Transition(sid, v, Kind.REVERTED, current, was_ratio=state.of(v).ratio),
                    Action.REVERT)
    if release.stage is Stage.TESTING:
        return _testing(state, release, current)
    if release.stage is Stage.RELEASING:
        return _releasing(state, release, current)
    return _released(state, v, current)


def _one(step: Transition, action: Action) -> Plan:
    refusal = refuse(step.service, step.version, step.before, action)
    return refusal if refusal is not None else [step]


def _testing(state: ServiceState, release: Release, current: Status) -> Plan:
    sid, v = state.service, release.version
    if not release.testers:
        return Refusal("E302", f"{sid} v{v}: testing needs one or more testers",
                       "add `testers: [alice@example.com]`", field="stage")
    testers = tuple(release.testers)
    if current is Status.TESTING:
        if same_testers(testers, state.testers):
            return []
        return _one(Transition(sid, v, Kind.RETEST, current, testers=testers), Action.RETEST)
    return _one(Transition(sid, v, Kind.TESTING, current, testers=testers), Action.TEST)


def _releasing(state: ServiceState, release: Release, current: Status) -> Plan:
    sid, v, ratio = state.service, release.version, release.ratio
    if ratio is None or not 0 < ratio < 100:
        return Refusal("E217", "stage releasing needs a ratio below 100",
                       "set `ratio: 1`..`99`, or `stage: released` for 100%", field="ratio")
    group = release.group or default_group(sid, v)
    refusal = refuse(sid, v, current, Action.RELEASE)
    if refusal is not None:
        return refusal
    if current is Status.RELEASING:
        was = state.of(v)
        if (was.group or default_group(sid, v)) != group:
            return Refusal("E311", f"{sid} v{v} is releasing with bucketing group "
                           f"{was.group!r}; changing it would reshuffle users",
                           f"keep `group: {was.group}` until the release is done",
                           field="group")
        assert was.ratio is not None
        if ratio < was.ratio:
            return Refusal("E304", f"{sid} v{v} is releasing at {format_ratio(was.ratio)}%; "
                           f"the ratio only goes up, not to {format_ratio(ratio)}%",
                           f"set a ratio above {format_ratio(was.ratio)}, or revert",
                           field="ratio")
        if ratio == was.ratio:
            return []
    return [Transition(sid, v, Kind.RELEASING, current, ratio=ratio, group=group,
                       was_ratio=state.of(v).ratio)]


def _released(state: ServiceState, v: int, current: Status) -> Plan:
    sid = state.service
    if current is Status.RELEASED:
        return []
    refusal = refuse(sid, v, current, Action.RELEASE_FULL)
    if refusal is not None:
        return refusal
    steps = [Transition(sid, v, Kind.RELEASED, current, was_ratio=state.of(v).ratio)]
    previous = state.released
    if previous is not None:
        steps.append(Transition(sid, previous, Kind.ARCHIVED, Status.RELEASED))
    return steps


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
