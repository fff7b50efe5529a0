"""End to end, as operators and CI use it: every step is a PR branch checked by `check`,
merged, applied by a fresh CI clone with `apply --push`, and read back by `status` from
another fresh clone of the remote."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    tags,
)


class Team:
    def __init__(self, tmp_path: Path, run: Run) -> None:
        self.tmp, self.run = tmp_path, run
        self.repo, self.remote = bootstrapped(tmp_path, run)
        self.steps = 0

    def cli(self, repo: Path, *args: str) -> str:
        result = self.run(repo, *args)
        assert result.exit_code == 0, f"minisvc {' '.join(args)}:\n{result.output}"
        return result.output

    def pr(self, change: Callable[[Path], None], plan: list[str]) -> dict[str, object]:
        """One PR through the gate, merged, applied by CI; returns the CI's home manifest."""
        self.steps += 1
        repo = self.repo
        git(repo, "checkout", "-q", "-b", f"pr{self.steps}", "main")
        change(repo)
        commit_all(repo, f"step {self.steps}")
        out = self.cli(repo, "check", "--base", "main")
        wanted = ["plan:", *(f"  {p}" for p in plan)] if plan else ["plan: nothing to apply"]
        lines = out.splitlines()
        end = next(i for i, line in enumerate(lines) if line.startswith("output"))
        assert lines[end - len(wanted):end] == wanted, out
        git(repo, "checkout", "-q", "main")
        git(repo, "merge", "-q", "--no-ff", f"pr{self.steps}", "-m", f"Merge pr{self.steps}")
        git(repo, "push", "-q", "origin", "main")
        ci = clone(self.remote, self.tmp / f"ci{self.steps}")
        self.cli(ci, "apply", "--push", "origin")
        assert "nothing to do" in self.cli(ci, "apply", "--push", "origin")
        git(repo, "fetch", "-q", "origin", "--tags")
        manifest: dict[str, object] = json.loads((ci / "dist/home/manifest.json").read_text())
        return manifest

    def status(self) -> dict[int, str]:
        fresh = clone(self.remote, self.tmp / f"fresh{self.steps}")
        doc = json.loads(self.cli(fresh, "status", "home", "--format", "json"))
        here = json.loads(self.cli(self.repo, "status", "home", "--format", "json"))
        assert doc == here
        return {v["version"]: v["status"] for v in doc["versions"]}


def release_yaml(text: str) -> Callable[[Path], None]:
    def change(repo: Path) -> None:
        (repo / "services/home/release.yaml").write_text(text)
    return change


def test_a_version_from_draft_to_released_and_a_new_draft(tmp_path: Path, run: Run) -> None:
    team = Team(tmp_path, run)
    cli = team.cli
    assert team.status() == {1: "released", 2: "releasing", 3: "draft"}

    team.pr(lambda r: cli(r, "release", "home", "--ratio", "100"),
            ["home v2: Releasing 20% -> Released", "home v1: Released -> Archived"])
    assert team.status() == {1: "archived", 2: "released", 3: "draft"}

    m = team.pr(lambda r: cli(r, "test", "home", "3", "--tester", "qa1@example.com"),
                ["home v3: Draft -> Testing (1 tester)"])
    assert team.status() == {1: "archived", 2: "released", 3: "testing"}
    assert m["testing"]["version"] == 3 and len(m["testing"]["testers"]) == 1  # type: ignore[index]

    m = team.pr(lambda r: cli(r, "retest", "home", "--tester", "qa1@example.com",
                              "--tester", "qa2@example.com"),
                ["home v3: Testing -> Testing (new list, 2 testers)"])
    assert team.status()[3] == "testing"
    assert len(m["testing"]["testers"]) == 2  # type: ignore[index]

    m = team.pr(lambda r: cli(r, "release", "home", "--ratio", "5"),
                ["home v3: Testing -> Releasing 5%"])
    assert team.status()[3] == "releasing"
    assert (m["releasing"]["version"], m["releasing"]["ratio"]) == (3, 5)  # type: ignore[index]
    assert m["released"]["version"] == 2 and m["testing"] is None  # type: ignore[index]

    m = team.pr(lambda r: cli(r, "release", "home", "--ratio", "20"),
                ["home v3: Releasing 5% -> Releasing 20%"])
    assert m["releasing"]["ratio"] == 20  # type: ignore[index]

    m = team.pr(lambda r: cli(r, "revert", "home"), ["home v3: Releasing 20% -> Draft"])
    assert team.status() == {1: "archived", 2: "released", 3: "draft"}
    assert m["releasing"] is None

    def edit(repo: Path) -> None:
        path = repo / "services/home/versions/3.yaml"
        path.write_text(path.read_text().replace("Double 12 deals", "Double 12 mega deals"))
    team.pr(edit, [])
    assert team.status()[3] == "draft"

    team.pr(lambda r: cli(r, "test", "home", "3", "--tester", "qa1@example.com"),
            ["home v3: Draft -> Testing (1 tester)"])
    m = team.pr(lambda r: cli(r, "release", "home", "--ratio", "100"),
                ["home v3: Testing -> Released", "home v2: Released -> Archived"])
    assert team.status() == {1: "archived", 2: "archived", 3: "released"}
    assert m["released"]["version"] == 3 and m["releasing"] is None  # type: ignore[index]

    def duplicate(repo: Path) -> None:
        data = (repo / "services/home/versions/3.yaml").read_text()
        (repo / "services/home/versions/4.yaml").write_text(data.replace("mega", "giga"))
    team.pr(duplicate, [])
    assert team.status() == {1: "archived", 2: "archived", 3: "released", 4: "draft"}

    assert tags(team.remote, "home/v3/*") == [
        "home/v3/01-testing", "home/v3/02-retest", "home/v3/03-releasing-5",
        "home/v3/04-releasing-20", "home/v3/05-reverted", "home/v3/06-testing",
        "home/v3/07-released"]
    history = json.loads(cli(team.repo, "history", "home", "--format", "json"))
    assert [(e["version"], e["event"]) for e in history][-3:] == [(3, "released"),
                                                                  (2, "archived"),
                                                                  (4, "created")]
