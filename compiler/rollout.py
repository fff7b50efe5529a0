"""Who gets which version: tester hashes and bucketing groups (see docs/rollout.md)."""

from __future__ import annotations

import hashlib


def default_group(service: str, version: int) -> str:
    return f"{service}/v{version}"


def tester_salt(service: str, version: int) -> str:
    """Deterministic, so identical input gives byte-identical output; published beside
    the hashes, so a client can hash the signed-in user's email the same way."""
    return hashlib.sha256(f"minisvc-testers:{service}/v{version}".encode()).hexdigest()[:32]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def tester_hash(email: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{normalize_email(email)}".encode()).hexdigest()
