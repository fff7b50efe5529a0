"""Authoring commands: every console action as a command that edits the files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .cli_base import Root, cli, format_option, pass_root

if TYPE_CHECKING:
    from .edit import Placement
    from .edit_programs import Badge

F = TypeVar("F", bound=Callable[..., Any])


edit_version_option = click.option(
    "--version", "version", type=click.IntRange(min=1),
    help="The Draft to edit (default: the service's only Draft).")


def _pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """L=TEXT options, as a locale -> text mapping."""
    pairs: dict[str, str] = {}
    for value in values:
        locale, sep, text = value.partition("=")
        if not sep or not locale.strip() or not text:
            raise click.BadParameter(f"{value!r} is not LOCALE=TEXT, e.g. zh-CN=每日精选")
        if locale.strip() in pairs:
            raise click.BadParameter(f"{locale.strip()} is given twice")
        pairs[locale.strip()] = text
    return pairs


def placement_options(what: str) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        f = click.option("--to", "to", type=click.IntRange(min=1), metavar="POSITION",
                         help="Put it at this position (1 = first).")(f)
        f = click.option("--after", metavar=what, help=f"Put it right after this {what}.")(f)
        f = click.option("--before", metavar=what, help=f"Put it right before this {what}.")(f)
        return f

    return decorate


def _placement(before: str | None, after: str | None, to: int | None,
               required: bool = False) -> Placement:
    from .edit import Placement  # noqa: F811  (imported late: --help stays fast)

    given = [name for name, value in (("--before", before), ("--after", after), ("--to", to))
             if value is not None]
    if len(given) > 1:
        raise click.UsageError(f"give only one of {', '.join(given)}")
    if required and not given:
        raise click.UsageError("say where it goes: --before, --after or --to")
    return Placement(before, after, to)


def badge_options(f: F) -> F:
    f = click.option("--badge-image", type=click.Choice(["red_dot", "new"]),
                     help="An image badge.")(f)
    f = click.option("--badge-text", multiple=True, callback=_pairs, metavar="LOCALE=TEXT",
                     help="A text badge (at most 5 characters), once per locale.")(f)
    return f


def _badge(badge_text: dict[str, str], badge_image: str | None) -> Badge | None:
    from .edit_programs import Badge  # noqa: F811

    if badge_text and badge_image:
        raise click.UsageError("give --badge-text or --badge-image, not both")
    if badge_text:
        return Badge(text=badge_text)
    return Badge(style=badge_image) if badge_image else None


@cli.command()
@click.argument("service")
@format_option
@pass_root
def new(root: Root, service: str, fmt: str) -> None:
    """Create a new Draft: the next version number, a copy of the newest version.

    \b
    Example:
      minisvc new home        # writes services/home/versions/4.yaml
    Numbers are never reused: versions named by files, git refs and git history count.
    """
    from .commands import new as command

    sys.exit(command.run(root.path, service, fmt))


@cli.command()
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
    from .commands import duplicate as command

    sys.exit(command.run(root.path, service, number, fmt))


@cli.command()
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
    from .commands import delete as command

    sys.exit(command.run(root.path, service, number, fmt))


@cli.group()
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
    from .commands import title as command

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
    from .commands import title as command

    sys.exit(command.run_unset(root.path, service, locale, version, fmt))


@cli.group()
def section() -> None:
    """The sections of a Draft: add, edit, move, remove.

    \b
    Example:
      minisvc section add home deals --name Deals --name-locale zh-CN=优惠 --max-items 4
    """


name_option = click.option("--name", help="The name in the service's default locale.")
name_locale_option = click.option(
    "--name-locale", "name_locales", multiple=True, callback=_pairs, metavar="LOCALE=TEXT",
    help="The name in another locale; repeat for each.")


@section.command("add")
@click.argument("service")
@click.argument("section_id", metavar="ID")
@click.option("--name", required=True, help="The name in the service's default locale.")
@name_locale_option
@click.option("--max-items", type=click.IntRange(min=1), required=True,
              help="How many mini programs it shows (the console's Mini Program Number).")
@click.option("--type", "kind", type=click.Choice(["custom", "favorites", "recently_used"]),
              default="custom", show_default=True, help="The kind of section.")
@placement_options("ID")
@edit_version_option
@format_option
@pass_root
def section_add(root: Root, service: str, section_id: str, name: str,
                name_locales: dict[str, str], max_items: int, kind: str, before: str | None,
                after: str | None, to: int | None, version: int | None, fmt: str) -> None:
    """Add a section (at the end, unless placed).

    \b
    Example:
      minisvc section add home deals --name Deals --name-locale zh-CN=优惠 \\
          --max-items 4 --after daily-picks
    Give --name-locale for every locale, or validate --strict warns (it falls back).
    """
    from .commands import section as command

    at = _placement(before, after, to)
    sys.exit(command.run_add(root.path, service, section_id, kind, name, name_locales,
                             max_items, at, version, fmt))


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
    from .commands import section as command

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
    from .commands import section as command

    at = _placement(before, after, to, required=True)
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
    from .commands import section as command

    sys.exit(command.run_remove(root.path, service, section_id, version, fmt))


@cli.group()
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
    from .commands import program as command

    at = _placement(before, after, to)
    sys.exit(command.run_add(root.path, service, section_id, app,
                             _badge(badge_text, badge_image), at, version, fmt))


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
    from .commands import program as command

    badge = _badge(badge_text, badge_image)
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
    from .commands import program as command

    at = _placement(before, after, to, required=True)
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
    from .commands import program as command

    sys.exit(command.run_remove(root.path, service, section_id, app, version, fmt))


@cli.group()
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
    from .commands import catalog as command

    sys.exit(command.run_search(root.path, text, locale, fmt))
