"""Authoring commands for a Draft's sections and the mini programs in them."""

from __future__ import annotations

import sys
from typing import Any

import click

from .group import Root, format_option, pass_root
from .options import (
    badge_of,
    badge_options,
    edit_version_option,
    pairs,
    picture_of,
    picture_options,
    placement,
    placement_options,
)

SECTION_TYPES = ["custom", "favorites", "recently_used", "carousel", "banner"]


@click.group()
def section() -> None:
    """The sections of a Draft: add, edit, move, remove.

    \b
    Example:
      minisvc section add home deals --name Deals --name-locale zh-CN=优惠 --max-items 4
    """


name_option = click.option("--name", help="The name in the service's default locale.")
name_locale_option = click.option(
    "--name-locale", "name_locales", multiple=True, callback=pairs, metavar="LOCALE=TEXT",
    help="The name in another locale; repeat for each.")


@section.command("add")
@click.argument("service")
@click.argument("section_id", metavar="ID")
@click.option("--name", help="The name in the service's default locale (custom, favorites, "
              "recently_used).")
@name_locale_option
@click.option("--max-items", type=click.IntRange(min=1),
              help="How many mini programs it shows (the console's Mini Program Number).")
@click.option("--type", "kind", type=click.Choice(SECTION_TYPES), default="custom",
              show_default=True, help="The kind of section.")
@picture_options()
@placement_options("ID")
@edit_version_option
@format_option
@pass_root
def section_add(root: Root, /, service: str, section_id: str, name: str | None,
                name_locales: dict[str, str], max_items: int | None, kind: str,
                before: str | None, after: str | None, to: int | None, version: int | None,
                fmt: str, **picture: Any) -> None:
    """Add a section (at the end, unless placed).

    \b
    Example:
      minisvc section add home deals --name Deals --name-locale zh-CN=优惠 \\
          --max-items 4 --after daily-picks
      minisvc section add wallet banner --type banner \\
          --image https://cdn.example.com/banner/bills.png --link-app Bills
    A carousel or banner takes --image (its first slide's, for a carousel) and the other
    slide options instead of --name and --max-items. Give --name-locale (--alt-locale)
    for every locale, or validate --strict warns (it falls back).
    """
    from ..commands import section as command

    at = placement(before, after, to)
    shown = picture_of(**picture)
    if kind in ("carousel", "banner"):
        if name is not None or name_locales or max_items is not None:
            raise click.UsageError(f"a {kind} has no --name, --name-locale or --max-items; "
                                   "it shows --image (see --help)")
    elif name is None or max_items is None or shown != picture_of():
        raise click.UsageError(f"a {kind} section takes --name and --max-items (and no "
                               "--image, --alt or link: those are a carousel's or banner's)")
    sys.exit(command.run_add(root.path, service, section_id, kind, name, name_locales,
                             max_items, at, version, fmt, shown))


@section.command("edit")
@click.argument("service")
@click.argument("section_id", metavar="ID")
@name_option
@name_locale_option
@click.option("--max-items", type=click.IntRange(min=1), help="How many mini programs it shows.")
@edit_version_option
@format_option
@pass_root
def section_edit(root: Root, service: str, section_id: str, name: str | None,
                 name_locales: dict[str, str], max_items: int | None, version: int | None,
                 fmt: str) -> None:
    """Change a section's name (per locale) or its number of mini programs.

    \b
    Example:
      minisvc section edit home daily-picks --name-locale zh-CN=今日精选 --max-items 8
    """
    from ..commands import section as command

    if name is None and not name_locales and max_items is None:
        raise click.UsageError("nothing to change: give --name, --name-locale or --max-items")
    sys.exit(command.run_edit(root.path, service, section_id, name, name_locales, max_items,
                              version, fmt))


