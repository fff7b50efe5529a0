"""The gate's first questions for git, asked in a thread beside the core's imports: the
same answers as asking in turn, and the same errors, raised when the answer is asked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from compiler.errors import UserError
from compiler.git.early import fork_later
from compiler.git.tree import open_root
from tests.gitutil import commit_all, git, isolated_git  # noqa: F401


def _pr(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "services/home/versions").mkdir(parents=True)
    (repo / "services/home/versions/1.yaml").write_text("title: {en-US: a}\n")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "services/home/versions/2.yaml").write_text("title: {en-US: b}\n")
    commit_all(repo, "a draft")
    git(repo, "checkout", "-q", "main")
    (repo / "services/catalog.yaml").write_text("mini_programs: []\n")
    commit_all(repo, "main moved on")
    git(repo, "checkout", "-q", "pr")
    return repo


def test_the_fork_asked_early_is_the_fork_asked_in_turn(tmp_path: Path) -> None:
    repo = _pr(tmp_path)
    early = fork_later(repo, "main", trees=True)()
    root = open_root(repo)
    commits = root.fork_point("main")
    assert early.commits == commits
    assert early.commits[1] == git(repo, "merge-base", "main", "HEAD").strip()
    assert len(set(commits)) == 3  # base moved on since the fork
    assert early.entries == {commit: root.entries(commit) for commit in commits}
    assert early.root == root
    assert fork_later(repo, "main", trees=False)().entries == {}


def test_the_thread_has_ended_when_the_answer_is_given(tmp_path: Path) -> None:
    repo = _pr(tmp_path)
    fork_later(repo, "main", trees=True)()
    assert not any(t.name == "minisvc-early" for t in threading.enumerate())


@pytest.mark.parametrize(("where", "base", "said"), [
    ("repo", "no-such-branch", "unknown git revision 'no-such-branch'"),
    ("plain", "main", "is not in a git repository"),
])
def test_an_error_is_raised_when_the_answer_is_asked(tmp_path: Path, where: str, base: str,
                                                     said: str) -> None:
    folder = _pr(tmp_path) if where == "repo" else tmp_path / "plain"
    folder.mkdir(exist_ok=True)
    answer = fork_later(folder, base, trees=True)  # nothing raised yet
    with pytest.raises(UserError) as raised:
        answer()
    with pytest.raises(UserError) as direct:
        open_root(folder).fork_point(base)
    assert said in str(raised.value)
    assert str(raised.value) == str(direct.value)
