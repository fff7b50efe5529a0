"""(current state, what release.yaml asks for) -> the transitions that get there, or the
precise reason it is illegal (pure; refusals come from :mod:`.refusals`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.inputs import Release, Stage
from ..model.paths import version_file
from ..model.status import Status
from ..runtime.rollout import default_group, normalize_email
from .events import Kind, format_ratio
from .machine import ServiceState, Transition
from .refusals import Action, Refusal, refusal, refuse

Plan = list[Transition] | Refusal


def same_testers(a: Iterable[str], b: Iterable[str]) -> bool:
    return sorted({normalize_email(x) for x in a}) == sorted({normalize_email(x) for x in b})


def once_each(testers: Iterable[str]) -> tuple[str, ...]:
    """Each tester once, in its first spelling: emails compare case-insensitively."""
    first: dict[str, str] = {}
    for email in testers:
        first.setdefault(normalize_email(email), email)
    return tuple(first.values())


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
        return refusal("release-file-missing", service=sid, version=flight,
                       status=state.status(flight).label)
    v = release.version
    if flight is not None and flight != v:
        return refusal("one-in-flight", service=sid, flight=flight, version=v,
                       status=state.status(flight).label)
    current = state.status(v)
    if v not in files and current is Status.DRAFT:
        if release.stage is Stage.DRAFT:
            return []
        return refusal("version-file-missing", service=sid, version=v,
                       path=version_file(sid, v))
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
    refused = refuse(step.service, step.version, step.before, action)
    return refused if refused is not None else [step]


def _testing(state: ServiceState, release: Release, current: Status) -> Plan:
    sid, v = state.service, release.version
    if not release.testers:
        return refusal("no-testers", service=sid, version=v)
    testers = once_each(release.testers)
    if current is Status.TESTING:
        if same_testers(testers, state.testers):
            return []
        return _one(Transition(sid, v, Kind.RETEST, current, testers=testers), Action.RETEST)
    return _one(Transition(sid, v, Kind.TESTING, current, testers=testers), Action.TEST)


def _releasing(state: ServiceState, release: Release, current: Status) -> Plan:
    sid, v, ratio = state.service, release.version, release.ratio
    if ratio is None or not 0 < ratio < 100:
        return refusal("ratio-not-below-100")
    group = release.group or default_group(sid, v)
    refused = refuse(sid, v, current, Action.RELEASE)
    if refused is not None:
        return refused
    if current is Status.RELEASING:
        was = state.of(v)
        if (was.group or default_group(sid, v)) != group:
            return refusal("group-changed", service=sid, version=v, group=was.group)
        assert was.ratio is not None
        if ratio < was.ratio:
            return refusal("ratio-down", service=sid, version=v, was=format_ratio(was.ratio),
                           ratio=format_ratio(ratio))
        if ratio == was.ratio:
            return []
    return [Transition(sid, v, Kind.RELEASING, current, ratio=ratio, group=group,
                       was_ratio=state.of(v).ratio)]


def _released(state: ServiceState, v: int, current: Status) -> Plan:
    sid = state.service
    if current is Status.RELEASED:
        return []
    refused = refuse(sid, v, current, Action.RELEASE_FULL)
    if refused is not None:
        return refused
    steps = [Transition(sid, v, Kind.RELEASED, current, was_ratio=state.of(v).ratio)]
    previous = state.released
    if previous is not None:
        steps.append(Transition(sid, previous, Kind.ARCHIVED, Status.RELEASED))
    return steps
