"""The pure state machine: the seed's table, every (status, action) pair, and plans."""

from __future__ import annotations

import itertools

import pytest

from compiler.lifecycle.bootstrap import bootstrap
from compiler.lifecycle.console import Request, request
from compiler.lifecycle.events import Event, Kind
from compiler.lifecycle.machine import ServiceState, Transition, VersionState, advance, derive
from compiler.lifecycle.planner import plan
from compiler.lifecycle.refscheme import (
    Ledger,
    ledger_message,
    parse_ledger,
    parse_tag,
    tag_message,
    tag_name,
)
from compiler.lifecycle.refusals import ALLOWED, Action, Refusal, refuse
from compiler.model.inputs import Release, Stage
from compiler.model.status import Status

D, T, RG, RD, A = (Status.DRAFT, Status.TESTING, Status.RELEASING, Status.RELEASED,
                   Status.ARCHIVED)

# The seed's "possible actions" column, written out pair by pair.
TABLE = {
    (D, Action.EDIT): True, (D, Action.TEST): True, (D, Action.DELETE): True,
    (T, Action.RETEST): True, (T, Action.REVERT): True, (T, Action.RELEASE): True,
    (T, Action.RELEASE_FULL): True,
    (RG, Action.REVERT): True, (RG, Action.RELEASE): True, (RG, Action.RELEASE_FULL): True,
    (RD, Action.DUPLICATE): True, (A, Action.DUPLICATE): True,
}
REFUSED_CODE = {Action.EDIT: "E300", Action.DELETE: "E301", Action.DUPLICATE: "E306"}


def state(*versions: tuple[int, Status], ratio: float = 20,
          testers: tuple[str, ...] = ("alice@example.com",)) -> ServiceState:
    return ServiceState("home", {n: VersionState(s, 1, ratio if s is RG else None, None)
                                 for n, s in versions}, testers)


def release(version: int, stage: Stage, **kw: object) -> Release:
    return Release(version=version, stage=stage, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_every_status_action_pair_follows_the_seed_table(status: Status,
                                                         action: Action) -> None:
    refusal = refuse("home", 3, status, action)
    if TABLE.get((status, action), False):
        assert refusal is None
        return
    assert refusal is not None
    expected = REFUSED_CODE.get(action, "E308")
    if status is D and action in (Action.RELEASE, Action.RELEASE_FULL):
        expected = "E303"
    assert refusal.code == expected
    assert f"home v3 is {status.label}" in refusal.message
    assert refusal.hint


def test_table_covers_forty_pairs_and_matches_allowed() -> None:
    assert len(list(itertools.product(Status, Action))) == 40
    assert {(s, a) for s, acts in ALLOWED.items() for a in acts} == set(TABLE)


REQUESTS = {
    Action.TEST: Request(Action.TEST, 3, ("bob@example.com",)),
    Action.RETEST: Request(Action.RETEST, 3, ("bob@example.com",)),
    Action.REVERT: Request(Action.REVERT, 3),
    Action.RELEASE: Request(Action.RELEASE, 3, (), 50),
    Action.RELEASE_FULL: Request(Action.RELEASE, 3, (), 100),
}
WANTED = {
    Action.TEST: (Stage.TESTING, Kind.TESTING), Action.RETEST: (Stage.TESTING, Kind.RETEST),
    Action.REVERT: (Stage.DRAFT, Kind.REVERTED),
    Action.RELEASE: (Stage.RELEASING, Kind.RELEASING),
    Action.RELEASE_FULL: (Stage.RELEASED, Kind.RELEASED),
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, REQUESTS)))
def test_every_release_yaml_action_is_allowed_or_refused_as_the_table_says(
        status: Status, action: Action) -> None:
    """The commands' path: request -> release.yaml -> plan gives exactly that move."""
    current = state((3, status))
    result = request(current, REQUESTS[action], None)
    if not TABLE.get((status, action), False):
        assert isinstance(result, Refusal)
        assert result.code == ("E303" if status is D and action in (
            Action.RELEASE, Action.RELEASE_FULL) else "E308")
        return
    assert isinstance(result, Release)
    stage, kind = WANTED[action]
    assert result.stage is stage
    steps = plan(current, result, {3})
    assert isinstance(steps, list)
    assert [s.kind for s in steps] == [kind]
    assert steps[0].before is status


def files() -> set[int]:
    return {1, 2, 3, 4}


def test_draft_to_testing_needs_testers() -> None:
    result = plan(state(), release(3, Stage.TESTING), files())
    assert isinstance(result, Refusal) and result.code == "E302"
    wanted = request(state(), Request(Action.TEST, 3), None)
    assert isinstance(wanted, Release)
    assert plan(state(), wanted, files()) == result == Refusal(
        "E302", "home v3: testing needs one or more testers",
        "add `testers: [alice@example.com]`")


