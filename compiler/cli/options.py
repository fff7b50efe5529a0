"""Options the authoring commands share: placement, badges, pictures (slides and the
banner), LOCALE=TEXT pairs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..edit.programs import Badge
    from ..edit.sections import Placement
    from ..edit.slides import Picture

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


def picture_options(window: bool = True, clearing: bool = False) -> Callable[[F], F]:
    """What a slide or the banner shows: image, alt text per locale, link, display window;
    ``clearing`` adds the --no-... flags that remove a field."""
    def decorate(f: F) -> F:
        flags: list[tuple[str, str]] = [("alt", "the alt text"), ("link", "the link")]
        if window:
            flags += [("start", "the start of the window"), ("end", "the end of the window")]
        for name, what in reversed(flags if clearing else []):
            f = click.option(f"--no-{name}", f"no_{name}", is_flag=True,
                             help=f"Remove {what}.")(f)
        if window:
            f = click.option("--end", metavar="TIME", help="Shown until this time, e.g. "
                             "2026-12-13T00:00:00+08:00.")(f)
            f = click.option("--start", metavar="TIME", help="Shown from this time on, e.g. "
                             "2026-12-01T00:00:00+08:00.")(f)
        f = click.option("--link-url", metavar="URL", help="Link to this https URL.")(f)
        f = click.option("--link-page", metavar="PAGE",
                         help="The page inside the mini program, e.g. pages/index?from=home.")(f)
        f = click.option("--link-app", metavar="APP",
                         help="Link to this mini program (an app id or a catalog name).")(f)
        f = click.option("--alt-locale", "alt_locales", multiple=True, callback=pairs,
                         metavar="LOCALE=TEXT", help="The alt text in another locale; "
                         "repeat for each.")(f)
        f = click.option("--alt", metavar="TEXT",
                         help="The alt text in the service's default locale.")(f)
        f = click.option("--image", metavar="URL", help="The image, an https URL.")(f)
        return f

    return decorate


def picture_of(image: str | None = None, alt: str | None = None,
               alt_locales: dict[str, str] | None = None, link_app: str | None = None,
               link_page: str | None = None, link_url: str | None = None,
               start: str | None = None, end: str | None = None, no_alt: bool = False,
               no_link: bool = False, no_start: bool = False, no_end: bool = False) -> Picture:
    from ..edit.slides import Link, Picture  # noqa: F811  (imported late: --help stays fast)

    if link_app and link_url:
        raise click.UsageError("give --link-app (a mini program) or --link-url, not both")
    if link_page and not link_app:
        raise click.UsageError("--link-page is a page of the mini program of --link-app")
    link = Link(app=link_app, page=link_page) if link_app else \
        Link(url=link_url) if link_url else None
    asked = {"alt": alt or alt_locales, "link": link, "start": start, "end": end}
    clear = {name for name, flag in (("alt", no_alt), ("link", no_link), ("start", no_start),
                                     ("end", no_end)) if flag}
    both = sorted(name for name in clear if asked[name])
    if both:
        raise click.UsageError(f"--no-{both[0]} and a new {both[0]}: give one")
    return Picture(image, alt, alt_locales or {}, link, start, end, frozenset(clear))
