"""What one publish uploads, in which order (pure): a built dist/ and what the target
holds in, the uploads out.

The order is the consistency argument. Every per-locale file a manifest names goes
first (content-addressed, so uploading it again is harmless and changes nothing a
client sees); then, per service, the publish log's entries and the manifest; the index
last. A client that reads any manifest at any moment, even one a killed run left, finds
every file it names: those were all uploaded before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..errors import UserError
from ..model.outputs import Manifest
from .retention import Entry, entry_key, named

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
JSON = "application/json; charset=utf-8"
LOG_CACHE = "no-store"
INDEX = "index.json"
FILE = re.compile(r"([A-Za-z0-9_-]{1,64})/v[1-9][0-9]*/[A-Za-z0-9-]+\.([0-9a-f]{32})\.json")
MANIFEST = re.compile(r"([A-Za-z0-9_-]{1,64})/manifest\.json")


@dataclass(frozen=True)
class Listed:
    """One object at the target: its size and when it was last written."""

    size: int
    modified: dt.datetime


@dataclass(frozen=True)
class Put:
    key: str
    data: bytes
    cache_control: str
    content_type: str = JSON


@dataclass(frozen=True)
class Source:
    """A built dist/, checked: its manifests (bytes and data), the files they name."""

    manifests: dict[str, tuple[bytes, dict[str, Any]]]
    files: dict[str, bytes]
    index: bytes
    unnamed: list[str]


@dataclass
class Plan:
    files: list[Put] = field(default_factory=list)
    manifests: list[list[Put]] = field(default_factory=list)
    index: Put | None = None
    present: int = 0
    left: list[str] = field(default_factory=list)

    def uploads(self) -> int:
        return len(self.files) + len(self.manifests) + (self.index is not None)


class PublishError(UserError):
    """A dist/ that must not reach phones, or a target that cannot take it."""


def check_source(files: Mapping[str, bytes], allow_public_testers: bool) -> Source:
    """The dist/ to publish, refused unless every manifest is format 2 and every file it
    names is there with the bytes its name and its sha256 say."""
    if INDEX not in files:
        raise PublishError("no index.json: not a dist/ that `minisvc build` wrote")
    manifests: dict[str, tuple[bytes, dict[str, Any]]] = {}
    wanted: dict[str, bytes] = {}
    for rel in sorted(files):
        m = MANIFEST.fullmatch(rel)
        if m is None:
            continue
        data = _manifest(rel, files[rel])
        testing = data.get("testing")
        if testing and testing["public_token_key"] is not None and not allow_public_testers:
            raise PublishError(
                f"{rel}: v{testing['version']}'s testers are hashed with the public "
                "development key, so anyone with a list of addresses can tell who tests; "
                "build with MINISVC_TESTER_KEY set (docs/rollout.md section 4), or pass "
                "--allow-public-testers")
        for path, sha in named(data).items():
            key = f"{m[1]}/{path}"
            body = files.get(key)
            if body is None:
                raise PublishError(f"{rel} names {path}, which dist/ lacks; rebuild it")
            digest, shape = hashlib.sha256(body).hexdigest(), FILE.fullmatch(key)
            if digest != sha or shape is None or not digest.startswith(shape[2]):
                raise PublishError(f"{key}: its bytes are not the ones {rel} names; rebuild")
            wanted[key] = body
        manifests[m[1]] = (files[rel], data)
    try:
        listed = json.loads(files[INDEX])["services"]
    except (ValueError, KeyError, TypeError):
        listed = None
    if listed != sorted(manifests):
        raise PublishError(f"index.json lists {listed!r}, dist/ has manifests of "
                           f"{sorted(manifests)}; rebuild with `minisvc build`")
    unnamed = sorted(set(files) - set(wanted) - {INDEX} - {f"{s}/manifest.json"
                                                           for s in manifests})
    return Source(manifests, wanted, files[INDEX], unnamed)


def _manifest(rel: str, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
        Manifest.model_validate(data)
    except ValueError as exc:  # JSON and pydantic's ValidationError alike
        detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise PublishError(f"{rel}: not a format 2 manifest ({detail}); rebuild with "
                           "`minisvc build`") from None
    return dict(data)


def plan(source: Source, listed: Mapping[str, Listed], current: Mapping[str, bytes],
         index: bytes | None, newest: Mapping[str, str], now: dt.datetime) -> Plan:
    """The uploads that bring the target to ``source``.

    ``current``: the manifests the target serves now, by service, and ``index`` its
    index.json; ``newest``: the hash of each service's newest publish-log entry. Before
    a manifest is replaced, the log gets an entry for the one it replaces (unless the
    newest entry is that one already: a target another tool filled, or a run killed
    between an entry and its manifest) and one for the new manifest, so the log says
    from when to when each was served.
    """
    out = Plan()
    for key, body in sorted(source.files.items()):
        there = listed.get(key)
        if there is not None and there.size == len(body):
            out.present += 1
        else:
            out.files.append(Put(key, body, IMMUTABLE))
    tick = 0
    for sid, (raw, _data) in sorted(source.manifests.items()):
        served = current.get(sid)
        if served == raw:
            continue
        steps = []
        if served is not None and newest.get(sid) != Entry.hash_of(served):
            steps.append(Put(entry_key(sid, now, tick, served), served, LOG_CACHE))
            tick += 1
        steps.append(Put(entry_key(sid, now, tick, raw), raw, LOG_CACHE))
        tick += 1
        steps.append(Put(f"{sid}/manifest.json", raw, SHORT))
        out.manifests.append(steps)
    out.left = sorted(f"{sid}/manifest.json" for sid in current if sid not in source.manifests)
    if index != source.index:
        out.index = Put(INDEX, source.index, SHORT)
    return out
