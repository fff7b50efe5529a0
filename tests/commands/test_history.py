"""minisvc history reads as a history: Draft events from git beside the lifecycle tags,
and the tag listing in version order (docs: `git tag -l --sort=v:refname`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compiler.commands import history
from tests.conftest import ROOT, Run
from tests.gitutil import (
    commit_all,
    git,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
    tags,
    with_remote,
)


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Commits made from now on carry this time (tags carry apply's clock, the present)."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)


def test_history_lists_draft_events_with_the_lifecycle(tmp_path: Path, run: Run,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2020-01-01T09:00:00+08:00")
    repo = init_sample(tmp_path / "repo")
    with_remote(repo, tmp_path / "remote.git")
    assert run(repo, "apply", "--bootstrap", "--push", "origin").exit_code == 0
    assert run(repo, "release", "home", "--ratio", "100").exit_code == 0
    settle(repo, run, "home v2 to 100%")
    at(monkeypatch, "2030-01-01T10:00:00Z")
    assert run(repo, "duplicate", "home", "2").exit_code == 0
    commit_all(repo, "home v4 from v2")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Bob Builder")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "bob@example.com")
    at(monkeypatch, "2030-01-02T10:00:00Z")
    assert run(repo, "new", "home").exit_code == 0
    commit_all(repo, "home v5")
    at(monkeypatch, "2030-01-03T10:00:00Z")
    assert run(repo, "delete", "home", "5").exit_code == 0
    commit_all(repo, "home v5 is not needed")

    result = run(repo, "history", "home")
    assert result.exit_code == 0, result.output
    rows = [re.split(r"\s{2,}", line.strip()) for line in result.output.splitlines()]
    alice = "Alice Operator <alice@example.com>"
    assert [row[1:3] for row in rows] == [
        ["v1", "Draft created"], ["v2", "Draft created"], ["v3", "Draft created"],
        ["v1", "Released (bootstrap)"], ["v2", "Releasing 20% (bootstrap)"],
        ["v2", "Released"], ["v1", "Archived"],
        ["v4", "Draft duplicated from v2"], ["v5", "Draft created from v2"],
        ["v5", "Draft deleted"]]
    assert rows[0][0] == "2020-01-01T01:00:00Z" and rows[0][3] == alice
    assert rows[-3][0] == "2030-01-01T10:00:00Z" and rows[-3][3] == alice
    assert rows[-1][3] == "Bob Builder <bob@example.com>"
    assert rows[-1][4] == git(repo, "rev-parse", "--short=12", "HEAD").strip()

    records = json.loads(run(repo, "history", "home", "--format", "json").output)
    assert records[-3] == {
        "time": "2030-01-01T10:00:00Z", "version": 4, "event": "duplicated",
        "status": "draft", "ratio": None, "testers": None, "actor": alice, "digest": None,
        "commit": git(repo, "rev-parse", "HEAD~2").strip(), "tag": None,
        "bootstrap": False, "source": 2}
    assert sorted(r["tag"] for r in records if r["tag"]) == tags(repo, "home/*")


def test_a_fresh_sample_shows_its_drafts_and_says_nothing_is_recorded(tmp_path: Path,
                                                                      run: Run) -> None:
    repo = init_sample(tmp_path / "repo")
    lines = run(repo, "history", "wallet").output.splitlines()
    assert [line.split()[1:4] for line in lines[:2]] == [["v1", "Draft", "created"],
                                                         ["v2", "Draft", "created"]]
    assert lines[2:] == ["wallet: no lifecycle events yet (the repository has no lifecycle "
                         "refs; see docs/lifecycle.md)"]


def test_history_outside_git_is_the_lifecycle_only(repo: Path, run: Run) -> None:
    result = run(repo, "history", "home")
    assert result.exit_code == 0
    assert result.output.startswith("home: no lifecycle events yet")


LISTING = ["home/v9/01-testing", "home/v9/02-released", "home/v10/01-testing",
           "home/v10/02-retest", "home/v10/10-releasing-5", "home/v10/11-released"]


def test_version_sort_lists_v10_after_v9(tmp_path: Path) -> None:
    """The tag scheme stays (repos have home/v2/01-releasing-20); the listing that reads as a
    history is `git tag -l --sort=v:refname`, plain `git tag -l` puts v10 before v9."""
    repo = init_sample(tmp_path / "repo")
    for name in reversed(LISTING):
        git(repo, "tag", "-a", "-m", name, name)
    assert git(repo, "tag", "-l", "--sort=v:refname", "home/*").split() == LISTING
    assert git(repo, "tag", "-l", "home/*").split() != LISTING


def test_every_listing_the_docs_show_sorts_by_version() -> None:
    shown = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for m in re.finditer(r"git tag (?:-l|--list)[^\n`]*", doc.read_text(encoding="utf-8")):
            shown[f"{doc.name}: {m[0]}"] = "--sort=v:refname" in m[0]
    assert len(shown) >= 2 and all(shown.values()), shown


def test_a_draft_merged_in_is_created_once_by_its_own_commit(tmp_path: Path, run: Run) -> None:
    repo = init_sample(tmp_path / "repo")
    git(repo, "checkout", "-q", "-b", "v4")
    assert run(repo, "new", "home").exit_code == 0
    made = commit_all(repo, "home v4")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "v4", "-m", "Merge v4")
    records = json.loads(run(repo, "history", "home", "--format", "json").output)
    assert [(r["version"], r["event"], r["commit"]) for r in records if r["version"] == 4] == [
        (4, "created", made)]


def test_within_one_second_git_ancestry_orders_a_draft_and_a_tag() -> None:
    """Times have a second's resolution; a Draft made after the applied commit (a later
    PR) comes after the tag even in the same second, one the tag's commit holds before."""
    def row(kind: str, commit: str, tag: str | None) -> history.Row:
        key = ("2030-01-01T10:00:00Z", 1 if tag else 0, False, 4, 0)
        return history.Row(key, kind, {"tag": tag, "commit": commit})

    held, later = row("held", "c1", None), row("later", "c3", None)
    tag = row("tag", "c2", "home/v3/07-released")
    ancestry = {("c1", "c2")}
    rows = history._within_the_second([held, later, tag], lambda c, a: (c, a) in ancestry)
    assert [r.line for r in rows] == ["held", "tag", "later"]
