"""Crashes and leaks the hostile-input suite found, each pinned by the smallest input."""

from __future__ import annotations

import pytest

from compiler.yamldoc import Document, parse

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
