"""The PR gate when a team works in parallel: PRs that were green when opened, branches
behind main, merged changes not yet applied, frozen files removed. Every story is played
with real git: PR branches, merges into main, a bare "origin" and CI's fresh clones that
run `minisvc apply --push origin` after each merge they are told about."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.commands.check import merge_result
from tests.conftest import ROOT, Run, codes, write
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)

HOME_V3 = "services/home/versions/3.yaml"
HOME_RELEASE = "services/home/release.yaml"


class Team:
    """An operator's clone `repo` of `remote`; PR branches are made from its main."""

    def __init__(self, tmp_path: Path, run: Run) -> None:
        self.tmp, self.run = tmp_path, run
        self.repo, self.remote = bootstrapped(tmp_path, run)
        self.ci_runs = 0

    def branch(self, name: str, change: object, base: str = "main") -> str:
        git(self.repo, "checkout", "-q", "-b", name, base)
        change(self.repo)  # type: ignore[operator]
        sha = commit_all(self.repo, f"{name}: the change")
        git(self.repo, "checkout", "-q", "main")
        return sha

    def check(self, branch: str) -> tuple[int, str]:
        """`minisvc check --base main` on the PR branch as it is (maybe behind main)."""
        git(self.repo, "checkout", "-q", branch)
        try:
            result = self.run(self.repo, "check", "--base", "main")
        finally:
            git(self.repo, "checkout", "-q", "main")
        return result.exit_code, result.output

    def merge(self, branch: str) -> str:
        git(self.repo, "checkout", "-q", "main")
        git(self.repo, "merge", "-q", "--no-ff", branch, "-m", f"Merge {branch}")
        git(self.repo, "push", "-q", "origin", "main")
        return git(self.repo, "rev-parse", "HEAD").strip()

    def release_job(self) -> tuple[int, str]:
        """What release.yml does after a push to main: apply from a fresh clone."""
        self.ci_runs += 1
        ci = clone(self.remote, self.tmp / f"ci{self.ci_runs}")
        result = self.run(ci, "apply", "--push", "origin")
        git(self.repo, "fetch", "-q", "origin", "--tags")
        return result.exit_code, result.output


def green(team: Team, branch: str) -> str:
    code, out = team.check(branch)
    assert code == 0, out
    return out


@pytest.fixture
def team(tmp_path: Path, run: Run) -> Team:
    """home: v1 Archived, v2 Released, v3 Draft; wallet: v1 Released, v2 Testing."""
    team = Team(tmp_path, run)
    assert run(team.repo, "release", "home", "--ratio", "100").exit_code == 0
    settle(team.repo, run, "release home v2")
    return team


def edit_draft_v3(repo: Path) -> None:
    path = repo / HOME_V3
    path.write_text(path.read_text().replace("Double 12 deals", "Double 12 mega deals"))


def line_of(repo: Path, rel: str, text: str) -> int:
    lines = (repo / rel).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# --- 1. a PR that was green, merged after the version it edits froze --------------------

def test_a_stale_green_pr_wedges_main_and_its_revert_unwedges_it(team: Team, run: Run) -> None:
    test_v3 = ["test", "home", "3", "--tester", "qa@example.com"]
    team.branch("x", edit_draft_v3)
    team.branch("y", lambda r: run(r, *test_v3))
    green(team, "x")
    assert green(team, "y").splitlines()[-2] == "  home v3: Draft -> Testing (1 tester)"

    team.merge("y")
    assert team.release_job()[0] == 0
    # checked again now (merge queue, or "up to date before merging"), X is refused
    code, out = team.check("x")
    assert code == 1
    line = line_of(ROOT, HOME_V3, "Double 12 deals")
    assert f"{HOME_V3}:{line}:1: E300 home v3 is Testing and frozen" in out
    assert codes(out) == ["E300"]

    # without a merge queue it is merged anyway: no textual conflict, main is wedged
    merge_x = team.merge("x")
    code, out = team.release_job()
    assert code == 1
    assert f"{HOME_V3}:1:1: E310 home v3 is Testing but its content is not what tag " \
           "home/v3/01-testing recorded" in out

    # the recovery PR: `git revert` of X, which restores the tagged content exactly
    git(team.repo, "checkout", "-q", "-b", "unwedge", "main")
    git(team.repo, "revert", "--no-edit", "-m", "1", merge_x)
    git(team.repo, "checkout", "-q", "main")
    out = green(team, "unwedge")
    assert out.splitlines()[-2] == "plan: nothing to apply"
    team.merge("unwedge")
    code, out = team.release_job()
    assert code == 0, out
    assert run(team.repo, "verify").exit_code == 0


