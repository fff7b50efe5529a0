"""test / retest / revert / release: release.yaml edited in place, or refused untouched."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot, write
from tests.gitutil import (
    bootstrapped,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)

HOME = "services/home/release.yaml"
WALLET = "services/wallet/release.yaml"


def changed(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode().splitlines(),
                                                  after.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def edit(run: Run, repo: Path, path: str, *args: str) -> list[str]:
    before = (repo / path).read_bytes()
    result = run(repo, *args)
    assert result.exit_code == 0, result.output
    assert run(repo, "validate", "--strict").exit_code == 0
    return changed(before, (repo / path).read_bytes())


def refused(run: Run, repo: Path, *args: str) -> str:
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 1, result.output
    assert snapshot(repo) == before
    assert "nothing was changed" in result.output
    return result.output


def test_release_raises_the_ratio_keeping_the_comment(repo: Path, run: Run) -> None:
    assert edit(run, repo, HOME, "release", "home", "--ratio", "50") == [
        "-ratio: 20   # percent of users, bucketed as in docs/rollout.md",
        "+ratio: 50   # percent of users, bucketed as in docs/rollout.md"]


def test_release_at_100_is_released(repo: Path, run: Run) -> None:
    assert edit(run, repo, HOME, "release", "home", "--ratio", "100") == [
        "-stage: releasing", "-ratio: 20   # percent of users, bucketed as in docs/rollout.md",
        "+stage: released"]


def test_release_from_testing_drops_the_testers(repo: Path, run: Run) -> None:
    assert edit(run, repo, WALLET, "release", "wallet", "--ratio", "5") == [
        "-stage: testing", "-testers: [alice@example.com, bob@example.com]",
        "+stage: releasing", "+ratio: 5"]


def test_retest_replaces_the_tester_list(repo: Path, run: Run) -> None:
    assert edit(run, repo, WALLET, "retest", "wallet", "--tester", "carol@example.com",
                "--tester", "dan@example.com") == [
        "-testers: [alice@example.com, bob@example.com]",
        "+testers: [carol@example.com, dan@example.com]"]


def test_revert_then_test_another_version(repo: Path, run: Run) -> None:
    assert edit(run, repo, HOME, "revert", "home") == [
        "-stage: releasing", "-ratio: 20   # percent of users, bucketed as in docs/rollout.md",
        "+stage: draft"]
    assert edit(run, repo, HOME, "test", "home", "3", "--tester", "erin@example.com") == [
        "-version: 2", "-stage: draft", "+version: 3", "+stage: testing",
        "+testers: [erin@example.com]"]


def test_comments_and_layout_elsewhere_are_untouched(repo: Path, run: Run) -> None:
    write(repo, HOME, "# yaml-language-server: $schema=../../schema/release.schema.json\n"
                      "# Double 11 rollout, owner: growth team\n"
                      "version: 2     # the version in flight\n"
                      "stage: releasing\n"
                      "\n"
                      "# ramp plan: 5 -> 20 -> 50 -> 100\n"
                      "ratio: 20\n"
                      "# keep the default group\n")
    assert edit(run, repo, HOME, "release", "home", "--ratio", "50") == [
        "-ratio: 20", "+ratio: 50"]


def test_a_second_version_in_flight_is_refused(repo: Path, run: Run) -> None:
    out = refused(run, repo, "test", "home", "3", "--tester", "erin@example.com")
    assert ("services/home/release.yaml: E305 home v2 is Releasing; at most one version "
            "is in flight, so release.yaml cannot switch to v3\n"
            "    fix: finish v2 first (`minisvc release home --ratio 100`) or revert it "
            "(`minisvc revert home`)\n") in out


def test_ratio_down_is_refused(repo: Path, run: Run) -> None:
    out = refused(run, repo, "release", "home", "--ratio", "10")
    assert "E304 home v2 is releasing at 20%; the ratio only goes up, not to 10%" in out


def test_retest_of_a_releasing_version_is_refused_with_the_seeds_reason(repo: Path,
                                                                         run: Run) -> None:
    out = refused(run, repo, "retest", "home", "--tester", "erin@example.com")
    assert ("E308 Retest is not allowed: home v2 is Releasing, and a Releasing version cannot "
            "be deleted or edited; it can be reverted to Draft or released at a higher "
            "ratio") in out


def test_revert_with_nothing_in_flight_is_refused(repo: Path, run: Run) -> None:
    write(repo, HOME, "version: 2\nstage: released\n")
    out = refused(run, repo, "revert", "home")
    assert "E308 Revert is not allowed: home has no version in Testing or Releasing" in out


def test_testing_a_missing_version_is_refused(repo: Path, run: Run) -> None:
    write(repo, HOME, "version: 2\nstage: draft\n")
    out = refused(run, repo, "test", "home", "9", "--tester", "erin@example.com")
    assert "E215 home has no version 9" in out


def test_a_bad_email_fails_validation_and_changes_nothing(repo: Path, run: Run) -> None:
    out = refused(run, repo, "retest", "wallet", "--tester", "not-an-email")
    assert out.splitlines()[:2] == [
        "services/wallet/release.yaml: E114 testers[0] must be an email address: a name, an @ "
        "and a domain", "    fix: fix the value"]
    assert "    +testers: [not-an-email]\n" in out


def test_a_ratio_out_of_range_is_misuse(repo: Path, run: Run) -> None:
    assert run(repo, "release", "home", "--ratio", "0").exit_code == 2


def test_with_refs_the_applied_state_decides(tmp_path: Path, run: Run) -> None:
    """release.yaml says Draft (not applied yet); refs still say v2 is Releasing."""
    repo, _ = bootstrapped(tmp_path, run)
    write(repo, HOME, "version: 2\nstage: draft\n")
    out = refused(run, repo, "test", "home", "3", "--tester", "erin@example.com")
    assert "E305 home v2 is Releasing" in out


@pytest.mark.parametrize("command", ["test", "retest", "revert", "release", "check", "plan",
                                     "apply", "status", "history"])
def test_help_shows_an_example(run: Run, repo: Path, command: str) -> None:
    result = run(repo, command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_asking_for_the_applied_state_undoes_a_pending_change(tmp_path: Path,
                                                              run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    original = (repo / WALLET).read_bytes()
    assert run(repo, "release", "wallet", "--ratio", "5").exit_code == 0
    result = run(repo, "retest", "wallet", "--tester", "alice@example.com",
                 "--tester", "bob@example.com")
    assert result.exit_code == 0
    assert "this is the applied state already" in result.output
    assert (repo / WALLET).read_bytes() == original


def test_release_at_the_ratio_already_asked_is_nothing_to_do(repo: Path, run: Run) -> None:
    """It used to exit 1 with E304 ("only goes up, not to 20%") while `plan` and `check`
    treated the same release.yaml as nothing to do: one table now judges both."""
    before = snapshot(repo)
    result = run(repo, "release", "home", "--ratio", "20")
    assert result.exit_code == 0, result.output
    assert "this is the applied state already; a merge changes nothing (file unchanged)" \
        in result.output
    assert snapshot(repo) == before


def test_release_at_the_applied_ratio_agrees_with_plan(tmp_path: Path, run: Run) -> None:
    """The issue's case: home is Releasing at 30 % in the refs; asking for 30 again."""
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "30").exit_code == 0
    settle(repo, run, "home to 30%")
    plan = run(repo, "plan")
    assert plan.exit_code == 0 and "plan: nothing to apply" in plan.output
    before = snapshot(repo)
    result = run(repo, "release", "home", "--ratio", "30")
    assert result.exit_code == 0, result.output
    assert "this is the applied state already" in result.output
    assert snapshot(repo) == before
