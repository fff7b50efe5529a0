"""Version numbers in git history: a file added by a merge commit counts, as does one that
lived only on a side branch whose merge left no trace under services/.

`git log` shows no diff for a merge unless asked (`--diff-merges`), and with a pathspec it
prunes a side branch the merge is TREESAME to (`--full-history` walks it): either way a
number used once could be handed out again (E307 in `check`, the next number in `new`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.git.tree import open_root
from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)

V4 = "services/home/versions/4.yaml"
V5 = "services/home/versions/5.yaml"


def draft(repo: Path, title: str) -> bytes:
    """home v3 (a Draft) with another title: valid content that is no copy of anything."""
    data = (repo / "services/home/versions/3.yaml").read_bytes()
    assert b"title:" in data
    return data.replace(b"title:", f"# {title}\ntitle:".encode(), 1)


def side_branch(repo: Path, name: str) -> None:
    """A branch off HEAD with one commit outside services/, HEAD left where it was."""
    here = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", name)
    (repo / f"{name}.md").write_text(f"{name}\n")
    commit_all(repo, f"{name}: notes")
    git(repo, "checkout", "-q", here)


def merge_adding(repo: Path, rel: str, data: bytes, branch: str = "side") -> None:
    """A --no-ff merge commit that itself adds ``rel`` (in neither parent)."""
    side_branch(repo, branch)
    git(repo, "merge", "-q", "--no-ff", "--no-commit", branch)
    (repo / rel).write_bytes(data)
    git(repo, "add", rel)
    git(repo, "commit", "-q", "-m", f"merge {branch}, adding {rel}")
    git(repo, "branch", "-q", "-D", branch)
    for parent in ("HEAD^1", "HEAD^2"):
        assert git(repo, "ls-tree", parent, "--", rel) == ""


def merge_deleting(repo: Path, rel: str, branch: str = "cleanup") -> None:
    side_branch(repo, branch)
    git(repo, "merge", "-q", "--no-ff", "--no-commit", branch)
    git(repo, "rm", "-q", rel)
    git(repo, "commit", "-q", "-m", f"merge {branch}, deleting {rel}")
    git(repo, "branch", "-q", "-D", branch)


@pytest.fixture
def origin(tmp_path: Path, run: Run) -> Path:
    """The sample bootstrapped and pushed to a bare remote; main checked out."""
    repo, _ = bootstrapped(tmp_path, run)
    return repo


def test_a_number_a_merge_commit_added_is_not_reused_in_a_pr(origin: Path, run: Run) -> None:
    merge_adding(origin, V4, draft(origin, "first v4"))
    git(origin, "push", "-q", "origin", "main")
    git(origin, "rm", "-q", V4)
    settle(origin, run, "delete Draft v4")
    git(origin, "checkout", "-q", "-b", "pr")
    (origin / V4).write_bytes(draft(origin, "another v4"))
    commit_all(origin, "a new v4")
    result = run(origin, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert (f"{V4}:1:1: E307 home version number 4 was used before; version numbers are "
            "never reused, not even after a Draft is deleted") in result.output
    assert "fix: name it 5.yaml" in result.output


def test_a_number_added_and_deleted_by_merges_is_not_reused(origin: Path, run: Run) -> None:
    merge_adding(origin, V4, draft(origin, "first v4"))
    merge_deleting(origin, V4)
    git(origin, "checkout", "-q", "-b", "pr")
    (origin / V4).write_bytes(draft(origin, "another v4"))
    commit_all(origin, "a new v4")
    result = run(origin, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"{V4}:1:1: E307 home version number 4 was used before" in result.output


def test_new_skips_a_number_added_and_deleted_by_merges(origin: Path, run: Run) -> None:
    merge_adding(origin, V4, draft(origin, "first v4"))
    merge_deleting(origin, V4)
    result = run(origin, "new", "home")
    assert result.exit_code == 0, result.output
    assert not (origin / V4).exists()
    assert (origin / V5).is_file()


def test_new_skips_a_number_a_merge_added_on_a_colleagues_branch(origin: Path,
                                                                  run: Run) -> None:
    git(origin, "checkout", "-q", "-b", "colleague")
    merge_adding(origin, V4, draft(origin, "colleague's v4"))
    git(origin, "checkout", "-q", "main")
    result = run(origin, "new", "home")
    assert result.exit_code == 0, result.output
    assert not (origin / V4).exists()
    assert (origin / V5).is_file()


def test_a_number_used_only_on_a_side_branch_merged_away_is_not_reused(origin: Path,
                                                                       run: Run) -> None:
    """The side branch adds and deletes v4; its merge is TREESAME to main under services/,
    so `git log -- services` without --full-history never walks it."""
    git(origin, "checkout", "-q", "-b", "experiment")
    (origin / V4).write_bytes(draft(origin, "an experiment"))
    commit_all(origin, "try a v4")
    git(origin, "rm", "-q", V4)
    commit_all(origin, "drop the v4 experiment")
    git(origin, "checkout", "-q", "main")
    (origin / "main.md").write_text("main moved on\n")
    commit_all(origin, "main moved on")
    git(origin, "merge", "-q", "--no-ff", "-m", "merge the experiment", "experiment")
    git(origin, "branch", "-q", "-D", "experiment")

    result = run(origin, "new", "home")
    assert result.exit_code == 0, result.output
    assert (origin / V5).is_file() and not (origin / V4).exists()
    (origin / V5).unlink()

    git(origin, "checkout", "-q", "-b", "pr")
    (origin / V4).write_bytes(draft(origin, "another v4"))
    commit_all(origin, "a new v4")
    result = run(origin, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"{V4}:1:1: E307 home version number 4 was used before" in result.output


@pytest.mark.parametrize("setting", [("log.diffMerges", "off"), ("log.showRoot", "false")])
def test_history_does_not_depend_on_the_users_git_config(origin: Path,
                                                         setting: tuple[str, str]) -> None:
    """A user's log settings must not hide merges or the root commit from the readers."""
    merge_adding(origin, V4, draft(origin, "first v4"))
    merge_deleting(origin, V4)
    git(origin, "config", *setting)
    root = open_root(origin)
    assert root.numbers_in_history("HEAD")["home"] == {1, 2, 3, 4}
    assert {V4, "services/home/versions/1.yaml"} <= set(root.version_paths_in_history("home"))
