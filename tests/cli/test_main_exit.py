"""The console script's process ends with its command: Python's final full collection
over everything the command loaded would free memory the process is giving back."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import gc, json, sys
from compiler.cli.main import main
sys.argv = ["minisvc", "--repo", sys.argv[1], "validate"]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "frozen": gc.get_freeze_count(),
                  "left to walk": len(gc.get_objects())}), file=sys.stderr)
"""


def test_the_final_collection_has_nothing_to_walk() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINISVC_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["code"] == 0, done.stdout + done.stderr
    assert seen["frozen"] > 10_000  # what validating the sample loaded
    assert seen["left to walk"] < 100  # the probe's own few objects
