"""What the commands that report the lifecycle or edit by it (status, history, the
authoring commands) do with a record that does not hold: say what is wrong and answer
nothing from it."""

from __future__ import annotations

import click

from ..lifecycle.view import View
from ..model.findings import locate
from ..report.reporters import REPORTERS


def refused(seen: View, fmt: str) -> bool:
    """Print the record's own errors (E310 on refs) and say so; True when there are any.
    A frozen file whose content differs from its tag is a finding of its own (the gate and
    apply stop on it); the statuses are still the record's, so they are shown."""
    if seen.holds:
        return False
    errors = [f for f in seen.problems if f.is_error and f.file.startswith("refs/")]
    report = "text" if fmt == "json" else fmt
    click.echo(REPORTERS[report](locate(errors, lambda _f, _loc: (1, 1))), err=True)
    click.echo("the lifecycle record does not hold (above), so no status is read from it: "
               "fix it first (`minisvc verify` says more; docs/lifecycle.md, "
               "\"When the record does not hold\")", err=True)
    return True
