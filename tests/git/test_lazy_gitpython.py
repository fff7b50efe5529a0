"""GitPython (~35 ms to import) runs only when a command reaches git."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, copy_sample

PROBE = """
import json, sys
from compiler.cli.main import main
sys.argv = ["minisvc", "--repo", sys.argv[1], "validate"]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "executed": "git.repo" in sys.modules}), file=sys.stderr)
"""


def probe(repo: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINISVC_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(repo)], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    return dict(json.loads(done.stderr.strip().splitlines()[-1]))


def test_validate_outside_git_never_executes_gitpython(tmp_path: Path) -> None:
    assert probe(copy_sample(tmp_path / "plain")) == {"code": 0, "executed": False}


def test_validate_in_a_git_checkout_still_reads_git(tmp_path: Path) -> None:
    repo = copy_sample(tmp_path / "checkout")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "sample"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    assert probe(repo) == {"code": 0, "executed": True}
