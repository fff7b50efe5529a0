"""The backend's tester-token key, read from MINISVC_TESTER_KEY (docs/rollout.md, section 4).

The release job and the super app's backend hold it; nothing else does. Without it a
build publishes the public development key, and anyone with a list of addresses can
tell which of them test a version.
"""

from __future__ import annotations

import os

from ..errors import UserError

VARIABLE = "MINISVC_TESTER_KEY"
MIN_BYTES = 32


def tester_key() -> bytes | None:
    """The key's bytes, None when the variable is unset or empty (a development build)."""
    raw = os.environ.get(VARIABLE, "").strip()
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        raise UserError(f"{VARIABLE} is not hexadecimal; make a key with "
                        "`openssl rand -hex 32`") from None
    if len(key) < MIN_BYTES:
        raise UserError(f"{VARIABLE} has {len(key)} bytes; use at least {MIN_BYTES} "
                        "(`openssl rand -hex 32`)")
    return key
