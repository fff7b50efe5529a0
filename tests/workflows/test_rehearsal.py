"""The rehearsal: what the workflows do, played end to end with real git and no GitHub.

A bare "origin" plays the GitHub repository, an operator's clone plays a laptop, and
tests/workflow_runner.py plays the runner: it checks out the way actions/checkout does and
runs the `run:` scripts of .github/workflows/pr-check.yml and release.yml as written,
read from the commit under test, so the test breaks when the workflows and the CLI drift
apart. The story, run once for the module:

1. the sample is adopted (`minisvc apply --bootstrap --push origin`, by hand, once) and an
   earlier merge released home v2 to everyone (release.yml ran for it);
2. a feature branch edits Draft home v3 with the authoring commands and asks for Testing
   (`minisvc test`); its pull request goes through pr-check.yml;
3. it is merged; release.yml runs, then runs again (a re-run changes nothing);
4. a second pull request edits the now frozen v3 and pr-check.yml refuses it.

setup-python is stood in for by PATH: the venv's `minisvc` comes first, and a `python`
in front of it records `python -m pip install TARGET` instead of installing (the venv
already has this very code; installing it per run would take longer than the rehearsal).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.runtime import rollout
from tests.conftest import ROOT, snapshot
from tests.workflow_runner import Job, run_job

pytestmark = pytest.mark.slow

PR_CHECK, RELEASE = ".github/workflows/pr-check.yml", ".github/workflows/release.yml"
SEEDED = ("services", "schema", "compiler", "pyproject.toml", ".github", ".gitignore")
OPERATOR = {"GIT_AUTHOR_NAME": "Alice Operator", "GIT_AUTHOR_EMAIL": "alice@example.com",
            "GIT_COMMITTER_NAME": "Alice Operator", "GIT_COMMITTER_EMAIL": "alice@example.com"}
GITHUB = {"GIT_AUTHOR_NAME": "GitHub", "GIT_AUTHOR_EMAIL": "noreply@github.com",
          "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}
TESTERS = ["qa1@example.com", "QA2@Example.com"]
SUMMARY_START = "<!-- rehearsal: job summary -->\n"
SUMMARY_END = "<!-- end of the rehearsal's job summary -->\n"

PYTHON_SHIM = """#!/bin/sh
# setup-python's python, for the rehearsal: `-m pip install TARGET` is recorded, not run.
if [ "$1" = "-m" ] && [ "$2" = "pip" ] && [ "$3" = "install" ]; then
  for target; do :; done
  target=$(cd "$target" && pwd) || exit 1
  [ -f "$target/pyproject.toml" ] || { echo "no Python project at $target" >&2; exit 1; }
  echo "$target" >> "$REHEARSAL_PIP_LOG"
  exit 0
