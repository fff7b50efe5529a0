"""The benchmark corpus is valid and deterministic; the benchmark runs end to end (tiny).

No timing is asserted here: the numbers belong to docs/performance.md, measured by
`python -m benchmarks.compile` on a quiet machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import compile as bench
from benchmarks.corpus import Size, generate
from tests.conftest import Run, snapshot

pytestmark = pytest.mark.slow

TINY = Size(services=3, versions=3, locales=12, sections=6, programs=3, catalog=40)


def test_corpus_validates_clean_and_builds(tmp_path: Path, run: Run) -> None:
    root = generate(tmp_path / "corpus", TINY)
    result = run(root, "validate")
    assert result.exit_code == 0 and result.output.strip() == "no problems"
    assert run(root, "build").exit_code == 0
    assert (root / "dist" / "svc-001" / "manifest.json").is_file()


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    a = snapshot(generate(tmp_path / "a", TINY))
    assert a == snapshot(generate(tmp_path / "b", TINY))
    assert len([p for p in a if "/versions/" in p]) == 9


def test_benchmark_prints_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bench.main(["-S", "2", "-V", "2", "-L", "3", "-K", "5", "-P", "2", "-C", "20",
                "--scales", "1,2", "--workdir", str(tmp_path / "bench")])
    out = capsys.readouterr().out
    for row in ("| 1x | floor |", "| 1x | validate, cold |", "| 1x | build, nothing changed |",
                "| 1x | build, one version file changed |", "| 1x | check-jsonschema |",
                "| 2x | build, cold |", "| 1x | check --base, one-file PR |",
                "| check --base of a one-file PR <= 10% of validate |",
                "| cold validate <= 2x floor |", "| peak RSS of build, cold, 2x / 1x"):
        assert row in out, row
    assert "CPUs (nproc)" in out
