"""Fault injection for the crash tests (tests/test_crash.py); does nothing unless asked.

``MINISVC_CRASH_AT=N`` makes the process kill itself with SIGKILL at the Nth point where
it is about to change something on disk or in git, so a test can stop ``build`` or
``apply`` at every such point in turn; ``MINISVC_CRASH_AT=trace`` prints each point to
stderr instead, which is how the test learns the points. SIGKILL gives the process no
chance to clean up: exactly what a dying CI runner or the OOM killer does.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys

VARIABLE = "MINISVC_CRASH_AT"
_passed = itertools.count(1)


def reached(point: str) -> None:
    setting = os.environ.get(VARIABLE)
    if not setting:
        return
    number = next(_passed)
    if setting == "trace":
        print(f"minisvc crash point {number}: {point}", file=sys.stderr, flush=True)
    elif setting == str(number):
        os.kill(os.getpid(), signal.SIGKILL)
