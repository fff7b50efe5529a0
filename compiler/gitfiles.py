"""The edge to git for readers: the input files as they are at any commit.

``project.assemble`` is pure over ``{path: bytes}``, so the same loader reads the
working tree and, through this module, the target branch of a pull request.
"""

from __future__ import annotations

from pathlib import Path

import git

from .project import is_input
from .workspace import UserError


def _repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UserError(f"{root} is not inside a git repository; comparing with a ref "
                        "needs one (run `git init`, or compare two version numbers)") from None


def _commit(repo: git.Repo, ref: str) -> git.Commit:
    try:
        return repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError):
        raise UserError(f"unknown git ref {ref!r}; fetch it first (in CI: actions/checkout "
                        "with fetch-depth: 0) or name a branch, tag or commit") from None


def merge_base(root: Path, ref: str) -> str:
    """The commit where HEAD forked from ``ref``: a PR compared as GitHub shows it."""
    repo = _repo(root)
    ours, theirs = _commit(repo, "HEAD"), _commit(repo, ref)
    bases = repo.merge_base(theirs, ours)
    if not bases or not isinstance(bases[0], git.Commit):
        raise UserError(f"HEAD and {ref!r} share no history; fetch the full history "
                        "(actions/checkout with fetch-depth: 0)")
    return bases[0].hexsha


def input_files_at(root: Path, ref: str) -> dict[str, bytes]:
    """Bytes of every input file at ``ref``, by path relative to ``root``."""
    repo = _repo(root)
    commit = _commit(repo, ref)
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        tree = commit.tree / f"{prefix}services"
    except KeyError:
        return {}
    files: dict[str, bytes] = {}
    for item in tree.traverse():
        if not isinstance(item, git.Blob) or item.mode == git.Blob.link_mode:
            continue
        rel = str(item.path)[len(prefix):]
        if is_input(rel) or rel.endswith(".yml"):
            files[rel] = item.data_stream.read()
    return files
