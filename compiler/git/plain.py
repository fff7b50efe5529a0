"""git without GitPython: where a work tree is, one command's output, how it was cloned.

GitPython costs ~40 ms to import, more than the rest of `validate` on the sample. A
command that only reads the lifecycle record (validate, build, preview, status) asks git
itself through these, and :class:`compiler.git.tree.GitRoot` opens GitPython only when
a method that needs its objects runs.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

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


LOCATE = ("rev-parse", "--is-bare-repository", "--is-inside-work-tree", "--git-common-dir",
          "--show-cdup")
# The one command that reads the lifecycle record (compiler/git/refs.py `read`): every
# tag and every service branch, here and on the remotes, each with its message.
RECORD_REFS = ("for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)%00"
               "%(*objectname)%00%(contents)%1e", "refs/tags", "refs/heads/minisvc",
               "refs/remotes/*/minisvc/*")
REMOTES = ("config", "-z", "--get-regexp", r"^remote\.")  # how each remote fetches

T = TypeVar("T")
Answers = dict[tuple[Path, tuple[str, ...]], bytes | GitFailed]
# Answers of git commands asked before the command needed them (:func:`record_early`),
# by (folder, arguments): each goes to the first :func:`run` asking exactly that.
_early: list[Callable[[], Answers]] = []


def later(ask: Callable[[], T]) -> Callable[[], T]:
    """``ask()``, run now by a thread (git runs while the caller imports; the thread holds
    the interpreter only to read git's output). The function returned waits for it and
    gives its answer, or raises its error in the caller's thread."""
    answers: list[T | Exception] = []

    def run_it() -> None:
        try:
            answers.append(ask())
        except Exception as exc:  # raised where the answer is asked
            answers.append(exc)

    thread = threading.Thread(target=run_it, name="minisvc-early", daemon=True)
    thread.start()

    def answer() -> T:
        thread.join()
        if isinstance(answers[0], Exception):
            raise answers[0]
        return answers[0]

    return answer


def has_git(root: Path) -> bool:
    """Cheap test (no git process) for whether ``root`` is inside a git work tree."""
    return any((p / ".git").exists() for p in (root, *root.parents))


@contextmanager
def record_early(root: Path) -> Iterator[None]:
    """Within this block, what reading the lifecycle record asks git first (where the work
    tree is, the record's refs, how the remotes fetch) is asked now, by a thread, while
    the caller imports the core; the block's git calls are handed those answers, each
    once. Only for commands that read refs and never move them: an answer may be older
    than the call it answers (by the imports' time, as a read a moment earlier would)."""
    if not has_git(root):  # a plain folder: no record to read
        yield
        return

    def ask() -> Answers:
        answers: Answers = {}
        try:
            answers[(root, LOCATE)] = out = _answer(root, LOCATE)
            if isinstance(out, bytes):
                work, _ = _located(root, out.decode("utf-8", "surrogateescape"))
                for args in (RECORD_REFS, REMOTES):
                    answers[(work, args)] = _answer(work, args)
        except UserError:  # no git, or not a work tree: said when the command asks in turn
            pass
        return answers

    asked = later(ask)
    _early.append(asked)
    try:
        yield
    finally:
        asked()
        _early.remove(asked)


def _answer(where: Path, args: tuple[str, ...]) -> bytes | GitFailed:
    try:
        return _run(where, *args)
    except GitFailed as failed:
        return failed


def run(where: Path, *args: str, given: bytes | None = None) -> bytes:
    """The bytes ``git ARGS`` prints in ``where``, ``given`` on its standard input. Never
    takes the index lock: these are reads."""
    if given is None:
        for asked in _early:
            found = asked().pop((where, args), None)
            if isinstance(found, GitFailed):
                raise found
            if found is not None:
                return found
    return _run(where, *args, given=given)


def _run(where: Path, *args: str, given: bytes | None = None) -> bytes:
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
        out = output(root, *LOCATE)
    except GitFailed:
        raise UserError(f"{root} is not in a git repository; this command reads git refs "
                        "(run `git init` and commit services/ first)") from None
    return _located(root, out)


def _located(root: Path, out: str) -> tuple[Path, Path]:
    """:func:`locate` from :data:`LOCATE`'s answer in ``root``."""
    bare, inside, common, *cdup = out.split("\n")
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
        out = output(work, *REMOTES)
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
