"""The planner at a given ``now``, pure: due schedule steps, freeze windows held or
refused, and what an edit of a schedule may ask for."""

from __future__ import annotations

import datetime as dt

from compiler.lifecycle.machine import Kind, ServiceState, VersionState
from compiler.lifecycle.release_plan import plan_all, timeline
from compiler.load.project import Project, assemble
from compiler.model.status import Status
from tests.lifecycle.test_release_plan import service

SCHEDULE = """version: 2
stage: releasing
ratio: 5
schedule:
  - {ratio: 20, at: 2030-01-01T00:00:00Z}
  - {ratio: 50, at: 2030-01-02T00:00:00Z}
  - {ratio: 100, at: 2030-01-03T00:00:00Z}
"""
FREEZE = ("windows:\n  - {start: 2030-01-01T12:00:00Z, end: 2030-01-02T12:00:00Z, "
          "reason: Double 11}\n")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def states(status: Status, ratio: float | None = None) -> dict[str, ServiceState]:
    vs = VersionState(status, 1, ratio, None)
    return {"home": ServiceState("home", {1: VersionState(Status.RELEASED, 1), 2: vs})}


def project(release: str = SCHEDULE, freeze: str | None = None) -> Project:
    files = {"services/catalog.yaml": "mini_programs: []\n", **service("home", release)}
    if freeze is not None:
        files["services/freeze.yaml"] = freeze
    return assemble({path: text.encode() for path, text in files.items()})


def test_without_now_no_step_is_due() -> None:
    out = plan_all(project(), states(Status.RELEASING, 5))
    assert out.steps == [] and out.findings == []


def test_each_due_step_is_one_transition_in_order_with_its_planned_time() -> None:
    out = plan_all(project(), states(Status.TESTING), now=at("2030-01-02T01:00:00Z"))
    assert [(s.kind, s.ratio, s.planned) for s in out.steps] == [
        (Kind.RELEASING, 5, ""), (Kind.RELEASING, 20, "2030-01-01T00:00:00Z"),
        (Kind.RELEASING, 50, "2030-01-02T00:00:00Z")]
    assert [s.was_ratio for s in out.steps] == [None, 5, 20]


def test_the_last_step_releases_and_archives_then_asks_for_nothing() -> None:
    out = plan_all(project(), states(Status.RELEASING, 50), now=at("2030-01-04T00:00:00Z"))
    assert [(s.version, s.kind, s.planned) for s in out.steps] == [
        (2, Kind.RELEASED, "2030-01-03T00:00:00Z"), (1, Kind.ARCHIVED, "")]
    done = {"home": ServiceState("home", {1: VersionState(Status.ARCHIVED, 2),
                                          2: VersionState(Status.RELEASED, 2)})}
    assert plan_all(project(), done, now=at("2030-01-04T00:00:00Z")).steps == []


def test_users_ahead_of_the_schedule_are_a_ratio_down_refusal() -> None:
    out = plan_all(project(), states(Status.RELEASING, 30), now=at("2030-01-01T01:00:00Z"))
    assert [f.code for f in out.findings] == ["E304"]


def test_in_a_freeze_window_apply_holds_and_check_refuses_but_revert_passes() -> None:
    p, now = project(freeze=FREEZE), at("2030-01-02T01:00:00Z")
    held = plan_all(p, states(Status.RELEASING, 20), now=now)
    assert held.steps == [] and held.findings == []
    assert held.held == ["home: Releasing 20% -> Releasing 50% held by the freeze window "
                         "'Double 11' until 2030-01-02T12:00:00Z"]
    refused = plan_all(p, states(Status.RELEASING, 20), now=now, refuse_frozen=True)
    assert [f.code for f in refused.findings] == ["E315"]
    revert = plan_all(project("version: 2\nstage: draft\n", FREEZE),
                      states(Status.RELEASING, 20), now=now, refuse_frozen=True)
    assert [s.kind for s in revert.steps] == [Kind.REVERTED] and not revert.findings
    after_window = plan_all(p, states(Status.RELEASING, 20), now=at("2030-01-02T12:00:00Z"))
    assert [s.ratio for s in after_window.steps] == [50]


def test_the_timeline_marks_due_planned_and_frozen_steps() -> None:
    rows = timeline(project(freeze=FREEZE), at("2030-01-01T06:00:00Z"))
    assert rows == [
        ("home v2", "Releasing 20%", "2030-01-01T00:00:00Z", "due"),
        ("home v2", "Releasing 50%", "2030-01-02T00:00:00Z",
         "planned; in the freeze window 'Double 11', held until 2030-01-02T12:00:00Z"),
        ("home v2", "Released", "2030-01-03T00:00:00Z", "planned")]
