"""The lifecycle record is read through the same checks `verify` makes, by every command:
hand-made tags, a deleted branch, a shallow clone and the gaps a killed push leaves are
refused (or mended from what git holds), never answered from. Real repos, bare remote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.lifecycle.events import Event, Kind
from compiler.lifecycle.frozen_guard import digest
from compiler.lifecycle.refscheme import tag_message
from tests.conftest import Run, snapshot
from tests.gitutil import (
    bootstrapped,
    clone,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    refs,
    settle,
)

V2 = "services/home/versions/2.yaml"
FORGED = "home/v2/02-released"
NOT_RECORDED = (f"refs/tags/{FORGED}:1:1: E310 tag {FORGED} is not recorded on "
                "refs/heads/minisvc/home: it was not written by minisvc apply")


def forge_release_of_v2(repo: Path) -> None:
    """A well-formed annotated tag saying home v2 is Released, pushed by hand: the right
    name, trailers and digest; only the service branch does not know it."""
    head = git(repo, "rev-parse", "HEAD").strip()
    message = tag_message(Event("home", 2, 2, Kind.RELEASED,
                                digest=digest((repo / V2).read_bytes()),
                                actor="Mallory <mallory@example.com>",
                                time="2026-12-01T00:00:00Z", commit=head))
    git(repo, "tag", "-a", FORGED, "-m", message.rstrip("\n"), head)
    git(repo, "push", "-q", "origin", f"refs/tags/{FORGED}")


@pytest.fixture
def forged(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    """A fresh CI clone of a remote someone pushed the forged tag to."""
    repo, remote = bootstrapped(tmp_path, run)
    forge_release_of_v2(repo)
    return clone(remote, tmp_path / "ci"), remote


@pytest.mark.parametrize("args", [("status",), ("status", "home", "--format", "json"),
                                  ("history", "home"), ("validate",), ("plan",),
                                  ("build",), ("check", "--base", "origin/main"),
                                  ("apply", "--push", "origin"),
                                  ("preview", "home", "--offline")])
def test_a_hand_pushed_tag_is_refused_by_every_command(forged: tuple[Path, Path], run: Run,
                                                       args: tuple[str, ...]) -> None:
    ci, remote = forged
    before = (refs(ci), refs(remote), snapshot(ci))
    result = run(ci, *args)
    assert result.exit_code == 1, result.output
    assert NOT_RECORDED in result.output
    assert "Released" not in result.output.replace(FORGED, "")  # no status read from it
    assert (refs(ci), refs(remote), snapshot(ci)) == before


def test_a_pr_onto_a_forged_record_is_stopped_at_the_gate_and_at_apply(
        forged: tuple[Path, Path], run: Run, tmp_path: Path) -> None:
    """End to end: an operator's PR after the forgery; the gate and the merge's apply
    both refuse, and the remote's record stays as it was."""
    ci, remote = forged
    dev = clone(remote, tmp_path / "dev")
    git(dev, "checkout", "-q", "-b", "title")
    refused = run(dev, "title", "set", "home", "--locale", "en-US", "Services")
    assert refused.exit_code == 1 and NOT_RECORDED in refused.output  # no edit on it either
    with (dev / "services/home/versions/3.yaml").open("a") as draft:
        draft.write("# reviewed\n")  # the same edit by hand
    commit_all(dev, "retitle v3")
    gate = run(dev, "check", "--base", "origin/main")
    assert gate.exit_code == 1 and NOT_RECORDED in gate.output
    git(dev, "push", "-q", "origin", "title:main")
    git(ci, "pull", "-q", "origin", "main")
    before = refs(remote)
    applied = run(ci, "apply", "--push", "origin")
    assert applied.exit_code == 1 and NOT_RECORDED in applied.output
    assert "apply stopped: no ref, file or dist/ was changed" in applied.output
    assert refs(remote) == before


