"""The console script's `main()` in a fresh process, and what that process had loaded
when it ended: for tests of what a command imports, loads or leaves behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

PROBE = """
import gc, json, sys
from compiler.cli.main import main
report = sys.argv[2]
sys.argv = ["minisvc", "--repo", sys.argv[1], *sys.argv[3:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, **eval(report)}), file=sys.stderr)
"""


def probe_env(**extra: str) -> dict[str, str]:
    """This environment, the checkout importable, no cache; ``extra`` on top."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "MINISVC_CACHE": "0", **extra}


def after_main(repo: Path, *args: str, report: str,
               env: dict[str, str] | None = None) -> tuple[dict[str, Any], str]:
    """The exit code of ``minisvc --repo REPO ARGS`` and ``report`` (a Python expression
    giving a dict, evaluated in that process after the command) with all it printed."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(repo), report, *args],
                          capture_output=True, text=True, env=env or probe_env(),
                          timeout=120, check=False)
    said = done.stdout + done.stderr
    return dict(json.loads(done.stderr.strip().splitlines()[-1])), said
