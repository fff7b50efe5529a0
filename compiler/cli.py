"""The `minisvc` command line: parses options and calls one command module. No logic here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .workspace import UserError, find_root

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
