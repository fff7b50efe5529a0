"""What the work tree changed since HEAD: one `git status`, started before the core loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.errors import UserError
from compiler.git.early import work_tree_changes_later
from compiler.git.tree import GitRoot, open_root
from tests.conftest import ROOT
from tests.gitutil import commit_all, git, isolated_git  # noqa: F401


def _repo_below(tmp_path: Path) -> Path:
    """A git work tree whose compiler root is two folders down, with services committed."""
    top = tmp_path / "mono"
    root = top / "ops" / "page"
    for rel in ("services/home/service.yaml", "services/home/versions/1.yaml",
                "services/home/versions/2.yaml", "services/catalog.yaml", "README.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"# {rel}\n", encoding="utf-8")
    (top / "other").mkdir()
    (top / "other" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    (top / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    commit_all(top, "services")
    return root


def test_the_changes_are_root_relative_whatever_folder_the_root_is_in(tmp_path: Path) -> None:
    root = _repo_below(tmp_path)
    (root / "services/home/versions/1.yaml").write_text("title: x\n", encoding="utf-8")
    (root / "services/home/versions/2.yaml").unlink()
    (root / "services/home/versions/3.yaml").write_text("new\n", encoding="utf-8")
    (root / "services/home/old.bak").write_text("ignored\n", encoding="utf-8")
    (root / "README.md").write_text("outside services/\n", encoding="utf-8")
    (root.parents[1] / "other" / "x.yaml").write_text("outside the root\n", encoding="utf-8")
    git_root = open_root(root)
    assert git_root.prefix == "ops/page/"
    expected = {"services/home/versions/1.yaml", "services/home/versions/2.yaml",
                "services/home/versions/3.yaml", "services/home/old.bak"}
    assert work_tree_changes_later(root)(git_root) == expected
    assert git_root.work_tree_changes() == expected
    git(root, "stash", "-u", "-q")  # an ignored file stays, and still counts
    assert git_root.work_tree_changes() == {"services/home/old.bak"}


def test_a_git_that_fails_is_a_user_error_not_a_traceback(tmp_path: Path) -> None:
    root = _repo_below(tmp_path)
    git_root = open_root(root)
    answer = work_tree_changes_later(tmp_path / "no-such-folder-is-not-a-repo")
    with pytest.raises(UserError, match="`git status` could not start in .*no-such-folder"):
        answer(git_root)
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UserError, match="`git status` failed in .*plain: .*not a git"):
        work_tree_changes_later(plain)(GitRoot(git_root.work, git_root.common, ""))


PROBE = """
import json, subprocess, sys
started = []
real = subprocess.Popen.__init__
def spy(self, args, *rest, **kw):
    if list(args)[:2] == ["git", "status"]:
        started.append(sorted(m for m in ("pydantic", "git") if m in sys.modules))
    real(self, args, *rest, **kw)
subprocess.Popen.__init__ = spy
from compiler.cli.main import main
sys.argv = ["minisvc", "--repo", sys.argv[1], "check", "--base", "main"]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "loaded when git status started": started}), file=sys.stderr)
"""


def test_the_gate_asks_git_status_before_it_loads_the_core(tmp_path: Path) -> None:
    """A fresh clone's `git status` reads every file the index cannot vouch for; asked
    first, it runs beside the imports instead of after them."""
    root = _repo_below(tmp_path)
    git(root, "checkout", "-q", "-b", "pr")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINISVC_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(root)], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["loaded when git status started"] == [[], []], done.stderr  # both halves


def test_the_two_halves_together_are_one_status_of_services(tmp_path: Path) -> None:
    """Was one git process, which read a fresh clone's files on one core (up to half a
    second at 4x); the service folders are now split between two."""
    root = _repo_below(tmp_path)
    for name in ("aa", "bb", "cc", "dd", "ee"):
        (root / "services" / name / "versions").mkdir(parents=True)
        (root / "services" / name / "versions/1.yaml").write_text(f"# {name}\n")
    (root / "services/-dash").mkdir()
    (root / "services/-dash/x.yaml").write_text("a leading dash\n")
    (root / "services/[glob]").mkdir()
    (root / "services/[glob]/x.yaml").write_text("a literal name\n")
    commit_all(root.parents[1], "services")
    (root / "services/aa/versions/1.yaml").write_text("edited\n")  # in the first half
    (root / "services/ee/versions/1.yaml").unlink()  # in the second
    (root / "services/[glob]/x.yaml").write_text("edited\n")
    (root / "services/ff/versions").mkdir(parents=True)  # a service new since HEAD
    (root / "services/ff/versions/1.yaml").write_text("new\n")
    (root / "services/catalog.yaml").write_text("shared, edited\n")
    (root / "services/bb/notes.bak").write_text("ignored\n")
    git_root = open_root(root)
    whole = subprocess.run(["git", "status", "--porcelain", "-z", "--untracked-files=all",
                            "--ignored", "--no-renames", "--", "services"], cwd=root,
                           capture_output=True, check=True).stdout
    expected = {entry[3:].decode()[len("ops/page/"):]
                for entry in whole.split(b"\0") if entry}
    assert expected == {"services/aa/versions/1.yaml", "services/ee/versions/1.yaml",
                        "services/[glob]/x.yaml", "services/ff/versions/1.yaml",
                        "services/catalog.yaml", "services/bb/notes.bak"}
    assert work_tree_changes_later(root)(git_root) == expected
