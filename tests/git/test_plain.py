"""git without GitPython: where the work tree is, one command's output, how the clone
fetches (tests/git/test_lazy_gitpython.py: the record is read with these alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import UserError
from compiler.git.plain import GitFailed, locate, output, partial_clone
from compiler.git.tree import open_root
from tests.gitutil import commit_all, git, isolated_git  # noqa: F401


def _repo(path: Path) -> Path:
    (path / "services").mkdir(parents=True)
    (path / "services" / "catalog.yaml").write_text("apps: []\n", encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    commit_all(path, "services")
    return path


def test_the_work_tree_is_found_from_a_folder_below_it_and_from_a_linked_worktree(
        tmp_path: Path) -> None:
    top = _repo(tmp_path / "mono")
    (top / "ops" / "page").mkdir(parents=True)
    work, common = locate(top / "ops" / "page")
    assert work.resolve() == top.resolve()
    assert common.resolve() == (top / ".git").resolve()
    assert open_root(top / "ops" / "page").prefix == "ops/page/"
    git(top, "worktree", "add", "-q", str(tmp_path / "linked"))
    work, common = locate(tmp_path / "linked")
    assert work.resolve() == (tmp_path / "linked").resolve()
    assert common.resolve() == (top / ".git").resolve()  # refs and `shallow` live there


def test_a_plain_folder_and_a_bare_repository_are_user_errors(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(UserError, match="is not in a git repository; .*git init"):
        locate(tmp_path / "plain")
    git(tmp_path, "init", "-q", "--bare", "bare.git")
    with pytest.raises(UserError, match="is in a bare repository; run minisvc in a clone"):
        locate(tmp_path / "bare.git")
    top = _repo(tmp_path / "repo")
    with pytest.raises(UserError, match="inside a repository's git folder, not its work tree"):
        locate(top / ".git")


def test_a_failing_command_says_what_git_said_and_keeps_its_status(tmp_path: Path) -> None:
    top = _repo(tmp_path / "repo")
    with pytest.raises(GitFailed, match=r"`git cat-file` failed in .*repo: .*no-such-ref") as e:
        output(top, "cat-file", "-p", "no-such-ref")
    assert e.value.status == 128
    assert output(top, "rev-parse", "--abbrev-ref", "HEAD") == "main\n"


@pytest.mark.parametrize(("how", "why"), [
    ((), None),
    (("--no-tags",), "it does not fetch tags from origin"),
    (("--single-branch",), "it fetches only some branches of origin"),
    (("--depth", "1"), "it is a shallow clone"),
])
def test_a_clone_that_may_lack_refs_says_why(tmp_path: Path, how: tuple[str, ...],
                                              why: str | None) -> None:
    top = _repo(tmp_path / "repo")
    git(top, "checkout", "-q", "-b", "other")
    git(tmp_path, "clone", "-q", *how, f"file://{top}", "copy")
    work, common = locate(tmp_path / "copy")
    assert partial_clone(work, common) == why


def test_every_remote_counts_whatever_its_name(tmp_path: Path) -> None:
    """A remote's name may hold dots (`team.mirror`): its keys are remote.team.mirror.*."""
    top = _repo(tmp_path / "repo")
    work, common = locate(top)
    assert partial_clone(work, common) is None  # no remote at all
    git(top, "remote", "add", "team.mirror", str(tmp_path / "elsewhere.git"))
    assert partial_clone(work, common) is None
    git(top, "config", "remote.team.mirror.tagopt", "--no-tags")
    assert partial_clone(work, common) == "it does not fetch tags from team.mirror"
    git(top, "config", "--unset", "remote.team.mirror.tagopt")
    git(top, "config", "--replace-all", "remote.team.mirror.fetch",
        "+refs/heads/main:refs/remotes/team.mirror/main")
    assert partial_clone(work, common) == "it fetches only some branches of team.mirror"
