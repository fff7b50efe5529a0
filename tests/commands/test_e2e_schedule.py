"""A ratio schedule and freeze windows end to end, with real git and a bare remote: each
change is a PR checked by `check`, merged and pushed; a CI clone runs `apply --push
origin --now T` at chosen times (as the scheduled workflow would at those times), and
tags and `status` are read back after each run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    tags,
)

T1, T2, T3, T4 = ("2030-01-01T10:00:00+08:00", "2030-01-02T10:00:00+08:00",
                  "2030-01-03T10:00:00+08:00", "2030-01-05T10:00:00+08:00")
SCHEDULED = f"""version: 2
stage: releasing
ratio: 20
schedule:
  - {{ratio: 30,  at: {T1}}}
  - {{ratio: 50,  at: {T2}}}
  - {{ratio: 80,  at: {T3}}}
  - {{ratio: 100, at: {T4}}}   # 100 = Released
"""
FREEZE = """windows:
  - {start: 2030-01-04T00:00:00+08:00, end: 2030-01-06T00:00:00+08:00, reason: Double 11}
"""
BEFORE, IN_FREEZE, AFTER = ("2029-12-31T00:00:00Z", "2030-01-05T12:00:00+08:00",
                            "2030-01-06T08:00:00+08:00")


class World:
    def __init__(self, tmp_path: Path, run: Run) -> None:
        self.tmp, self.run = tmp_path, run
        self.repo, self.remote = bootstrapped(tmp_path, run)
        self.prs = 0
        self.ci = clone(self.remote, tmp_path / "ci")

    def cli(self, repo: Path, *args: str, code: int = 0) -> str:
        result = self.run(repo, *args)
        assert result.exit_code == code, f"minisvc {' '.join(args)}:\n{result.output}"
        return result.output

    def pr(self, files: dict[str, str], now: str, code: int = 0) -> str:
        """A PR changing ``files``, checked at ``now``; merged and pushed when it passes."""
        self.prs += 1
        git(self.repo, "checkout", "-q", "-b", f"pr{self.prs}", "main")
        for path, text in files.items():
            (self.repo / path).write_text(text)
        commit_all(self.repo, f"pr {self.prs}")
        out = self.cli(self.repo, "check", "--base", "main", "--now", now, code=code)
        git(self.repo, "checkout", "-q", "main")
        if code == 0:
            git(self.repo, "merge", "-q", "--no-ff", f"pr{self.prs}", "-m", f"Merge {self.prs}")
            git(self.repo, "push", "-q", "origin", "main")
        return out

    def apply(self, now: str) -> str:
        git(self.ci, "pull", "-q", "--ff-only", "origin", "main")
        out = self.cli(self.ci, "apply", "--push", "origin", "--now", now)
        git(self.repo, "fetch", "-q", "origin", "--tags")
        return out

    def status(self, now: str) -> tuple[dict[int, str], str]:
        fresh = self.tmp / f"fresh{len(list(self.tmp.iterdir()))}"
        clone(self.remote, fresh)
        doc = json.loads(self.cli(fresh, "status", "home", "--format", "json", "--now", now))
        text = self.cli(fresh, "status", "home", "--now", now)
        return {v["version"]: v["status"] for v in doc["versions"]}, text

    def tags(self) -> list[str]:
        fresh = self.tmp / f"tags{len(list(self.tmp.iterdir()))}"
        clone(self.remote, fresh)
        git(fresh, "fetch", "-q", "--tags")
        return sorted(tags(fresh, "home/v2/*"))

    def trailer(self, tag: str, key: str) -> str:
        git(self.ci, "fetch", "-q", "--tags", "origin")
        body = git(self.ci, "tag", "-l", "--format=%(contents)", tag)
        return next((line.split(": ", 1)[1] for line in body.splitlines()
                     if line.startswith(f"{key}: ")), "")


def test_four_steps_applied_as_they_come_due_held_in_a_freeze(tmp_path: Path, run: Run) -> None:
    w = World(tmp_path, run)
    bootstrap_tags = w.tags()
    out = w.pr({"services/home/release.yaml": SCHEDULED, "services/freeze.yaml": FREEZE},
               BEFORE)
    assert "plan: nothing to apply" in out

    # before the first step: nothing moves, status names the next step
    assert "nothing to do" in w.apply(BEFORE)
    assert w.tags() == bootstrap_tags
    statuses, text = w.status(BEFORE)
    assert statuses[2] == "releasing"
    assert "v2    Releasing 20%" in text
    assert "next: v2 Releasing 30% at 2030-01-01T02:00:00Z" in text
    plan = w.cli(w.ci, "plan", "--now", BEFORE)
    assert "home: next: v2 Releasing 30% at 2030-01-01T02:00:00Z" in plan
    plan = w.cli(w.ci, "plan", "--now", "2030-01-03T12:00:00+08:00")
    assert "home v2: Releasing 20% -> Releasing 30%" in plan and "-> Releasing 80%" in plan

    # between step 1 and 2: exactly step 1, recorded with its planned time; idempotent
    out = w.apply("2030-01-01T12:00:00+08:00")
    assert "home v2: Releasing 20% -> Releasing 30% (scheduled for 2030-01-01T02:00:00Z)" in out
    new = sorted(set(w.tags()) - set(bootstrap_tags))
    assert new == ["home/v2/02-releasing-30"]
    assert w.trailer(new[0], "Planned") == "2030-01-01T02:00:00Z"
    assert w.trailer(new[0], "Time") == "2030-01-01T04:00:00Z"  # when applied
    assert "nothing to do" in w.apply("2030-01-01T12:00:00+08:00")
    _, text = w.status("2030-01-01T12:00:00+08:00")
    assert "Releasing 30%" in text and "next: v2 Releasing 50% at 2030-01-02T02:00:00Z" in text

    # steps 2 and 3 due at once: both recorded, in order, none skipped
    w.apply("2030-01-03T12:00:00+08:00")
    assert sorted(set(w.tags()) - set(bootstrap_tags)) == [
        "home/v2/02-releasing-30", "home/v2/03-releasing-50", "home/v2/04-releasing-80"]
    assert w.trailer("home/v2/03-releasing-50", "Planned") == "2030-01-02T02:00:00Z"
    assert w.trailer("home/v2/04-releasing-80", "Planned") == "2030-01-03T02:00:00Z"

    # step 4 due inside the freeze window: held, exit 0, says why and until when
    before = w.tags()
    out = w.apply(IN_FREEZE)
    assert "held: home: Releasing 80% -> Released held by the freeze window 'Double 11' " \
           "until 2030-01-05T16:00:00Z" in out
    assert w.tags() == before
    assert "held: home:" in w.cli(w.ci, "plan", "--now", IN_FREEZE)
    statuses, text = w.status(IN_FREEZE)
    assert statuses[2] == "releasing" and "Releasing 80%" in text
    assert "frozen: 'Double 11' until 2030-01-05T16:00:00Z" in text

    # after the window: the last step releases fully; the previous Released is archived
    out = w.apply(AFTER)
    assert "home v2: Releasing 80% -> Released (scheduled for 2030-01-05T02:00:00Z)" in out
    assert "home/v2/05-released" in w.tags()
    assert w.trailer("home/v2/05-released", "Planned") == "2030-01-05T02:00:00Z"
    statuses, text = w.status(AFTER)
    assert statuses == {1: "archived", 2: "released", 3: "draft"}
    assert "next:" not in text
    assert "nothing to do" in w.apply(AFTER)


def test_in_a_freeze_check_refuses_forward_moves_and_a_revert_passes(tmp_path: Path,
                                                                    run: Run) -> None:
    w = World(tmp_path, run)
    w.pr({"services/freeze.yaml": FREEZE}, BEFORE)
    released = {"services/home/release.yaml": "version: 2\nstage: released\n"}
    out = w.pr(released, IN_FREEZE, code=1)
    assert "E315" in out and "Double 11" in out and "release.yaml:2:1" in out, out
    # the same PR, checked once the window is over, passes the gate
    git(w.repo, "branch", "-q", "-D", f"pr{w.prs}")
    out = w.pr(released, AFTER)
    assert "E315" not in out and "home v2: Releasing 20% -> Released" in out
    out = w.pr({"services/wallet/release.yaml": "version: 2\nstage: releasing\nratio: 10\n"},
               IN_FREEZE, code=1)
    assert "E315 wallet v2: Testing -> Releasing 10% is a forward move" in out, out
    assert "W300" not in out  # home's merged, unapplied move waits; the PR did not cause it


def test_a_revert_inside_a_freeze_window_is_applied(tmp_path: Path, run: Run) -> None:
    w = World(tmp_path, run)
    w.pr({"services/home/release.yaml": SCHEDULED, "services/freeze.yaml": FREEZE}, BEFORE)
    w.apply("2030-01-01T12:00:00+08:00")
    out = w.pr({"services/home/release.yaml": "version: 2\nstage: draft\n"}, IN_FREEZE)
    assert "E315" not in out and "home v2: Releasing 30% -> Draft" in out
    out = w.apply(IN_FREEZE)
    assert "held" not in out
    assert "home/v2/03-reverted" in w.tags()
    statuses, _ = w.status(IN_FREEZE)
    assert statuses[2] == "draft"


def test_schedule_edits_are_legal_only_where_users_never_lose(tmp_path: Path, run: Run) -> None:
    w = World(tmp_path, run)
    w.pr({"services/home/release.yaml": SCHEDULED}, BEFORE)
    now = "2030-01-01T12:00:00+08:00"
    w.apply(now)  # users at 30%
    slower = SCHEDULED.replace("2030-01-02", "2030-02-02").replace("2030-01-03", "2030-02-03") \
        .replace("2030-01-05", "2030-02-05")
    assert "plan: nothing to apply" in w.pr({"services/home/release.yaml": slower}, now)
    faster = slower.replace("2030-02-02T10:00:00", "2030-01-01T11:00:00")
    out = w.pr({"services/home/release.yaml": faster}, now)
    assert "home v2: Releasing 30% -> Releasing 50% (scheduled for 2030-01-01T03:00:00Z)" in out
    w.apply(now)  # users at 50%
    assert "home/v2/03-releasing-50" in w.tags()

    removed = "version: 2\nstage: releasing\nratio: 20\n"
    out = w.pr({"services/home/release.yaml": removed}, now, code=1)
    assert "release.yaml:3:1: E304 home v2 is releasing at 50%" in out, out
    git(w.repo, "branch", "-q", "-D", f"pr{w.prs}")
    lower = SCHEDULED.replace("{ratio: 30,  at: 2030-01-01", "{ratio: 40,  at: 2030-01-01") \
        .replace("{ratio: 50,  at: 2030-01-02", "{ratio: 60,  at: 2030-01-02")
    out = w.pr({"services/home/release.yaml": lower}, now, code=1)
    assert "E304" in out and "not to 40%" in out, out
    git(w.repo, "branch", "-q", "-D", f"pr{w.prs}")
    kept = "version: 2\nstage: releasing\nratio: 50\n"
    assert "plan: nothing to apply" in w.pr({"services/home/release.yaml": kept}, now)


def test_the_pr_job_summary_shows_the_timeline(tmp_path: Path, run: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    w = World(tmp_path, run)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    git(w.repo, "checkout", "-q", "-b", "timeline", "main")
    (w.repo / "services/home/release.yaml").write_text(SCHEDULED)
    (w.repo / "services/freeze.yaml").write_text(FREEZE)
    commit_all(w.repo, "a schedule")
    w.cli(w.repo, "check", "--base", "main", "--format", "github", "--now",
          "2030-01-01T12:00:00+08:00")
    text = summary.read_text(encoding="utf-8")
    assert "| home v2 | Releasing 30% | 2030-01-01T02:00:00Z | due |" in text
    assert "| home v2 | Releasing 80% | 2030-01-03T02:00:00Z | planned |" in text
    assert "| home v2 | Released | 2030-01-05T02:00:00Z | planned; in the freeze window " \
           "'Double 11', held until 2030-01-05T16:00:00Z |" in text
