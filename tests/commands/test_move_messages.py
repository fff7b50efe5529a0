"""What test/retest/revert/release say: testers once each, no lines that are not on disk,
no "a merge changes nothing" over a file that was rewritten, no test of a broken Draft."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.lifecycle.machine import ServiceState
from compiler.lifecycle.planner import plan
from compiler.model.inputs import Release, Stage
from tests.conftest import Run, snapshot, write
from tests.gitutil import (
    bootstrapped,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)

HOME = "services/home/release.yaml"
WALLET = "services/wallet/release.yaml"
V3 = "services/home/versions/3.yaml"


def refused(run: Run, repo: Path, *args: str) -> str:
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 1, result.output
    assert snapshot(repo) == before
    return result.output


def positions(output: str) -> list[tuple[str, int]]:
    return [(m[1], int(m[2])) for m in re.finditer(r"^(services/\S+?):(\d+):\d+: ", output,
                                                   flags=re.MULTILINE)]


def test_a_repeated_tester_is_listed_once_with_a_note(repo: Path, run: Run) -> None:
    write(repo, HOME, "version: 2\nstage: released\n")
    result = run(repo, "test", "home", "3", "--tester", "alice@example.com",
                 "--tester", "bob@example.com", "--tester", "Alice@Example.COM")
    assert result.exit_code == 0, result.output
    assert ("note: tester Alice@Example.COM is alice@example.com again (emails compare "
            "case-insensitively); listed once\n") in result.output
    assert f"{HOME}: home v3: Draft -> Testing (2 testers)\n" in result.output
    assert (repo / HOME).read_text() == (
        "version: 3\nstage: testing\ntesters: [alice@example.com, bob@example.com]\n")


def test_a_tester_repeated_in_release_yaml_counts_once_in_the_plan() -> None:
    asked = Release(version=3, stage=Stage.TESTING,
                    testers=["alice@example.com", "bob@example.com", "ALICE@example.com"])
    [step] = plan(ServiceState("home"), asked, {3})
    assert step.testers == ("alice@example.com", "bob@example.com")
    assert step.describe() == "home v3: Draft -> Testing (2 testers)"


def test_retest_with_the_same_testers_in_another_case_writes_nothing(repo: Path,
                                                                     run: Run) -> None:
    """It used to rewrite release.yaml and say "a merge changes nothing"."""
    before = snapshot(repo)
    result = run(repo, "retest", "wallet", "--tester", "ALICE@example.com",
                 "--tester", "Bob@Example.com")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{WALLET}: nothing to change: it already asks for the applied state (tester emails "
        "compare case-insensitively); a merge changes nothing\n")
    assert snapshot(repo) == before


def test_going_back_to_the_applied_testers_rewrites_and_says_so(tmp_path: Path,
                                                                run: Run) -> None:
    """A pending change in release.yaml is dropped: the file changes, a merge does not."""
    repo, _ = bootstrapped(tmp_path, run)
    write(repo, WALLET, "version: 2\nstage: testing\ntesters: [carol@example.com]\n")
    result = run(repo, "retest", "wallet", "--tester", "Alice@example.com",
                 "--tester", "bob@example.com")
    assert result.exit_code == 0, result.output
    assert result.output == (f"{WALLET}: this is the applied state already; a merge changes "
                             "nothing\n")
    assert (repo / WALLET).read_text() == (
        "version: 2\nstage: testing\ntesters: [Alice@example.com, bob@example.com]\n")


def test_a_refusal_of_the_text_it_would_write_shows_no_line_of_it(repo: Path,
                                                                  run: Run) -> None:
    """The issue's `release.yaml:5:11` in a 4-line file: findings in the text the command
    never wrote have no position; the change it would have made is shown instead."""
    out = refused(run, repo, "retest", "wallet", "--tester", "alice@example.com",
                  "--tester", "not-an-email")
    assert positions(out) == []
    assert out == (
        f"{WALLET}: E114 testers[1] must be an email address: a name, an @ and a domain\n"
        "    fix: fix the value\n"
        "1 error, 0 warnings\n"
        "the command would have changed:\n"
        f"  {WALLET}:\n"
        "    -testers: [alice@example.com, bob@example.com]\n"
        "    +testers: [alice@example.com, not-an-email]\n"
        "nothing was changed\n")


def test_a_refused_edit_shows_the_lines_it_would_have_added(repo: Path, run: Run) -> None:
    assert run(repo, "program", "add", "home", "travel", "Parking").exit_code == 0
    out = refused(run, repo, "program", "add", "home", "travel", "Bike Share")
    assert positions(out) == []
    assert out == (
        f"{V3}: E210 section 'travel' lists 5 mini programs; max_items is 4\n"
        "    fix: raise max_items or remove programs\n"
        "1 error, 0 warnings\n"
        "the command would have changed:\n"
        f"  {V3}:\n"
        '    +      - app_id: "3000000000000013"\n'
        "refused: the change would add the errors above; nothing was written\n")


def test_test_refuses_a_draft_the_gate_would_refuse(repo: Path, run: Run) -> None:
    write(repo, HOME, "version: 2\nstage: released\n")
    text = (repo / V3).read_text()
    (repo / V3).write_text(text.replace("    max_items: 4\n", "    max_items: 2\n"))
    out = refused(run, repo, "test", "home", "3", "--tester", "alice@example.com")
    assert out == (
        f"{V3}:54:5: E210 section 'travel' lists 3 mini programs; max_items is 2\n"
        "    fix: raise max_items or remove programs\n"
        "1 error, 0 warnings\n"
        "nothing was changed; fix home v3 before it goes to testers: the PR gate "
        "(`minisvc check`) refuses these errors\n")
    assert (repo / V3).read_text().splitlines()[53] == "    max_items: 2"


def test_a_draft_with_only_warnings_can_be_tested(repo: Path, run: Run) -> None:
    write(repo, HOME, "version: 2\nstage: released\n")
    assert run(repo, "title", "unset", "home", "--locale", "th-TH").exit_code == 0
    result = run(repo, "test", "home", "3", "--tester", "alice@example.com")
    assert result.exit_code == 0, result.output
