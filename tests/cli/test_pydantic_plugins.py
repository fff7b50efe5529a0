"""A pydantic plugin installed beside minisvc is not loaded by its commands (pydantic
would scan every distribution's entry points to find one), unless the operator asks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.mainprobe import after_main, probe_env


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
    env = probe_env(PYTHONPATH=os.pathsep.join([str(ROOT), str(tmp_path / "site")]))
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    seen, said = after_main(ROOT, "validate", env=env,
                            report='{"plugin loaded": "spy_plugin" in sys.modules}')
    assert seen == {"code": 0, "plugin loaded": loaded}, said
