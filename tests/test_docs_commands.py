"""docs/authoring.md lists every action of the seed's console with its command, and each
command runs as written, top to bottom, on the shipped sample (in git, as a clone is)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import ROOT, Run
from tests.gitutil import (
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)

DOC = ROOT / "docs" / "authoring.md"


def table() -> list[tuple[str, list[list[str]]]]:
    """(console action, its commands) for each row of the table."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split("| console action (seed) | command |\n|---|---|\n", 1)[1]
    rows = []
    for line in body.split("\n\n", 1)[0].splitlines():
        action, command = line.strip("|").split(" | ", 1)
        found = re.findall(r"`(minisvc [^`]+)`", command)
        rows.append((action.strip(), [shlex.split(c)[1:] for c in found]))
    return rows


# The seed's actions (seed/manage-mini-service.txt), each of which a row must name.
SEED = ["Edit", "Edit Title", "Add a section", "Edit Section", "Change display order",
        "Delete a section", "Delete a mini program", "Carousel", "Banner", "Test",
        "Retest", "Revert", "Release", "Track status", "History Version", "Delete (Draft)",
        "Duplicate", "Multi-languages Preview"]


def test_every_console_action_of_the_seed_has_its_command() -> None:
    rows = table()
    for action in SEED:
        assert any(name.startswith(action) for name, _ in rows), action
    assert not [name for name, commands in rows if not commands and name != "Edit "
                "(the settings of the Draft)"]
    assert "by hand" not in DOC.read_text(encoding="utf-8")


def test_the_commands_run_as_written_in_order(tmp_path: Path, run: Run) -> None:
    repo = init_sample(tmp_path / "repo")
    ran = 0
    for action, commands in table():
        for args in commands:
            result = run(repo, *args)
            assert result.exit_code == 0, f"{action}: minisvc {shlex.join(args)}\n{result.output}"
            ran += 1
    assert ran >= 30
    assert run(repo, "validate").exit_code == 0
