"""The `minisvc` command group and what its commands share: the repo root, options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .workspace import UserError, find_root

F = TypeVar("F", bound=Callable[..., Any])

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
        return find_root(self._repo.absolute() if self._repo else Path.cwd())


pass_root = click.make_pass_decorator(Root)


class Group(click.Group):
    """Turns a user error raised anywhere below into click's clean message and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path),
              help="The repository (default: the nearest folder with services/).")
@click.version_option(package_name="minisvc")
@click.pass_context
def cli(ctx: click.Context, repo: Path | None) -> None:
    """Mini Service GitOps: validate, build and release the Mini Service page from YAML."""
    ctx.obj = Root(repo)
