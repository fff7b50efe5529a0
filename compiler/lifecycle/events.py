"""What happens to a version: the kinds of event, THE label table, one Event per tag.

Every place that names an event or a status to a person (plan lines, job summaries,
tag subjects, `status`, `history`) takes its words from here, so they cannot drift.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from ..model.status import Status


class Kind(enum.StrEnum):
    """What happened to a version; each kind is one tag (see docs/lifecycle.md)."""

    TESTING = "testing"      # Test: Draft -> Testing
    RETEST = "retest"        # a new tester list
    RELEASING = "releasing"  # a grayscale ratio stage reached
    RELEASED = "released"    # Release at 100
    ARCHIVED = "archived"    # a newer version became Released
    REVERTED = "reverted"    # Revert -> Draft


ENTERS: Mapping[Kind, Status] = {
    Kind.TESTING: Status.TESTING, Kind.RETEST: Status.TESTING,
    Kind.RELEASING: Status.RELEASING, Kind.RELEASED: Status.RELEASED,
    Kind.ARCHIVED: Status.ARCHIVED, Kind.REVERTED: Status.DRAFT,
}

EVENT_LABELS: Mapping[Kind, str] = {
    Kind.TESTING: "Testing", Kind.RETEST: "Retest", Kind.RELEASING: "Releasing",
    Kind.RELEASED: "Released", Kind.ARCHIVED: "Archived", Kind.REVERTED: "Reverted to Draft",
}
"""THE event-label table."""


def format_ratio(ratio: float) -> str:
    return str(int(ratio)) if ratio == int(ratio) else f"{ratio:g}"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def event_label(kind: Kind, ratio: float | None = None, testers: int | None = None) -> str:
    """``Releasing 20%``, ``Retest (3 testers)``, ``Reverted to Draft``."""
    return _with(EVENT_LABELS[kind], ratio if kind is Kind.RELEASING else None, testers)


def status_label(status: Status, ratio: float | None = None, testers: int | None = None) -> str:
    """``Releasing 20%``, ``Testing (2 testers)``, ``Draft``."""
    return _with(status.label, ratio, testers)


def _with(label: str, ratio: float | None, testers: int | None) -> str:
    if ratio is not None:
        label += f" {format_ratio(ratio)}%"
    if testers is not None:
        label += f" ({count(testers, 'tester')})"
    return label


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
    planned: str = ""  # the schedule step's time, for a step apply carried out on time


DRAFT_LABELS: Mapping[str, str] = {
    "created": "Draft created", "duplicated": "Draft duplicated", "deleted": "Draft deleted",
}
"""A Draft's events (git history, not tags: a Draft is only a file)."""


def draft_label(kind: str, source: int | None = None) -> str:
    """``Draft created``, ``Draft duplicated from v2``, ``Draft deleted``."""
    return DRAFT_LABELS[kind] + (f" from v{source}" if source is not None else "")
