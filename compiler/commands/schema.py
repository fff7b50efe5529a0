"""minisvc schema: write the JSON Schemas under schema/, or fail when they are stale."""

from __future__ import annotations

from pathlib import Path

import click

from ..build.schemas import all_files
from ..disk.atomic import write_file


def run(root: Path, check: bool) -> int:
    folder = root / "schema"
    stale = [name for name, data in all_files().items()
             if not (folder / name).is_file() or (folder / name).read_bytes() != data]
    if check:
        for name in stale:
            click.echo(f"schema/{name} is stale; run `minisvc schema` and commit it", err=True)
        return 1 if stale else 0
    folder.mkdir(exist_ok=True)
    for name, data in all_files().items():
        write_file(folder / name, data)
    click.echo(f"wrote {len(all_files())} files (schemas, vectors, the client suite) to "
               f"{folder} ({len(stale)} changed)")
    return 0
