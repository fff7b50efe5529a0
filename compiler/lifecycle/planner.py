"""(current state, what release.yaml asks for) -> the transitions that get there, or the
precise reason it is illegal (pure; refusals come from :mod:`.refusals`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from ..model.inputs import Release, Stage
from ..model.paths import version_file
from ..model.schedule import due, iso
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


def plan(state: ServiceState, release: Release | None, files: set[int],
         now: dt.datetime | None = None) -> Plan:
    """The transitions that take ``state`` to what release.yaml asks for at ``now``, or why
    not (``now`` None: no schedule step is due).

    One apply moves a version one step of the table: Draft -> Releasing needs a Test
    merged and applied first, exactly as the console needed two clicks. The schedule's
    steps that are due are each one transition, in order, none skipped.
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
        return _releasing(state, release, current, now)
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


def _releasing(state: ServiceState, release: Release, current: Status,
               now: dt.datetime | None) -> Plan:
    sid, v, ratio = state.service, release.version, release.ratio
    if ratio is None or not 0 < ratio < 100:
        return refusal("ratio-not-below-100")
    group = release.group or default_group(sid, v)
    come = due(release.schedule, now) if now is not None else []
    if current is Status.RELEASED and come and come[-1].ratio >= 100:
        return []  # the schedule's last step released it: release.yaml asks no more
    refused = refuse(sid, v, current, Action.RELEASE)
    if refused is not None:
        return refused
    was = state.of(v).ratio if current is Status.RELEASING else None
    rungs = [(ratio, ""), *((s.ratio, iso(s.at)) for s in come)]
    if current is Status.RELEASING:
        held = state.of(v)
        if (held.group or default_group(sid, v)) != group:
            return refusal("group-changed", service=sid, version=v, group=held.group)
        assert was is not None
        if rungs[-1][0] < was:
            return refusal("ratio-down", service=sid, version=v, was=format_ratio(was),
                           ratio=format_ratio(rungs[-1][0]))
    steps: list[Transition] = []
    before, at_ratio = current, state.of(v).ratio
    for rung, planned in rungs:
        if was is not None and rung <= was:
            continue
        if rung >= 100:
            last = _released(state, v, before, at_ratio)
            return last if isinstance(last, Refusal) else steps + [
                _planned(t, planned) if t.kind is Kind.RELEASED else t for t in last]
        steps.append(Transition(sid, v, Kind.RELEASING, before, ratio=rung, group=group,
                                was_ratio=at_ratio, planned=planned))
        before, at_ratio = Status.RELEASING, rung
    return steps


def _planned(step: Transition, planned: str) -> Transition:
    return replace(step, planned=planned)


def _released(state: ServiceState, v: int, current: Status,
              was_ratio: float | None = None) -> Plan:
    sid = state.service
    if current is Status.RELEASED:
        return []
    refused = refuse(sid, v, current, Action.RELEASE_FULL)
    if refused is not None:
        return refused
    if was_ratio is None:
        was_ratio = state.of(v).ratio
    steps = [Transition(sid, v, Kind.RELEASED, current, was_ratio=was_ratio)]
    previous = state.released
    if previous is not None:
        steps.append(Transition(sid, previous, Kind.ARCHIVED, Status.RELEASED))
    return steps
