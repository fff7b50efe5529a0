"""plan_all and after, pure: small projects from YAML strings against hand-built states."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from compiler.lifecycle import release_plan
from compiler.lifecycle.machine import Kind, ServiceState, Transition, VersionState
from compiler.lifecycle.release_plan import BOOTSTRAP_HINT, after, plan_all
from compiler.load.project import Project, assemble
from compiler.model.findings import Finding
from compiler.model.paths import release_file, version_file
from compiler.model.status import Status

D, T, RG, RD, A = (Status.DRAFT, Status.TESTING, Status.RELEASING, Status.RELEASED,
                   Status.ARCHIVED)

TESTING_V3 = "version: 3\nstage: testing\ntesters: [alice@example.com, bob@example.com]\n"
RELEASING_V3 = "version: 3\nstage: releasing\nratio: 20\n"


def service(sid: str, release: str | None, versions: tuple[int, ...] = (1, 2, 3),
            ) -> dict[str, str]:
    files = {f"services/{sid}/service.yaml": f"id: {sid}\ndefault_locale: en-US\n"
                                             "locales: [en-US]\n"}
    files |= {version_file(sid, n): f"title: {{en-US: {sid} {n}}}\nsections: []\n"
              for n in versions}
    if release is not None:
        files[release_file(sid)] = release
    return files


def project(*services: dict[str, str]) -> Project:
    files = {"services/catalog.yaml": "mini_programs: []\n"}
    for s in services:
        files |= s
    return assemble({path: text.encode() for path, text in files.items()})


def state(sid: str, *versions: tuple[int, Status], ratio: float = 20,
          testers: tuple[str, ...] = ()) -> ServiceState:
    return ServiceState(sid, {n: VersionState(s, 1, ratio if s is RG else None)
                              for n, s in versions}, testers)


def moves(steps: list[Transition]) -> list[tuple[str, int, Kind, Status, bool]]:
    return [(s.service, s.version, s.kind, s.before, s.bootstrap) for s in steps]


def test_the_samples_are_well_formed() -> None:
    assert project(service("home", TESTING_V3), service("wallet", None)).findings == []


def test_every_service_is_planned_in_name_order() -> None:
    p = project(service("wallet", "version: 1\nstage: testing\ntesters: [c@example.com]\n"),
                service("home", TESTING_V3))
    out = plan_all(p, {})
    assert out.findings == []
    assert moves(out.steps) == [("home", 3, Kind.TESTING, D, False),
                                ("wallet", 1, Kind.TESTING, D, False)]
    assert out.steps[0].testers == ("alice@example.com", "bob@example.com")


def test_a_service_without_state_is_all_drafts_and_one_with_state_moves_from_it() -> None:
    p = project(service("home", "version: 3\nstage: released\n"))
    out = plan_all(p, {"home": state("home", (2, RD), (3, RG))})
    assert moves(out.steps) == [("home", 3, Kind.RELEASED, RG, False),
                                ("home", 2, Kind.ARCHIVED, RD, False)]
    refused = plan_all(p, {})
    assert refused.steps == [] and [f.code for f in refused.findings] == ["E303"]


def test_nothing_to_do_is_no_steps_and_no_findings() -> None:
    p = project(service("home", "version: 3\nstage: draft\n"), service("wallet", None))
    out = plan_all(p, {"wallet": state("wallet", (1, RD))})
    assert (out.steps, out.findings) == ([], [])


def test_a_refusal_becomes_an_error_on_the_release_file_at_the_refused_key() -> None:
    out = plan_all(project(service("home", RELEASING_V3)), {})
    assert out.steps == []
    [f] = out.findings
    assert (f.file, f.code, f.loc, f.is_error) == (release_file("home"), "E303", ("stage",),
                                                   True)
    assert (f.line, f.col) == (0, 0)  # placed later, from loc
    assert "home v3 is Draft" in f.message
    assert "minisvc test" in f.hint


def test_a_refusal_names_the_key_that_is_wrong() -> None:
    p = project(service("home", TESTING_V3))
    [f] = plan_all(p, {"home": state("home", (2, T), testers=("a@example.com",))}).findings
    assert (f.code, f.loc) == ("E305", ("version",))
    assert "home v2 is Testing" in f.message and "v3" in f.message


def test_a_missing_release_file_while_in_flight_is_refused_on_the_file_itself() -> None:
    p = project(service("home", None))
    [f] = plan_all(p, {"home": state("home", (2, RG))}).findings
    assert (f.file, f.code, f.loc) == (release_file("home"), "E309", ())
    assert "home v2 is Releasing" in f.message
    assert plan_all(p, {"home": state("home", (2, RD))}).findings == []


def test_a_refused_service_does_not_stop_the_others() -> None:
    p = project(service("home", RELEASING_V3), service("wallet", TESTING_V3))
    out = plan_all(p, {})
    assert [(f.file, f.code) for f in out.findings] == [(release_file("home"), "E303")]
    assert moves(out.steps) == [("wallet", 3, Kind.TESTING, D, False)]


def test_a_service_whose_release_file_has_an_error_is_skipped() -> None:
    p = project(service("home", RELEASING_V3), service("wallet", TESTING_V3))
    broken = Finding(release_file("home"), 2, 1, "E113", "ratio: out of range")
    out = plan_all(p, {}, findings=[broken])
    assert out.findings == []  # the error already says why; no second finding
    assert moves(out.steps) == [("wallet", 3, Kind.TESTING, D, False)]


def test_a_warning_or_an_error_elsewhere_does_not_skip_the_release_file() -> None:
    p = project(service("home", RELEASING_V3))
    for other in (Finding(release_file("home"), 1, 1, "W101", "a warning"),
                  Finding(version_file("home", 3), 1, 1, "E113", "wrong"),
                  Finding(release_file("wallet"), 1, 1, "E113", "wrong")):
        assert [f.code for f in plan_all(p, {}, findings=[other]).findings] == ["E303"]


def test_a_release_file_that_fails_its_schema_is_skipped_not_read_as_missing() -> None:
    p = project(service("home", "version: 0\nstage: draft\n"))
    assert [f.code for f in p.findings] == ["E113"]
    in_flight = {"home": state("home", (2, T), testers=("a@example.com",))}
    # the shape error names the file; plan_all must not add E309 "missing" beside it
    assert plan_all(p, in_flight) == release_plan.Outcome()
    assert plan_all(p, in_flight, findings=p.findings) == release_plan.Outcome()


def test_a_release_file_that_is_not_yaml_is_skipped_through_its_finding() -> None:
    p = project(service("home", "version: [\n"))
    [syntax] = p.findings
    assert (syntax.file, syntax.code) == (release_file("home"), "E101")
    out = plan_all(p, {"home": state("home", (2, RG))}, findings=p.findings)
    assert (out.steps, out.findings) == ([], [])


def test_a_refusal_in_an_unchanged_release_file_is_only_a_warning() -> None:
    p = project(service("home", RELEASING_V3), service("wallet", RELEASING_V3))
    [blocking, _] = plan_all(p, {}).findings
    [home, wallet] = plan_all(p, {}, pending={"home"}).findings
    assert (home.code, home.is_error) == ("W300", False)
    assert home.hint == f"apply will refuse this (E303); {blocking.hint}"
    assert (home.file, home.loc, home.message) == (blocking.file, blocking.loc,
                                                   blocking.message)
    assert wallet.code == "E303"  # changed by the PR: still blocks


def test_a_pending_service_that_plans_cleanly_still_moves() -> None:
    out = plan_all(project(service("home", TESTING_V3)), {}, pending={"home"})
    assert out.findings == [] and moves(out.steps) == [("home", 3, Kind.TESTING, D, False)]


def test_before_bootstrap_a_refusal_also_says_how_to_bootstrap() -> None:
    assert "minisvc apply --bootstrap" in BOOTSTRAP_HINT
    p = project(service("home", RELEASING_V3))
    [plain] = plan_all(p, {}).findings
    [hinted] = plan_all(p, {}, bootstrapped=False).findings
    assert hinted.code == "E303"
    assert hinted.hint == f"{plain.hint}; {BOOTSTRAP_HINT}"
    [pending] = plan_all(p, {}, bootstrapped=False, pending={"home"}).findings
    assert pending.code == "W300"
    assert pending.hint == f"apply will refuse this (E303); {plain.hint}; {BOOTSTRAP_HINT}"


def test_before_bootstrap_a_refusal_without_hint_gets_the_bootstrap_hint_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real: Any = release_plan.plan  # type: ignore[attr-defined]

    def without_hint(*args: Any) -> Any:
        return dataclasses.replace(real(*args), hint="")

    monkeypatch.setattr(release_plan, "plan", without_hint)
    p = project(service("home", RELEASING_V3))
    [f] = plan_all(p, {}, bootstrapped=False).findings
    assert (f.code, f.hint) == ("E303", BOOTSTRAP_HINT)
    [bare] = plan_all(p, {}).findings
    assert bare.hint == ""


def test_bootstrap_new_adopts_release_yaml_for_services_without_events() -> None:
    p = project(service("home", RELEASING_V3, versions=(1, 2, 3, 4)))
    for states in ({}, {"home": ServiceState("home")}):
        out = plan_all(p, states, bootstrap_new=True)
        assert out.findings == []
        assert moves(out.steps) == [("home", 1, Kind.ARCHIVED, D, True),
                                    ("home", 2, Kind.RELEASED, D, True),
                                    ("home", 3, Kind.RELEASING, D, True)]
        assert (out.steps[-1].ratio, out.steps[-1].group) == (20, "home/v3")


def test_bootstrap_new_plans_services_that_have_events_as_usual() -> None:
    p = project(service("home", "version: 3\nstage: released\n"),
                service("wallet", "version: 2\nstage: released\n"))
    out = plan_all(p, {"home": state("home", (3, RG))}, bootstrap_new=True)
    assert moves(out.steps) == [("home", 3, Kind.RELEASED, RG, False),
                                ("wallet", 1, Kind.ARCHIVED, D, True),
                                ("wallet", 2, Kind.RELEASED, D, True)]
    # without bootstrap_new, wallet's Drafts cannot be released straight away
    assert [(f.file, f.code) for f in plan_all(p, {"home": state("home", (3, RG))}).findings
            ] == [(release_file("wallet"), "E303")]


def test_bootstrap_new_without_release_file_adopts_nothing() -> None:
    out = plan_all(project(service("home", None)), {}, bootstrap_new=True)
    assert (out.steps, out.findings) == ([], [])


def test_after_applies_each_services_own_steps() -> None:
    states = {"home": state("home", (2, RD), (3, RG)), "wallet": state("wallet")}
    steps = [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
             Transition("home", 2, Kind.ARCHIVED, RD),
             Transition("wallet", 1, Kind.TESTING, D, testers=("c@example.com",))]
    out = after(states, steps, ["home", "wallet"])
    assert list(out) == ["home", "wallet"]
    assert {n: out["home"].status(n) for n in (1, 2, 3)} == {1: D, 2: A, 3: RD}
    assert (out["home"].of(3).seq, out["home"].of(3).ratio) == (2, None)
    assert out["wallet"].status(1) is T and out["wallet"].testers == ("c@example.com",)
    assert states["home"].status(3) is RG  # the input is not changed


def test_after_keeps_unmoved_services_and_starts_new_ones_empty() -> None:
    home = state("home", (2, RD))
    out = after({"home": home}, [], ["wallet"])
    assert list(out) == ["home", "wallet"]
    assert out["home"] == home
    assert out["wallet"] == ServiceState("wallet")


def test_after_reads_steps_once_for_all_services() -> None:
    steps = (Transition(sid, 1, Kind.TESTING, D, testers=("c@example.com",))
             for sid in ("wallet", "home", "ignored"))
    out = after({}, steps, ["wallet", "home"])
    assert list(out) == ["home", "wallet"]
    assert out["home"].status(1) is T and out["wallet"].status(1) is T


def test_once_applied_is_the_state_a_base_s_own_plan_leads_to() -> None:
    base = project(service("home", "version: 3\nstage: releasing\nratio: 30\n"),
                   service("wallet", "version: 2\nstage: draft\n"))
    states = {"home": state("home", (2, RD), (3, RG), ratio=20),
              "wallet": state("wallet", (1, RD))}
    settled = release_plan.once_applied(base, states)
    assert settled["home"].of(3).ratio == 30 and settled["home"].status(2) is RD
    assert settled["wallet"] == states["wallet"]
    # what the PR gate then judges: 25% after base's 30% is a ratio going down
    head = project(service("home", "version: 3\nstage: releasing\nratio: 25\n"))
    assert [f.code for f in plan_all(head, settled).findings] == ["E304"]


def test_once_applied_leaves_a_refused_service_where_it_was() -> None:
    base = project(service("home", "version: 3\nstage: releasing\nratio: 5\n"))
    states = {"home": state("home", (2, RD))}  # v3 is a Draft: E303, nothing applied
    assert release_plan.once_applied(base, states) == states
