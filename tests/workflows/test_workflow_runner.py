"""The runner stand-in the rehearsal uses behaves as GitHub's runner does where it matters:
`if:` semantics, step files, bash flags, and checkouts as shallow as they are asked to be."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.workflow_runner import condition, expand, run_job

CONTEXT: dict[str, Any] = {"github": {"base_ref": "main", "event_name": "push"},
                           "vars": {}, "steps": {"preview": {"outputs": {}}}}


@pytest.mark.parametrize(("expression", "failed", "expected"), [
    ("", False, True),
    ("", True, False),
    ("${{ !cancelled() }}", True, True),
    ("${{ always() }}", True, True),
    ("${{ failure() }}", False, False),
    ("github.event_name == 'push'", False, True),
    ("github.event_name == 'push'", True, False),  # no status function: success() && ...
    ("${{ !cancelled() && steps.preview.outputs.built == 'true' }}", False, False),
    ("${{ vars.PUBLISH_TARGET == '' || vars.PUBLISH_TARGET == 'github-pages' }}", False,
     True),
])
def test_if_conditions_follow_githubs_rules(expression: str, failed: bool,
                                            expected: bool) -> None:
    assert condition(expression, CONTEXT, failed) is expected


def test_outputs_and_vars_are_read_and_strings_compare_ignoring_case() -> None:
    context = {**CONTEXT, "vars": {"PUBLISH_TARGET": "GitHub-Pages"},
               "steps": {"preview": {"outputs": {"built": "true"}}}}
    assert condition("${{ !cancelled() && steps.preview.outputs.built == 'true' }}",
                     context, failed=True)
    assert condition("vars.PUBLISH_TARGET == 'github-pages'", context, failed=False)
    assert expand("origin/${{ github.base_ref }}", context) == "origin/main"


@pytest.mark.parametrize("expression", ["secrets.TOKEN == ''", "contains(github.ref, 'x')",
                                        "github.ref ~ 1"])
def test_what_it_cannot_evaluate_fails_loudly(expression: str) -> None:
    with pytest.raises(NotImplementedError):
        condition(expression, CONTEXT, failed=False)


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True, env=env).stdout


WORKFLOW = """\
on: push
jobs:
  job:
    runs-on: ubuntu-latest
    env:
      WHERE: origin/${{ github.ref_name }}
    steps:
      - uses: actions/checkout@0000000000000000000000000000000000000000
        with: {fetch-depth: FETCH_DEPTH}
      - id: first
        run: |
          echo "seen=$WHERE $(git tag -l | wc -l) tags" >> "$GITHUB_OUTPUT"
          echo "FROM_FIRST=yes" >> "$GITHUB_ENV"
          echo "## first" >> "$GITHUB_STEP_SUMMARY"
      - name: fails in a pipe
        shell: bash
        run: false | true
      - name: skipped after a failure
        run: echo never
      - name: runs after a failure
        if: ${{ failure() }}
        env:
          SEEN: ${{ steps.first.outputs.seen }}
        run: echo "$SEEN $FROM_FIRST" >> "$GITHUB_STEP_SUMMARY"
"""


def remote_with(tmp_path: Path, fetch_depth: int) -> tuple[Path, str]:
    work = tmp_path / "seed"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    (work / "wf.yml").write_text(WORKFLOW.replace("FETCH_DEPTH", str(fetch_depth)))
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "one")
    git(work, "tag", "-a", "-m", "a tag", "v1")
    git(work, "commit", "-q", "--allow-empty", "-m", "two")
    git(tmp_path, "clone", "-q", "--bare", str(work), "origin.git")
    return tmp_path / "origin.git", git(work, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize(("depth", "tags"), [(0, 1), (1, 0)])
def test_steps_run_in_order_with_the_runners_files_and_a_checkout_as_deep_as_asked(
        tmp_path: Path, depth: int, tags: int) -> None:
    origin, sha = remote_with(tmp_path, depth)
    (tmp_path / "temp").mkdir()
    github = {"event_name": "push", "ref": "refs/heads/main", "sha": sha, "ref_name": "main"}
    job = run_job(origin, tmp_path / "work", "wf.yml", "job", github=github,
                  env={"PATH": os.environ["PATH"], "GIT_CONFIG_GLOBAL": os.devnull},
                  temp=tmp_path / "temp")
    assert [(s.ran, s.code) for s in job.steps] == [(True, 0), (True, 0), (True, 1),
                                                    (False, 0), (True, 0)]
    assert job.summary == f"## first\n\norigin/main {tags} tags yes\n"
    commits = git(tmp_path / "work", "rev-list", "--count", "HEAD").strip()
    assert commits == ("2" if depth == 0 else "1")
