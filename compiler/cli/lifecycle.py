"""Lifecycle commands: the PR gate, plan/apply, status/history, release.yaml moves."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .group import Root, format_option, now_option, pass_root, strict_option


@click.command()
@click.option("--base", required=True, metavar="REF",
              help="The branch the PR merges into, e.g. origin/main.")
@format_option
@strict_option
@now_option
@click.option("--full", is_flag=True,
              help="Validate every service, not only those the PR can affect.")
@pass_root
def check(root: Root, base: str, fmt: str, strict: bool, now: dt.datetime,
          full: bool) -> None:
    """The PR gate: validation, frozen versions, legal release.yaml moves, and the plan.

    Base was gated when it merged, so only the services the PR can change are
    validated (its service folders, and the users of catalog entries it changes);
    --full validates all, as `minisvc validate` does.

    \b
    Example (CI on a pull request):
      minisvc check --base origin/main --format github
    With --format github the plan is also written to $GITHUB_STEP_SUMMARY.
    """
    # git's status of the work tree, and the commits and trees of base, the fork point
    # and HEAD, are asked beside the imports below (a fresh clone's status costs tens of
    # milliseconds): the gate waits for neither alone.
    from ..git.early import fork_later, work_tree_changes_later

    changes = None if full else work_tree_changes_later(root.path)
    fork = fork_later(root.path, base, trees=not full)
    from ..commands import check as command

    sys.exit(command.run(root.path, base, fmt, strict, now, full, changes, fork))


@click.command()
@format_option
@click.option("--bootstrap", is_flag=True,
              help="Show what adopting release.yaml of services without refs would record.")
@now_option
@pass_root
def plan(root: Root, fmt: str, bootstrap: bool, now: dt.datetime) -> None:
    """What the next `apply` will do: lifecycle refs against release.yaml.

    \b
    Example:
      minisvc plan            # home v3: Draft -> Testing (2 testers)
    """
    from ..commands import plan as command

    sys.exit(command.run(root.path, fmt, bootstrap, now))


@click.command()
@click.option("--push", "remote", metavar="REMOTE",
              help="Push the new refs to REMOTE atomically (all or nothing).")
@click.option("--bootstrap", is_flag=True,
              help="Adopt release.yaml as the current state of services that have no "
                   "lifecycle refs yet (once, when moving a repo to minisvc).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: dist/ in the repo).")
@now_option
@pass_root
def apply(root: Root, remote: str | None, bootstrap: bool, out: Path | None,
          now: dt.datetime) -> None:
    """Carry out the plan for the checked-out commit: write refs, build dist/, push.

    \b
    Example (CI on push to main):
      minisvc apply --push origin
    Running it twice does nothing the second time; if another apply won a race, it fails
    and changes nothing: fetch and run it again.
    """
    from ..commands import apply as command

    sys.exit(command.run(root.path, remote, bootstrap, out, now))


lifecycle_format = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                                default="text", show_default=True, help="Output format.")


@click.command()
@click.argument("service", required=False)
@lifecycle_format
@now_option
@pass_root
def status(root: Root, service: str | None, fmt: str, now: dt.datetime) -> None:
    """Every version with its status (from lifecycle refs; works on a fresh clone).

    \b
    Example:
      minisvc status home --format json
    """
    from ..git.plain import record_early

    with record_early(root.path):  # git reads the refs while the core imports
        from ..commands import status as command

        sys.exit(command.run(root.path, service, fmt, now))


@click.command()
@click.argument("service")
@lifecycle_format
@pass_root
def history(root: Root, service: str, fmt: str) -> None:
    """Every event of SERVICE: when, version, what, ratio, who, tag or commit.

    Lifecycle events come from the tags; Draft events (created, duplicated from vN,
    deleted) from the git history of the checked-out branch.

    \b
    Example:
      minisvc history home
      git tag -l --sort=v:refname 'home/*'    # the tags alone, in version order
    """
    from ..commands import history as command

    sys.exit(command.run(root.path, service, fmt))


tester_option = click.option("--tester", "testers", multiple=True, required=True,
                             metavar="EMAIL", help="A tester's email; repeat for several.")


@click.command()
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
    from ..commands import test as command

    sys.exit(command.run(root.path, service, version, testers))


@click.command()
@click.argument("service")
@tester_option
@pass_root
def retest(root: Root, service: str, testers: tuple[str, ...]) -> None:
    """Give the Testing version a new tester list (edits release.yaml).

    \b
    Example:
      minisvc retest home --tester carol@example.com
    """
    from ..commands import retest as command

    sys.exit(command.run(root.path, service, testers))


@click.command()
@click.argument("service")
@pass_root
def revert(root: Root, service: str) -> None:
    """Send the Testing or Releasing version back to Draft (edits release.yaml).

    \b
    Example:
      minisvc revert home
    """
    from ..commands import revert as command

    sys.exit(command.run(root.path, service))


@click.command()
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
    from ..commands import release as command

    sys.exit(command.run(root.path, service, ratio))

@click.command()
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
    from ..commands import verify as command

    sys.exit(command.run(root.path, remote, fmt, strict))
