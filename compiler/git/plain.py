"""git without GitPython: where a work tree is, one command's output, how it was cloned.

GitPython costs ~40 ms to import, more than the rest of `validate` on the sample. A
command that only reads the lifecycle record (validate, build, preview, status) asks git
itself through these, and :class:`compiler.git.tree.GitRoot` opens GitPython only when
a method that needs its objects runs.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..errors import UserError

FULL_HISTORY = ("fetch the whole history with the lifecycle tags and branches: "
                "`git fetch --tags --unshallow origin '+refs/heads/*:refs/remotes/origin/*'` "
                "(GitHub Actions: actions/checkout with `fetch-depth: 0`)")


class GitFailed(UserError):
    """A git command exited non-zero; ``status`` is its exit code, ``stderr`` its words."""

    def __init__(self, args: tuple[str, ...], where: Path, status: int, stderr: str) -> None:
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        super().__init__(f"`git {' '.join(args[:1])}` failed in {where}: "
                         f"{lines[-1] if lines else f'exit status {status}'}")
        self.status = status
        self.stderr = stderr


def run(where: Path, *args: str, given: bytes | None = None) -> bytes:
    """The bytes ``git ARGS`` prints in ``where``, ``given`` on its standard input. Never
    takes the index lock: these are reads."""
    try:
        done = subprocess.run(["git", *args], cwd=where, input=given,
                              stdin=subprocess.DEVNULL if given is None else None,
                              capture_output=True, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except OSError as exc:  # no git on PATH, or no such folder
        raise UserError(f"could not run git in {where}: {exc}") from None
    if done.returncode:
        raise GitFailed(args, where, done.returncode, done.stderr.decode(errors="replace"))
    return done.stdout


def output(where: Path, *args: str) -> str:
    """What ``git ARGS`` prints in ``where`` (text; UTF-8, undecodable bytes kept as
    surrogates)."""
    return run(where, *args).decode("utf-8", "surrogateescape")


def blobs(where: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each blob of ``oids`` (hex ids), from one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    out = run(where, "cat-file", "--batch", given="".join(f"{oid}\n" for oid in wanted).encode())
    found: dict[str, bytes] = {}
    at = 0
    for oid in wanted:  # each answer: "<oid> <type> <size>\n<content>\n", or "<oid> missing"
        end = out.index(b"\n", at)
        header = out[at:end].decode().split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise UserError(f"git holds no blob {oid} in {where} ({' '.join(header[1:])}); "
                            "fetch the commits the command compares")
        size = int(header[2])
        found[oid] = out[end + 1:end + 1 + size]
        at = end + 2 + size
    return found


def locate(root: Path) -> tuple[Path, Path]:
    """The work tree ``root`` is in (git searches its parents) and the repository's
    common directory (a linked worktree's too), or a UserError that says how to fix it."""
    try:
        bare, inside, common, *cdup = output(root, "rev-parse", "--is-bare-repository",
                                             "--is-inside-work-tree", "--git-common-dir",
                                             "--show-cdup").split("\n")
    except GitFailed:
        raise UserError(f"{root} is not in a git repository; this command reads git refs "
                        "(run `git init` and commit services/ first)") from None
    if bare == "true":
        raise UserError(f"{root} is in a bare repository; run minisvc in a clone")
    if inside != "true":
        raise UserError(f"{root} is inside a repository's git folder, not its work tree; "
                        "run minisvc in the work tree")
    return (root / (cdup[0] if cdup else "")).resolve(), root / common


def is_shallow(common: Path) -> bool:
    """A clone made with --depth (actions/checkout's default): history is cut off."""
    return (common / "shallow").exists()


def partial_clone(work: Path, common: Path) -> str | None:
    """Why this clone may lack lifecycle refs that its remotes have (shallow, no tags,
    one branch only), or None when it fetches everything."""
    if is_shallow(common):
        return "it is a shallow clone"
    try:  # every remote.<name>.<key> of every config file git reads, in git's order
        out = output(work, "config", "-z", "--get-regexp", r"^remote\.")
    except GitFailed as exc:
        if exc.status == 1:  # no remote at all
            return None
        raise
    remotes: dict[str, dict[str, list[str]]] = {}
    for entry in filter(None, out.split("\0")):
        key, _, value = entry.partition("\n")
        name, _, var = key[len("remote."):].rpartition(".")  # a name may hold dots
        remotes.setdefault(name, {}).setdefault(var.lower(), []).append(value)
    for name, values in remotes.items():
        if values.get("tagopt", [""])[-1] == "--no-tags":
            return f"it does not fetch tags from {name}"
        if f"+refs/heads/*:refs/remotes/{name}/*" not in values.get("fetch", []):
            return f"it fetches only some branches of {name}"
    return None
