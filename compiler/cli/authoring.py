"""Authoring commands for whole versions and the title: new, duplicate, delete, title,
and the catalog search that finds what to add."""

from __future__ import annotations

import sys

import click

from .group import Root, format_option, pass_root
from .options import edit_version_option


@click.command()
@click.argument("service")
@format_option
@pass_root
def new(root: Root, service: str, fmt: str) -> None:
    """Create a new Draft: the next number, a copy of the newest Released or Archived version.

    \b
    Example:
      minisvc new home        # writes services/home/versions/4.yaml
    A service never released starts from its newest version; one without versions from
    an empty page. Numbers are never reused: versions named by files, git refs and git
    history count.
    """
    from ..commands import new as command

    sys.exit(command.run(root.path, service, fmt))


@click.command()
@click.argument("service")
@click.argument("number", type=click.IntRange(min=1))
@format_option
@pass_root
def duplicate(root: Root, service: str, number: int, fmt: str) -> None:
    """Copy a Released or Archived version into a new Draft.

    \b
    Example:
      minisvc duplicate home 2
    """
    from ..commands import duplicate as command

    sys.exit(command.run(root.path, service, number, fmt))


@click.command()
@click.argument("service")
@click.argument("number", type=click.IntRange(min=1))
@format_option
@pass_root
def delete(root: Root, service: str, number: int, fmt: str) -> None:
    """Delete a Draft (only a Draft can be deleted).

    \b
    Example:
      minisvc delete home 4
    """
    from ..commands import delete as command

    sys.exit(command.run(root.path, service, number, fmt))


@click.group()
def title() -> None:
    """The page title of a Draft, per locale.

    \b
    Example:
      minisvc title set home --locale zh-CN 小程序服务
    """


@title.command("set")
@click.argument("service")
@click.option("--locale", help="The locale (default: the service's default locale).")
@click.argument("text")
@edit_version_option
@format_option
@pass_root
def title_set(root: Root, service: str, locale: str | None, text: str, version: int | None,
              fmt: str) -> None:
    """Set the title in one locale.

    \b
    Example:
      minisvc title set home --locale zh-CN 小程序服务
      minisvc title set home "Mini Services" --version 4
    """
    from ..commands import title as command

    sys.exit(command.run_set(root.path, service, locale, text, version, fmt))


@title.command("unset")
@click.argument("service")
@click.option("--locale", required=True, help="The locale to remove (it then falls back).")
@edit_version_option
@format_option
@pass_root
def title_unset(root: Root, service: str, locale: str, version: int | None, fmt: str) -> None:
    """Remove the title's text in one locale (not the default locale).

    \b
    Example:
      minisvc title unset home --locale zh-Hant-HK
    """
    from ..commands import title as command

    sys.exit(command.run_unset(root.path, service, locale, version, fmt))


@click.group()
def catalog() -> None:
    """The catalog of mini programs (services/catalog.yaml).

    \b
    Example:
      minisvc catalog search 外卖
    """


@catalog.command("search")
@click.argument("text")
@click.option("--locale", default="en-US", show_default=True,
              help="The locale of the names shown.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the matches.")
@pass_root
def catalog_search(root: Root, text: str, locale: str, fmt: str) -> None:
    """Find mini programs by name in any locale (or by app id), ignoring case.

    \b
    Example:
      minisvc catalog search food
      minisvc catalog search 外卖 --format json
    Exit status: 0 found, 1 nothing matches.
    """
    from ..commands import catalog as command

    sys.exit(command.run_search(root.path, text, locale, fmt))
