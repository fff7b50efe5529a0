"""minisvc schema: write the JSON Schemas under schema/, or fail when one is missing or
stale."""

from __future__ import annotations

from pathlib import Path

import click

from ..build.schemas import all_files
from ..disk.atomic import write_file


def run(root: Path, check: bool) -> int:
    folder = root / "schema"
    files = all_files()
    missing = [name for name in files if not (folder / name).is_file()]
    stale = [name for name, data in files.items()
             if name not in missing and (folder / name).read_bytes() != data]
    if check:
        for name in files:
            if name in missing or name in stale:
                what = "missing" if name in missing else "stale"
                click.echo(f"schema/{name} is {what}; run `minisvc schema` and commit it",
                           err=True)
        return 1 if missing or stale else 0
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        write_file(folder / name, data)
    click.echo(f"wrote {len(files)} files (schemas, vectors, the client suite) to "
               f"{folder} ({len(missing)} new, {len(stale)} changed)")
    return 0
