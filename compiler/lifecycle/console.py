"""The console's buttons (Test, Retest, Revert, Release) -> the release.yaml to write.

Pure, and judged by the same table as the PR gate, so a command refuses exactly what
``check`` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.inputs import Release, Stage
from .machine import Action, Refusal, ServiceState, format_ratio, refuse


@dataclass(frozen=True)
class Request:
    """A console action on one service, as the commands that edit release.yaml ask it."""

    action: Action
    version: int | None = None
    testers: tuple[str, ...] = ()
    ratio: float | None = None


def request(state: ServiceState, req: Request, release: Release | None) -> Release | Refusal:
    """The release.yaml that carries out ``req``, or the seed's reason it is refused.

    Without a version, Retest/Revert/Release act on the version in flight. The Release
    is built unvalidated: the edge validates the file it writes, pointing at its lines.
    """
    sid = state.service
    v = req.version if req.version is not None else state.in_flight
    if v is None:
        return Refusal("E308", f"{req.action.value.capitalize()} is not allowed: {sid} has "
                       "no version in Testing or Releasing",
                       "test a Draft first (`minisvc test SERVICE N --tester EMAIL`)")
    refusal = refuse(sid, v, state.status(v), action_of(req.action, req.ratio))
    if refusal is not None:
        return refusal
    flight = state.in_flight
    if flight is not None and flight != v:
        return Refusal("E305", f"{sid} v{flight} is {state.status(flight).label}; at most "
                       f"one version is in flight, so v{v} cannot be tested now",
                       f"release or revert v{flight} first", field="version")
    group = release.group if release is not None and release.version == v else None
    if req.action in (Action.TEST, Action.RETEST):
        if not req.testers:
            return Refusal("E302", f"{sid} v{v}: testing needs one or more testers",
                           "pass --tester EMAIL (several times for several testers)")
        return Release.model_construct(version=v, stage=Stage.TESTING,
                                       testers=list(req.testers), group=group)
    if req.action is Action.REVERT:
        return Release.model_construct(version=v, stage=Stage.DRAFT, group=group)
    ratio = req.ratio
    if ratio is None or not 0 < ratio <= 100:
        return Refusal("E217", f"ratio {ratio} is not a percent in 0..100",
                       "pass --ratio between 1 and 100", field="ratio")
    was = state.of(v)
    if was.ratio is not None and ratio <= was.ratio:
        return Refusal("E304", f"{sid} v{v} is releasing at {format_ratio(was.ratio)}%; the "
                       f"ratio only goes up, not to {format_ratio(ratio)}%",
                       f"pass a ratio above {format_ratio(was.ratio)}", field="ratio")
    if ratio == 100:
        return Release.model_construct(version=v, stage=Stage.RELEASED, group=group)
    return Release.model_construct(version=v, stage=Stage.RELEASING, ratio=ratio, group=group)


def action_of(req_action: Action, ratio: float | None) -> Action:
    """Release at 100 is its own row of the table (Releasing -> Released)."""
    if req_action is Action.RELEASE and ratio == 100:
        return Action.RELEASE_FULL
    return req_action
