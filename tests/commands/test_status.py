"""minisvc status / history, and open_workspace's statuses, from refs (or release.yaml)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compiler.engine.workspace import open_workspace
from compiler.lifecycle.events import Event, Kind
from compiler.lifecycle.frozen_guard import digest
from compiler.lifecycle.refscheme import Ledger, ledger_message, tag_message, tag_name
from compiler.model.status import Status
from tests.conftest import Run, write
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    count_git_calls,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)


def test_status_without_refs_is_what_a_bootstrap_would_record(repo: Path, run: Run) -> None:
    """release.yaml names home v2 Releasing: v1 below it was released by the console."""
    result = run(repo, "status", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {"service": "home", "versions": [{"version": 1, "status": "released"},
                                         {"version": 2, "status": "releasing"},
                                         {"version": 3, "status": "draft"}]},
        {"service": "wallet", "versions": [{"version": 1, "status": "released"},
                                           {"version": 2, "status": "testing"}]},
    ]
    assert open_workspace(repo).statuses["home"] == {1: Status.RELEASED, 2: Status.RELEASING,
                                                     3: Status.DRAFT}


def test_status_and_history_from_a_fresh_clone(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "100").exit_code == 0
    commit_all(repo, "release home v2")
    assert run(repo, "apply", "--push", "origin").exit_code == 0
    git(repo, "push", "-q", "origin", "main")
    fresh = clone(remote, tmp_path / "fresh")
    assert not (fresh / "dist").exists()
    result = run(fresh, "status", "home", "--format", "json")
    assert json.loads(result.output) == {"service": "home", "versions": [
        {"version": 1, "status": "archived"}, {"version": 2, "status": "released"},
        {"version": 3, "status": "draft"}]}
    text = run(fresh, "status").output
    assert text.splitlines()[:4] == ["home", "  v1    Archived", "  v2    Released",
                                     "  v3    Draft"]
    assert "  v2    Testing (2 testers)" in text
    assert open_workspace(fresh).statuses["home"] == {1: Status.ARCHIVED,
                                                      2: Status.RELEASED, 3: Status.DRAFT}
    history = json.loads(run(fresh, "history", "home", "--format", "json").output)
    assert [(e["version"], e["event"], e["ratio"], e["tag"]) for e in history] == [
        (1, "created", None, None),  # the sample's commit, from git history
        (2, "created", None, None),
        (3, "created", None, None),
        (1, "released", None, "home/v1/01-released"),
        (2, "releasing", 20.0, "home/v2/01-releasing-20"),
        (2, "released", None, "home/v2/02-released"),
        (1, "archived", None, "home/v1/02-archived"),
    ]
    assert {e["actor"] for e in history} == {"Alice Operator <alice@example.com>"}
    lines = run(fresh, "history", "home").output.splitlines()
    assert len(lines) == 7 and "Releasing 20% (bootstrap)" in lines[4]
    assert "home/v1/02-archived" in lines[6]


def test_testers_of_a_testing_version_come_from_the_branch(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "retest", "wallet", "--tester", "carol@example.com").exit_code == 0
    commit_all(repo, "retest")
    assert run(repo, "apply", "--push", "origin").exit_code == 0
    chan = open_workspace(repo).channels["wallet"]
    assert chan.testing is not None and chan.testing.testers == ("carol@example.com",)
    assert "wallet/v2/02-retest" in git(repo, "tag", "-l", "wallet/*")
    log = git(repo, "log", "--format=%s", "minisvc/wallet").splitlines()
    assert log[0] == "wallet v2: Testing -> Testing (new list, 1 tester)"


def test_unknown_service_is_a_clean_error(repo: Path, run: Run) -> None:
    result = run(repo, "status", "nope")
    assert result.exit_code == 1 and "no service 'nope'" in result.output


def _thousand_versions(root: Path, branch: bool = True) -> None:
    """One service with 1,000 versions, each tested, released and (but the last) archived:
    3,000 annotated tags, made with fast-import so the setup itself is quick, and (unless
    ``branch`` is False) the branch minisvc/big recording every one of them, as apply
    would: without it the record does not hold (E310)."""
    write(root, "services/big/service.yaml", "id: big\ndefault_locale: en-US\nlocales: [en-US]\n")
    for n in range(1, 1001):
        write(root, f"services/big/versions/{n}.yaml", f"title: {{en-US: v{n}}}\nsections: []\n")
    git(root, "init", "-q", "-b", "main")
    head = commit_all(root, "big")
    stream = []
    for n in range(1, 1001):
        data = digest((root / f"services/big/versions/{n}.yaml").read_bytes())
        kinds = [Kind.TESTING, Kind.RELEASED] + ([Kind.ARCHIVED] if n < 1000 else [])
        for seq, kind in enumerate(kinds, 1):
            message = tag_message(Event("big", n, seq, kind, digest=data, actor="A <a@b.c>",
                                        time="2026-01-01T00:00:00Z")).encode()
            stream.append(f"tag {tag_name('big', n, seq, kind, None)}\nfrom {head}\n"
                          f"tagger A <a@b.c> 1767225600 +0000\ndata {len(message)}\n".encode()
                          + message + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    if not branch:
        return
    listed = git(root, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/tags")
    names, objects = zip(*(line.split() for line in listed.splitlines()), strict=True)
    ledger = Ledger("big", 1000, "released", (), len(names), names, objects)
    tree = git(root, "hash-object", "-t", "tree", "-w", "/dev/null").strip()
    message = root.parent / "ledger.txt"  # 3,000 names: too long for a command line
    message.write_text(ledger_message(ledger, []))
    entry = git(root, "commit-tree", tree, "-F", str(message)).strip()
    git(root, "update-ref", "refs/heads/minisvc/big", entry)


@pytest.mark.slow
def test_status_of_a_thousand_versions_reads_refs_in_one_pass(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed is a benchmark's business; what a test can pin is the shape of the work:
    a constant number of git calls, not one per tag (3,000 tags here)."""
    root = tmp_path / "big"
    _thousand_versions(root)
    calls = count_git_calls(monkeypatch)
    result = run(root, "status", "big", "--format", "json")
    assert result.exit_code == 0
    assert 1 <= len(calls) <= 5, calls
    versions = json.loads(result.output)["versions"]
    assert len(versions) == 1000
    assert versions[0] == {"version": 1, "status": "archived"}
    assert versions[-1] == {"version": 1000, "status": "released"}
