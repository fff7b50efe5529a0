"""Helpers for the authoring command tests: a sample that carries comments, exact diffs."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

from click.testing import Result

from tests.conftest import ROOT, Run, copy_sample, snapshot

V3 = "services/home/versions/3.yaml"

_COMMENTS = [
    ("  en-US: Mini Services\n", "  en-US: Mini Services   # shown in the top bar\n"),
    ("  zh-Hant-HK: 小程式服務\n",
     "  # Hong Kong and Taiwan share the text for now\n  zh-Hant-HK: 小程式服務\n"),
    ("sections:\n", "\nsections:\n  # --- fixed slots ---\n"),
    ("  - id: daily-picks\n",
     "\n  # --- recommendations ---\n  - id: daily-picks  # curated by the growth team\n"),
    ('      - app_id: "3000000000000001"\n        badge: {type: image, style: red_dot}\n',
     '      # keep Ride second: partner contract\n'
     '      - app_id: "3000000000000001"\n        badge: {type: image, style: red_dot}\n'),
    ('      - app_id: "3000000000000003"\n', '      - app_id: "3000000000000003"   # movies\n'),
    ("  - id: travel\n", "  # seasonal\n  - id: travel\n"),
]


def commented_v3() -> str:
    """The shipped home v3 with comments everywhere ruamel likes to lose them."""
    text = (ROOT / V3).read_text(encoding="utf-8")
    for old, new in _COMMENTS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + "# end of page\n"


def commented_repo(tmp_path: Path) -> Path:
    repo = copy_sample(tmp_path / "repo")
    (repo / V3).write_text(commented_v3(), encoding="utf-8")
    return repo


def set_stage(repo: Path, service: str, version: int, stage: str) -> None:
    """Put a version in a lifecycle stage, the way the statuses seam reads it today.

    compiler.engine.workspace.open_workspace derives statuses from release.yaml; if that seam
    reads lifecycle refs instead, this is the one place the tests need to follow.
    """
    extra = {"testing": "testers: [alice@example.com]\n", "releasing": "ratio: 20\n"}
    (repo / f"services/{service}/release.yaml").write_text(
        f"version: {version}\nstage: {stage}\n{extra.get(stage, '')}")


def udiff(before: str, after: str) -> str:
    """The changed lines only (no context), as `diff -U0` shows them."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return "\n".join(list(lines)[2:])


def edit(run: Run, repo: Path, *args: str, file: str = V3) -> str:
    """Run a command that must succeed and change ``file`` only; return the file's diff."""
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    assert {p for p in after if after[p] != before.get(p)} | (before.keys() - after.keys()) \
        == {file}, "another file changed"
    strict = run(repo, "validate", "--strict")
    assert strict.exit_code == 0, strict.output
    return udiff(before[file].decode(), after[file].decode())


def refused(run: Run, repo: Path, *args: str) -> Result:
    """Run a command that must be refused (exit 1) and change no file at all."""
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 1, result.output
    assert snapshot(repo) == before
    return result


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "init.defaultBranch=main", *args], cwd=repo, check=True,
                          capture_output=True, text=True)
    return done.stdout
