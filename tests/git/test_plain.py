"""git without GitPython: where the work tree is, one command's output, how the clone
fetches (tests/git/test_lazy_gitpython.py: the record is read with these alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import UserError
from compiler.git.plain import GitFailed, blobs, locate, output, partial_clone
from compiler.git.tree import NO_COMMIT, blob_id, open_root
from tests.gitutil import commit_all, git, isolated_git  # noqa: F401


def _repo(path: Path) -> Path:
    (path / "services").mkdir(parents=True)
    (path / "services" / "catalog.yaml").write_text("apps: []\n", encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    commit_all(path, "services")
    return path


def test_the_work_tree_is_found_from_a_folder_below_it_and_from_a_linked_worktree(
        tmp_path: Path) -> None:
    top = _repo(tmp_path / "mono")
    (top / "ops" / "page").mkdir(parents=True)
    work, common = locate(top / "ops" / "page")
    assert work.resolve() == top.resolve()
    assert common.resolve() == (top / ".git").resolve()
    assert open_root(top / "ops" / "page").prefix == "ops/page/"
    git(top, "worktree", "add", "-q", str(tmp_path / "linked"))
    work, common = locate(tmp_path / "linked")
    assert work.resolve() == (tmp_path / "linked").resolve()
    assert common.resolve() == (top / ".git").resolve()  # refs and `shallow` live there


def test_a_plain_folder_and_a_bare_repository_are_user_errors(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(UserError, match="is not in a git repository; .*git init"):
        locate(tmp_path / "plain")
    git(tmp_path, "init", "-q", "--bare", "bare.git")
    with pytest.raises(UserError, match="is in a bare repository; run minisvc in a clone"):
        locate(tmp_path / "bare.git")
    top = _repo(tmp_path / "repo")
    with pytest.raises(UserError, match="inside a repository's git folder, not its work tree"):
        locate(top / ".git")


def test_a_failing_command_says_what_git_said_and_keeps_its_status(tmp_path: Path) -> None:
    top = _repo(tmp_path / "repo")
    with pytest.raises(GitFailed, match=r"`git cat-file` failed in .*repo: .*no-such-ref") as e:
        output(top, "cat-file", "-p", "no-such-ref")
    assert e.value.status == 128
    assert output(top, "rev-parse", "--abbrev-ref", "HEAD") == "main\n"


@pytest.mark.parametrize(("how", "why"), [
    ((), None),
    (("--no-tags",), "it does not fetch tags from origin"),
    (("--single-branch",), "it fetches only some branches of origin"),
    (("--depth", "1"), "it is a shallow clone"),
])
def test_a_clone_that_may_lack_refs_says_why(tmp_path: Path, how: tuple[str, ...],
                                              why: str | None) -> None:
    top = _repo(tmp_path / "repo")
    git(top, "checkout", "-q", "-b", "other")
    git(tmp_path, "clone", "-q", *how, f"file://{top}", "copy")
    work, common = locate(tmp_path / "copy")
    assert partial_clone(work, common) == why


def test_every_remote_counts_whatever_its_name(tmp_path: Path) -> None:
    """A remote's name may hold dots (`team.mirror`): its keys are remote.team.mirror.*."""
    top = _repo(tmp_path / "repo")
    work, common = locate(top)
    assert partial_clone(work, common) is None  # no remote at all
    git(top, "remote", "add", "team.mirror", str(tmp_path / "elsewhere.git"))
    assert partial_clone(work, common) is None
    git(top, "config", "remote.team.mirror.tagopt", "--no-tags")
    assert partial_clone(work, common) == "it does not fetch tags from team.mirror"
    git(top, "config", "--unset", "remote.team.mirror.tagopt")
    git(top, "config", "--replace-all", "remote.team.mirror.fetch",
        "+refs/heads/main:refs/remotes/team.mirror/main")
    assert partial_clone(work, common) == "it fetches only some branches of team.mirror"


def test_blobs_come_back_byte_for_byte_from_one_git_process(tmp_path: Path) -> None:
    """Contents that look like cat-file's own framing (newlines, a header line, NUL,
    nothing at all) are cut by size, not by line; an id asked twice is read once."""
    repo = _repo(tmp_path / "r")
    contents = [b"", b"\n", b"a\n\nb", b"x" * 70_000, b"0" * 40 + b" blob 3\nabc\n\0\xff"]
    for i, data in enumerate(contents):
        (repo / "services" / f"f{i}.yaml").write_bytes(data)
    commit_all(repo, "blobs")
    oids = [blob_id(data).hex() for data in contents]
    assert blobs(repo, [*oids, oids[2]]) == dict(zip(oids, contents, strict=True))
    assert blobs(repo, []) == {}
    with pytest.raises(UserError, match=f"git holds no blob {'1' * 40} .*missing.*fetch"):
        blobs(repo, [oids[0], "1" * 40])


def test_revisions_merge_bases_and_an_empty_repository_are_said_plainly(
        tmp_path: Path) -> None:
    repo = open_root(_repo(tmp_path / "r"))
    assert repo.sha("HEAD") == git(repo.work, "rev-parse", "HEAD").strip()
    assert repo.sha("main~0") == repo.sha("HEAD")
    for bad in ("nope", "--all", "HEAD:services"):  # not a commit, an option, a tree path
        with pytest.raises(UserError, match=f"unknown git revision {bad!r}; fetch it"):
            repo.sha(bad)
    git(repo.work, "checkout", "-q", "--orphan", "other")
    git(repo.work, "commit", "-q", "--allow-empty", "-m", "unrelated")
    with pytest.raises(UserError, match="HEAD and 'main' share no history; fetch the full"):
        repo.merge_base("main")
    git(repo.work, "checkout", "-q", "main")
    assert repo.merge_base("main") == repo.sha("HEAD")
    (tmp_path / "empty").mkdir()
    git(tmp_path / "empty", "init", "-q")
    with pytest.raises(UserError, match=NO_COMMIT):
        open_root(tmp_path / "empty").sha("HEAD")
