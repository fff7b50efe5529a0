"""What a client does with the file ``resolve`` names: check its bytes, keep the slides
of the moment. ``answer`` is the reference answer to every case of schema/client-spec/
(docs/rollout.md, section 6): Android, iOS and web clients must give the same.

Pure: the time is a value the caller passes, never read from a clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from .rollout import resolve

_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")


class IntegrityError(ValueError):
    """A file whose bytes are not the ones its manifest names: never shown."""


def parse_instant(text: str) -> dt.datetime:
    """An RFC 3339 time with its offset (``2026-11-01T00:00:00Z``); anything else is a
    ValueError, since a time without an offset means a different instant on each phone."""
    if not _INSTANT.fullmatch(text):
        raise ValueError(f"not an RFC 3339 time with an offset: {text!r}")
    return dt.datetime.fromisoformat(text)


def verified(data: bytes, sha256: str) -> dict[str, Any]:
    """The document in ``data``, if its SHA-256 is the manifest's ``sha256``."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise IntegrityError("the file's sha256 is not the one its manifest names")
    return dict(json.loads(data))


def shown(slide: Mapping[str, Any], now: dt.datetime) -> bool:
    """``start <= now < end``: a slide appears at its start and is gone at its end."""
    start, end = slide.get("start"), slide.get("end")
    return ((start is None or parse_instant(start) <= now)
            and (end is None or now < parse_instant(end)))


def visible_slides(doc: Mapping[str, Any], now: dt.datetime) -> list[str]:
    """The ids of the carousel's slides shown at ``now``, in display order."""
    for section in doc["sections"]:
        if section["type"] == "carousel":
            return [slide["id"] for slide in section["slides"] if shown(slide, now)]
    return []


def answer(manifest: Mapping[str, Any], files: Mapping[str, bytes],
           context: Mapping[str, Any]) -> dict[str, Any] | None:
    """One case of the client conformance suite: the manifest, the bytes of the files it
    names (by path), and the user's context -> what the app shows, or None (nothing is
    published for this user), or ``{"error": ...}`` (``sha256``: the file is not the
    one named; ``user_id``: the id has no UTF-8 form, so it cannot be bucketed)."""
    try:
        res = resolve(manifest, context["user_id"], context.get("email"),
                      context.get("locale") or "", context.get("tester_token"))
    except UnicodeEncodeError:
        return {"error": "user_id"}
    if res is None:
        return None
    try:
        doc = verified(files[res.path], res.sha256)
    except IntegrityError:
        return {"error": "sha256"}
    return {"channel": res.channel.value, "version": res.version, "path": res.path,
            "locale": res.locale, "slides": visible_slides(doc, parse_instant(context["now"]))}
