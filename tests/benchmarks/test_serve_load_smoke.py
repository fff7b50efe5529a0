"""benchmarks/serve_load.py still runs and prints its table (a tiny load; no timing is
asserted: the numbers belong to docs/performance.md)."""

from __future__ import annotations

import pytest

from benchmarks import serve_load

pytestmark = pytest.mark.slow


def test_serve_load_benchmark_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    serve_load.main(["--clients", "4", "--requests", "40"])
    out = capsys.readouterr().out
    assert "4 clients, 40 requests each run, a new connection each" in out
    assert "| baseline (backlog 5, Nagle on: main) | 5 | " in out
    assert "| minisvc serve | 1024 | " in out
    assert "| listen backlog >= 128 | 1024 | yes |" in out
    assert "| every request answered | 0 errors | yes |" in out
    assert "| p99 <= 100 ms | " in out
