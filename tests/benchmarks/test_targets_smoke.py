"""benchmarks/targets.py still runs every benchmark and prints the one targets table (a
smoke run; no timing is asserted: the numbers belong to docs/performance.md)."""

from __future__ import annotations

import pytest

from benchmarks import targets

pytestmark = pytest.mark.slow


def test_targets_benchmark_prints_one_table(capsys: pytest.CaptureFixture[str]) -> None:
    targets.main(["--quick"])
    out = capsys.readouterr().out
    table = out[out.index("| # | target | measured | target | met |"):]
    for words in ("| 2 | `minisvc --help` / `python -c \"import click\"` (median) |",
                  "| 2 | minisvc validate, no cache (MINISVC_CACHE=0) (median;",
                  "| 3 | mapping of 49,000 keys (0.59 MB) |",
                  "| 3 | list of 99,000 ints, a tab (ruamel) (0.68 MB) |",
                  "| 4 | listen backlog | 1024 (main: 5) | >= 128 | yes |",
                  "| 4 | burst p99, 40 requests",
                  "| 6 | output files holding a `\\u` escape | 0 | 0 | yes |",
                  "| 1 | 1x: `check --base` of a one-file Draft PR, fresh clone, no cache",
                  "| 1 | 1x: `check --base` of a catalog-only PR (one app renamed) /",
                  "| - | cold validate <= 2x floor |"):
        assert words in table, words
