"""What the PR gate asks git before the core is imported, answered beside the imports.

`check` spends most of a one-file PR's time importing the core (pydantic's models, the
YAML readers). The first questions it has for git depend on nothing the core computes:
what the work tree changed since HEAD, and the commits and trees of base, of the fork
point and of HEAD. So they are asked first, by a git process and a thread of their own,
and the gate waits only for what is left when its imports end. Each function returns the
means to wait for its answer; an error is raised there, when the answer is asked.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from . import plain
from .tree import GitRoot, open_root


def work_tree_changes_later(root: Path) -> Callable[[GitRoot], set[str]]:
    """:meth:`GitRoot.work_tree_changes` of ``root``, asked now of git beside the caller
    (started before the core is imported, its stat and a fresh clone's read of files cost
    the caller nothing); the function returned waits for it, given the repo.

    In a fresh clone git must read every file written in the second its index was (its
    timestamps are by the second): at 4x up to half a second, on one core. So the service
    folders are split between two git processes, one for each core: the first half by
    name, and everything else under services/ (shared files, the other half, whatever
    appears meanwhile)."""
    try:
        folders = sorted(entry.name for entry in os.scandir(root / "services"))
    except OSError:  # no services/ folder: git says what there is
        folders = []
    first = folders[:len(folders) // 2]
    half = [f":(literal)services/{name}" for name in first]
    rest = ["services", *(f":(exclude,literal)services/{name}" for name in first)]
    try:
        procs = [subprocess.Popen(  # a read: never take the index lock
            ["git", "status", "--porcelain", "-z", "--untracked-files=all", "--ignored",
             "--no-renames", "--", *specs], cwd=root, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}) for specs in (half, rest) if specs]
    except OSError as exc:  # no git, or no such folder: said when the answer is asked
        failed = exc

        def unanswered(git_root: GitRoot) -> set[str]:
            raise UserError(f"`git status` could not start in {root}: {failed}")

        return unanswered

    def answer(git_root: GitRoot) -> set[str]:
        prefix = git_root.prefix  # git gives paths from the top of the work tree
        changed: set[str] = set()
        for proc in procs:
            out, err = proc.communicate()
            if proc.returncode:
                why = err.decode(errors="replace").strip()
                raise UserError(f"`git status` failed in {root}: {why}")
            changed.update(path[len(prefix):] for path in
                           (entry[3:].decode("utf-8", "surrogateescape")
                            for entry in out.split(b"\0") if entry)
                           if path.startswith(prefix))
        return changed

    return answer


@dataclass
class Fork:
    """The committed side of a PR: the repository, the commits of base, of the merge base
    and of HEAD (:meth:`GitRoot.fork_point`), and, when asked for, each one's entries
    (:meth:`GitRoot.entries`, by commit)."""

    root: GitRoot
    commits: tuple[str, str, str]
    entries: dict[str, dict[str, str]]


def fork_of(git_root: GitRoot, base: str, trees: bool) -> Fork:
    """:class:`Fork` of ``git_root`` against ``base``, asked now; ``trees``: the entries too
    (base is often the fork point: listed once)."""
    commits = git_root.fork_point(base)
    entries = {commit: git_root.entries(commit)
               for commit in dict.fromkeys(commits)} if trees else {}
    return Fork(git_root, commits, entries)


def fork_later(root: Path, base: str, trees: bool) -> Callable[[], Fork]:
    """:func:`fork_of` the repository ``root`` is in, asked of git now by a thread."""
    return plain.later(lambda: fork_of(open_root(root), base, trees))