def test_any_other_change_of_a_frozen_file_on_a_wedged_main_is_refused(
        team: Team, run: Run) -> None:
    team.branch("x", edit_draft_v3)
    team.branch("y", lambda r: run(r, "test", "home", "3", "--tester", "qa@example.com"))
    team.merge("y")
    assert team.release_job()[0] == 0
    team.merge("x")

    def edit_again(repo: Path) -> None:
        path = repo / HOME_V3
        path.write_text(path.read_text().replace("Ride for less", "Ride for much less"))
    team.branch("more", edit_again)
    code, out = team.check("more")
    assert code == 1
    # the first line that differs from what the tag recorded, not from main
    line = line_of(ROOT, HOME_V3, "Double 12 deals")
    assert f"{HOME_V3}:{line}:1: E300 home v3 is Testing and frozen: its content changed" in out
    assert "git show home/v3/01-testing:services/home/versions/3.yaml" in out

    # a PR that leaves the file alone still sees main's problem
    team.branch("unrelated", lambda r: run(r, "revert", "wallet"))
    code, out = team.check("unrelated")
    assert code == 1 and codes(out) == ["E310"]


def test_a_version_frozen_only_by_main_s_pending_release_is_compared_with_main(
        team: Team, run: Run) -> None:
    team.branch("y", lambda r: run(r, "test", "home", "3", "--tester", "qa@example.com"))
    team.merge("y")  # merged, the release job has not run yet: v3 has no tag

    team.branch("x", edit_draft_v3)
    code, out = team.check("x")
    assert code == 1
    line = line_of(ROOT, HOME_V3, "Double 12 deals")
    assert f"{HOME_V3}:{line}:1: E300 home v3 is Testing and frozen" in out


# --- 2. a PR branch behind main ----------------------------------------------------------
def test_the_merge_result_takes_the_pr_s_changes_and_base_s_everything_else() -> None:
    forked = {"a": b"1", "b": b"1", "c": b"1", "d": b"1"}
    base = {"a": b"2", "b": b"1", "c": b"1", "e": b"2"}  # a edited, d deleted, e added
    head = {"a": b"1", "b": b"3", "d": b"1", "f": b"3"}  # b edited, c deleted, f added
    assert merge_result(forked, base, head) == {"a": b"2", "b": b"3", "e": b"2", "f": b"3"}



def test_a_branch_behind_main_is_judged_by_what_it_changes(team: Team, run: Run) -> None:
    team.branch("wallet-5", lambda r: run(r, "release", "wallet", "--ratio", "5"))
    team.branch("y", lambda r: run(r, "test", "home", "3", "--tester", "qa@example.com"))
    team.merge("y")
    assert team.release_job()[0] == 0
    behind = git(team.repo, "merge-base", "main", "wallet-5").strip()
    assert behind != git(team.repo, "rev-parse", "main").strip()
    assert git(team.repo, "show", f"wallet-5:{HOME_RELEASE}") != \
        git(team.repo, "show", f"main:{HOME_RELEASE}")

    code, out = team.check("wallet-5")
    assert code == 0, out
    assert "E305" not in out
    assert out.splitlines()[-3:] == ["plan:", "  wallet v2: Testing -> Releasing 5%",
                                     "output: no change for users of live versions"]


def test_a_version_added_on_main_after_the_branch_forked_is_not_removed_by_it(
        team: Team, run: Run) -> None:
    team.branch("wallet-5", lambda r: run(r, "release", "wallet", "--ratio", "5"))

    def new_and_test(repo: Path) -> None:
        assert run(repo, "new", "home").exit_code == 0
        assert run(repo, "test", "home", "4", "--tester", "qa@example.com").exit_code == 0
    team.branch("home-4", new_and_test)
    team.merge("home-4")
    assert team.release_job()[0] == 0
    code, out = team.check("wallet-5")
    assert code == 0, out
    assert "E301" not in out


