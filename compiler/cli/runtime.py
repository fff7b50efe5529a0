"""Commands on what users get: preview, resolve, serve, diff."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from .group import Root, format_option, pass_root


@click.command()
@click.argument("service")
@click.argument("version", required=False, type=click.IntRange(min=1))
@click.option("--locale", "locales", multiple=True, metavar="L",
              help="Show only this locale (repeatable, or comma-separated), in this order. "
                   "Default: every locale of the service.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the page into (default: dist-preview/ in the repo).")
@click.option("--against", type=click.IntRange(min=1), metavar="VERSION",
              help="Highlight what changed since this version.")
@click.option("--offline", is_flag=True,
              help="Show placeholders instead of images: the page fetches nothing.")
@click.option("--now", callback=lambda c, p, v: _instant(c, p, v), metavar="TIME",
              help="Mark each carousel slide shown or hidden at this time (RFC 3339).")
@format_option
@pass_root
def preview(root: Root, service: str, version: int | None, locales: tuple[str, ...],
            out: Path | None, against: int | None, offline: bool, fmt: str,
            now: dt.datetime | None) -> None:
    """One HTML page showing VERSION of SERVICE as a phone per locale, side by side.

    VERSION defaults to the one release.yaml names (else the newest). The page is
    built from the compiled runtime JSON; text that fell back to another locale is
    marked and missing translations are listed. Prints the path of the page.

    \b
    Example:
      minisvc preview home                       # dist-preview/home-v2.html
      minisvc preview home 3 --against 2 --locale ar-SA --locale zh-Hant-HK
      minisvc preview wallet --offline --out /tmp/preview
      minisvc preview home --now 2026-12-24T12:00:00+08:00   # which slides show then
    """
    from ..git.plain import record_early

    with record_early(root.path):  # git reads the refs while the core imports
        from ..commands import preview as command

        sys.exit(command.run(root.path, service, version, locales, out, against, offline, fmt,
                             now))


dist_option = click.option(
    "--dist", type=click.Path(file_okay=False, path_type=Path),
    help="A built output folder (default: dist/ in the repo).")


def _dist(root: Root, dist: Path | None) -> Path:
    return dist if dist is not None else root.path / "dist"


def _instant(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """An RFC 3339 time with its offset, e.g. 2026-11-05T12:00:00Z."""
    from ..runtime.client import parse_instant

    try:
        return None if value is None else parse_instant(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("service")
@click.option("--user", required=True, metavar="ID",
              help="The app's stable user id, exactly as the app has it ('' = signed out).")
@click.option("--email", metavar="E",
              help="The signed-in user's email (a tester, where the manifest publishes its "
                   "token key or MINISVC_TESTER_KEY is set).")
@click.option("--tester-token", "token", metavar="T",
              help="The tester token the backend issued to the user (docs/rollout.md).")
@click.option("--locale", required=True, metavar="L", help="The app's locale, e.g. zh-Hant-MO.")
@click.option("--now", callback=_instant, metavar="TIME",
              help="The time the carousel's slides are shown at (default: now).")
@dist_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the answer.")
@pass_root
def resolve(root: Root, service: str, user: str, email: str | None, token: str | None,
            locale: str, now: dt.datetime | None, dist: Path | None, fmt: str) -> None:
    """Which version and file a user gets, from dist/SERVICE/manifest.json.

    \b
    Example:
      minisvc resolve home --user 42 --locale zh-Hant-MO
      minisvc resolve wallet --user 42 --email alice@example.com --locale he --format json
      minisvc resolve home --user 42 --locale en-US --now 2026-11-05T12:00:00Z
    Order: tester -> Testing; in bucket -> Releasing; else Released (docs/rollout.md).
    """
    from ..commands import resolve as command

    when = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    sys.exit(command.run(_dist(root, dist), service, user, email, token, locale, when, fmt))


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="0 picks a free port.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@dist_option
@pass_root
def serve(root: Root, port: int, host: str, dist: Path | None) -> None:
    """Serve dist/ and /v1/SERVICE?user=ID&email=E&locale=L over HTTP (until Ctrl-C).

    \b
    Example:
      minisvc build && minisvc serve --port 8000
      curl 'http://127.0.0.1:8000/v1/home?user=42&locale=zh-Hant-MO'
    /v1 answers with the file that user loads; files carry ETag and Cache-Control.
    """
    from ..commands import serve as command

    sys.exit(command.run(_dist(root, dist), host, port))


@click.command()
@click.argument("service", required=False)
@click.argument("a", metavar="[A]", required=False)
@click.argument("b", metavar="[B]", required=False)
@click.option("--base", metavar="REF",
              help="Without SERVICE A B: compare every version changed since REF.")
@click.option("--name-only", is_flag=True,
              help="With --base: print `SERVICE N` of each changed version that exists.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True, help="How to print the diff.")
@pass_root
def diff(root: Root, service: str | None, a: str | None, b: str | None, base: str | None,
         name_only: bool, fmt: str) -> None:
    """What changes for users between versions A and B of SERVICE.

    A and B are version numbers (3 or v3), or REF:N for version N at a git ref.
    Reports title changes per locale; sections added, removed, moved or edited;
    programs added, removed or moved; badge changes.

    \b
    Example:
      minisvc diff home 2 3
      minisvc diff home origin/main:3 3 --format markdown
      minisvc diff --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from ..commands import diff as command

    if base is not None and service is None:
        sys.exit(command.run_changed(root.path, base, fmt, name_only))
    if base is not None or name_only:
        raise click.UsageError("--base and --name-only go without SERVICE A B")
    if service is None or a is None or b is None:
        raise click.UsageError("give SERVICE A B (e.g. `minisvc diff home 2 3`) or --base REF")
    sides = [command.parse_side(v) for v in (a, b)]
    sys.exit(command.run_pair(root.path, service, sides[0], sides[1], fmt))
