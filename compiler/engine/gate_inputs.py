"""What the PR gate reads: only the files of the services a PR can affect.

``check --base`` judges the merge result (:func:`compiler.commands.check.merge_result`)
of the services :mod:`.affected` names. Which ones that is comes from git's ids, not from
the files: one ``git ls-tree`` each of base, the fork point and HEAD, and ``git status``
for what the work tree changed since HEAD (answered from the index, no file read). Only
then are files read: the shared ones (directly in services/) and those of the affected
services, from the work tree, and from git the base and fork blobs that differ. So a
one-file PR reads one service folder, whatever the size of the repository.

A PR that changes a catalog entry reaches the services whose files name it (or hold a
backslash, which could spell it with an escape), found by one ``git grep`` of base and
HEAD. Anything else shared (services/freeze.yaml, a new file directly in services/, a
link, a catalog that does not parse) reads and judges everything, as ``check --full``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..disk.inputs import read_inputs
from ..git.early import Fork, fork_of
from ..git.tree import GitRoot, blob_id
from ..model.findings import Finding
from ..model.paths import CATALOG, is_input
from .affected import changed_apps


@dataclass
class GateInputs:
    work_tree: dict[str, bytes]
    problems: list[Finding]  # read_inputs' problems (E120, E121) of what was read
    base: dict[str, bytes]
    forked: dict[str, bytes]  # at the merge base: where the PR started
    only: set[str] | None  # the services read; None: all of them
    git: GitRoot
    base_commit: str  # the commit base named when it was read
    base_ids: dict[str, str] = field(default_factory=dict)  # when ``only`` is a set

    def hold_with(self, dirty: Collection[str]) -> bool:
        """Whether these inputs, read as if the work tree were HEAD, hold for a work tree
        that changed ``dirty``: the services they read came from the work tree anyway."""
        return self.only is None or all(_service_of(p) in self.only for p in dirty)

    def at_base(self, paths: Iterable[str]) -> dict[str, bytes]:
        """Base's bytes of some files outside ``only`` (those the merge leaves as base has
        them): the frozen files the record's digests are checked against."""
        ids = {path: self.base_ids[path] for path in paths
               if ":" not in self.base_ids.get(path, ":")}
        held = self.git.blobs(ids.values())
        return {path: held[oid] for path, oid in ids.items()}


def read_for_gate(root: Path, git_root: GitRoot, base: str, full: bool,
                  dirty: Collection[str], early: Fork | None = None) -> GateInputs:
    """The inputs ``check --base`` judges: all of them for ``full`` or a shared change.
    ``dirty``: the paths the work tree changed since HEAD (``GitRoot.work_tree_changes``);
    ``early``: :func:`compiler.git.early.fork_of` ``git_root`` (with trees unless
    ``full``), when already asked."""
    known = early or fork_of(git_root, base, trees=not full)
    base_id, fork, head_id = known.commits
    trees = None if full else tuple(known.entries[commit] for commit in known.commits)
    scope = None if trees is None else _scope(root, git_root, (base_id, head_id), dirty,
                                              *trees)
    work_tree, problems = read_inputs(root, scope)
    if scope is None or trees is None:
        return GateInputs(work_tree, problems, git_root.files_like(base_id, work_tree),
                          git_root.files_like(fork, work_tree), None, git_root, base_id)
    ids = {path: blob_id(raw).hex() for path, raw in work_tree.items()}
    wanted = {*scope, None}

    scoped = [{path: oid for path, oid in entries.items()
               if ":" not in oid and _service_of(path) in wanted and _read(path)}
              for entries in trees[:2]]
    held = git_root.blobs(oid for tree in scoped for path, oid in tree.items()
                          if ids.get(path) != oid)  # one git process for base and fork

    def like(entries: dict[str, str]) -> dict[str, bytes]:
        """The scoped input files of a tree: the work tree's bytes where they are git's."""
        return {path: work_tree[path] if ids.get(path) == oid else held[oid]
                for path, oid in entries.items()}

    return GateInputs(work_tree, problems, like(scoped[0]), like(scoped[1]), scope, git_root,
                      base_id, trees[0])


def _scope(root: Path, git_root: GitRoot, commits: tuple[str, str], dirty: Collection[str],
           base_ids: dict[str, str],
           fork_ids: dict[str, str], head_ids: dict[str, str]) -> set[str] | None:
    """The services the merge result differs from base in (and those the work tree
    changed), or None when a shared change reaches every service. ``commits``: base's
    and HEAD's."""
    work_ids = dict(head_ids)
    touched: set[str] = set()  # services the work tree changed since HEAD: read, judged
    disk: dict[str, bytes] = {}  # shared files the work tree changed, as it has them
    for path in dirty:
        service = _service_of(path)
        if service is not None:
            touched.add(service)
            continue
        file = root / path
        if file.is_symlink() or file.exists() and not file.is_file():
            return None
        work_ids.pop(path, None)
        if file.is_file():
            disk[path] = file.read_bytes()
            work_ids[path] = blob_id(disk[path]).hex()
    scope = set(touched)
    catalog: str | None = None  # the merged catalog's id, when the PR changes it
    for path in base_ids.keys() | fork_ids.keys() | work_ids.keys():
        service, was = _service_of(path), base_ids.get(path)
        if service in touched:
            continue
        mine = work_ids.get(path)
        merged = mine if mine != fork_ids.get(path) else was
        if merged == was or not (_read(path) or ":" in f"{merged}{was}"):
            continue
        if service is not None:
            scope.add(service)
        elif path != CATALOG or ":" in f"{merged}":
            return None
        else:
            catalog = merged or ""
    if catalog is not None:
        old = git_root.blob(base_ids[CATALOG]) if CATALOG in base_ids else None
        new = None if not catalog else disk[CATALOG] if CATALOG in disk and \
            work_ids[CATALOG] == catalog else git_root.blob(catalog)
        apps = changed_apps(old, new)
        if apps is None:
            return None
        hits = git_root.files_naming([*sorted(apps), "\\"], commits) if apps else ()
        scope |= {service for service in map(_service_of, hits) if service is not None}
    return scope


def _service_of(path: str) -> str | None:
    """The service folder a root-relative path is in; None for a shared path."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "services" else None


def _read(path: str) -> bool:
    """Whether the compiler reads the file (what ``GitRoot.files_like`` yields)."""
    return is_input(path) or path.endswith(".yml")