# --- 3. a ratio lowered across two PRs ---------------------------------------------------

def test_a_ratio_below_main_s_pending_one_is_refused(tmp_path: Path, run: Run) -> None:
    team = Team(tmp_path, run)  # home v2 Releasing 20% applied
    team.branch("to-30", lambda r: write(r, HOME_RELEASE,
                                         "version: 2\nstage: releasing\nratio: 30\n"))
    green(team, "to-30")
    team.merge("to-30")  # merged; its release job has not run yet

    team.branch("to-25", lambda r: run(r, "release", "home", "--ratio", "25"))
    code, out = team.check("to-25")
    assert code == 1
    git(team.repo, "checkout", "-q", "to-25")
    line = line_of(team.repo, HOME_RELEASE, "ratio")
    git(team.repo, "checkout", "-q", "main")
    assert f"{HOME_RELEASE}:{line}:1: E304 home v2 is releasing at 30%; the ratio only goes " \
           "up, not to 25%" in out

    team.branch("to-40", lambda r: run(r, "release", "home", "--ratio", "40"))
    out = green(team, "to-40")
    assert out.splitlines()[-2] == "  home v2: Releasing 30% -> Releasing 40%"
    code, out = team.release_job()  # the release job of "to-30"
    assert code == 0 and "home v2: Releasing 20% -> Releasing 30%" in out
    team.merge("to-40")
    code, out = team.release_job()
    assert code == 0 and "home v2: Releasing 30% -> Releasing 40%" in out


# --- 4. a PR that removes a Released or Archived version's file --------------------------

@pytest.mark.parametrize("how", ["delete", "rename"])
def test_removing_a_released_file_is_a_clean_e301(team: Team, run: Run, how: str) -> None:
    path = "services/wallet/versions/1.yaml"

    def remove(repo: Path) -> None:
        if how == "delete":
            git(repo, "rm", "-q", path)
        else:
            git(repo, "mv", path, "services/wallet/versions/9.yaml")
    team.branch("remove", remove)
    code, out = team.check("remove")
    assert code == 1, out
    assert f"{path}:1:1: E301 wallet v1 is Released and frozen: its file was deleted or " \
           "renamed" in out
    assert codes(out) == ["E301"]
    assert "internal error" not in out

    git(team.repo, "checkout", "-q", "remove")
    for command in (("validate",), ("build",)):
        result = run(team.repo, *command)
        assert result.exit_code == 1, result.output
        assert "internal error" not in result.output
        assert f"{path}:1:1: E310 wallet v1 is Released" in result.output


def test_removing_an_archived_file_is_e301(team: Team) -> None:
    team.branch("remove", lambda r: git(r, "rm", "-q", "services/home/versions/1.yaml"))
    code, out = team.check("remove")
    assert code == 1
    assert codes(out) == ["E301"]
    assert "services/home/versions/1.yaml:1:1: E301 home v1 is Archived" in out


def test_restoring_a_frozen_file_a_bypass_deleted_is_not_a_new_version(team: Team,
                                                                       run: Run) -> None:
    """A push that skipped the gate deleted wallet v1 (Released) on main; the PR that puts
    back exactly what its tags recorded restores the version: no E307 ("number used
    before"), and main releases again."""
    path = "services/wallet/versions/1.yaml"
    recorded = (team.repo / path).read_bytes()
    git(team.repo, "rm", "-q", path)
    commit_all(team.repo, "a direct push that skipped the gate")
    git(team.repo, "push", "-q", "origin", "main")
    code, out = team.release_job()
    assert code == 1 and f"{path}:1:1: E310 wallet v1 is Released" in out

    def restore(repo: Path) -> None:
        (repo / path).write_bytes(recorded)
    team.branch("restore", restore)
    assert green(team, "restore")
    changed = team.branch("change", lambda r: (r / path).write_bytes(recorded + b"# x\n"))
    assert changed
    code, out = team.check("change")
    assert code == 1 and "E307" not in out and f"{path}:" in out
    team.merge("restore")
    assert team.release_job()[0] == 0
