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

_DUPLICATE = ("duplicate it into a new Draft (`minisvc duplicate {service} {version}`) and "
              "{what} that")
_NEW = "make the change in a new Draft (`minisvc new {service}`)"
_REVERT = "revert it to Draft (`minisvc revert {service}`)"
_TEST = "test it first (`minisvc test {service} {version} --tester EMAIL`)"
_RAISE = "raise the ratio (`minisvc release {service} --ratio RATIO`)"

HINTS: Mapping[Action, Mapping[Status, str]] = {
    Action.EDIT: {
        Status.TESTING: f"{_REVERT} to change it, or {_NEW}",
        Status.RELEASING: f"{_REVERT} to change it, or {_NEW}",
        Status.RELEASED: "make the change in a new Draft (`minisvc duplicate {service} "
                         "{version}`)",
        Status.ARCHIVED: "make the change in a new Draft (`minisvc duplicate {service} "
                         "{version}`)",
    },
    Action.DELETE: {
        Status.TESTING: f"{_REVERT} first, then delete it",
        Status.RELEASING: f"{_REVERT} first, then delete it",
        Status.RELEASED: "it stays: Released and Archived versions are the record of what "
                         "users got",
        Status.ARCHIVED: "it stays: Released and Archived versions are the record of what "
                         "users got",
    },
    Action.DUPLICATE: {
        Status.DRAFT: "edit the Draft as it is, or start another one (`minisvc new {service}`)",
        Status.TESTING: "it is still in flight; start a new Draft from what users have "
                        "(`minisvc new {service}`)",
        Status.RELEASING: "it is still in flight; start a new Draft from what users have "
                          "(`minisvc new {service}`)",
    },
    Action.TEST: {
        Status.TESTING: "it is in testing already; give it new testers with `minisvc retest "
                        "{service} --tester EMAIL`",
        Status.RELEASING: f"a Releasing version does not go back to testing: {_RAISE}, or "
                          f"{_REVERT} and test it again",
        Status.RELEASED: _DUPLICATE.replace("{what}", "test"),
        Status.ARCHIVED: _DUPLICATE.replace("{what}", "test"),
    },
    Action.RETEST: {
        Status.DRAFT: _TEST,
        Status.RELEASING: f"a Releasing version has no testers to change: {_RAISE}, or "
                          f"{_REVERT}",
        Status.RELEASED: _DUPLICATE.replace("{what}", "test"),
        Status.ARCHIVED: _DUPLICATE.replace("{what}", "test"),
    },
    Action.REVERT: {
        Status.DRAFT: "it is a Draft already: edit it as it is",
        Status.RELEASED: "what users have cannot be taken back; "
                         + _DUPLICATE.replace("{what}", "release"),
        Status.ARCHIVED: _DUPLICATE.replace("{what}", "release"),
    },
    Action.RELEASE: {
        Status.DRAFT: f"{_TEST}, then release it",
        Status.RELEASED: "it is Released already; to release a change, "
                         + _DUPLICATE.replace("{what}", "release"),
        Status.ARCHIVED: _DUPLICATE.replace("{what}", "release"),
    },
    Action.RELEASE_FULL: {
        Status.DRAFT: f"{_TEST}, then release it",
        Status.RELEASED: "it is Released already: nothing to do",
        Status.ARCHIVED: _DUPLICATE.replace("{what}", "release"),
    },
}
"""THE fixes of :data:`ALLOWED`'s refusals, per action and status: each names a step that
works in that status (``tests/lifecycle/test_hints.py`` runs every command named here)."""


def hint(service: str, version: int, status: Status, action: Action) -> str:
    """How to get what ``action`` wanted from a version in ``status``."""
    return HINTS[action].get(status, "").format(service=service, version=version)


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
        "finish v{flight} first (`minisvc release {service} --ratio 100`) or revert it "
        "(`minisvc revert {service}`)", field="version"),
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
        "{ratio}%", "set a ratio above {was} (`minisvc release {service} --ratio RATIO`), or "
        "revert it (`minisvc revert {service}`)", field="ratio"),
    "nothing-in-flight": Row(
        "E308", "{action} is not allowed: {service} has no version in Testing or Releasing",
        "test a Draft first (`minisvc test {service} N --tester EMAIL`, N a Draft; "
        "`minisvc new {service}` makes one)"),
    "freeze-window": Row(
        "E315", "{service} v{version}: {change} is a forward move inside the freeze window "
        "{reason!r} ({start} to {end}); no version moves forward until it ends",
        "merge it after {end}, or revert instead (`minisvc revert {service}`): a revert is "
        "always allowed"),
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
    return Refusal(code, message, hint(service, version, status, action))
