"""The edge to git's content: open the repo, read input files at any commit, history.

The compiler's root (the folder holding services/) may sit below the git work tree; every
path handed back is relative to that root, like :func:`compiler.disk.inputs.read_inputs`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git
else:
    from . import git  # GitPython, imported on first use (see __init__.py)

from ..errors import UserError
from ..model.paths import is_input, version_of
from . import plain
from .plain import FULL_HISTORY, has_git

NO_COMMIT = "the repository has no commit yet; commit the services/ folder first"
REGULAR = ("100644", "100755")  # git's modes of a regular file (the others: links, submodules)


def blob_id(data: bytes) -> bytes:
    """git's object id of a blob holding ``data`` in a SHA-1 repository (in a SHA-256 one
    no id matches, and :meth:`GitRoot.files_like` reads every blob: slower, still right)."""
    h = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    h.update(data)
    return h.digest()


def _unknown(ref: str) -> UserError:
    return UserError(f"unknown git revision {ref!r}; fetch it first "
                     "(e.g. `git fetch origin main`)")


@dataclass
class GitRoot:
    work: Path  # the top of the work tree
    common: Path  # the repository's common directory (refs, objects, `shallow`)
    prefix: str  # the compiler root inside the work tree, "" or "sub/dir/"
    # Commit ids git has named as commits (a commit id never names anything else): asked
    # again, an id is its own answer. Names (HEAD, origin/main) are asked each time.
    commits: set[str] = field(default_factory=set, repr=False, compare=False)

    @cached_property
    def repo(self) -> git.Repo:
        """GitPython's view, opened on first use (reading refs needs only :meth:`output`)."""
        return git.Repo(self.work)

    def output(self, *args: str) -> str:
        """What ``git ARGS`` prints at the top of the work tree, without GitPython."""
        return plain.output(self.work, *args)

    def sha(self, ref: str) -> str:
        """The commit ``ref`` names, in hex, asked of git itself (no GitPython)."""
        if ref in self.commits:
            return ref
        try:
            found = self.output("rev-parse", "--verify", "--quiet", "--end-of-options",
                                f"{ref}^{{commit}}").strip()
        except plain.GitFailed:
            if ref == "HEAD" and not self.output("rev-list", "-n", "1", "--all"):
                raise UserError(NO_COMMIT) from None
            raise _unknown(ref) from None
        self.commits.add(found)
        return found

    def rev(self, ref: str) -> git.Commit:
        """GitPython's commit ``ref`` names, for a walk of its tree."""
        try:
            return self.repo.commit(ref)
        except (git.BadName, ValueError, git.GitCommandError):
            raise _unknown(ref) from None

    def files_at(self, ref: str) -> dict[str, bytes]:
        """Bytes of every input file at ``ref``, like the working tree's read_inputs."""
        return {rel: blob.data_stream.read() for rel, blob in self._blobs(ref)}

    def files_like(self, ref: str, head: Mapping[str, bytes]) -> dict[str, bytes]:
        """What :meth:`files_at` returns, reading from git only the blobs that differ from
        ``head`` (compared by git's own blob id): a one-file PR reads one blob, and the
        rest are ``head``'s own bytes objects, so nothing is copied."""
        files = {}
        for rel, blob in self._blobs(ref):
            raw = head.get(rel)
            if raw is not None and blob_id(raw) == blob.binsha:
                files[rel] = raw
            else:
                files[rel] = blob.data_stream.read()
        return files

    def _blobs(self, ref: str) -> Iterator[tuple[str, git.Blob]]:
        """The input files at ``ref``: regular files only. A link (mode 120000: its blob
        is the target's path, not the content) is skipped, as read_inputs refuses one in
        the work tree (E121), so base and head are judged alike: neither holds the file.
        A linked services/ or service folder is a link too, so nothing under it counts."""
        commit = self.rev(ref)
        try:
            tree = commit.tree / f"{self.prefix}services"
        except KeyError:
            return
        if not isinstance(tree, git.Tree):  # services/ itself a link (a blob) or a file
            return
        for item in tree.traverse():
            if not isinstance(item, git.Blob) or item.mode not in (0o100644, 0o100755):
                continue  # a link (0o120000), a submodule (0o160000)
            rel = str(item.path)[len(self.prefix):]
            if is_input(rel) or rel.endswith(".yml"):
                yield rel, item

    def entries(self, ref: str) -> dict[str, str]:
        """Every path under services/ at ``ref`` with git's id for it, from one
        ``git ls-tree`` (no blob is read): a regular file's blob id in hex, anything else
        (a link, a submodule) ``MODE:ID``, so that two entries are equal only when git
        holds the same thing. What the diff-sized gate compares trees by."""
        out = plain.run(self.work, "ls-tree", "-r", "-z", "--full-tree", self.sha(ref), "--",
                        f"{self.prefix}services")
        found = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, _kind, oid = meta.decode().split(" ")
            path = name.decode("utf-8", "surrogateescape")
            if path.startswith(self.prefix):
                found[path[len(self.prefix):]] = oid if mode in REGULAR else f"{mode}:{oid}"
        return found

    def work_tree_changes(self) -> set[str]:
        """Paths under services/ where the work tree or the index is not HEAD: modified,
        deleted, added, untracked or ignored. git answers from its index's file stats
        (and reads the files whose stats it cannot trust: in a fresh clone, those written
        in the second the index was), so its answer is exact."""
        from .early import work_tree_changes_later  # early builds on this module

        return work_tree_changes_later(self.work / self.prefix)(self)

    def blob(self, oid: str) -> bytes:
        """The bytes of the blob ``oid`` (hex), read through git's object store."""
        return self.blobs([oid])[oid]

    def blobs(self, oids: Iterable[str]) -> dict[str, bytes]:
        """The bytes of each blob of ``oids`` (hex), read by one git process."""
        return plain.blobs(self.work, oids)

    def file_at(self, ref: str, rel: str) -> bytes | None:
        """One input file at ``ref`` (None when absent or not a regular file), as
        :meth:`files_at` would give it, without walking the tree."""
        try:
            item = self.rev(ref).tree / f"{self.prefix}{rel}"
        except KeyError:
            return None
        if not isinstance(item, git.Blob) or item.mode not in (0o100644, 0o100755):
            return None
        data: bytes = item.data_stream.read()
        return data

    def files_naming(self, needles: Collection[str], refs: Collection[str]) -> set[str]:
        """Root-relative paths under services/ of the files at any of ``refs`` that hold
        one of ``needles`` (fixed strings), from one ``git grep`` over those trees."""
        if not needles or not refs:
            return set()
        shas = [self.sha(ref) for ref in refs]
        args = ["-l", "-z", "-F", "-a"]
        for needle in needles:
            args += ["-e", needle]
        try:
            out = plain.run(self.work, "grep", *args, *shas, "--", f"{self.prefix}services")
        except plain.GitFailed as exc:
            if exc.status == 1:  # nothing matched
                return set()
            raise
        found = set()
        for hit in out.split(b"\0"):
            path = hit[41:].decode("utf-8", "surrogateescape")  # "<sha>:<path>"
            if hit and path.startswith(self.prefix):
                found.add(path[len(self.prefix):])
        return found

    def merge_base(self, ref: str) -> str:
        """The commit where HEAD forked from ``ref``: a PR compared as GitHub shows it."""
        return self.fork_point(ref)[1]

    def fork_point(self, ref: str) -> tuple[str, str, str]:
        """The commits of ``ref``, of :meth:`merge_base` and of HEAD, from three git calls."""
        theirs, mine = self.sha(ref), self.sha("HEAD")
        try:
            fork = self.output("merge-base", theirs, mine).strip()
        except plain.GitFailed as exc:
            if exc.status != 1:  # 1: no common ancestor
                raise
            raise UserError(f"HEAD and {ref!r} share no history; fetch the full history "
                            "(actions/checkout with fetch-depth: 0)") from None
        self.commits.add(fork)
        return theirs, fork, mine

    def numbers_in_history(self, ref: str,
                           services: Collection[str] | None = None) -> dict[str, set[int]]:
        """Every version number that ever had a file in the history of ``ref``, including
        a file a merge commit added and one that lived only on a merged side branch
        (of ``services`` only, when given)."""
        commit = self.sha(ref)
        where = [f"{self.prefix}services"] if services is None else \
            [f":(literal){self.prefix}services/{sid}/versions" for sid in sorted(services)]
        # Every file any commit held is named by one: merges show their diff against their
        # first parent (plain `git log` shows none, so a file the merge itself added was
        # missed); --full-history walks a side branch even when the merge is TREESAME to
        # main under the pathspec (a Draft added and deleted there, a `merge -s ours`);
        # --root shows the first commit's files. Flags, not the user's log.diffMerges and
        # log.showRoot settings, decide. (--diff-merges needs git 2.31 or newer.)
        out = self.output("log", "--full-history", "--diff-merges=first-parent", "--root",
                          "--format=", "--name-only", "--diff-filter=A", "--no-renames",
                          commit, "--", *where) if where else ""
        found: dict[str, set[int]] = {}
        for line in out.splitlines():
            version = version_of(line[len(self.prefix):]) if line.startswith(self.prefix) \
                else None
            if version is not None:
                found.setdefault(version[0], set()).add(version[1])
        return found

    def ref_names(self) -> list[str]:
        """Every ref (branches, remote-tracking branches, tags)."""
        return self.output("for-each-ref", "--format=%(refname)").splitlines()

    def version_paths_in_history(self, service: str) -> list[str]:
        """Root-relative paths of the service's version files in any commit reachable from
        any ref (a deleted Draft, a Draft on a colleague's branch, a file a merge added);
        none in a repo with no commit yet."""
        try:
            # the flags of numbers_in_history: merges and merged side branches count
            out = self.output("log", "--all", "--full-history", "--diff-merges=first-parent",
                              "--root", "--no-renames", "--format=", "--name-only",
                              "--", f"{self.prefix}services/{service}/versions/")
        except plain.GitFailed:
            return []
        return [line[len(self.prefix):] for line in out.splitlines()
                if line.startswith(self.prefix)]

    def dirty_inputs(self) -> list[str]:
        """Uncommitted changes under services/ (apply records refs for a commit)."""
        out = self.output("status", "--porcelain", "--untracked-files=all", "--",
                          f"{self.prefix}services")
        return [line[3:] for line in out.splitlines() if line.strip()]

    def head(self) -> git.Commit:
        try:
            return self.repo.head.commit
        except ValueError:
            raise UserError(NO_COMMIT) from None


def open_root(root: Path, *, history: bool = True) -> GitRoot:
    """The repository ``root`` is in. ``history``: the command reads history (version
    numbers ever used, merge bases, ancestry), so a shallow clone, which would answer
    wrongly and silently, is refused with the fix."""
    work, common = plain.locate(root)
    if history and plain.is_shallow(common):
        raise UserError(f"{work} is a shallow clone, and this command reads the "
                        f"repository's history and lifecycle refs; {FULL_HISTORY}")
    rel = root.resolve().relative_to(work.resolve()).as_posix()
    return GitRoot(work, common, "" if rel == "." else rel + "/")


def open_root_if_any(root: Path) -> GitRoot | None:
    """:func:`open_root` (history needed), or None outside a git work tree: the authoring
    commands also work in a plain folder, where no ref or history can have used a number."""
    return open_root(root) if has_git(root) else None
