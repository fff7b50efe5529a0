"""Every authoring command explains itself with an example."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

COMMANDS = [
    ["new"], ["duplicate"], ["delete"], ["title"], ["title", "set"], ["title", "unset"],
    ["section"], ["section", "add"], ["section", "edit"], ["section", "move"],
    ["section", "remove"], ["program"], ["program", "add"], ["program", "badge"],
    ["program", "move"], ["program", "remove"], ["catalog"], ["catalog", "search"],
    ["slide"], ["slide", "add"], ["slide", "edit"], ["slide", "move"], ["slide", "remove"],
    ["banner"], ["banner", "set"], ["banner", "remove"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_an_example(run: Run, tmp_path: Path, command: list[str]) -> None:
    result = run(tmp_path, *command, "--help")
    assert result.exit_code == 0
    example = result.output.split("Example:\n", 1)[1].splitlines()[0]
    assert example.strip().startswith(f"minisvc {command[0]}")
