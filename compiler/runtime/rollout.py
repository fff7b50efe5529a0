"""Who gets which version: tester hashes, sticky buckets and resolution (docs/rollout.md).

Pure: a manifest (the dict that ``compile.manifest`` builds) and a user in, a decision
out. Every client platform must reach the same decision, so each step here is specified
byte for byte in docs/rollout.md and pinned by schema/bucketing-vectors.json.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mmh3

from .locales import served_locale

BUCKETS = 10_000
"""Buckets are 1..10000, so a ratio moves in steps of 0.01 percent."""

SEED = 0
"""The murmur3 seed of Unleash's gradual rollout (its variants use another one)."""


def default_group(service: str, version: int) -> str:
    return f"{service}/v{version}"


PUBLIC_TOKEN_KEY = "e1bb576cac4586c46209acbe8ef1bcbf839d8c8adf351d90209b56807566f622"
"""The tester-token key of a build made without the backend's key (MINISVC_TESTER_KEY):
published in the manifest, so anyone can compute tokens. For development only
(docs/rollout.md section 4); `minisvc publish` refuses it unless told otherwise."""


def tester_salt(service: str, version: int) -> str:
    """Deterministic, so identical input gives byte-identical output; published beside
    the entries. It makes one tester's entries differ between versions, so two manifests
    do not show who tested both."""
    return hashlib.sha256(f"minisvc-testers:{service}/v{version}".encode()).hexdigest()[:32]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def tester_token(key: bytes, email: str) -> str:
    """What the super app's backend gives a signed-in user: HMAC-SHA256 of the
    normalized email under a key only the backend (and the release job) holds. Without
    the key, a list of addresses cannot be turned into tokens."""
    return hmac.new(key, normalize_email(email).encode(), hashlib.sha256).hexdigest()


def tester_entry(salt: str, token: str) -> str:
    """The manifest lists these: SHA-256 of ``<salt>:<token>``, so a token matches only
    the version whose salt it is hashed with."""
    return hashlib.sha256(f"{salt}:{token}".encode()).hexdigest()


def user_token(testing: Mapping[str, Any], email: str | None,
               token: str | None) -> str | None:
    """The token to look for: the one the backend issued, else one computed from the
    email where the manifest publishes its key (a development build)."""
    if token:
        return token
    public = testing.get("public_token_key")
    return tester_token(bytes.fromhex(public), email) if public and email else None


def bucket_hash(group: str, user_id: str) -> int:
    """murmur3_x86_32 of the UTF-8 bytes of ``<group>:<user_id>``, seed 0, unsigned.

    The user id is hashed exactly as given: no trimming, case folding or Unicode
    normalization. A string that is not valid Unicode (a lone surrogate) has no UTF-8
    form and raises ``UnicodeEncodeError`` (a ``ValueError``).
    """
    return mmh3.hash(f"{group}:{user_id}".encode(), SEED, signed=False)


def bucket(group: str, user_id: str) -> int:
    """The user's sticky bucket in ``group``, 1..10000 (Unleash's normalized hash)."""
    return bucket_hash(group, user_id) % BUCKETS + 1


def threshold(ratio: float) -> int:
    """The highest bucket inside ``ratio`` percent: rounded, since 0.29 * 100 is
    28.999999999999996 in binary floating point and truncating would lose a bucket."""
    return min(BUCKETS, max(0, round(ratio * 100)))


def in_rollout(group: str, user_id: str, ratio: float) -> bool:
    """Whether the user gets a version released to ``ratio`` percent of users.

    Monotonic: the set for a higher ratio contains the set for a lower one. An empty
    user id (a signed-out user) is never inside: one shared bucket would move every
    anonymous user at once.
    """
    return user_id != "" and bucket(group, user_id) <= threshold(ratio)


class Channel(enum.StrEnum):
    TESTING = "testing"
    RELEASING = "releasing"
    RELEASED = "released"


@dataclass(frozen=True)
class Resolution:
    """The file one user loads: ``path`` is relative to the manifest
    (``v2/en-US.<hash>.json``)."""

    version: int
    channel: Channel
    path: str
    locale: str
    sha256: str


def resolve(manifest: Mapping[str, Any], user_id: str, email: str | None,
            locale: str, token: str | None = None) -> Resolution | None:
    """Tester -> Testing version; in bucket -> Releasing; else Released; else None.

    A tester is known by ``token`` (the backend's tester token for the signed-in user),
    or by ``email`` where the manifest publishes its token key. ``locale`` is what the
    app asks for (a BCP 47 tag, any case, ``_`` or ``-``); the answer is the published
    locale that the fallback chain reaches first.
    """
    testing = manifest.get("testing")
    found = testing and user_token(testing, email, token)
    if testing and found and tester_entry(testing["salt"], found) in testing["testers"]:
        return _file(manifest, testing, Channel.TESTING, locale)
    releasing = manifest.get("releasing")
    if releasing and in_rollout(releasing["group"], user_id, releasing["ratio"]):
        return _file(manifest, releasing, Channel.RELEASING, locale)
    released = manifest.get("released")
    if released:
        return _file(manifest, released, Channel.RELEASED, locale)
    return None


def _file(manifest: Mapping[str, Any], entry: Mapping[str, Any], channel: Channel,
          requested: str) -> Resolution:
    files: Mapping[str, Mapping[str, str]] = entry["files"]
    fallbacks = tuple((k, tuple(v)) for k, v in manifest["fallbacks"].items())
    # a version is published in the locales its title is written in (build's
    # served_locales), so negotiation is among this version's files, not all the service's
    published = tuple(locale for locale in manifest["locales"] if locale in files)
    chosen = served_locale(requested, published, manifest["default_locale"], fallbacks)
    if chosen not in files:  # the default locale is always built; a hand-made manifest
        chosen = manifest["default_locale"] if manifest["default_locale"] in files \
            else min(files)
    return Resolution(entry["version"], channel, files[chosen]["path"], chosen,
                      files[chosen]["sha256"])
