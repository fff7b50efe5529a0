"""The pre-commit hook: a valid manifest, and its entry run as pre-commit would run it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sysconfig
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

from tests.conftest import ROOT, write

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def hook() -> dict[str, object]:
    [only] = load_manifest(str(MANIFEST))  # pre-commit's own schema check
    return dict(only)


def run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit does: the entry, plus the staged files its `files` pattern picks."""
    spec = hook()
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    picked = [f for f in files if re.search(str(spec["files"]), f)]
    entry = shlex.split(str(spec["entry"]))
    scripts = Path(sysconfig.get_path("scripts"))
    return subprocess.run([str(scripts / entry[0]), *entry[1:], *picked], cwd=repo,
                          capture_output=True, text=True)


def test_manifest_declares_the_validate_hook() -> None:
    spec = hook()
    assert (spec["id"], spec["entry"], spec["language"]) == (
        "minisvc-validate", "minisvc validate", "python")
    assert spec["pass_filenames"] is True and spec["require_serial"] is True


def test_files_pattern_picks_service_yaml_only() -> None:
    pattern = re.compile(str(hook()["files"]))
    assert pattern.search("services/home/versions/3.yaml")
    assert pattern.search("services/catalog.yml")
    assert not pattern.search("schema/version.schema.json")
    assert not pattern.search(".github/workflows/ci.yml")


@pytest.mark.slow
def test_hook_passes_on_the_sample(repo: Path) -> None:
    result = run_hook(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "no problems"


@pytest.mark.slow
def test_hook_fails_with_the_position_of_a_mistake(repo: Path) -> None:
    write(repo, "services/home/versions/4.yaml",
          "title: {en-US: x}\nsections:\n  - {id: x, type: ticker}\n")
    result = run_hook(repo)
    assert result.returncode == 1
    assert "services/home/versions/4.yaml:3:5: E116" in result.stdout
