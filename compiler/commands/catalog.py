"""minisvc catalog search: find mini programs by name in any locale, or by app id."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..edit.catalog_search import describe, search
from ..engine.workspace import open_workspace
from ..errors import UserError


def run_search(root: Path, text: str, locale: str, fmt: str) -> int:
    catalog = open_workspace(root).project.catalog
    if catalog is None:
        raise UserError("services/catalog.yaml has errors; run `minisvc validate` first")
    hits = search(catalog.mini_programs, text)
    if fmt == "json":
        click.echo(json.dumps([{"app_id": h.program.app_id, "status": h.program.status.value,
                                "name": h.program.name, "matched_locale": h.locale,
                                "matched": h.text, "exact": h.exact} for h in hits],
                              ensure_ascii=False, indent=2))
    elif hits:
        click.echo("\n".join(describe(hits, locale)))
    if not hits:
        click.echo(f"no mini program matches {text!r}", err=True)
        return 1
    return 0
