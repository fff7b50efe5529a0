"""The `minisvc` command group and what its commands share: the repo root, options.

The group reads its commands from :mod:`compiler.cli.table` and imports a command's
module only when that command is asked for, so `--help` stays quick."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import UserError
from .table import COMMANDS

F = TypeVar("F", bound=Callable[..., Any])

def _now(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime:
    """The time a command evaluates as of: ``--now`` (RFC 3339 with an offset), else the
    clock. The one place these commands read the clock; below the CLI it is data."""
    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    from ..runtime.client import parse_instant  # hashlib, babel: only for --now

    try:
        return parse_instant(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


now_option = click.option(
    "--now", callback=_now, metavar="TIME",
    help="Evaluate as of this time, e.g. 2026-12-04T10:00:00+08:00 (default: the clock).")

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    show_default=True, help="How to report findings.")
strict_option = click.option("--strict", is_flag=True, help="Warnings fail too.")


class Root:
    """The repository the command works on, found lazily so --help works anywhere."""

    def __init__(self, repo: Path | None) -> None:
        self._repo = repo

    @property
    def path(self) -> Path:
        from ..disk.inputs import find_root  # the first thing a command runs, never --help

        return find_root(self._repo.absolute() if self._repo else Path.cwd())


pass_root = click.make_pass_decorator(Root)


class Group(click.Group):
    """The commands of :data:`COMMANDS`, each loaded on first use; a user error raised
    anywhere below becomes click's clean message and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"{__package__}.{entry.module}")
        command = getattr(module, cmd_name)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table's summaries, without importing any command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path),
              help="The repository (default: the nearest folder with services/).")
@click.version_option(__version__, prog_name="minisvc")
@click.pass_context
def cli(ctx: click.Context, repo: Path | None) -> None:
    """Mini Service GitOps: validate, build and release the Mini Service page from YAML."""
    ctx.obj = Root(repo)
