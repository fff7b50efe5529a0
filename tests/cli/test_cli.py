"""The CLI contract: exit codes, formats, help, and no traceback for a user error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.cli.table import COMMANDS
from tests.conftest import ROOT, Run, write

BROKEN = "title: {en-US: x}\nsections:\n  - {id: x, type: ticker}\n"


def test_sample_validates_strictly(run: Run) -> None:
    result = run(ROOT, "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no problems"


def test_findings_exit_1_and_misuse_exits_2(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/9.yaml", BROKEN)
    assert run(repo, "validate").exit_code == 1
    assert run(repo, "validate", "--format", "yaml").exit_code == 2
    assert run(repo, "frobnicate").exit_code == 2


def test_warnings_fail_only_with_strict(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/9.yaml",
          "title: {en-US: Hi}\nsections: []\n")
    result = run(repo, "validate")
    assert result.exit_code == 0 and "W201" in result.output
    assert run(repo, "validate", "--strict").exit_code == 1


def test_github_format_emits_workflow_annotations(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/9.yaml", BROKEN)
    out = run(repo, "validate", "--format", "github").output
    line = next(ln for ln in out.splitlines() if ln.startswith("::error "))
    assert line.startswith("::error file=services/home/versions/9.yaml,line=3,col=5,title=E116::")


def test_json_format_is_a_list_of_findings(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/9.yaml", BROKEN)
    found = json.loads(run(repo, "validate", "--format", "json").output)
    assert found[0].keys() == {"file", "line", "col", "code", "severity", "message", "hint"}


def test_paths_limit_the_report(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/9.yaml", BROKEN)
    assert run(repo, "validate", str(repo / "services/wallet")).exit_code == 0
    assert run(repo, "validate", str(repo / "services/home")).exit_code == 1
    missing = run(repo, "validate", str(repo / "nope.yaml"))
    assert missing.exit_code == 1 and "no such file" in missing.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command: str, run: Run) -> None:
    result = run(ROOT, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_outside_a_repo_is_a_clean_error_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "compiler", "validate"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1
    assert "no services/ folder" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
