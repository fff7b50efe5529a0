"""Version statuses: the seed's status table, as names."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from .inputs import Stage


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


STAGE_STATUS = {stage: Status(stage.value) for stage in Stage}
