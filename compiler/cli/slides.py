"""Authoring commands for a Draft's carousel slides and its banner."""

from __future__ import annotations

import sys
from typing import Any

import click

from .group import Root, format_option, pass_root
from .options import edit_version_option, picture_of, picture_options, placement, placement_options

slide_argument = click.argument("which", metavar="SLIDE")


@click.group()
def slide() -> None:
    """The slides of a Draft's carousel: add, edit, move, remove.

    \b
    SLIDE is a position (1 = first), an image URL or its file name.
    Example:
      minisvc slide add home --image https://cdn.example.com/carousel/new-year.png \\
          --alt "New year deals" --link-app Coupons --start 2026-12-31T00:00:00+08:00
    """


@slide.command("add")
@click.argument("service")
@picture_options()
@placement_options("SLIDE")
@edit_version_option
@format_option
@pass_root
def slide_add(root: Root, /, service: str, before: str | None, after: str | None, to: int | None,
              version: int | None, fmt: str, **picture: Any) -> None:
    """Add a slide to the carousel (at the end, unless placed).

    \b
    Example:
      minisvc slide add home --image https://cdn.example.com/carousel/new-year.png \\
          --alt "New year deals" --alt-locale zh-CN=新年优惠 --link-url https://example.com/ny \\
          --start 2026-12-31T00:00:00+08:00 --end 2027-01-04T00:00:00+08:00 --to 1
    Give --alt-locale for every locale, or validate --strict warns (it falls back).
    """
    from ..commands import slide as command

    if picture["image"] is None:
        raise click.UsageError("a slide needs an image: give --image URL")
    at = placement(before, after, to)
    sys.exit(command.run_add(root.path, service, picture_of(**picture), at, version, fmt))


@slide.command("edit")
@click.argument("service")
@slide_argument
@picture_options(clearing=True)
@edit_version_option
@format_option
@pass_root
def slide_edit(root: Root, /, service: str, which: str, version: int | None, fmt: str,
               **picture: Any) -> None:
    """Change a slide's image, alt text, link or display window.

    \b
    Example:
      minisvc slide edit home double12.png --end 2026-12-14T00:00:00+08:00
      minisvc slide edit home 2 --link-app Ride --link-page pages/index --no-start
    """
    from ..commands import slide as command

    asked = picture_of(**picture)
    if asked == picture_of():
        raise click.UsageError("nothing to change: give --image, --alt, --alt-locale, a link, "
                               "--start, --end or a --no-... option")
    sys.exit(command.run_edit(root.path, service, which, asked, version, fmt))


@slide.command("move")
@click.argument("service")
@slide_argument
@placement_options("SLIDE")
@edit_version_option
@format_option
@pass_root
def slide_move(root: Root, service: str, which: str, before: str | None, after: str | None,
               to: int | None, version: int | None, fmt: str) -> None:
    """Move a slide within the carousel (the console's drag and drop).

    \b
    Example:
      minisvc slide move home ride.png --to 1
    """
    from ..commands import slide as command

    at = placement(before, after, to, required=True)
    sys.exit(command.run_move(root.path, service, which, at, version, fmt))


@slide.command("remove")
@click.argument("service")
@slide_argument
@edit_version_option
@format_option
@pass_root
def slide_remove(root: Root, service: str, which: str, version: int | None, fmt: str) -> None:
    """Remove a slide from the carousel (the last one goes with the section).

    \b
    Example:
      minisvc slide remove home double12.png
    """
    from ..commands import slide as command

    sys.exit(command.run_remove(root.path, service, which, version, fmt))


@click.group()
def banner() -> None:
    """The banner of a Draft (the badge on the super app's home page): set, remove.

    \b
    Example:
      minisvc banner set home --image https://cdn.example.com/banner/bills.png \\
          --link-app Bills
    """


@banner.command("set")
@click.argument("service")
@picture_options(window=False, clearing=True)
@edit_version_option
@format_option
@pass_root
def banner_set(root: Root, /, service: str, version: int | None, fmt: str,
               **picture: Any) -> None:
    """Set the banner's image, alt text or link (a page without one gets one).

    \b
    Example:
      minisvc banner set home --image https://cdn.example.com/banner/bills.png \\
          --alt "Pay bills" --alt-locale zh-CN=缴费 --link-app Bills
      minisvc banner set home --link-url https://example.com/promo/topup
    """
    from ..commands import banner as command

    asked = picture_of(**picture)
    if asked == picture_of():
        raise click.UsageError("nothing to change: give --image, --alt, --alt-locale, a link "
                               "or --no-alt/--no-link")
    sys.exit(command.run_set(root.path, service, asked, version, fmt))


@banner.command("remove")
@click.argument("service")
@edit_version_option
@format_option
@pass_root
def banner_remove(root: Root, service: str, version: int | None, fmt: str) -> None:
    """Remove the banner section.

    \b
    Example:
      minisvc banner remove home
    """
    from ..commands import banner as command

    sys.exit(command.run_remove(root.path, service, version, fmt))
