"""The repository-wide commands: validate, build, schema, rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .group import Root, format_option, pass_root, strict_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option
@strict_option
@pass_root
def validate(root: Root, paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Schema and semantic checks of the repo, or of PATHS only.

    \b
    Example:
      minisvc validate services/home/versions/3.yaml --format github
    Exit status: 0 clean, 1 findings (warnings only with --strict), 2 misuse.
    """
    from ..git.plain import record_early

    with record_early(root.path):  # git reads the refs while the core imports
        from ..commands import validate as command

        sys.exit(command.run(root.path, paths, fmt, strict))


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: dist/ in the repo).")
@click.option("--service", help="With --version: the service of that version.")
@click.option("--version", "version", type=click.IntRange(min=1),
              help="Also build this version (e.g. a Draft) for preview.")
@format_option
@strict_option
@pass_root
def build(root: Root, out: Path | None, service: str | None, version: int | None, fmt: str,
          strict: bool) -> None:
    """Per-locale runtime JSON and manifests of the versions users can get.

    \b
    Example:
      minisvc build --out dist
      minisvc build --service home --version 4   # also a Draft, for preview
    The output folder is replaced only when the whole build succeeded.
    """
    from ..git.plain import record_early

    with record_early(root.path):  # git reads the refs while the core imports
        from ..commands import build as command

        sys.exit(command.run(root.path, out, service, version, fmt, strict))


@click.command()
@click.option("--check", is_flag=True, help="Fail if a committed schema is stale.")
@pass_root
def schema(root: Root, check: bool) -> None:
    """Write the JSON Schemas under schema/ (or check them).

    \b
    Example:
      minisvc schema --check
    """
    from ..commands import schema as command

    sys.exit(command.run(root.path, check))


@click.command()
@click.option("--markdown", is_flag=True, help="Print docs/rules.md instead of a list.")
def rules(markdown: bool) -> None:
    """List every finding code with what it means.

    \b
    Example:
      minisvc rules
      minisvc rules --markdown > docs/rules.md
    """
    from ..commands import rules as command

    sys.exit(command.run(markdown))
