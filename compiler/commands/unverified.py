"""What the commands that only report the lifecycle (status, history) do with a record
that does not hold: say what is wrong and answer nothing from it."""

from __future__ import annotations

import click

from ..lifecycle.view import View
from ..model.findings import locate
from ..report.reporters import REPORTERS


def refused(seen: View, fmt: str) -> bool:
    """Print the record's errors (E310) and say so; True when there are any."""
    errors = [f for f in seen.problems if f.is_error]
    if not errors:
        return False
    report = "text" if fmt == "json" else fmt
    click.echo(REPORTERS[report](locate(errors, lambda _f, _loc: (1, 1))), err=True)
    click.echo("the lifecycle record does not hold (above), so no status is read from it: "
               "fix it first (`minisvc verify` says more; docs/lifecycle.md, "
               "\"When the record does not hold\")", err=True)
    return True
