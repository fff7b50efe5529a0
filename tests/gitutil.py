"""Real git for the lifecycle tests: temp repos with a bare "remote", no global config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import copy_sample

IDENTITY = {
    "GIT_AUTHOR_NAME": "Alice Operator", "GIT_AUTHOR_EMAIL": "alice@example.com",
    "GIT_COMMITTER_NAME": "CI Bot", "GIT_COMMITTER_EMAIL": "ci@example.com",
}


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config (like a fresh CI machine); identity from env."""
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ.copy())
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def init_sample(dest: Path) -> Path:
    """The shipped sample, committed on main."""
    copy_sample(dest)
    (dest / ".gitignore").write_text("/dist/\n")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "sample")
    return dest


def with_remote(repo: Path, remote: Path) -> Path:
    git(repo.parent, "init", "-q", "--bare", "-b", "main", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    git(repo, "branch", "-q", "--set-upstream-to=origin/main")
    return remote


def clone(remote: Path, dest: Path) -> Path:
    git(dest.parent, "clone", "-q", str(remote), str(dest))
    return dest


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def refs(repo: Path) -> dict[str, str]:
    """Every ref and what it points at: to assert a failed command moved none."""
    out = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    return dict(line.split(" ") for line in out.splitlines())


def tags(repo: Path, pattern: str = "*") -> list[str]:
    return git(repo, "tag", "-l", pattern).split()


def settle(repo: Path, run: object, message: str) -> None:
    """Commit what the working tree has on main, apply it and push (like a merge + CI)."""
    commit_all(repo, message)
    result = run(repo, "apply", "--push", "origin")  # type: ignore[operator]
    assert result.exit_code == 0, result.output


def bootstrapped(tmp_path: Path, run: object) -> tuple[Path, Path]:
    """The sample, committed, with a bare remote, bootstrapped and pushed:
    home v1 Released, v2 Releasing 20%, v3 Draft; wallet v1 Released, v2 Testing."""
    repo = init_sample(tmp_path / "repo")
    remote = with_remote(repo, tmp_path / "remote.git")
    result = run(repo, "apply", "--bootstrap", "--push", "origin")  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    return repo, remote


def count_git_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Every git command minisvc runs from now on, through GitPython or without it."""
    from git.cmd import Git as GitCommand

    from compiler.git import plain

    calls: list[tuple[object, ...]] = []
    original, plain_run = GitCommand.execute, plain.run

    def counting(self: GitCommand, command: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(tuple(command))
        return original(self, command, *args, **kwargs)

    def counting_plain(where: Path, *args: str, given: bytes | None = None) -> bytes:
        calls.append(("git", *args))
        return plain_run(where, *args, given=given)

    monkeypatch.setattr(GitCommand, "execute", counting)
    monkeypatch.setattr(plain, "run", counting_plain)
    return calls
