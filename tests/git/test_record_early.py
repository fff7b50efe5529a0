"""Reading the lifecycle record starts beside the core's imports: validate, build, status
and preview ask git where the work tree is, for the record's refs and for how the remotes
fetch in a thread, and their own calls are handed those answers, once each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.git import plain
from tests.conftest import ROOT
from tests.gitutil import git, init_sample, isolated_git  # noqa: F401

PROBE = """
import json, subprocess, sys
name, started = sys.argv[2], []
real = subprocess.Popen.__init__
def spy(self, args, *rest, **kw):
    if list(args)[:1] == ["git"]:
        command = sys.modules.get("compiler.commands." + name)
        started.append([args[1], hasattr(command, "run")])  # its imports have ended
    real(self, args, *rest, **kw)
subprocess.Popen.__init__ = spy
from compiler.cli.main import main
sys.argv = ["minisvc", "--repo", sys.argv[1], name]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "git": started}), file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["validate", "status"])
def test_the_record_is_asked_of_git_before_the_core_loads_and_once(tmp_path: Path,
                                                                   command: str) -> None:
    """Was: three git processes one after another once the imports had ended (~15 ms of
    the sample's validate in a checkout)."""
    repo = init_sample(tmp_path / "repo")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINISVC_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(repo), command],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["code"] == 0, done.stderr
    assert seen["git"][:3] == [["rev-parse", False], ["for-each-ref", False],
                               ["config", False]], seen
    asked = [name for name, _ in seen["git"]]
    assert asked.count("for-each-ref") == 1 and asked.count("config") <= 1, asked


def test_an_early_answer_may_be_older_than_the_call_and_is_handed_out_once(
        tmp_path: Path) -> None:
    repo = init_sample(tmp_path / "repo").resolve()
    with plain.record_early(repo):
        assert plain.run(repo, *plain.LOCATE) == plain._run(repo, *plain.LOCATE)  # waits
        git(repo, "tag", "-a", "-m", "a tag", "v-later")
        early = plain.run(repo, *plain.RECORD_REFS)
        again = plain.run(repo, *plain.RECORD_REFS)
    assert b"refs/tags/v-later" not in early  # asked before the tag was made
    assert b"refs/tags/v-later" in again  # the answer went once; this one is git's own
    assert plain._early == []
    assert b"refs/tags/v-later" in plain.run(repo, *plain.RECORD_REFS)


def test_a_failure_asked_early_is_raised_where_the_command_asks(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    inside = tmp_path / ".git" / "x"
    inside.mkdir()
    with plain.record_early(inside), pytest.raises(plain.UserError,
                                                   match="inside a repository's git folder"):
        plain.locate(inside)
    assert plain._early == []


def test_a_plain_folder_asks_git_nothing(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(plain, "_run", lambda where, *args, given=None: asked.append(args))
    with plain.record_early(tmp_path):
        pass
    assert asked == []
