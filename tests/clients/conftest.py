"""The web client in clients/js/, built once per session with the machine's node and npm.

Where node or npm is missing the tests skip and say why, unless MINISVC_REQUIRE_NODE=1
(which .ci/run sets): there a missing node fails them, so CI cannot go green without
having tested the client.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

JS = ROOT / "clients" / "js"
MIN_NODE = (18, 17)


def _missing(reason: str) -> None:
    if os.environ.get("MINISVC_REQUIRE_NODE") == "1":
        pytest.fail(f"{reason} (MINISVC_REQUIRE_NODE=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def node() -> str:
    found, npm = shutil.which("node"), shutil.which("npm")
    if found is None or npm is None:
        _missing("node and npm are needed for clients/js: install Debian's nodejs and npm "
                 "(.ci/install-node does)")
    assert found is not None
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    if tuple(int(p) for p in version.strip().lstrip("v").split(".")[:2]) < MIN_NODE:
        _missing(f"clients/js needs node >= {'.'.join(map(str, MIN_NODE))}, not {version.strip()}")
    return found


@pytest.fixture(scope="session")
def js_client(node: str) -> Path:
    """clients/js with its dependencies installed (npm ci) and lib/ built (tsc)."""
    npm = shutil.which("npm")
    assert npm is not None
    if not (JS / "node_modules" / "murmurhash").is_dir():
        _npm(npm, "ci", "--no-audit", "--no-fund")
    _npm(npm, "run", "build")
    return JS


def _npm(npm: str, *args: str) -> None:
    done = subprocess.run([npm, *args], cwd=JS, capture_output=True, text=True)
    assert done.returncode == 0, f"npm {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
