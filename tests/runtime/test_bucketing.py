"""Sticky bucketing: the documented formula, its references, shares and monotonicity."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from UnleashClient.utils import normalized_hash
from yggdrasil_engine.engine import UnleashEngine

from compiler.runtime.bucketing_vectors import render
from compiler.runtime.rollout import bucket, bucket_hash, in_rollout, threshold
from tests.conftest import ROOT
from tests.murmur3_reference import murmur3_x86_32

VECTORS: dict[str, Any] = json.loads((ROOT / "schema" / "bucketing-vectors.json").read_text())
# any code point that has a UTF-8 form (surrogates do not)
UNICODE = st.characters(exclude_categories=("Cs",))


def random_ids(n: int, seed: int) -> list[str]:
    """Numeric, uuid-like and random-Unicode ids, reproducible."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 3 == 0:
            out.append(str(rng.getrandbits(63)))
        elif i % 3 == 1:
            out.append(f"{rng.getrandbits(128):032x}")
        else:
            out.append("".join(chr(rng.choice((rng.randrange(0x20, 0xD800),
                                                rng.randrange(0xE000, 0x110000))))
                               for _ in range(rng.randrange(1, 12))))
    return out


def reference_bucket(group: str, user_id: str) -> int:
    return murmur3_x86_32(f"{group}:{user_id}".encode()) % 10000 + 1


def test_bucket_of_10000_random_users_equals_both_references() -> None:
    groups = ["home/v2", "wallet/v7", "spring-promo"]
    for i, uid in enumerate(random_ids(10_000, seed=1)):
        group = groups[i % 3]
        expected = reference_bucket(group, uid)
        assert bucket(group, uid) == expected, (group, uid)
        assert normalized_hash(uid, group, normalizer=10000) == expected, (group, uid)


def test_unleash_published_example() -> None:
    # Unleash's client specification: user "123" in group "gr1" is at 73 of 100
    assert normalized_hash("123", "gr1") == 73
    assert (bucket("gr1", "123") - 1) % 100 + 1 == 73


def test_vectors_file_is_the_generated_one() -> None:
    assert (ROOT / "schema" / "bucketing-vectors.json").read_bytes() == render()


def test_vectors_cover_what_clients_get_wrong() -> None:
    ids = [v["user_id"] for v in VECTORS["vectors"]]
    assert len(ids) >= 200
    assert "" in ids
    assert any(any(ord(c) > 0xFFFF for c in i) for i in ids)  # emoji: 4 UTF-8 bytes
    assert any(any(0x80 <= ord(c) <= 0xFFFF for c in i) for i in ids)
    assert {len(i.encode()) % 4 for i in ids} == {0, 1, 2, 3}  # every murmur3 tail
    assert "Jos\u00e9" in ids and "Jose\u0301" in ids  # NFC and NFD differ


def test_every_vector_matches_implementation_and_references() -> None:
    for v in VECTORS["vectors"]:
        group, uid = v["group"], v["user_id"]
        assert uid.encode().hex() == v["user_id_utf8_hex"]
        assert bucket_hash(group, uid) == murmur3_x86_32(f"{group}:{uid}".encode()) == v["hash"]
        assert bucket(group, uid) == v["bucket"] == v["hash"] % 10000 + 1
        assert normalized_hash(uid, group, normalizer=10000) == v["bucket"]


def test_unleash_engine_buckets_vectors_the_same_at_whole_percents() -> None:
    """Unleash's own rollout (its Rust engine, normalizer 100) sees the same hash of the
    same UTF-8 bytes: it enables a user at P percent exactly when (bucket-1) % 100 < P."""
    cases = [v for v in VECTORS["vectors"] if v["user_id"]]
    features = []
    for group in sorted({v["group"] for v in cases}):
        for percent in range(101):
            features.append({"name": f"{group}@{percent}", "enabled": True, "strategies": [{
                "name": "flexibleRollout",
                "parameters": {"rollout": str(percent), "stickiness": "userId",
                               "groupId": group}}]})
    engine = UnleashEngine()
    engine.take_state(json.dumps({"version": 2, "features": features}))
    for v in cases:
        percent = (v["bucket"] - 1) % 100 + 1
        at = engine.is_enabled(f"{v['group']}@{percent}", {"userId": v["user_id"]})
        below = engine.is_enabled(f"{v['group']}@{percent - 1}", {"userId": v["user_id"]})
        assert (at.is_enabled, below.is_enabled) == (True, False), v


