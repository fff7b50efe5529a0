"""The merge queue, rehearsed: pr-check.yml on `merge_group` checks the commit main is
about to become, so a pull request that was green against an older main cannot merge
stale (docs/workflows.md). Same world as tests/workflows/test_rehearsal.py: a bare
"origin", an operator's laptop, tests/workflow_runner.py as the runner.

The story: X edits Draft home v3 and Y asks for Testing of v3; both pull requests pass.
Y goes through the queue, merges and is released. X then enters the queue: its merge
group (main with Y, plus X) is refused with E300 on the changed line, so main never gets
the frozen v3 changed and the release stays unblocked.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.workflow_runner import Job
from tests.workflows.test_rehearsal import GITHUB, PR_CHECK, RELEASE, SEEDED, World, annotations

pytestmark = pytest.mark.slow
CHECK = "Check the pull request (annotations, plan)"
HOME_V3 = "services/home/versions/3.yaml"


def enter_queue(world: World, number: int, head: str) -> dict[str, Any]:
    """What GitHub does when a pull request enters the merge queue: a branch
    gh-readonly-queue/main/pr-N-BASE holding main merged with the pull request."""
    work = world.tmp / f"github-queue{number}"
    world.git(world.tmp, "clone", "-q", str(world.origin), str(work))
    base_sha = world.git(work, "rev-parse", "origin/main").strip()
    world.git(work, "checkout", "-q", "--detach", "origin/main")
    world.git(work, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number}",
              f"origin/{head}", who=GITHUB)
    branch = f"gh-readonly-queue/main/pr-{number}-{base_sha}"
    world.git(work, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    sha = world.git(work, "rev-parse", "HEAD").strip()
    return {"event_name": "merge_group", "ref": f"refs/heads/{branch}", "sha": sha,
            "event": {"merge_group": {"base_ref": "refs/heads/main", "base_sha": base_sha,
                                      "head_ref": f"refs/heads/{branch}",
                                      "head_sha": sha}}}


def merge_from_queue(world: World, group: dict[str, Any]) -> dict[str, str]:
    """The queue's check passed: main is fast-forwarded to the merge group's commit."""
    world.git(world.origin, "update-ref", "refs/heads/main", group["sha"])
    return world.push_to_main()


@dataclass
class Queue:
    world: World
    x: Job
    y: Job
    y_group: Job
    y_release: Job
    x_group: Job
    main_after: str


@pytest.fixture(scope="module")
def queue(tmp_path_factory: pytest.TempPathFactory) -> Queue:
    world = World(tmp_path_factory.mktemp("queue"))
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
    world.minisvc(laptop, "release", "home", "--ratio", "100")
    world.git(laptop, "commit", "-q", "-am", "home v2 to everyone")
    world.git(laptop, "push", "-q", "origin", "main")
    assert world.run(RELEASE, "apply", world.push_to_main())[0].ok

    world.git(laptop, "fetch", "-q", "origin", "--tags")
    world.git(laptop, "switch", "-q", "-c", "x", "origin/main")
    path = laptop / HOME_V3
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Double 12 deals", "Double 12 mega deals"), encoding="utf-8")
    world.git(laptop, "commit", "-q", "-am", "Louder carousel copy")
    world.git(laptop, "switch", "-q", "-c", "y", "origin/main")
    world.minisvc(laptop, "test", "home", "3", "--tester", "qa1@example.com")
    world.git(laptop, "commit", "-q", "-am", "home v3 to QA")
    world.git(laptop, "push", "-q", "origin", "x", "y")
    x, _ = world.run(PR_CHECK, "check", world.open_pull_request(1, "x"))
    y, _ = world.run(PR_CHECK, "check", world.open_pull_request(2, "y"))

    group = enter_queue(world, 2, "y")
    y_group, _ = world.run(PR_CHECK, "check", group)
    y_release, _ = world.run(RELEASE, "apply", merge_from_queue(world, group))
    x_group, _ = world.run(PR_CHECK, "check", enter_queue(world, 1, "x"))
    main_after = world.git(world.origin, "rev-parse", "refs/heads/main").strip()
    return Queue(world, x, y, y_group, y_release, x_group, main_after)


def test_both_pull_requests_pass_on_their_own(queue: Queue) -> None:
    assert queue.x.ok and queue.y.ok
    assert "| home | v3 | Draft → Testing (1 tester) |" in queue.y.summary


def test_the_merge_group_is_checked_against_the_queue_s_base(queue: Queue) -> None:
    assert queue.y_group.ok, [(s.name, s.stdout, s.stderr) for s in queue.y_group.steps]
    assert "| home | v3 | Draft → Testing (1 tester) |" in queue.y_group.summary
    assert queue.y_release.ok
    assert "home v3: Draft -> Testing (1 tester)" in queue.y_release.step(
        "Apply the planned transitions and push the refs").stdout


def test_the_stale_pull_request_is_refused_in_the_queue(queue: Queue) -> None:
    job = queue.x_group
    assert not job.ok and job.step(CHECK).code == 1
    errors = [a for a in annotations(job) if a.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={HOME_V3},line=16,col=1,title=E300::home v3 "
                                "is Testing and frozen: its content changed")
    # so main still has what the tag recorded, and the release is not wedged
    shown = queue.world.git(queue.world.origin, "show", f"{queue.main_after}:{HOME_V3}")
    assert "Double 12 mega deals" not in shown
