"""minisvc rules: every finding code, as a list or as docs/rules.md."""

from __future__ import annotations

import click

from ..rules import RULES
from ..rules.docs import FILE_CODES, SHAPE_CODES, render


def run(markdown: bool) -> int:
    if markdown:
        click.echo(render(), nl=False)
        return 0
    for code, text in {**FILE_CODES, **SHAPE_CODES}.items():
        click.echo(f"{code}  {text}")
    for r in sorted(RULES, key=lambda r: r.code):
        click.echo(f"{r.code}  {r.name}: {r.why.splitlines()[0]}")
    return 0
