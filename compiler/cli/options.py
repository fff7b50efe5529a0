"""Options the authoring commands share: placement, badges, LOCALE=TEXT pairs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..edit.programs import Badge
    from ..edit.sections import Placement

F = TypeVar("F", bound=Callable[..., Any])


edit_version_option = click.option(
    "--version", "version", type=click.IntRange(min=1),
    help="The Draft to edit (default: the service's only Draft).")


def pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
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


def placement(before: str | None, after: str | None, to: int | None,
               required: bool = False) -> Placement:
    from ..edit.sections import Placement  # noqa: F811  (imported late: --help stays fast)

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
    f = click.option("--badge-text", multiple=True, callback=pairs, metavar="LOCALE=TEXT",
                     help="A text badge (at most 5 characters), once per locale.")(f)
    return f


def badge_of(badge_text: dict[str, str], badge_image: str | None) -> Badge | None:
    from ..edit.programs import Badge  # noqa: F811

    if badge_text and badge_image:
        raise click.UsageError("give --badge-text or --badge-image, not both")
    if badge_text:
        return Badge(text=badge_text)
    return Badge(style=badge_image) if badge_image else None
