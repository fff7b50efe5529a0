"""`python -m benchmarks.resolve` still runs and still agrees with Unleash (tiny run)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_resolve_benchmark_agrees_with_unleash_on_1000_users() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.resolve", "--users", "1000"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every decision agrees" in done.stdout
    assert "Unleash engine flexibleRollout" in done.stdout
