"""THE table of lifecycle refusals: every move the seed forbids, with its code and fix.

Two parts, both data: the seed's action table (which console button works in which
status, :data:`ALLOWED`) and :data:`REFUSALS`, the other moves the state machine refuses
(two versions in flight, a ratio going down, ...). The PR gate, ``plan``, ``apply`` and
the commands that edit release.yaml all refuse through :func:`refuse` and
:func:`refusal`, so a command refuses exactly what the gate would.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from ..model.status import Status


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

CODES: Mapping[Action, str] = {Action.EDIT: "E300", Action.DELETE: "E301",
                               Action.DUPLICATE: "E306"}
"""An action refused by the table; E303 for releasing a Draft, E308 for any other."""

HINTS: Mapping[Action, str] = {
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


@dataclass(frozen=True)
class Row:
    """One refusal: message and hint are ``str.format`` templates of the move's values."""

    code: str
    message: str
    hint: str
    field: str = "stage"


REFUSALS: Mapping[str, Row] = {
    "release-file-missing": Row(
        "E309", "release.yaml is missing but {service} v{version} is {status}",
        "keep release.yaml naming the version in flight (stage: draft reverts it)", field=""),
    "one-in-flight": Row(
        "E305", "{service} v{flight} is {status}; at most one version is in flight, so "
        "release.yaml cannot switch to v{version}",
        "finish v{flight} (stage: released) or revert it (version: {flight}, stage: draft) "
        "first", field="version"),
    "version-file-missing": Row(
        "E215", "{service} has no version {version} (no file {path})", "name an existing version",
        field="version"),
    "no-testers": Row(
        "E302", "{service} v{version}: testing needs one or more testers",
        "add `testers: [alice@example.com]`"),
    "ratio-not-below-100": Row(
        "E217", "stage releasing needs a ratio below 100",
        "set `ratio: 1`..`99`, or `stage: released` for 100%", field="ratio"),
    "group-changed": Row(
        "E311", "{service} v{version} is releasing with bucketing group {group!r}; changing "
        "it would reshuffle users", "keep `group: {group}` until the release is done",
        field="group"),
    "ratio-down": Row(
        "E304", "{service} v{version} is releasing at {was}%; the ratio only goes up, not to "
        "{ratio}%", "set a ratio above {was}, or revert", field="ratio"),
    "nothing-in-flight": Row(
        "E308", "{action} is not allowed: {service} has no version in Testing or Releasing",
        "test a Draft first (`minisvc test SERVICE N --tester EMAIL`)"),
}
"""THE refusal table: every refusal of a move that is not a button of :data:`ALLOWED`."""


def refusal(name: str, **values: object) -> Refusal:
    row = REFUSALS[name]
    return Refusal(row.code, row.message.format(**values), row.hint.format(**values), row.field)


def refuse(service: str, version: int, status: Status, action: Action) -> Refusal | None:
    """The seed's table: None when ``action`` is allowed on a version in ``status``."""
    if action in ALLOWED[status]:
        return None
    code = CODES.get(action, "E308")
    if action in (Action.RELEASE, Action.RELEASE_FULL) and status is Status.DRAFT:
        code = "E303"
    message = (f"{action.value.capitalize()} is not allowed: {service} v{version} is "
               f"{status.label}, and {REASONS[status]}")
    return Refusal(code, message, HINTS[action])