fi
exec PYTHON "$@"
"""


class World:
    """The machines of the story: their environments, the remote, temp folders."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.origin = tmp / "origin.git"
        shim = tmp / "setup-python" / "python"
        shim.parent.mkdir()
        shim.write_text(PYTHON_SHIM.replace("PYTHON", shlex.quote(sys.executable)))
        shim.chmod(0o755)
        gitconfig = tmp / "gitconfig"
        gitconfig.write_text("")
        self.machine = {
            "PATH": os.pathsep.join([str(shim.parent), sysconfig.get_path("scripts"),
                                     os.environ["PATH"]]),
            "HOME": str(tmp), "LANG": "C.UTF-8", "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1"}
        self.runs = 0

    def sh(self, cwd: Path, *args: str, who: dict[str, str] | None = None,
           code: int = 0) -> str:
        done = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True,
                              env={**self.machine, **(who or OPERATOR)})
        assert done.returncode == code, f"{' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done.stdout + done.stderr

    def git(self, cwd: Path, *args: str, who: dict[str, str] | None = None) -> str:
        return self.sh(cwd, "git", *args, who=who)

    def minisvc(self, cwd: Path, *args: str, code: int = 0) -> str:
        return self.sh(cwd, "minisvc", *args, code=code)

    def remote_refs(self) -> dict[str, str]:
        out = self.git(self.origin, "for-each-ref", "--format=%(refname) %(objectname)")
        return dict(line.split(" ") for line in out.splitlines())

    def open_pull_request(self, number: int, head: str) -> dict[str, str]:
        """What GitHub does on a pull request: refs/pull/N/head and the merge commit."""
        work = self.tmp / f"github-pr{number}"
        self.git(self.tmp, "clone", "-q", str(self.origin), str(work))
        base_sha = self.git(work, "rev-parse", "origin/main").strip()
        head_sha = self.git(work, "rev-parse", f"origin/{head}").strip()
        self.git(work, "checkout", "-q", "--detach", "origin/main")
        self.git(work, "merge", "-q", "--no-ff", "-m", f"Merge {head_sha} into {base_sha}",
                 head_sha, who=GITHUB)
        self.git(work, "push", "-q", "origin", f"{head_sha}:refs/pull/{number}/head",
                 f"HEAD:refs/pull/{number}/merge")
        return {"event_name": "pull_request", "ref": f"refs/pull/{number}/merge",
                "sha": self.git(work, "rev-parse", "HEAD").strip(), "base_ref": "main",
                "head_ref": head}

    def run(self, workflow: str, job: str, github: dict[str, str]) -> tuple[Job, Path]:
        """A fresh runner machine: its own workspace, RUNNER_TEMP and pip log."""
        self.runs += 1
        runner = self.tmp / f"run{self.runs}"
        (runner / "temp").mkdir(parents=True)
        env = {**self.machine, "REHEARSAL_PIP_LOG": str(runner / "pip-installs.txt")}
        done = run_job(self.origin, runner / "work", workflow, job, github=github,
                       env=env, temp=runner / "temp")
        return done, runner

    def push_to_main(self) -> dict[str, str]:
        sha = self.git(self.origin, "rev-parse", "refs/heads/main").strip()
        return {"event_name": "push", "ref": "refs/heads/main", "sha": sha}


@dataclass
class Story:
    world: World
    first_release: Job
    pr: Job
    pr_runner: Path
    release: Job
    release_runner: Path
    refs_after_release: dict[str, str]
    rerun: Job
    rerun_runner: Path
    refs_after_rerun: dict[str, str]
    refused: Job
    refused_authoring: str
    main_after_merge: str


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    world = World(tmp_path_factory.mktemp("rehearsal"))
    laptop = world.tmp / "laptop"
    world.git(world.tmp, "init", "-q", "--bare", "-b", "main", str(world.origin))
    world.git(world.tmp, "clone", "-q", str(world.origin), str(laptop))
    for name in SEEDED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, laptop / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, laptop / name)
    world.git(laptop, "add", "-A")
    world.git(laptop, "commit", "-q", "-m", "The Mini Service page, managed with minisvc")
    world.git(laptop, "push", "-q", "origin", "main")
    world.minisvc(laptop, "apply", "--bootstrap", "--push", "origin")

    # an earlier merge: home v2 to everyone, released by release.yml
    world.minisvc(laptop, "release", "home", "--ratio", "100")
    world.git(laptop, "commit", "-q", "-am", "home v2 to everyone")
    world.git(laptop, "push", "-q", "origin", "main")
    first_release, _ = world.run(RELEASE, "apply", world.push_to_main())

    # the feature branch: edit Draft v3, ask for Testing
    world.git(laptop, "fetch", "-q", "origin", "--tags")
    world.git(laptop, "switch", "-q", "-c", "travel-bike-share", "origin/main")
    world.minisvc(laptop, "program", "add", "home", "travel", "Bike Share", "--after",
                  "Flights", "--badge-text", "en-US=NEW", "--badge-text", "zh-CN=新")
    world.minisvc(laptop, "test", "home", "3", *(f"--tester={t}" for t in TESTERS))
    catalog = laptop / "services/catalog.yaml"  # a rename live pages show at once
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "en-US: Ride,", "en-US: Rides,"), encoding="utf-8")
    world.git(laptop, "commit", "-q", "-am", "Bike Share in Travel; home v3 to QA; Rides")
    world.git(laptop, "push", "-q", "origin", "travel-bike-share")
    pr, pr_runner = world.run(PR_CHECK, "check",
                              world.open_pull_request(1, "travel-bike-share"))

    # the merge, and the release it triggers (twice: a re-run must change nothing)
    world.git(laptop, "switch", "-q", "main")
    world.git(laptop, "merge", "-q", "--no-ff", "-m", "Merge pull request #1",
              "travel-bike-share")
    world.git(laptop, "push", "-q", "origin", "main")
    main_after_merge = world.git(laptop, "rev-parse", "HEAD").strip()
    release, release_runner = world.run(RELEASE, "apply", world.push_to_main())
    refs_after_release = world.remote_refs()
    rerun, rerun_runner = world.run(RELEASE, "apply", world.push_to_main())
    refs_after_rerun = world.remote_refs()

    # a late copy edit of the now frozen v3: the command refuses, an editor does not
    world.git(laptop, "fetch", "-q", "origin", "--tags")
    world.git(laptop, "switch", "-q", "-c", "late-copy-edit", "origin/main")
    refused_authoring = world.minisvc(laptop, "program", "add", "home", "travel",
                                      "Parking", code=1)
    assert world.git(laptop, "status", "--porcelain") == ""
    path = laptop / "services/home/versions/3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Double 12 deals", "Double 12 mega deals"), encoding="utf-8")
    world.git(laptop, "commit", "-q", "-am", "Louder carousel copy")
    world.git(laptop, "push", "-q", "origin", "late-copy-edit")
    refused, _ = world.run(PR_CHECK, "check", world.open_pull_request(2, "late-copy-edit"))
    return Story(world, first_release, pr, pr_runner, release, release_runner,
                 refs_after_release, rerun, rerun_runner, refs_after_rerun, refused,
                 refused_authoring, main_after_merge)


