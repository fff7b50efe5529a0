"""The `minisvc` command line: parses options and calls one command module. No logic here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .workspace import UserError, find_root

if TYPE_CHECKING:
    from .edit import Placement
    from .edit_programs import Badge

ISSUES_URL = "https://github.com/minisvc/minisvc/issues"
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


@cli.command()
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
    from .commands import validate as command

    sys.exit(command.run(root.path, paths, fmt, strict))


@cli.command()
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
    from .commands import build as command

    sys.exit(command.run(root.path, out, service, version, fmt, strict))


@cli.command()
@click.option("--check", is_flag=True, help="Fail if a committed schema is stale.")
@pass_root
def schema(root: Root, check: bool) -> None:
    """Write the JSON Schemas under schema/ (or check them).

    \b
    Example:
      minisvc schema --check
    """
    from .commands import schema as command

    sys.exit(command.run(root.path, check))


@cli.command()
@click.option("--markdown", is_flag=True, help="Print docs/rules.md instead of a list.")
def rules(markdown: bool) -> None:
    """List every finding code with what it means.

    \b
    Example:
      minisvc rules
      minisvc rules --markdown > docs/rules.md
    """
    from .commands import rules as command

    sys.exit(command.run(markdown))


@cli.command()
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
@format_option
@pass_root
def preview(root: Root, service: str, version: int | None, locales: tuple[str, ...],
            out: Path | None, against: int | None, offline: bool, fmt: str) -> None:
    """One HTML page showing VERSION of SERVICE as a phone per locale, side by side.

    VERSION defaults to the one release.yaml names (else the newest). The page is
    built from the compiled runtime JSON; text that fell back to another locale is
    marked and missing translations are listed. Prints the path of the page.

    \b
    Example:
      minisvc preview home                       # dist-preview/home-v2.html
      minisvc preview home 3 --against 2 --locale ar-SA --locale zh-Hant-HK
      minisvc preview wallet --offline --out /tmp/preview
    """
    from .commands import preview as command

    sys.exit(command.run(root.path, service, version, locales, out, against, offline, fmt))


dist_option = click.option(
    "--dist", type=click.Path(file_okay=False, path_type=Path),
    help="A built output folder (default: dist/ in the repo).")


def _dist(root: Root, dist: Path | None) -> Path:
    return dist if dist is not None else root.path / "dist"


@cli.command()
@click.argument("service")
@click.option("--user", required=True, metavar="ID",
              help="The app's stable user id, exactly as the app has it ('' = signed out).")
@click.option("--email", metavar="E", help="The signed-in user's email (for testers).")
@click.option("--locale", required=True, metavar="L", help="The app's locale, e.g. zh-Hant-MO.")
@dist_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the answer.")
@pass_root
def resolve(root: Root, service: str, user: str, email: str | None, locale: str,
            dist: Path | None, fmt: str) -> None:
    """Which version and file a user gets, from dist/SERVICE/manifest.json.

    \b
    Example:
      minisvc resolve home --user 42 --locale zh-Hant-MO
      minisvc resolve wallet --user 42 --email alice@example.com --locale he --format json
    Order: tester -> Testing; in bucket -> Releasing; else Released (docs/rollout.md).
    """
    from .commands import resolve as command

    sys.exit(command.run(_dist(root, dist), service, user, email, locale, fmt))


@cli.command()
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
    from .commands import serve as command

    sys.exit(command.run(_dist(root, dist), host, port))


@cli.command()
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
    from .commands import diff as command

    if base is not None and service is None:
        sys.exit(command.run_changed(root.path, base, fmt, name_only))
    if base is not None or name_only:
        raise click.UsageError("--base and --name-only go without SERVICE A B")
    if service is None or a is None or b is None:
        raise click.UsageError("give SERVICE A B (e.g. `minisvc diff home 2 3`) or --base REF")
    sides = [command.parse_side(v) for v in (a, b)]
    sys.exit(command.run_pair(root.path, service, sides[0], sides[1], fmt))


# --- authoring: every console action as a command that edits the files ------------

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

@cli.command()
@click.option("--base", required=True, metavar="REF",
              help="The branch the PR merges into, e.g. origin/main.")
@format_option
@strict_option
@pass_root
def check(root: Root, base: str, fmt: str, strict: bool) -> None:
    """The PR gate: validation, frozen versions, legal release.yaml moves, and the plan.

    \b
    Example (CI on a pull request):
      minisvc check --base origin/main --format github
    With --format github the plan is also written to $GITHUB_STEP_SUMMARY.
    """
    from .commands import check as command

    sys.exit(command.run(root.path, base, fmt, strict))


@cli.command()
@format_option
@click.option("--bootstrap", is_flag=True,
              help="Show what adopting release.yaml of services without refs would record.")
@pass_root
def plan(root: Root, fmt: str, bootstrap: bool) -> None:
    """What the next `apply` will do: lifecycle refs against release.yaml.

    \b
    Example:
      minisvc plan            # home v3: Draft -> Testing (2 testers)
    """
    from .commands import plan as command

    sys.exit(command.run(root.path, fmt, bootstrap))


@cli.command()
@click.option("--push", "remote", metavar="REMOTE",
              help="Push the new refs to REMOTE atomically (all or nothing).")
@click.option("--bootstrap", is_flag=True,
              help="Adopt release.yaml as the current state of services that have no "
                   "lifecycle refs yet (once, when moving a repo to minisvc).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: dist/ in the repo).")
@pass_root
def apply(root: Root, remote: str | None, bootstrap: bool, out: Path | None) -> None:
    """Carry out the plan for the checked-out commit: write refs, build dist/, push.

    \b
    Example (CI on push to main):
      minisvc apply --push origin
    Running it twice does nothing the second time; if another apply won a race, it fails
    and changes nothing: fetch and run it again.
    """
    from .commands import apply as command

    sys.exit(command.run(root.path, remote, bootstrap, out))


lifecycle_format = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                                default="text", show_default=True, help="Output format.")


@cli.command()
@click.argument("service", required=False)
@lifecycle_format
@pass_root
def status(root: Root, service: str | None, fmt: str) -> None:
    """Every version with its status (from lifecycle refs; works on a fresh clone).

    \b
    Example:
      minisvc status home --format json
    """
    from .commands import status as command

    sys.exit(command.run(root.path, service, fmt))


@cli.command()
@click.argument("service")
@lifecycle_format
@pass_root
def history(root: Root, service: str, fmt: str) -> None:
    """Every lifecycle event of SERVICE: when, version, what, ratio, who, tag.

    \b
    Example:
      minisvc history home
    """
    from .commands import history as command

    sys.exit(command.run(root.path, service, fmt))


tester_option = click.option("--tester", "testers", multiple=True, required=True,
                             metavar="EMAIL", help="A tester's email; repeat for several.")


@cli.command()
@click.argument("service")
@click.argument("version", type=click.IntRange(min=1))
@tester_option
@pass_root
def test(root: Root, service: str, version: int, testers: tuple[str, ...]) -> None:
    """Ask for Draft VERSION to go to Testing (edits release.yaml).

    \b
    Example:
      minisvc test home 3 --tester alice@example.com --tester bob@example.com
    """
    from .commands import test as command

    sys.exit(command.run(root.path, service, version, testers))


@cli.command()
@click.argument("service")
@tester_option
@pass_root
def retest(root: Root, service: str, testers: tuple[str, ...]) -> None:
    """Give the Testing version a new tester list (edits release.yaml).

    \b
    Example:
      minisvc retest home --tester carol@example.com
    """
    from .commands import retest as command

    sys.exit(command.run(root.path, service, testers))


@cli.command()
@click.argument("service")
@pass_root
def revert(root: Root, service: str) -> None:
    """Send the Testing or Releasing version back to Draft (edits release.yaml).

    \b
    Example:
      minisvc revert home
    """
    from .commands import revert as command

    sys.exit(command.run(root.path, service))


@cli.command()
@click.argument("service")
@click.option("--ratio", required=True, type=click.FloatRange(min=0, max=100, min_open=True),
              help="Grayscale percent, 0.01..100; 100 releases fully (Released).")
@pass_root
def release(root: Root, service: str, ratio: float) -> None:
    """Release the version in flight at a ratio; the ratio only goes up (edits release.yaml).

    \b
    Example:
      minisvc release home --ratio 5
      minisvc release home --ratio 100   # Released; the previous Released is Archived
    """
    from .commands import release as command

    sys.exit(command.run(root.path, service, ratio))


@cli.command()
@click.option("--remote", metavar="REMOTE",
              help="Also compare every lifecycle tag and branch with REMOTE's (read only).")
@format_option
@strict_option
@pass_root
def verify(root: Root, remote: str | None, fmt: str, strict: bool) -> None:
    """Check that no lifecycle tag moved and no frozen version's content changed.

    Every tag must point at the commit and content digest it records and be listed, with
    its object id, on the service's minisvc/<service> branch; every frozen version's file
    at HEAD must have the digest its tags recorded.

    \b
    Example (the release workflow, before publishing):
      minisvc verify --format github
      minisvc verify --remote origin     # and the remote's refs agree with this clone's
    Exit status: 0 nothing tampered, 1 findings (E310; W310 only with --strict).
    """
    from .commands import verify as command

    sys.exit(command.run(root.path, remote, fmt, strict))


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly, never a bare traceback
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   f"This is a bug in minisvc; please report it at {ISSUES_URL} "
                   "(run with MINISVC_DEBUG=1 for the traceback).", err=True)
        if _debug():
            raise
        sys.exit(3)


def _debug() -> bool:
    import os

    return os.environ.get("MINISVC_DEBUG") == "1"
