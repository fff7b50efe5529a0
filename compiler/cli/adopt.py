"""Starting and shaping a config repository: init, service add|remove."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .group import Root, format_option, pass_root

locale_options = [
    click.option("--default-locale", default="en-US", show_default=True, metavar="L",
                 help="The locale users get when none of theirs is offered."),
    click.option("--locale", "locales", multiple=True, metavar="L",
                 help="A locale of the service; repeat for several (default: the default)."),
]


def with_locales(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(locale_options):
        f = option(f)
    return f


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--sample", is_flag=True,
              help="The project's full sample (two services, a catalog) instead of a starter.")
@click.option("--service", "service", default="my-service", show_default=True, metavar="ID",
              help="The id of the starter service.")
@with_locales
def init(folder: Path, sample: bool, service: str, default_locale: str,
         locales: tuple[str, ...]) -> None:
    """Start a config repository in FOLDER: services, schemas, workflows, README.

    \b
    Example:
      minisvc init my-page
      minisvc init my-page --default-locale zh-CN --locale zh-CN --locale en-US
      minisvc init my-page --sample
    Then: git init, commit everything, `minisvc apply --bootstrap` once.
    """
    from ..commands import init as command

    sys.exit(command.run(folder, sample, service, default_locale, locales))


@click.group()
def service() -> None:
    """Add a service, or remove one that never went live.

    \b
    Example:
      minisvc service add wallet --default-locale en-US --locale en-US --locale zh-CN
    """


@service.command("add")
@click.argument("service_id", metavar="ID")
@with_locales
@format_option
@pass_root
def service_add(root: Root, service_id: str, default_locale: str, locales: tuple[str, ...],
                fmt: str) -> None:
    """Create services/ID/: service.yaml, release.yaml and version 1 as a Draft.

    \b
    Example:
      minisvc service add wallet --default-locale en-US --locale en-US --locale zh-CN
    Nothing is written when the repository would then have a new error.
    """
    from ..commands import service as command

    sys.exit(command.add(root.path, service_id, default_locale, locales, fmt))


@service.command("remove")
@click.argument("service_id", metavar="ID")
@format_option
@pass_root
def service_remove(root: Root, service_id: str, fmt: str) -> None:
    """Delete services/ID/, only while every version of it is a Draft.

    \b
    Example:
      minisvc service remove wallet
    """
    from ..commands import service as command

    sys.exit(command.remove(root.path, service_id, fmt))
