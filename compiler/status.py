"""Version statuses: the seed's status table, as names."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from .models import Release, Stage


class Status(enum.StrEnum):
    DRAFT = "draft"
    TESTING = "testing"
    RELEASING = "releasing"
    RELEASED = "released"
    ARCHIVED = "archived"

    @property
    def frozen(self) -> bool:
        return self is not Status.DRAFT

    @property
    def label(self) -> str:
        return self.value.capitalize()


Statuses = Mapping[str, Mapping[int, Status]]


def from_release(release: Release | None, versions: set[int]) -> dict[int, Status]:
    """Statuses as release.yaml alone states them, for a tree with no lifecycle refs.

    The version release.yaml names is in its stage; every other version is a Draft.
    """
    statuses = {n: Status.DRAFT for n in versions}
    if release is not None and release.version in versions:
        statuses[release.version] = Status(release.stage.value)
    return statuses


STAGE_STATUS = {stage: Status(stage.value) for stage in Stage}
