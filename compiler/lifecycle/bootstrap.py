"""Adopting an existing state: what `apply --bootstrap` records for a service without refs."""

from __future__ import annotations

from ..load.project import Project
from ..model.inputs import Release, Stage
from ..model.status import Status
from ..runtime.rollout import default_group
from .events import Kind
from .machine import ServiceState, Transition, advance


def bootstrap(service: str, release: Release | None, files: set[int]) -> list[Transition]:
    """Adopt release.yaml as the current state of a service that has no events yet.

    The named version takes its stage as is. Versions numbered below it were released in
    turn by the console: the highest is Released (unless the named one is), the rest
    Archived. Higher ones stay Drafts.
    """
    if release is None or release.version not in files:
        return []
    v = release.version
    lower = sorted(n for n in files if n < v)
    steps: list[Transition] = []
    released_below = release.stage is not Stage.RELEASED and lower
    for n in lower:
        kind = Kind.RELEASED if released_below and n == lower[-1] else Kind.ARCHIVED
        steps.append(Transition(service, n, kind, Status.DRAFT, bootstrap=True))
    if release.stage is Stage.TESTING and release.testers:
        steps.append(Transition(service, v, Kind.TESTING, Status.DRAFT,
                                testers=tuple(release.testers), bootstrap=True))
    elif release.stage is Stage.RELEASING and release.ratio is not None:
        steps.append(Transition(service, v, Kind.RELEASING, Status.DRAFT, ratio=release.ratio,
                                group=release.group or default_group(service, v),
                                bootstrap=True))
    elif release.stage is Stage.RELEASED:
        steps.append(Transition(service, v, Kind.RELEASED, Status.DRAFT, bootstrap=True))
    return steps


def adopt(project: Project) -> dict[str, ServiceState]:
    """The state a bootstrap would record: what a repo without refs is judged against."""
    return {sid: advance(ServiceState(sid), bootstrap(sid, tree.release, tree.version_files))
            for sid, tree in sorted(project.services.items())}
