"""`minisvc`: the entry point. Runs the group and turns anything unexpected into a short
message (a bug: exit 3, never a bare traceback for a user)."""

from __future__ import annotations

import gc
import os
import sys

import click

from .group import cli

ISSUES_URL = "https://github.com/minisvc/minisvc/issues"
GC_THRESHOLDS = (50_000, 20, 20)

__all__ = ["cli", "main"]


def main() -> None:
    """The console script: one command, then the process ends."""
    # pydantic validates input files here, as a library. A pydantic plugin installed in
    # the same environment (an observability SDK's) would watch every validation, and
    # finding one scans every installed distribution's entry points (5-15 ms of each
    # command). An operator who wants one sets PYDANTIC_DISABLE_PLUGINS (even to "").
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A command allocates hundreds of thousands of small objects (YAML nodes, models,
    # findings) that live until it ends. With Python's default thresholds (700, 10, 10)
    # the collector walks them again every few hundred allocations: a third of a cold
    # validate of the benchmark corpus (9.9 s -> 6.4-6.7 s at 1x, memory the same). A
    # young collection every 50,000 allocations keeps what cycles there are short-lived.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        _command()
    finally:
        # Python's last act would be a full collection over every object the command
        # loaded (12-25 ms after validating the sample), to free memory the process is
        # about to give back; a collection skips frozen objects. Files are closed by
        # the code that writes them, never by the collector.
        gc.freeze()


def _command() -> None:
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
    return os.environ.get("MINISVC_DEBUG") == "1"