def annotations(job: Job) -> list[str]:
    return [line for line in job.step("Check the pull request (annotations, plan)")
            .stdout.splitlines() if line.startswith("::")]


def added_lines(workspace: Path, world: World, path: str) -> set[int]:
    """Line numbers the pull request adds to `path` (what GitHub can annotate inline)."""
    diff = world.git(workspace, "diff", "-U0", "origin/main", "HEAD", "--", path)
    found: set[int] = set()
    for m in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", diff, re.M):
        start, count = int(m[1]), int(m[2] or 1)
        found.update(range(start, start + count))
    return found


def normalized(summary: str) -> str:
    """The summary with what differs per run (commit ids, temp paths) replaced."""
    summary = re.sub(r"\b[0-9a-f]{40}\b", "<commit>", summary)
    return re.sub(r"/\S*/temp\b", "$RUNNER_TEMP", summary)


def documented_summary() -> str:
    doc = (ROOT / "docs/workflows.md").read_text(encoding="utf-8")
    if SUMMARY_START not in doc or SUMMARY_END not in doc:
        return f"(docs/workflows.md lacks the lines {SUMMARY_START!r} and {SUMMARY_END!r})"
    return doc.split(SUMMARY_START, 1)[1].split(SUMMARY_END, 1)[0]


# --- 1. the earlier merge ---------------------------------------------------------------

def test_release_of_an_earlier_merge_archives_the_previous_version(story: Story) -> None:
    assert story.first_release.ok, story.first_release.steps
    apply = story.first_release.step("Apply the planned transitions and push the refs")
    assert "home v2: Releasing 20% -> Released\n  home v1: Released -> Archived" in apply.stdout


# --- 2. the pull request that edits a Draft ---------------------------------------------

def test_pr_check_installs_the_gate_from_the_target_branch(story: Story) -> None:
    gate = story.pr_runner / "temp" / "gate"
    installs = (story.pr_runner / "pip-installs.txt").read_text().splitlines()
    assert installs == [str(gate.resolve())]
    base = story.world.git(story.pr_runner / "work", "rev-parse", "origin/main")
    assert story.world.git(gate, "rev-parse", "HEAD") == base


def test_pr_check_passes_and_annotates_the_changed_line(story: Story) -> None:
    assert story.pr.ok, [(s.name, s.stdout, s.stderr) for s in story.pr.steps]
    assert [s.name for s in story.pr.steps if not s.ran] == []
    assert annotations(story.pr) == [
        "::warning file=services/home/versions/3.yaml,line=59,col=29,title=W201::no "
        "translation for zh-Hant-HK, zh-Hant-TW, id-ID, th-TH, ar-SA (falls back) — fix: "
        "add the missing locales"]
    assert 59 in added_lines(story.pr_runner / "work", story.world,
                             "services/home/versions/3.yaml")


