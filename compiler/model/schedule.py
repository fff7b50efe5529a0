"""Time in the input files: timestamps, release.yaml's ratio schedule, freeze windows.

Shape only, plus the pure questions the lifecycle asks of them at a given ``now`` (which
step is due, which window is open). ``now`` is always a value the edge passes in: nothing
here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

RFC3339_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
MAX_WINDOWS = 100


def _rfc3339(value: Any) -> Any:
    if isinstance(value, str) and not re.match(RFC3339_PATTERN, value):
        raise ValueError("must be a date-time with a UTC offset, e.g. 2026-11-01T00:00:00+08:00")
    if not isinstance(value, str):
        raise ValueError("must be a date-time string, e.g. 2026-11-01T00:00:00+08:00")
    return value


Timestamp = Annotated[
    dt.datetime,
    BeforeValidator(_rfc3339),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN,
                    "examples": ["2026-11-01T00:00:00+08:00"]}),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(Strict):
    """One planned ratio step of release.yaml's ``schedule``."""

    ratio: float = Field(gt=0, le=100, strict=True,
                         description="The ratio from ``at`` on; 100 releases fully.",
                         examples=[20])
    at: Timestamp = Field(description="When the step is due (with a UTC offset).")


class Window(Strict):
    """A time in which apply moves no version forward (Revert stays allowed)."""

    start: Timestamp
    end: Timestamp
    reason: Annotated[str, StringConstraints(min_length=1, max_length=200,
                                             pattern=r"^[^\x00-\x1F\x7F]*$")] = Field(
        examples=["Double 11"])


class Freeze(Strict):
    """services/freeze.yaml: windows in which no version moves forward."""

    windows: list[Window] = Field(default_factory=list, max_length=MAX_WINDOWS)


def due(schedule: Sequence[Step], now: dt.datetime) -> list[Step]:
    """The steps whose time has come at ``now``, in order."""
    return [s for s in schedule if s.at <= now]


def upcoming(schedule: Sequence[Step], now: dt.datetime) -> Step | None:
    """The next step not yet due at ``now``."""
    return next((s for s in schedule if s.at > now), None)


def open_window(freeze: Freeze | None, now: dt.datetime) -> Window | None:
    """The freeze window ``now`` falls in (start inclusive, end exclusive)."""
    if freeze is None:
        return None
    return next((w for w in freeze.windows if w.start <= now < w.end), None)


def iso(when: dt.datetime) -> str:
    """A time as tags and reports spell it: UTC, seconds, ``Z``."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
