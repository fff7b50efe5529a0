"""benchmarks/cli_startup.py still runs and prints its table (one round; no timing
is asserted: the numbers belong to docs/performance.md)."""

from __future__ import annotations

import pytest

from benchmarks import cli_startup


def test_cli_startup_benchmark_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    cli_startup.main(["--rounds", "1"])
    out = capsys.readouterr().out
    assert "| step | median ms | min ms | median x click | min x click |" in out
    for row in ('| python -c "import click" (baseline) |', "| minisvc --help |",
                "| minisvc validate --help |", '| python -c "import pydantic" |',
                "| minisvc validate, no cache (MINISVC_CACHE=0) |",
                "| minisvc validate, no cache, in a git checkout |",
                "| minisvc validate, warm cache |",
                "| minisvc validate, no cache (MINISVC_CACHE=0) / import pydantic |"):
        assert row in out, row
    assert '| python -c "import click" (baseline) | ' in out
    baseline = next(line for line in out.splitlines() if "(baseline)" in line)
    assert baseline.split("|")[4].strip() == "1.00"  # its own ratio column
    assert "`minisvc --help` <= 3x the click baseline (median): " in out
    assert "`minisvc validate, no cache (MINISVC_CACHE=0)` <= 0.25 s (median): " in out
    assert "`minisvc validate, no cache, in a git checkout` <= 0.25 s (median): " in out
