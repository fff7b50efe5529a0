"""A folder as a publish target (``minisvc publish --to DIR``), and dist/ read as the
source: every write through the atomic writer, so a reader, or a publish killed at any
moment, finds each file whole or absent, and the plan's order does the rest.

A folder keeps no headers: the web server in front of it sets Cache-Control as
docs/workflows.md says (what ``minisvc serve --dist DIR`` does).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError
from ..publish.plan import Listed, Put
from .atomic import write_file

_TEMP = re.compile(r"\.[^/]+\.[0-9a-f]{8}\.tmp")  # the atomic writer's, left by a kill


def read_tree(dist: Path) -> dict[str, bytes]:
    """Every regular file under a built dist/, by relative path (hidden ones left out)."""
    if not (dist / "index.json").is_file():
        raise UserError(f"{dist} is not a built dist/ (no index.json); run `minisvc build`")
    out: dict[str, bytes] = {}
    for path in sorted(dist.rglob("*")):
        rel = path.relative_to(dist).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.is_symlink() or (path.exists() and not path.is_dir() and not path.is_file()):
            raise UserError(f"{path}: not a regular file; dist/ holds only what a build wrote")
        if path.is_file():
            out[rel] = path.read_bytes()
    return out


class FolderStore:
    def __init__(self, root: Path) -> None:
        self.root = root.absolute()
        self.where = str(self.root)
        if self.root.exists() and not self.root.is_dir():
            raise UserError(f"{root} exists and is not a folder")

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if any(p in ("", ".", "..") for p in parts):  # the plan makes no such key
            raise ValueError(f"not a relative key: {key!r}")
        return self.root.joinpath(*parts)

    def recover(self) -> None:
        """Remove the temp files a killed publish left (one publish at a time, as
        release.yml's concurrency group makes it; disk/dist.py's recovery does the same)."""
        if self.root.is_dir():
            for path in self.root.rglob(".*.tmp"):
                if _TEMP.fullmatch(path.name) and path.is_file():
                    path.unlink(missing_ok=True)

    def list(self) -> dict[str, Listed]:
        out: dict[str, Listed] = {}
        if not self.root.is_dir():
            return out
        for path in self.root.rglob("*"):
            if path.is_file() and not path.is_symlink() and not _TEMP.fullmatch(path.name):
                info = path.stat()
                out[path.relative_to(self.root).as_posix()] = Listed(
                    info.st_size, dt.datetime.fromtimestamp(info.st_mtime, dt.UTC))
        return out

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, put: Put) -> None:
        write_file(self._path(put.key), put.data)

    def delete(self, keys: Sequence[str]) -> None:
        for key in keys:
            path = self._path(key)
            path.unlink(missing_ok=True)
            folder = path.parent
            while folder != self.root and not any(folder.iterdir()):
                os.rmdir(folder)
                folder = folder.parent
