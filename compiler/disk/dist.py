"""The edge to the disk for dist/: write a whole output tree and swap it in atomically."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from .. import crashpoints
from ..errors import UserError
from .rename_exchange import exchange


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` as the whole of ``out``, swapped in only once complete.

    The new tree is written beside ``out`` and swapped with it in one system call, so a
    reader, or a process killed at any moment, finds the old tree or the new one; a
    half-written sibling left by a killed run is removed next time. ``out`` stays a plain
    folder (no symlink), for any reader and for CI's artifact uploads.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = _make_staging(out)
    try:
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            crashpoints.reached("dist: file written")
        crashpoints.reached("dist: staged")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_tree_if_changed(out: Path, files: Mapping[str, bytes]) -> bool:
    """:func:`write_tree`, unless ``out`` already holds exactly ``files``; True if written.

    A no-op build then leaves dist/ (and its timestamps, and whatever syncs it) alone.
    """
    out = out.absolute()
    _recover(out)
    if out.is_dir():
        present = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if not p.is_dir()}
        if present.keys() == files.keys() and all(
                p.is_file() and not p.is_symlink() and p.read_bytes() == files[rel]
                for rel, p in present.items()):
            return False
    write_tree(out, files)
    return True


def check_replaceable(out: Path) -> None:
    """Refuse an output folder that is neither new, empty nor a previous build output.

    The commands call it before :func:`write_tree` for a folder a person names (`--out`):
    `--out services` or `--out .` would otherwise swap the sources, or the whole
    repository with its .git, for the build.
    """
    if not _replaceable(out.absolute()):
        raise UserError(f"{out} exists and is not a minisvc build output (it has no "
                        "index.json); refusing to replace it: pick a new or empty folder")


def _replaceable(out: Path) -> bool:
    if not out.exists():
        return True
    if not out.is_dir() or out.is_symlink():
        return False
    index = out / "index.json"  # every build writes it; sources and repositories have none
    return not any(out.iterdir()) or (index.is_file() and not index.is_symlink())


def _make_staging(out: Path) -> Path:
    """An empty folder beside ``out``, made as ``mkdir`` makes one (0o777 less the umask).

    Not ``tempfile.mkdtemp``: its 0o700 would become dist/'s own mode at the swap, and a
    web server or a CDN sync run as another user could not read dist/ any more.
    """
    while True:
        staging = out.parent / f".{out.name}.new-{secrets.token_hex(4)}"
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if exchange(new, out):
        crashpoints.reached("dist: swapped")
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old tree
        return
    # No atomic exchange here (not Linux, or NFS): for an instant there is no ``out``;
    # a run killed in that instant is finished by the next one (_recover).
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)
    crashpoints.reached("dist: old moved aside")
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Finish or undo a swap that a killed process left half done."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        os.rename(old, out)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