def test_pr_check_summary_has_plan_diff_and_preview(story: Story) -> None:
    summary = story.pr.summary
    assert "| home | v3 | Draft → Testing (2 testers) |" in summary
    assert "| `travel` | Bike Share `3000000000000013` added |" in summary
    assert "**preview** artifact" in summary and "home v3" in summary


def test_pr_check_summary_is_the_documented_one(story: Story) -> None:
    assert normalized(story.pr.summary) == documented_summary(), (
        "the job summary changed: update the block in docs/workflows.md to:\n"
        + normalized(story.pr.summary))


def test_pr_check_uploads_the_preview_of_the_changed_version(story: Story) -> None:
    preview = story.pr_runner / "work" / "preview"
    assert story.pr.uploads == {"Upload the preview": preview}
    pages = sorted(p.relative_to(preview).as_posix() for p in preview.rglob("*.html"))
    assert pages == ["home/v3/home-v3.html"]
    html = (preview / pages[0]).read_text(encoding="utf-8")
    assert "Bike Share" in html and "الدراجات" in html


# --- 3. the merge and its release -------------------------------------------------------

def test_release_pushes_the_testing_tag_and_the_service_branch(story: Story) -> None:
    assert story.release.ok, [(s.name, s.stdout, s.stderr) for s in story.release.steps]
    apply = story.release.step("Apply the planned transitions and push the refs").stdout
    assert "home v3: Draft -> Testing (2 testers)" in apply and "pushed to origin" in apply
    installs = (story.release_runner / "pip-installs.txt").read_text().splitlines()
    assert installs == [str((story.release_runner / "work").resolve())]
    refs = story.refs_after_release
    assert sorted(r for r in refs if r.startswith("refs/tags/")) == [
        "refs/tags/home/v1/01-released", "refs/tags/home/v1/02-archived",
        "refs/tags/home/v2/01-releasing-20", "refs/tags/home/v2/02-released",
        "refs/tags/home/v3/01-testing",
        "refs/tags/wallet/v1/01-released", "refs/tags/wallet/v2/01-testing"]
    assert sorted(r for r in refs if not r.startswith("refs/tags/")) == [
        "refs/heads/main", "refs/heads/minisvc/home", "refs/heads/minisvc/wallet",
        "refs/heads/travel-bike-share", "refs/pull/1/head", "refs/pull/1/merge"]
    git = story.world.git
    origin = story.world.origin
    assert git(origin, "rev-parse", "home/v3/01-testing^{commit}").strip() == \
        story.main_after_merge
    tag = git(origin, "cat-file", "tag", "home/v3/01-testing")
    assert "Testers: 2" in tag and "qa1@" not in tag.lower() and "qa2@" not in tag.lower()
    state = git(origin, "log", "-1", "--format=%B", "minisvc/home")
    assert "qa1@example.com" in state.lower()
    local = git(story.release_runner / "work", "rev-parse", "minisvc/home")
    assert local == git(origin, "rev-parse", "minisvc/home")


def test_release_builds_dist_with_the_testing_version_and_hashed_testers(
        story: Story) -> None:
    dist = story.release_runner / "work" / "dist"
    assert story.release.uploads == {"Upload dist/ as an artifact": dist,
                                     "Upload dist/ for GitHub Pages": dist}
    manifest = json.loads((dist / "home/manifest.json").read_text(encoding="utf-8"))
    assert manifest["released"]["version"] == 2 and manifest["releasing"] is None
    testing = manifest["testing"]
    assert testing["version"] == 3 and testing["salt"] == rollout.tester_salt("home", 3)
    public = bytes.fromhex(testing["public_token_key"])  # the rehearsal sets no backend key
    assert sorted(testing["testers"]) == sorted(
        rollout.tester_entry(testing["salt"], rollout.tester_token(public, t)) for t in TESTERS)
    en = json.loads((dist / "home" / testing["files"]["en-US"]["path"])
                    .read_text(encoding="utf-8"))
    assert "Bike Share" in json.dumps(en, ensure_ascii=False)
    assert not [p for p in dist.rglob("*") if p.is_file() and b"@" in p.read_bytes()]


