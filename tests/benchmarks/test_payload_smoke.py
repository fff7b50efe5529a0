"""benchmarks/payload.py still runs and finds no \\u escape in dist/."""

from __future__ import annotations

import re

import pytest

from benchmarks import payload

pytestmark = pytest.mark.slow


def test_payload_benchmark_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    payload.main([])
    out = capsys.readouterr().out
    assert "shipped sample: files with a \\u escape: 0" in out
    assert "files with a \\u escape: 0" in out.split("corpus ", 1)[1]
    assert ("| locale | files | UTF-8 bytes (mean) | \\u-escaped bytes (mean) | "
            "escaped / UTF-8 |") in out
    # no escape: the escaped size of each locale is its UTF-8 size
    assert re.search(r"^\| en-US \| [1-9][0-9]* \| ([0-9]+) \| \1 \| 1\.00 \|$", out, re.M)