@section.command("move")
@click.argument("service")
@click.argument("section_id", metavar="ID")
@placement_options("ID")
@edit_version_option
@format_option
@pass_root
def section_move(root: Root, service: str, section_id: str, before: str | None,
                 after: str | None, to: int | None, version: int | None, fmt: str) -> None:
    """Move a section (the console's drag and drop).

    \b
    Example:
      minisvc section move home travel --before daily-picks
      minisvc section move home travel --to 1
    """
    from ..commands import section as command

    at = placement(before, after, to, required=True)
    sys.exit(command.run_move(root.path, service, section_id, at, version, fmt))


@section.command("remove")
@click.argument("service")
@click.argument("section_id", metavar="ID")
@edit_version_option
@format_option
@pass_root
def section_remove(root: Root, service: str, section_id: str, version: int | None,
                   fmt: str) -> None:
    """Remove a section with its mini programs.

    \b
    Example:
      minisvc section remove home travel
    """
    from ..commands import section as command

    sys.exit(command.run_remove(root.path, service, section_id, version, fmt))


@click.group()
def program() -> None:
    """The mini programs of a Draft's custom section.

    \b
    APP is an app id or a name from the catalog, in any locale (see `catalog search`).
    Example:
      minisvc program add home daily-picks Pharmacy --badge-image new --to 1
    """


@program.command("add")
@click.argument("service")
@click.argument("section_id", metavar="SECTION")
@click.argument("app")
@badge_options
@placement_options("APP")
@edit_version_option
@format_option
@pass_root
def program_add(root: Root, service: str, section_id: str, app: str,
                badge_text: dict[str, str], badge_image: str | None, before: str | None,
                after: str | None, to: int | None, version: int | None, fmt: str) -> None:
    """Add a mini program to a custom section (at the end, unless placed).

    \b
    Example:
      minisvc program add home daily-picks 3000000000000010 --badge-text en-US=NEW
      minisvc program add home travel Hotels --badge-image red_dot --before Flights
    A name that matches several programs lists them and changes nothing.
    """
    from ..commands import program as command

    at = placement(before, after, to)
    sys.exit(command.run_add(root.path, service, section_id, app,
                             badge_of(badge_text, badge_image), at, version, fmt))


@program.command("badge")
@click.argument("service")
@click.argument("section_id", metavar="SECTION")
@click.argument("app")
@badge_options
@click.option("--no-badge", is_flag=True, help="Remove the badge.")
@edit_version_option
@format_option
@pass_root
def program_badge(root: Root, service: str, section_id: str, app: str,
                  badge_text: dict[str, str], badge_image: str | None, no_badge: bool,
                  version: int | None, fmt: str) -> None:
    """Set or remove the badge of a mini program in a section.

    \b
    Example:
      minisvc program badge home daily-picks Ride --badge-image new
      minisvc program badge home daily-picks Ride --no-badge
    """
    from ..commands import program as command

    badge = badge_of(badge_text, badge_image)
    if (badge is None) != no_badge:
        raise click.UsageError("give one of --badge-text, --badge-image or --no-badge")
    sys.exit(command.run_badge(root.path, service, section_id, app, badge, version, fmt))


@program.command("move")
@click.argument("service")
@click.argument("section_id", metavar="SECTION")
@click.argument("app")
@placement_options("APP")
@edit_version_option
@format_option
@pass_root
def program_move(root: Root, service: str, section_id: str, app: str, before: str | None,
                 after: str | None, to: int | None, version: int | None, fmt: str) -> None:
    """Move a mini program within its section.

    \b
    Example:
      minisvc program move home daily-picks Pharmacy --to 1
      minisvc program move home daily-picks Ride --after "Food Delivery"
    """
    from ..commands import program as command

    at = placement(before, after, to, required=True)
    sys.exit(command.run_move(root.path, service, section_id, app, at, version, fmt))


@program.command("remove")
@click.argument("service")
@click.argument("section_id", metavar="SECTION")
@click.argument("app")
@edit_version_option
@format_option
@pass_root
def program_remove(root: Root, service: str, section_id: str, app: str, version: int | None,
                   fmt: str) -> None:
    """Remove a mini program from a section.

    \b
    Example:
      minisvc program remove home daily-picks Movies
    """
    from ..commands import program as command

    sys.exit(command.run_remove(root.path, service, section_id, app, version, fmt))