def test_draft_straight_to_releasing_is_refused() -> None:
    result = plan(state(), release(3, Stage.RELEASING, ratio=5), files())
    assert isinstance(result, Refusal)
    assert (result.code, result.field) == ("E303", "stage")
    assert "home v3 is Draft" in result.message


def test_draft_straight_to_released_is_refused() -> None:
    result = plan(state(), release(3, Stage.RELEASED), files())
    assert isinstance(result, Refusal) and result.code == "E303"


def test_ratio_only_goes_up() -> None:
    current = state((3, RG), ratio=20)
    down = plan(current, release(3, Stage.RELEASING, ratio=5), files())
    assert isinstance(down, Refusal)
    assert (down.code, down.field) == ("E304", "ratio")
    assert "releasing at 20%" in down.message and "not to 5%" in down.message
    assert plan(current, release(3, Stage.RELEASING, ratio=20), files()) == []
    up = plan(current, release(3, Stage.RELEASING, ratio=50), files())
    assert isinstance(up, list)
    assert up[0].describe() == "home v3: Releasing 20% -> Releasing 50%"


def test_release_at_100_archives_the_previous_released() -> None:
    steps = plan(state((2, RD), (3, RG)), release(3, Stage.RELEASED), files())
    assert isinstance(steps, list)
    assert [(s.version, s.kind) for s in steps] == [(3, Kind.RELEASED), (2, Kind.ARCHIVED)]
    assert [s.describe() for s in steps] == ["home v3: Releasing 20% -> Released",
                                            "home v2: Released -> Archived"]


def test_second_version_in_flight_is_refused() -> None:
    current = state((2, T))
    for wanted in (release(3, Stage.TESTING, testers=["a@example.com"]),
                   release(3, Stage.DRAFT)):
        result = plan(current, wanted, files())
        assert isinstance(result, Refusal)
        assert (result.code, result.field) == ("E305", "version")
        assert "home v2 is Testing" in result.message
    wanted = request(current, Request(Action.TEST, 3, ("a@example.com",)), None)
    assert isinstance(wanted, Release)
    assert plan(current, wanted, files()) == plan(current, release(
        3, Stage.TESTING, testers=["a@example.com"]), files())


def test_release_yaml_removed_while_in_flight_is_refused() -> None:
    result = plan(state((2, RG)), None, files())
    assert isinstance(result, Refusal) and result.code == "E309"
    assert plan(state((2, RD)), None, files()) == []


def test_retest_needs_a_different_list() -> None:
    current = state((3, T), testers=("alice@example.com",))
    same = release(3, Stage.TESTING, testers=["Alice@Example.com"])
    assert plan(current, same, files()) == []
    steps = plan(current, release(3, Stage.TESTING, testers=["bob@example.com"]), files())
    assert isinstance(steps, list) and steps[0].kind is Kind.RETEST


def test_releasing_cannot_go_back_to_testing() -> None:
    result = plan(state((3, RG)), release(3, Stage.TESTING, testers=["a@example.com"]),
                  files())
    assert isinstance(result, Refusal) and result.code == "E308"
    assert "Test is not allowed: home v3 is Releasing" in result.message


def test_released_and_archived_only_duplicate() -> None:
    for status in (RD, A):
        for wanted in (release(3, Stage.DRAFT),
                       release(3, Stage.TESTING, testers=["a@example.com"]),
                       release(3, Stage.RELEASING, ratio=5)):
            result = plan(state((3, status)), wanted, files())
            assert isinstance(result, Refusal) and result.code == "E308", (status, wanted)
    assert plan(state((3, RD)), release(3, Stage.RELEASED), files()) == []


def test_group_is_fixed_while_releasing() -> None:
    current = ServiceState("home", {3: VersionState(RG, 1, 20, "home/v3")})
    result = plan(current, release(3, Stage.RELEASING, ratio=30, group="other"), files())
    assert isinstance(result, Refusal) and (result.code, result.field) == ("E311", "group")


def test_release_names_a_version_without_file() -> None:
    result = plan(state(), release(9, Stage.TESTING, testers=["a@example.com"]), files())
    assert isinstance(result, Refusal) and result.code == "E215"
    assert plan(state(), release(9, Stage.DRAFT), files()) == []


