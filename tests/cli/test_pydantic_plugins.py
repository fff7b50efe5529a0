"""A pydantic plugin installed beside minisvc is not loaded by its commands (pydantic
would scan every distribution's entry points to find one), unless the operator asks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = """
import json, sys
from compiler.cli.main import main
sys.argv = ["minisvc", "--repo", sys.argv[1], "validate"]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "plugin loaded": "spy_plugin" in sys.modules}),
      file=sys.stderr)
"""


def _installed_plugin(site: Path) -> None:
    """A distribution with a `pydantic` entry point, as an observability SDK ships one."""
    site.mkdir(parents=True)
    (site / "spy_plugin.py").write_text(
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n\n"
        "plugin = Plugin()\n")
    info = site / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")


@pytest.mark.parametrize(("setting", "loaded"), [(None, False), ("", True)])
def test_a_pydantic_plugin_loads_only_when_the_operator_asks(
        tmp_path: Path, setting: str | None, loaded: bool) -> None:
    _installed_plugin(tmp_path / "site")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT), str(tmp_path / "site")]),
               MINISVC_CACHE="0")
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen == {"code": 0, "plugin loaded": loaded}, done.stdout + done.stderr
