"""The console's buttons (Test, Retest, Revert, Release) -> the release.yaml to write.

Pure. A button is first judged by the seed's action table (Retest on a Draft is not a
button the console offered); everything else about the move (two versions in flight, a
ratio going down, a release at the ratio already applied) is the planner's to judge, on
the release.yaml the button would write: so a command refuses exactly what ``check``
and ``apply`` would refuse, and accepts as "nothing to do" what they accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.inputs import Release, Stage
from .machine import ServiceState
from .refusals import Action, Refusal, refusal, refuse


@dataclass(frozen=True)
class Request:
    """A console action on one service, as the commands that edit release.yaml ask it."""

    action: Action
    version: int | None = None
    testers: tuple[str, ...] = ()
    ratio: float | None = None


def request(state: ServiceState, req: Request, release: Release | None) -> Release | Refusal:
    """The release.yaml that carries out ``req``, or the seed's reason the button is
    refused. The caller judges the result with :func:`..planner.plan` (same as the gate).

    Without a version, Retest/Revert/Release act on the version in flight. The Release
    is built unvalidated: the edge validates the file it writes, pointing at its lines.
    """
    sid = state.service
    v = req.version if req.version is not None else state.in_flight
    if v is None:
        return refusal("nothing-in-flight", action=req.action.value.capitalize(), service=sid)
    refused = refuse(sid, v, state.status(v), action_of(req.action, req.ratio))
    if refused is not None:
        return refused
    group = release.group if release is not None and release.version == v else None
    if req.action in (Action.TEST, Action.RETEST):
        return Release.model_construct(version=v, stage=Stage.TESTING,
                                       testers=list(req.testers), group=group)
    if req.action is Action.REVERT:
        return Release.model_construct(version=v, stage=Stage.DRAFT, group=group)
    if req.ratio == 100:
        return Release.model_construct(version=v, stage=Stage.RELEASED, group=group)
    return Release.model_construct(version=v, stage=Stage.RELEASING, ratio=req.ratio,
                                   group=group)


def action_of(req_action: Action, ratio: float | None) -> Action:
    """Release at 100 is its own row of the table (Releasing -> Released)."""
    if req_action is Action.RELEASE and ratio == 100:
        return Action.RELEASE_FULL
    return req_action
