"""Crashes and leaks the hostile-input suite found, each pinned by the smallest input."""

from __future__ import annotations

import time

import pytest

from compiler import yamldoc
from compiler.yamldoc import MAX_DEPTH, Document, parse

V = "services/home/versions/9.yaml"


def only(raw: bytes) -> tuple[str, int, int]:
    result = parse(V, raw)
    assert not isinstance(result, Document), "expected a finding"
    return result.code, result.line, result.col


@pytest.mark.parametrize("value", [
    b"2026-02-30", b"2026-11-01T25:00:00+08:00", b"2026-11-01 00:00:00 +99", b"!!int abc",
    b"!!float abc", b"9" * 5_000,
])
def test_values_python_cannot_build_are_positioned_findings(value: bytes) -> None:
    """Was a bare ValueError from ruamel's constructor (exit 3, "internal error")."""
    assert only(b"title: {en-US: x}\nsections:\n  - " + value + b"\n") == ("E101", 3, 5)


def test_node_limit_stops_reading_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: the whole file parsed (~30 s for 2 MiB of tiny nodes) before being refused."""
    monkeypatch.setattr(yamldoc, "MAX_NODES", 1_000)
    raw = b"a:\n" + b"- a\n" * 500_000
    started = time.monotonic()
    # the mapping, its key and the list are nodes 1-3: the 1,001st node is item 998
    assert only(raw) == ("E103", 999, 3)
    assert time.monotonic() - started < 2, "read far past the limit"


def test_depth_limit_is_exact_and_positioned() -> None:
    assert isinstance(parse(V, b"a: " + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH), Document)
    assert only(b"a: " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)) == (
        "E103", 1, 4 + MAX_DEPTH)