def test_rerunning_the_release_changes_nothing(story: Story) -> None:
    assert story.rerun.ok
    assert "nothing to do" in story.rerun.step(
        "Apply the planned transitions and push the refs").stdout
    assert story.refs_after_rerun == story.refs_after_release
    assert snapshot(story.rerun_runner / "work" / "dist") == \
        snapshot(story.release_runner / "work" / "dist")


# --- 4. the pull request that edits the frozen version ----------------------------------

def test_an_edit_of_the_testing_version_is_refused(story: Story) -> None:
    assert "home has no Draft" in story.refused_authoring
    job = story.refused
    assert not job.ok
    assert job.step("Check the pull request (annotations, plan)").code == 1
    errors = [a for a in annotations(job) if a.startswith("::error")]
    assert errors == [
        "::error file=services/home/versions/3.yaml,line=16,col=1,title=E300::home v3 is "
        "Testing and frozen: its content changed (a Testing version cannot be deleted or "
        "edited; it can be retested, reverted to Draft or released) — fix: undo the change; "
        "revert it to Draft (`minisvc revert home`) to change it, or make the change in a "
        "new Draft (`minisvc new home`)"]
    # the reviewer still sees the content next to the error
    for name in ("Semantic diff of every changed version", "Build the multi-language preview"):
        assert job.step(name).ran and job.step(name).code == 0
    assert "**E300** home v3 is Testing and frozen" in job.summary
    assert "Not previewed: home v3 has errors (listed above)." in job.summary
    assert job.uploads == {}
    assert "| `carousel` | slide 1 alt | en-US | Double 12 deals | Double 12 mega deals |" \
        in job.summary


# --- 5. the scheduled run ---------------------------------------------------------------

def test_the_scheduled_run_carries_out_a_due_ratio_step(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """release.yml on its cron: a schedule step that came due since the merge is applied
    (verify, apply --push origin, publish), recorded with its planned time."""
    world = World(tmp_path_factory.mktemp("scheduled"))
    laptop = world.tmp / "laptop"
    world.git(world.tmp, "init", "-q", "--bare", "-b", "main", str(world.origin))
    world.git(world.tmp, "clone", "-q", str(world.origin), str(laptop))
    for name in SEEDED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, laptop / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, laptop / name)
    world.git(laptop, "add", "-A")
    world.git(laptop, "commit", "-q", "-m", "The Mini Service page, managed with minisvc")
    world.git(laptop, "push", "-q", "origin", "main")
    world.minisvc(laptop, "apply", "--bootstrap", "--push", "origin")
    # merged (its push run is not played: it ran before the step came due)
    (laptop / "services/home/release.yaml").write_text(
        "version: 2\nstage: releasing\nratio: 20\nschedule:\n"
        "  - {ratio: 30, at: 2020-01-01T00:00:00Z}\n"
        "  - {ratio: 100, at: 2999-01-01T00:00:00Z}\n", encoding="utf-8")
    world.git(laptop, "commit", "-q", "-am", "home v2: 30% from 2020, everyone in 2999")
    world.git(laptop, "push", "-q", "origin", "main")
    sha = world.git(world.origin, "rev-parse", "refs/heads/main").strip()
    done, runner = world.run(RELEASE, "apply",
                             {"event_name": "schedule", "ref": "refs/heads/main", "sha": sha})
    assert done.ok, [(s.name, s.stdout, s.stderr) for s in done.steps]
    apply = done.step("Apply the planned transitions and push the refs").stdout
    assert "home v2: Releasing 20% -> Releasing 30% (scheduled for 2020-01-01T00:00:00Z)" \
        in apply and "pushed to origin" in apply
    tag = world.git(world.origin, "cat-file", "tag", "home/v2/02-releasing-30")
    assert "Planned: 2020-01-01T00:00:00Z" in tag
    manifest = json.loads((runner / "work/dist/home/manifest.json").read_text(encoding="utf-8"))
    assert manifest["releasing"]["ratio"] == 30
    assert "Upload dist/ for GitHub Pages" in done.uploads
