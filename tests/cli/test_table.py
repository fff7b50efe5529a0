"""compiler/cli/table.py is the truth about the commands, and `--help` stays light.

The table must name every command the cli modules define, with the first line of its
docstring, so `minisvc --help` (which prints the table without importing any command)
cannot drift from the commands. And `--help`, of the group and of every command and
subcommand, must not import the core's heavy libraries: a fresh process runs them all and
reports what got loaded.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
from click.testing import CliRunner

import compiler.cli
from compiler.cli.group import cli
from compiler.cli.table import COMMANDS
from tests.conftest import ROOT

# What the core needs and `--help` must not pay for (top-level names in sys.modules).
HEAVY = ["pydantic", "pydantic_core", "ruamel", "git", "yaml", "jinja2", "babel", "regex",
         "mmh3", "jsonschema", "boto3", "botocore"]


def cli_modules() -> list[ModuleType]:
    return [importlib.import_module(f"compiler.cli.{info.name}")
            for info in pkgutil.iter_modules(compiler.cli.__path__)]


def top_level_commands() -> dict[str, tuple[str, click.Command]]:
    """Each click command bound at module level in compiler/cli/*.py that is neither the
    root group nor a subcommand of a group: attribute name -> (module, command)."""
    found: dict[str, tuple[str, click.Command]] = {}
    subcommands: set[int] = set()
    for module in cli_modules():
        for attr, value in vars(module).items():
            if not isinstance(value, click.Command) or value is cli:
                continue
            if value.callback is not None and value.callback.__module__ != module.__name__:
                continue  # imported from another cli module, not defined here
            if isinstance(value, click.Group):
                subcommands.update(id(sub) for sub in value.commands.values())
            found[f"{module.__name__.rsplit('.', 1)[1]}.{attr}"] = (attr, value)
    return {key: (attr, command) for key, (attr, command) in found.items()
            if id(command) not in subcommands}


def summary(command: click.Command) -> str:
    assert command.callback is not None
    doc = inspect.getdoc(command.callback)
    assert doc, f"{command.name} has no docstring"
    return doc.splitlines()[0]


def test_every_entry_names_a_command_of_its_module_with_its_summary() -> None:
    for name, entry in COMMANDS.items():
        module = importlib.import_module(f"compiler.cli.{entry.module}")
        command = getattr(module, name, None)
        assert isinstance(command, click.Command), f"compiler.cli.{entry.module}.{name}"
        assert command.name == name, f"{entry.module}.{name} is named {command.name!r}"
        assert summary(command) == entry.summary, name


def test_every_command_of_the_cli_modules_is_in_the_table() -> None:
    commands = top_level_commands()
    assert len(commands) >= len(COMMANDS)  # the scan sees the modules at all
    for key, (attr, command) in commands.items():
        module = key.split(".")[0]
        assert command.name in COMMANDS, f"{key} ({command.name!r}) is not in the table"
        assert COMMANDS[command.name].module == module, key
        assert attr == command.name, f"{key}: the group looks it up as {command.name!r}"
    assert sorted(command.name or "" for _, command in commands.values()) == sorted(COMMANDS)


def test_help_lists_exactly_the_table() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200, catch_exceptions=False)
    assert result.exit_code == 0
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    rows = [line.split(None, 1) for line in listed if line.startswith("  ")]
    assert [name for name, _ in rows] == sorted(COMMANDS)
    for name, text in rows:
        assert text.strip() == COMMANDS[name].summary, name


# Run in a fresh interpreter: `minisvc --help`, `minisvc --version`, then `--help` of
# every command and, walking the groups, every subcommand, through the console script's
# entry point; after each, the heavy modules loaded so far. Prints one JSON line.
PROBE = """
import contextlib, io, json, sys
heavy = set(json.loads(sys.argv[1]))
from compiler.cli.main import main
from compiler.cli.group import cli
from compiler.cli.table import COMMANDS
import click

def loaded():
    return sorted({name.split(".")[0] for name in sys.modules} & heavy)

report = []
def run(*args):
    sys.argv = ["minisvc", *args]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    report.append({"args": list(args), "code": code, "head": out.getvalue()[:200],
                   "heavy": loaded()})

run("--help")
run("--version")
def walk(path, command):
    run(*path, "--help")
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            walk([*path, name], command.commands[name])
with click.Context(cli) as ctx:
    for name in sorted(COMMANDS):
        walk([name], cli.get_command(ctx, name))
print(json.dumps(report))
"""


def test_help_of_every_command_imports_none_of_the_core(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    ran = [" ".join(run["args"][:-1]) for run in report]
    for path in ("", "validate", "title set", "section add", "program add", "catalog search"):
        assert path in ran, path
    assert set(ran) >= set(COMMANDS)
    for run in report:
        args = " ".join(run["args"])
        assert run["code"] in (0, None), f"minisvc {args}: exit {run['code']}"
        if run["args"][-1] == "--help":
            assert run["head"].startswith(f"Usage: minisvc {args[:-len('--help')]}"), args
    first = next((run for run in report if run["heavy"]), None)
    assert first is None, (f"`minisvc {' '.join(first['args'])}` imported "
                           f"{', '.join(first['heavy'])}")
