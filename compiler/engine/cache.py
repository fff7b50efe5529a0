"""The result cache under ``.minisvc-cache/`` in the repo: derived data, safe to delete.

Entries are JSON (never pickle: loading one must not run code) and are found by a key
that is an HMAC of what they depend on, under a secret kept outside the repository
(``$XDG_CACHE_HOME/minisvc/secret``). A cache folder that came with a checkout, e.g. one
committed in a pull request to make a CI gate pass, therefore never matches: only
entries this user wrote can be read back. Everything is versioned by a fingerprint of
minisvc's own code and the libraries that shape results, so an upgrade starts afresh.

``MINISVC_CACHE=0`` turns the cache off; any problem reading or writing it is a miss.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..disk.atomic import write_file

FOLDER = ".minisvc-cache"
_LIBRARIES = ("minisvc", "pydantic", "pydantic-core", "ruamel.yaml", "PyYAML", "babel", "regex")


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@cache
def fingerprint() -> str:
    """minisvc's code (the models and so the schemas, rules, compiler) and library versions."""
    h = hashlib.blake2b(digest_size=8)
    package = Path(__file__).resolve().parent.parent  # all of compiler/, not engine/ only
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    return h.hexdigest()


def _secret() -> bytes | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "minisvc"
    path = base / "secret"
    try:
        if not path.is_file():  # 0o600: whoever can read it can forge entries
            write_file(path, secrets.token_bytes(32), mode=0o600)
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) >= 16 else None


class Cache:
    """JSON entries by kind ("files", "units") and key; a failed read is just a miss."""

    def __init__(self, folder: Path, secret: bytes) -> None:
        self.folder = folder
        self._secret = secret
        self.used: dict[str, set[str]] = {}

    def key(self, *parts: str) -> str:
        return hmac.new(self._secret, "\0".join(parts).encode(), "blake2b").hexdigest()[:40]

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str) -> Any:
        self.used.setdefault(kind, set()).add(key)
        try:
            return json.loads(self._path(kind, key).read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        self.used.setdefault(kind, set()).add(key)
        path = self._path(kind, key)
        try:
            data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
            write_file(path, data, sync=False)  # derived data: a torn entry is a miss
        except (OSError, ValueError, UnicodeEncodeError):
            pass

    def keep(self, kind: str, keys: Iterable[str]) -> None:
        """Count entries as used (e.g. ones that worker processes read or wrote)."""
        self.used.setdefault(kind, set()).update(keys)

    def prune(self, slack: int = 200) -> None:
        """Drop entries this run did not use once they outnumber the used ones plus slack."""
        for kind, used in self.used.items():
            entries = list((self.folder / kind).glob("*/*.json"))
            if len(entries) <= len(used) * 2 + slack:
                continue
            for entry in entries:
                if entry.stem not in used:
                    entry.unlink(missing_ok=True)


def open_cache(root: Path) -> Cache | None:
    """The repo's cache for this minisvc, or None when it is turned off or unusable."""
    if os.environ.get("MINISVC_CACHE", "1").lower() in ("0", "off", "no", "false"):
        return None
    secret = _secret()
    if secret is None:
        return None
    top = root / FOLDER
    folder = top / fingerprint()
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True)
            (top / ".gitignore").write_text("# minisvc's cache; safe to delete\n*\n")
            for stale in top.iterdir():
                if stale.is_dir() and stale != folder:
                    shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        return None
    return Cache(folder, secret)
