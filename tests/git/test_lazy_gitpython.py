"""GitPython (~40 ms to import) runs only when a command needs git's objects: reading the
lifecycle record, as validate, build and status do in every checkout, asks git itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.test_record_trust import NOT_RECORDED, forge_release_of_v2
from tests.conftest import Run, copy_sample
from tests.gitutil import bootstrapped, clone, init_sample, isolated_git  # noqa: F401
from tests.mainprobe import after_main


def probe(repo: Path, *args: str) -> tuple[dict[str, object], str]:
    return after_main(repo, *args, report='{"GitPython": "git" in sys.modules}')


def test_validate_outside_git_never_executes_gitpython(tmp_path: Path) -> None:
    assert probe(copy_sample(tmp_path / "plain"), "validate")[0] == {"code": 0,
                                                                     "GitPython": False}


@pytest.mark.parametrize("args", [("validate",), ("status", "home"), ("build",)])
def test_the_record_is_read_in_every_checkout_without_gitpython(
        tmp_path: Path, run: Run, args: tuple[str, ...]) -> None:
    """A bootstrapped repository, a fresh clone of it, and a checkout with no lifecycle
    refs (whose remotes are asked how they fetch) are answered; a clone with a
    hand-pushed tag is refused, so the record was read, all by git alone."""
    repo, remote = bootstrapped(tmp_path, run)
    fresh = init_sample(tmp_path / "fresh")
    for where in (repo, clone(remote, tmp_path / "clone"), fresh):
        seen, said = probe(where, *args)
        assert seen == {"code": 0, "GitPython": False}, said
    forge_release_of_v2(repo)
    seen, said = probe(clone(remote, tmp_path / "forged"), *args)
    assert seen == {"code": 1, "GitPython": False}, said
    assert NOT_RECORDED in said


def test_the_gate_of_a_one_file_draft_pr_runs_without_gitpython(tmp_path: Path,
                                                                 run: Run) -> None:
    """`check --base` in a fresh CI clone of a PR editing one Draft: merge base, trees,
    blobs, the record and the numbers history are all asked of git itself (GitPython's
    import was a tenth of the gate); the PR's error is still found, so files were read."""
    from tests.commands.test_gate_team import edit_draft_v3
    from tests.gitutil import git

    _, remote = bootstrapped(tmp_path, run)
    author = clone(remote, tmp_path / "author")
    git(author, "checkout", "-q", "-b", "pr")
    edit_draft_v3(author)
    git(author, "commit", "-q", "-am", "a word in home v3")
    git(author, "push", "-q", "origin", "pr")
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "-b", "pr", str(remote), str(ci))
    seen, said = probe(ci, "check", "--base", "origin/main")
    assert seen == {"code": 0, "GitPython": False}, said
    path = ci / "services/home/versions/3.yaml"
    path.write_text(path.read_text().replace('app_id: "3000000000000002"',
                                             'app_id: "3999999999999999"'))
    git(ci, "commit", "-q", "-am", "an app the catalog does not hold")
    seen, said = probe(ci, "check", "--base", "origin/main")
    assert seen == {"code": 1, "GitPython": False}, said
    assert "services/home/versions/3.yaml:" in said and "3999999999999999" in said