def test_thresholds_round_instead_of_truncating() -> None:
    rows = VECTORS["thresholds"]
    for row in rows:
        assert threshold(row["ratio"]) == row["max_bucket"]
    assert any(int(row["ratio"] * 100) != row["max_bucket"] for row in rows)
    assert threshold(0.29) == 29 and threshold(0.01) == 1 and threshold(100) == 10000


@pytest.fixture(scope="module")
def buckets_100k() -> list[int]:
    return [bucket("home/v5", uid) for uid in random_ids(100_000, seed=2)]


@pytest.mark.parametrize("ratio", [1, 5, 12.34, 20, 50, 99.5])
def test_share_in_releasing_is_within_half_a_point(buckets_100k: list[int],
                                                   ratio: float) -> None:
    inside = sum(b <= threshold(ratio) for b in buckets_100k)
    assert abs(100 * inside / len(buckets_100k) - ratio) < 0.5


def test_raising_the_ratio_never_removes_a_user(buckets_100k: list[int]) -> None:
    ids = random_ids(100_000, seed=2)
    previous: set[str] = set()
    for ratio in (1, 5, 20, 50, 100):
        current = {uid for uid in ids if in_rollout("home/v5", uid, ratio)}
        assert previous <= current, f"users lost the version at {ratio}%"
        assert len(current) > len(previous)
        previous = current
    assert previous == set(ids)  # 100%: everyone


@given(st.text(UNICODE, min_size=1), st.integers(1, 10000), st.integers(1, 10000))
def test_in_rollout_is_monotonic_for_any_id(user_id: str, low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)
    if in_rollout("g", user_id, low / 100):
        assert in_rollout("g", user_id, high / 100)


def test_groups_are_independent() -> None:
    """A new version reshuffles: the first 20% of v2 are not the first 20% of v3."""
    ids = random_ids(20_000, seed=3)
    v2 = {uid for uid in ids if in_rollout("home/v2", uid, 20)}
    v3 = {uid for uid in ids if in_rollout("home/v3", uid, 20)}
    assert 0.03 < len(v2 & v3) / len(ids) < 0.05  # about 20% of 20%


def test_signed_out_user_is_never_in_a_rollout() -> None:
    assert not in_rollout("home/v2", "", 99.99)
    assert in_rollout("home/v2", "x", 100)


def test_user_id_is_hashed_exactly_as_given() -> None:
    assert len({bucket("home/v2", uid) for uid in ("user-1", "User-1", " user-1")}) == 3


def test_text_without_utf8_form_is_refused() -> None:
    with pytest.raises(ValueError):
        bucket("home/v2", "\ud800")


def test_worked_examples_in_the_docs_are_true() -> None:
    from compiler.runtime import rollout

    doc = (ROOT / "docs" / "rollout.md").read_text(encoding="utf-8")
    key = b"home/v2:42"
    assert f"`{key.hex()}`, hash `{bucket_hash('home/v2', '42')}`" in doc
    assert f"bucket `{bucket('home/v2', '42')}`" in doc
    salt = rollout.tester_salt("wallet", 2)
    assert f"salt\n`{salt}` (wallet v2)" in doc
    assert f"`{rollout.PUBLIC_TOKEN_KEY}`" in doc
    token = rollout.tester_token(bytes.fromhex(rollout.PUBLIC_TOKEN_KEY), " Alice@Example.com ")
    assert f"`{token}`" in doc and f"`{rollout.tester_entry(salt, token)}`" in doc
