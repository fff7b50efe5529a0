"""minisvc apply: refs written for HEAD, pushed atomically, idempotent, race-safe."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run, snapshot, write
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    git,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    refs,
    settle,
    tags,
)


def test_apply_without_refs_refuses_what_needs_a_bootstrap(tmp_path: Path, run: Run) -> None:
    repo = init_sample(tmp_path / "repo")
    before = refs(repo)
    result = run(repo, "apply")
    assert result.exit_code == 1
    assert "services/home/release.yaml:4:1: E303 Release is not allowed: home v2 is Draft" \
        in result.output
    assert "apply --bootstrap" in result.output
    assert refs(repo) == before
    assert not (repo / "dist").exists()


def test_bootstrap_records_tags_branch_and_pushes_them(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert tags(repo, "home/*") == ["home/v1/01-released", "home/v2/01-releasing-20"]
    assert tags(remote, "*") == tags(repo, "*")
    message = git(repo, "tag", "-l", "--format=%(contents)", "home/v2/01-releasing-20")
    digest = hashlib.sha256((repo / "services/home/versions/2.yaml").read_bytes()).hexdigest()
    head = git(repo, "rev-parse", "HEAD").strip()
    assert message.splitlines()[0] == "home v2: Releasing 20% (adopted at bootstrap)"
    for line in ("Event: releasing", "Ratio: 20", "Group: home/v2", f"Digest: sha256:{digest}",
                 "Actor: Alice Operator <alice@example.com>", f"Commit: {head}",
                 "Bootstrap: yes"):
        assert line in message.splitlines()
    assert git(repo, "tag", "-l", "--format=%(taggername)", "home/v1/01-released").strip() \
        == "CI Bot"
    assert git(repo, "rev-parse", "home/v2/01-releasing-20^{commit}").strip() == head
    assert refs(remote)["refs/heads/minisvc/wallet"] == refs(repo)["refs/heads/minisvc/wallet"]
    ledger = git(repo, "log", "-1", "--format=%B", "minisvc/wallet")
    assert "Testers: alice@example.com, bob@example.com" in ledger
    manifest = json.loads((repo / "dist/home/manifest.json").read_text())
    assert (manifest["released"]["version"], manifest["releasing"]["ratio"]) == (1, 20)


def test_second_apply_does_nothing(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    before, dist = refs(repo), snapshot(repo / "dist")
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 0
    assert "nothing to do" in result.output
    assert refs(repo) == before and snapshot(repo / "dist") == dist


def test_apply_carries_out_a_merged_release_and_builds_dist(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    commit_all(repo, "home v2 to 50%")
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 0, result.output
    assert "home v2: Releasing 20% -> Releasing 50%" in result.output
    assert tags(remote, "home/*")[-1] == "home/v2/02-releasing-50"
    manifest = json.loads((repo / "dist/home/manifest.json").read_text())
    assert manifest["releasing"]["ratio"] == 50
    assert manifest["releasing"]["group"] == "home/v2"


def test_apply_refuses_uncommitted_inputs(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    write(repo, "services/home/release.yaml", "version: 2\nstage: releasing\nratio: 60\n")
    before = refs(repo)
    result = run(repo, "apply")
    assert result.exit_code == 1
    assert "uncommitted changes under services/" in result.output
    assert refs(repo) == before


def test_a_frozen_file_changed_outside_the_gate_is_tampering(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    path = repo / "services/home/versions/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"Mini Services", b"Mini Svc", 1))
    commit_all(repo, "direct push that skipped the PR gate")
    before = refs(repo)
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 1
    assert ("services/home/versions/1.yaml:1:1: E310 home v1 is Released but its content is "
            "not what tag home/v1/01-released recorded") in result.output
    assert refs(repo) == before
    assert run(repo, "validate").exit_code == 1


def test_a_hand_made_lifecycle_tag_is_reported_not_trusted(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    git(repo, "tag", "home/v3/01-released")
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert ("refs/tags/home/v3/01-released:1:1: E310 tag home/v3/01-released looks like a "
            "lifecycle tag but it is not an annotated tag") in result.output
    # status answers nothing from a record that does not hold (it used to answer from it)
    status = run(repo, "status", "home", "--format", "json")
    assert status.exit_code == 1 and "E310 tag home/v3/01-released" in status.output
    assert '"versions"' not in status.output


def test_an_apply_of_an_older_commit_does_nothing(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    older = commit_all(repo, "50%")
    assert run(repo, "release", "home", "--ratio", "80").exit_code == 0
    settle(repo, run, "80%")
    git(repo, "checkout", "-q", older)
    before = refs(repo)
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 0
    assert "refs already record the newer commit" in result.output
    assert refs(repo) == before


def test_apply_outside_git_is_a_clean_error(repo: Path, run: Run) -> None:
    result = run(repo, "apply")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.output
    assert "Traceback" not in result.output


def _apply(repo: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "compiler", "--repo", str(repo), "apply",
                             "--push", "origin"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


@pytest.mark.slow
def test_racing_applies_exactly_one_wins_and_the_loser_recovers(tmp_path: Path,
                                                                run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    commit_all(repo, "home v2 to 50%")
    git(repo, "push", "-q", "origin", "main")
    a, b = clone(remote, tmp_path / "a"), clone(remote, tmp_path / "b")
    before = {a: refs(a), b: refs(b)}
    bootstrap_tags = {k: v for k, v in refs(remote).items() if k.startswith("refs/tags/")}
    runs = {a: _apply(a), b: _apply(b)}  # both started before either is waited for
    outputs = {repo_: proc.communicate()[0] for repo_, proc in runs.items()}
    codes = {repo_: proc.returncode for repo_, proc in runs.items()}
    assert sorted(codes.values()) == [0, 1], outputs
    loser = a if codes[a] == 1 else b
    winner = b if loser is a else a
    assert "was rejected, nothing changed here or there" in outputs[loser]
    assert "refs/heads/minisvc/home" in outputs[loser].split("there:")[1]
    assert "Traceback" not in outputs[loser]
    assert refs(loser) == before[loser]
    assert tags(remote, "home/*") == ["home/v1/01-released", "home/v2/01-releasing-20",
                                      "home/v2/02-releasing-50"]
    won = refs(remote)
    assert {k: v for k, v in won.items() if k in bootstrap_tags} == bootstrap_tags
    assert won["refs/tags/home/v2/02-releasing-50"] == \
        refs(winner)["refs/tags/home/v2/02-releasing-50"]
    git(loser, "fetch", "-q", "origin", "--tags")
    again = run(loser, "apply", "--push", "origin")
    assert again.exit_code == 0 and "nothing to do" in again.output
    assert refs(remote) == won  # no tag moved, nothing pushed twice
    mine = refs(loser)
    assert {k: v for k, v in mine.items() if k.startswith("refs/tags/")} == \
        {k: v for k, v in won.items() if k.startswith("refs/tags/")}
    assert mine["refs/remotes/origin/minisvc/home"] == won["refs/heads/minisvc/home"]
    status = [run(r, "status", "--format", "json").output for r in (winner, loser)]
    assert status[0] == status[1]
    assert all(run(r, "verify", "--remote", "origin").exit_code == 0 for r in (winner, loser))


def test_build_in_a_fresh_clone_gives_the_dist_apply_built(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "wallet", "--ratio", "5").exit_code == 0
    commit_all(repo, "wallet v2 to 5%")
    assert run(repo, "apply", "--push", "origin").exit_code == 0
    git(repo, "push", "-q", "origin", "main")
    fresh = clone(remote, tmp_path / "fresh")
    assert run(fresh, "build").exit_code == 0
    assert snapshot(fresh / "dist") == snapshot(repo / "dist")
    manifest = json.loads((fresh / "dist/wallet/manifest.json").read_text())
    assert (manifest["released"]["version"], manifest["releasing"]["version"],
            manifest["releasing"]["ratio"], manifest["testing"]) == (1, 2, 5, None)


def test_a_push_that_cannot_reach_the_remote_changes_nothing(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    commit_all(repo, "50%")
    before, dist = refs(repo), snapshot(repo / "dist")
    result = run(repo, "apply", "--push", "nowhere")
    assert result.exit_code == 1
    assert "push to nowhere failed, nothing changed here or there: fatal:" in result.output
    assert refs(repo) == before and snapshot(repo / "dist") == dist


def test_without_a_git_identity_the_tagger_is_the_commits_committer(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    commit_all(repo, "50%")
    for key in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_NAME",
                "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(key)
    git(repo, "config", "user.useConfigOnly", "true")
    assert git(repo, "var", "GIT_COMMITTER_IDENT", check=False) == ""
    assert run(repo, "apply").exit_code == 0
    tagger = git(repo, "tag", "-l", "--format=%(taggername) %(taggeremail)",
                 "home/v2/02-releasing-50")
    assert tagger.strip() == "CI Bot <ci@example.com>"
