"""schema/bucketing-vectors.json: the cases every client's bucketing must reproduce.

Written by ``minisvc schema`` (and checked by ``minisvc schema --check``) beside the JSON
Schemas, since it is part of the same contract. Generated, never random: the same code
gives the same bytes. The hand-picked ids are the ones client implementations get wrong
(UTF-8 of non-ASCII and emoji, murmur3 tail lengths, NUL, case, whitespace, Unicode
normalization forms); the generated ones give volume.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from .rollout import BUCKETS, SEED, bucket, bucket_hash, threshold

GROUPS = ["home/v2", "wallet/v3", "home/v17", "spring-promo", "a", "ns:group.v_2-x", "G" * 128]

TRICKY_IDS = [
    # lengths 0..9: every murmur3 tail (length mod 4) and an empty key tail
    "", "1", "42", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "123456789",
    # exactly as given: no trimming, no case folding
    "user-1", "User-1", "USER-1", " user-1", "user-1 ", "user-1\n", "\t", "\u0000",
    "a\u0000b",
    # ids that are numbers elsewhere: always the decimal string (beyond 2^53 in JS)
    "0", "007", "9007199254740993", "18446744073709551615", "-1", "1e3",
    # Latin with diacritics, in NFC and NFD: different bytes, different buckets
    "José", "Jose\u0301", "Müller", "Mu\u0308ller", "straße", "STRASSE",
    "İstanbul", "ıi", "Å\u212b", "ﬁle",
    # other scripts, right-to-left included
    "Ωμέγα", "Привет", "שלום", "مرحبا", "سلام‌علیکم", "नमस्ते", "ภาษาไทย", "tiếng Việt",
    "日本語", "用户", "用戶", "사용자", "ᄀᄀ",
    # 4-byte UTF-8 (surrogate pairs in UTF-16 platforms: JS, Kotlin, Swift's utf16 view)
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇭🇰", "🏳️‍🌈", "a😀b", "😀😀😀😀", "𐍈", "𠮷野家",
    # invisible and special code points
    "\u200b", "\ufeffbom", "\u00a0nbsp", "\u202eevil", "\uffff", "\U0010ffff",
    # long keys (many 4-byte blocks)
    "x" * 1000, "用" * 300, "id-用户-😀-" * 40,
    # typical id shapes
    "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "device:android:8f14e45fceea167a",
    "u_1234567890", "user@host",
]

# Code points for generated ids: ASCII, Latin-1, Greek, Cyrillic, Hebrew, Arabic, Thai,
# CJK, Hangul, emoji; no surrogates, which have no UTF-8 form.
_POOL = [chr(c) for c in (*range(0x20, 0x7F), *range(0xC0, 0x100), *range(0x391, 0x3CA),
                          *range(0x410, 0x450), *range(0x5D0, 0x5EB), *range(0x627, 0x64B),
                          *range(0xE01, 0xE3A), *range(0x4E00, 0x4E40),
                          *range(0xAC00, 0xAC20), *range(0x1F600, 0x1F640))]


def _stream(label: str, n: int) -> bytes:
    """Deterministic bytes: sha256 in counter mode."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"minisvc-vectors:{label}:{counter}".encode()).digest()
        counter += 1
    return out[:n]


def generated_ids() -> list[str]:
    uuids = [str(uuid.UUID(bytes=_stream(f"uuid{i}", 16), version=4)) for i in range(60)]
    numbers = [str(int.from_bytes(_stream(f"num{i}", 8)) >> (i % 40)) for i in range(40)]
    mixed = []
    for i in range(60):
        raw = _stream(f"mixed{i}", 64)
        length = 1 + raw[0] % 24
        mixed.append("".join(_POOL[int.from_bytes(raw[1 + 2 * j:3 + 2 * j]) % len(_POOL)]
                             for j in range(length)))
    return uuids + numbers + mixed


def vectors() -> list[dict[str, Any]]:
    cases = [(group, uid) for i, uid in enumerate(TRICKY_IDS)
             for group in (GROUPS[0], GROUPS[1 + i % (len(GROUPS) - 1)])]
    cases += [(GROUPS[i % len(GROUPS)], uid) for i, uid in enumerate(generated_ids())]
    return [{"group": group, "user_id": uid, "user_id_utf8_hex": uid.encode().hex(),
             "hash": bucket_hash(group, uid), "bucket": bucket(group, uid)}
            for group, uid in cases]


RATIOS = [0.01, 0.07, 0.29, 0.57, 1, 1.1, 2.3, 4.35, 12.5, 20, 33.33, 50, 57.7, 99.99, 100]


def document() -> dict[str, Any]:
    return {
        "description": "Bucketing test vectors for minisvc clients; see docs/rollout.md.",
        "algorithm": {
            "input": "UTF-8 bytes of <group> + ':' + <user_id>, user_id exactly as given",
            "hash": "murmur3_x86_32",
            "seed": SEED,
            "unsigned": True,
            "bucket": f"hash % {BUCKETS} + 1",
            "in_releasing": "user_id != '' and bucket <= round(ratio * 100)",
        },
        "thresholds": [{"ratio": r, "max_bucket": threshold(r)} for r in RATIOS],
        "vectors": vectors(),
    }


def render() -> bytes:
    """ASCII JSON (non-ASCII ids as \\u escapes), one vector per line, for review diffs."""
    doc = document()
    head = {k: v for k, v in doc.items() if not isinstance(v, list)}
    parts = [json.dumps(head, indent=2)[:-2]]
    for key in ("thresholds", "vectors"):
        rows = ",\n".join("    " + json.dumps(row) for row in doc[key])
        parts.append(f'  "{key}": [\n{rows}\n  ]')
    return (",\n".join(parts) + "\n}\n").encode()