def test_a_deleted_lifecycle_branch_stops_everything_until_restored(tmp_path: Path,
                                                                   run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    kept = git(repo, "rev-parse", "refs/heads/minisvc/home").strip()
    git(repo, "push", "-q", "origin", "--delete", "minisvc/home")
    ci = clone(remote, tmp_path / "ci")
    for args in (("apply", "--push", "origin"), ("status",), ("plan",)):
        result = run(ci, *args)
        assert result.exit_code == 1, args
        assert ("refs/heads/minisvc/home:1:1: E310 home has lifecycle tags but no branch "
                "refs/heads/minisvc/home records them (deleted, or not fetched)") \
            in result.output
    assert "refs/heads/minisvc/home" not in refs(remote)  # never rebuilt from scratch
    # docs/lifecycle.md: restore it from a clone that still has it
    git(repo, "push", "-q", "origin", "refs/heads/minisvc/home:refs/heads/minisvc/home")
    fresh = clone(remote, tmp_path / "fresh")
    assert run(fresh, "status").exit_code == 0
    assert "nothing to do" in run(fresh, "apply", "--push", "origin").output
    assert refs(remote)["refs/heads/minisvc/home"] == kept


def test_apply_in_a_clone_that_has_the_branch_puts_it_back(tmp_path: Path, run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    kept = git(repo, "rev-parse", "refs/heads/minisvc/home").strip()
    git(repo, "push", "-q", "origin", "--delete", "minisvc/home")
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 0, result.output
    assert "pushed to origin what an earlier apply left here only: heads/minisvc/home" \
        in result.output
    assert refs(remote)["refs/heads/minisvc/home"] == kept


@pytest.mark.parametrize("args", [("status",), ("history", "home"), ("plan",),
                                  ("check", "--base", "origin/main"),
                                  ("apply", "--push", "origin"), ("verify",),
                                  ("new", "home")])
def test_a_shallow_clone_is_refused_with_the_fix(tmp_path: Path, run: Run,
                                                 args: tuple[str, ...]) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    (repo / "README.md").write_text("later\n")
    commit_all(repo, "a later commit: the lifecycle tags are behind the tip now")
    git(repo, "push", "-q", "origin", "main")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{remote}", str(shallow))
    before = snapshot(shallow)
    result = run(shallow, *args)
    assert result.exit_code == 1, result.output
    assert "shallow clone" in result.output
    assert "fetch-depth: 0" in result.output and "git fetch --tags --unshallow" in result.output
    assert snapshot(shallow) == before
    git(shallow, "fetch", "-q", "--tags", "--unshallow", "origin",
        "+refs/heads/*:refs/remotes/origin/*")
    if args[0] == "status":
        fixed = json.loads(run(shallow, "status", "home", "--format", "json").output)
        assert fixed["versions"][:2] == [{"version": 1, "status": "released"},
                                         {"version": 2, "status": "releasing"}]


def test_validate_and_build_in_a_shallow_clone_say_what_they_assume(tmp_path: Path,
                                                                    run: Run) -> None:
    """What needs no history still works (a shallow checkout of the sample), but says
    that statuses come from release.yaml because lifecycle refs may not be fetched."""
    repo, remote = bootstrapped(tmp_path, run)
    git(repo, "push", "-q", "origin", "--delete", "minisvc/home", "minisvc/wallet")
    for tag in git(repo, "tag", "-l").split():
        git(repo, "push", "-q", "origin", "--delete", f"refs/tags/{tag}")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{remote}", str(shallow))
    for args in (("validate",), ("build",)):
        result = run(shallow, *args)
        assert result.exit_code == 0, result.output
        assert ("note: statuses from release.yaml only: this clone has no lifecycle refs, "
                "but it is a shallow clone") in result.output


def full_release(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    """home v2 released (v1 archived), applied and pushed."""
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "100").exit_code == 0
    settle(repo, run, "home v2 released")
    git(repo, "push", "-q", "origin", "main")
    return repo, remote


def test_a_tag_a_killed_push_lost_is_restored_and_never_two_released(tmp_path: Path,
                                                                     run: Run) -> None:
    """A kill during `git push` can move the branch while a tag never arrives. Before,
    status then showed v1 and v2 Released at once; now the record is refused until
    apply restores the tag from the very object the branch recorded."""
    repo, remote = full_release(tmp_path, run)
    lost = "home/v1/02-archived"
    obj = refs(repo)[f"refs/tags/{lost}"]
    git(repo, "tag", "-d", lost)
    git(repo, "push", "-q", "origin", "--delete", f"refs/tags/{lost}")
    status = run(repo, "status", "home")
    assert status.exit_code == 1
    assert f"refs/tags/{lost}:1:1: E310 tag {lost}, written by minisvc apply" in status.output
    assert status.output.count("Released") == 0
    ci = tmp_path / "ci"  # over file://: only what the remote's refs reach, as on a host
    git(tmp_path, "clone", "-q", f"file://{remote}", str(ci))
    fresh = run(ci, "apply", "--push", "origin")
    assert fresh.exit_code == 1 and f"E310 tag {lost}, written by minisvc apply" in fresh.output
    mended = run(repo, "apply", "--push", "origin")
    assert mended.exit_code == 0, mended.output
    assert f"restored 1 lifecycle tag the service branches record, from this clone's tag " \
           f"objects: {lost}" in mended.output
    assert refs(repo)[f"refs/tags/{lost}"] == refs(remote)[f"refs/tags/{lost}"] == obj
    shown = json.loads(run(repo, "status", "home", "--format", "json").output)["versions"]
    assert [v["status"] for v in shown].count("released") == 1


def test_a_tag_only_this_clone_has_is_pushed_by_the_next_apply(tmp_path: Path,
                                                               run: Run) -> None:
    repo, remote = full_release(tmp_path, run)
    lost = "home/v2/02-released"
    git(repo, "push", "-q", "origin", "--delete", f"refs/tags/{lost}")
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 0, result.output
    assert f"pushed to origin what an earlier apply left here only: {lost}" in result.output
    assert refs(remote)[f"refs/tags/{lost}"] == refs(repo)[f"refs/tags/{lost}"]
    assert run(repo, "verify", "--remote", "origin").exit_code == 0


def test_a_stale_lock_is_named_with_the_command_that_clears_it(tmp_path: Path,
                                                               run: Run) -> None:
    repo, remote = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "50").exit_code == 0
    commit_all(repo, "home to 50%")
    lock = remote / "refs/tags/home/v2/02-releasing-50.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("")
    before = (refs(repo), refs(remote))
    result = run(repo, "apply", "--push", "origin")
    assert result.exit_code == 1
    assert (f"push to origin failed, nothing was changed: {lock} exists, a lock a killed git "
            "process left behind") in result.output
    assert f"(`rm '{lock}'`) and run `minisvc apply` again" in result.output
    assert (refs(repo), refs(remote)) == before
    lock.unlink()
    assert run(repo, "apply", "--push", "origin").exit_code == 0
    assert "refs/tags/home/v2/02-releasing-50" in refs(remote)