def test_events_derive_statuses_from_the_last_event_of_each_version() -> None:
    events = [Event("home", 1, 1, Kind.TESTING), Event("home", 1, 2, Kind.RELEASED),
              Event("home", 1, 3, Kind.ARCHIVED), Event("home", 2, 1, Kind.TESTING),
              Event("home", 2, 2, Kind.RELEASING, ratio=5, group="home/v2"),
              Event("home", 2, 4, Kind.RELEASED), Event("home", 2, 3, Kind.RELEASING, 20),
              Event("home", 3, 1, Kind.TESTING), Event("home", 3, 2, Kind.REVERTED),
              Event("home", 4, 1, Kind.TESTING), Event("home", 4, 2, Kind.RELEASING, 5),
              Event("wallet", 1, 1, Kind.TESTING)]
    states = derive(events, {"wallet": ("a@example.com",)})
    home = states["home"]
    assert {n: home.status(n) for n in (1, 2, 3, 4, 5)} == {1: A, 2: RD, 3: D, 4: RG, 5: D}
    assert (home.in_flight, home.released) == (4, 2)
    assert home.channels().releasing is not None and home.channels().releasing.ratio == 5
    assert states["wallet"].channels().testing is not None
    assert states["wallet"].channels().testing.testers == ("a@example.com",)  # type: ignore[union-attr]


def test_bootstrap_adopts_release_yaml_and_releases_the_older_ones() -> None:
    steps = bootstrap("home", release(3, Stage.RELEASING, ratio=20), {1, 2, 3, 4})
    assert [(s.version, s.kind) for s in steps] == [
        (1, Kind.ARCHIVED), (2, Kind.RELEASED), (3, Kind.RELEASING)]
    assert all(s.bootstrap for s in steps)
    adopted = advance(ServiceState("home"), steps)
    assert {n: adopted.status(n) for n in (1, 2, 3, 4)} == {1: A, 2: RD, 3: RG, 4: D}
    released = bootstrap("home", release(2, Stage.RELEASED), {1, 2})
    assert [(s.version, s.kind) for s in released] == [(1, Kind.ARCHIVED),
                                                      (2, Kind.RELEASED)]
    assert bootstrap("home", None, {1}) == []


def test_tag_names_and_messages_round_trip() -> None:
    event = Event("home", 3, 4, Kind.RELEASING, ratio=12.5, group="home/v3",
                  digest="sha256:" + "a" * 64, actor="Alice <alice@example.com>",
                  time="2026-01-05T10:00:00Z", commit="c" * 40)
    name = tag_name("home", 3, 4, Kind.RELEASING, 12.5)
    assert name == "home/v3/04-releasing-12.5"
    message = tag_message(event)
    assert message.startswith("home v3: Releasing 12.5%\n\n")
    assert "Actor: Alice <alice@example.com>" in message
    assert parse_tag(name, message) == Event(**{**event.__dict__, "tag": name})


def test_a_tag_whose_message_disagrees_with_its_name_is_refused() -> None:
    event = Event("home", 3, 4, Kind.RELEASING, ratio=20, digest="sha256:" + "a" * 64)
    assert parse_tag("home/v3/04-releasing-50", tag_message(event)) == (
        "its message does not match its name (Ratio)")
    assert "no content digest" in str(parse_tag(
        "home/v3/04-releasing-20", tag_message(Event("home", 3, 4, Kind.RELEASING, 20))))


def test_ledger_message_round_trips() -> None:
    ledger = Ledger("home", 3, "testing", ("a@example.com", "b@example.com"), 7,
                    ("home/v3/02-retest",))
    step = Transition("home", 3, Kind.RETEST, T, testers=ledger.testers)
    message = ledger_message(ledger, [step])
    assert message.splitlines()[0] == "home v3: Testing -> Testing (new list, 2 testers)"
    assert parse_ledger(message) == ledger


@pytest.mark.parametrize(("ratio", "expected"), [(30, []), (25, "E304"), (50, Kind.RELEASING)])
def test_a_console_release_is_judged_as_the_gate_judges_its_release_yaml(
        ratio: float, expected: object) -> None:
    """`minisvc release home --ratio 30` at 30 % is nothing to do, as `plan` says; it used
    to be refused with E304 by a second copy of the rules in the console actions."""
    current = state((3, RG), ratio=30)
    wanted = request(current, Request(Action.RELEASE, None, (), ratio), None)
    assert isinstance(wanted, Release)
    by_console = plan(current, wanted, files())
    assert by_console == plan(current, release(3, Stage.RELEASING, ratio=ratio), files())
    if isinstance(expected, Kind):
        assert isinstance(by_console, list) and [s.kind for s in by_console] == [expected]
    elif isinstance(expected, str):
        assert isinstance(by_console, Refusal) and by_console.code == expected
    else:
        assert by_console == expected == []
