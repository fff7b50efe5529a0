"""minisvc verify: every way of tampering with the lifecycle record, on real git repos."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    count_git_calls,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)

V1 = "services/home/versions/1.yaml"


def released_at_50(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    """Bootstrapped, then home v2 moved to 50%: two applies on the record."""
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    settle(repo, run, "home v2 to 50%")
    git(repo, "push", "-q", "origin", "main")
    return repo, remote


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": E310 " in line or ": W310 " in line]


def remake(repo: Path, name: str, target: str = "") -> None:
    """Re-create an annotated tag under the same name with the same message, a day later
    (a forger who copies everything, or an innocent `git tag -f`)."""
    message = git(repo, "tag", "-l", "--format=%(contents)", name)
    target = target or git(repo, "rev-parse", f"{name}^{{commit}}").strip()
    subprocess.run(["git", "tag", "-f", "-a", name, "-m", message.rstrip("\n"), target],
                   cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2030-01-02T03:04:05Z"})


def test_an_untouched_record_verifies(tmp_path: Path, run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    result = run(repo, "verify", "--remote", "origin")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "verified 5 lifecycle tags of 2 services, against origin", "no problems"]


def test_a_fresh_clone_verifies(tmp_path: Path, run: Run) -> None:
    _, remote = released_at_50(tmp_path, run)
    fresh = clone(remote, tmp_path / "fresh")
    result = run(fresh, "verify", "--remote", "origin")
    assert result.exit_code == 0, result.output


def test_frozen_content_changed_at_head_names_the_file_and_its_tags(tmp_path: Path,
                                                                    run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    path = repo / "services/home/versions/2.yaml"
    path.write_bytes(path.read_bytes().replace(b"Mini Services", b"Mini Svc", 1))
    commit_all(repo, "a direct push that skipped the gate")
    result = run(repo, "verify")
    assert result.exit_code == 1
    assert errors(result.output) == [
        "services/home/versions/2.yaml:1:1: E310 home v2 is Releasing but "
        "services/home/versions/2.yaml at HEAD is not the content tags "
        "home/v2/01-releasing-20, home/v2/02-releasing-50 recorded; frozen versions never "
        "change"]
    assert "fix: restore it: `git show home/v2/02-releasing-50:services/home/versions/2.yaml`" \
        in result.output


def test_a_tag_remade_on_another_commit_is_caught_three_ways(tmp_path: Path,
                                                             run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    path = repo / V1
    path.write_bytes(path.read_bytes().replace(b"Mini Services", b"Mini Svc", 1))
    forged = commit_all(repo, "rewrite v1 and point its tag at it")
    remake(repo, "home/v1/01-released", forged)
    result = run(repo, "verify")
    assert result.exit_code == 1
    found = errors(result.output)
    assert len(found) == 4, result.output
    assert found[0].startswith(
        "refs/tags/home/v1/01-released:1:1: E310 tag home/v1/01-released moved: "
        "refs/heads/minisvc/home commit ")
    assert found[1].startswith(
        f"refs/tags/home/v1/01-released:1:1: E310 tag home/v1/01-released points at commit "
        f"{forged[:12]} but records Commit ")
    assert found[2].startswith(
        f"{V1}:1:1: E310 home v1 is Released but {V1} at HEAD is not the content tag "
        "home/v1/01-released recorded")
    assert found[3].startswith(
        f"{V1}:1:1: E310 tag home/v1/01-released records digest sha256:")
    assert f"but the file at the tag's commit {forged[:12]} has sha256:" in found[3]


def test_a_tag_remade_identically_is_caught_by_the_branch_record(tmp_path: Path,
                                                                 run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    before = git(repo, "rev-parse", "home/v2/02-releasing-50").strip()
    remake(repo, "home/v2/02-releasing-50")
    after = git(repo, "rev-parse", "home/v2/02-releasing-50").strip()
    assert after != before
    result = run(repo, "verify")
    assert result.exit_code == 1
    line = errors(result.output)[0]
    assert line.startswith("refs/tags/home/v2/02-releasing-50:1:1: E310 tag "
                           "home/v2/02-releasing-50 moved: refs/heads/minisvc/home commit ")
    assert line.endswith(f"recorded tag object {before[:12]}, the tag is now {after[:12]} "
                         "(services/home/versions/2.yaml)")
    assert len(errors(result.output)) == 1


def test_a_deleted_tag_is_missing_from_the_record(tmp_path: Path, run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    git(repo, "tag", "-d", "home/v2/02-releasing-50")
    result = run(repo, "verify")
    assert result.exit_code == 1
    assert errors(result.output)[0].startswith(
        "refs/tags/home/v2/02-releasing-50:1:1: E310 tag home/v2/02-releasing-50, written by "
        "minisvc apply (refs/heads/minisvc/home commit ")
    assert errors(result.output)[0].endswith(
        "is missing: lifecycle tags are never deleted")


def test_a_well_formed_tag_made_by_hand_is_not_on_the_record(tmp_path: Path,
                                                             run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    message = git(repo, "tag", "-l", "--format=%(contents)", "home/v2/02-releasing-50")
    forged = message.replace("Releasing 50%", "Releasing 90%").replace("Ratio: 50", "Ratio: 90")
    git(repo, "tag", "-a", "home/v2/03-releasing-90", "-m", forged.rstrip("\n"),
        "home/v2/02-releasing-50^{commit}")
    result = run(repo, "verify")
    assert result.exit_code == 1
    assert errors(result.output) == [
        "refs/tags/home/v2/03-releasing-90:1:1: E310 tag home/v2/03-releasing-90 is not "
        "recorded on refs/heads/minisvc/home: it was not written by minisvc apply "
        "(services/home/versions/2.yaml)"]


def test_a_tag_moved_on_the_remote_is_caught_against_the_remote(tmp_path: Path,
                                                                run: Run) -> None:
    repo, remote = released_at_50(tmp_path, run)
    other = clone(remote, tmp_path / "other")
    remake(other, "home/v1/01-released")
    git(other, "push", "-q", "--force", "origin", "refs/tags/home/v1/01-released")
    here = git(repo, "rev-parse", "home/v1/01-released").strip()
    there = git(other, "rev-parse", "home/v1/01-released").strip()
    assert run(repo, "verify").exit_code == 0  # this clone still has the original
    result = run(repo, "verify", "--remote", "origin")
    assert result.exit_code == 1
    assert errors(result.output) == [
        f"refs/tags/home/v1/01-released:1:1: E310 tag home/v1/01-released moved: it is tag "
        f"object {here[:12]} here and {there[:12]} on origin ({V1})"]
    fresh = clone(remote, tmp_path / "fresh")  # a CI checkout: the record catches it
    assert errors(run(fresh, "verify").output)[0].startswith(
        "refs/tags/home/v1/01-released:1:1: E310 tag home/v1/01-released moved: "
        "refs/remotes/origin/minisvc/home commit ")


def test_a_rewritten_branch_is_caught(tmp_path: Path, run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    git(repo, "update-ref", "refs/heads/minisvc/home", "minisvc/home~1")
    rewritten = git(repo, "commit-tree", "-p", "minisvc/home", "-m",
                    "rewritten\n\nService: home\nEvents: 2\n", "minisvc/home^{tree}").strip()
    git(repo, "update-ref", "refs/heads/minisvc/home", rewritten)
    result = run(repo, "verify")
    assert result.exit_code == 1
    assert ("refs/heads/minisvc/home:1:1: E310 refs/heads/minisvc/home and "
            "refs/remotes/origin/minisvc/home have diverged: the history of one was "
            "rewritten") in errors(result.output)


def test_unfetched_remote_tags_warn_and_fail_only_with_strict(tmp_path: Path,
                                                              run: Run) -> None:
    repo, remote = released_at_50(tmp_path, run)
    stale = clone(remote, tmp_path / "stale")
    assert run(repo, "release", "home", "--ratio", "80").exit_code == 0
    settle(repo, run, "home v2 to 80%")
    result = run(stale, "verify", "--remote", "origin")
    assert result.exit_code == 0, result.output
    assert errors(result.output) == [
        "refs/heads/minisvc/home:1:1: W310 refs/heads/minisvc/home on origin has commits "
        "this clone has not fetched",
        "refs/tags/home/v2/03-releasing-80:1:1: W310 origin has tag home/v2/03-releasing-80, "
        "which this clone has not fetched"]
    assert run(stale, "verify", "--remote", "origin", "--strict").exit_code == 1


def test_github_and_json_formats(tmp_path: Path, run: Run) -> None:
    repo, _ = released_at_50(tmp_path, run)
    git(repo, "tag", "-d", "home/v2/02-releasing-50")
    github = run(repo, "verify", "--format", "github")
    assert github.exit_code == 1
    assert "::error file=refs/tags/home/v2/02-releasing-50,line=1,col=1,title=E310::tag " \
        "home/v2/02-releasing-50, written by minisvc apply" in github.output
    data = json.loads(run(repo, "verify", "--format", "json").output)
    assert [(f["file"], f["code"], f["severity"]) for f in data] == [
        ("refs/tags/home/v2/02-releasing-50", "E310", "error")]


def test_without_lifecycle_refs_there_is_nothing_to_verify(tmp_path: Path, run: Run) -> None:
    from tests.gitutil import init_sample

    repo = init_sample(tmp_path / "repo")
    result = run(repo, "verify")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == \
        "nothing to verify: the repository has no lifecycle tags"


def test_outside_git_and_an_unreachable_remote_are_clean_errors(tmp_path: Path, repo: Path,
                                                                 run: Run) -> None:
    result = run(repo, "verify")
    assert result.exit_code == 1 and "is not in a git repository" in result.output
    repo2, _ = released_at_50(tmp_path / "git", run)
    result = run(repo2, "verify", "--remote", "nowhere")
    assert result.exit_code == 1
    assert "cannot read the refs of nowhere: fatal:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_verify_of_a_thousand_versions_takes_a_constant_number_of_git_calls(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.commands.test_status import _thousand_versions

    root = tmp_path / "big"
    _thousand_versions(root, branch=False)
    calls = count_git_calls(monkeypatch)
    result = run(root, "verify")
    assert len(calls) <= 6, calls
    assert result.output.splitlines()[0] == "verified 2999 lifecycle tags of 1 service"
    assert errors(result.output) == [  # made by fast-import, not by apply: no branch
        "refs/heads/minisvc/big:1:1: E310 big has lifecycle tags but no branch "
        "refs/heads/minisvc/big records them (deleted, or not fetched)"]
