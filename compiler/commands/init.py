"""minisvc init: a config repository that works at once (README "Use it in your own
repository").

It writes a catalog and one starter service (or, with ``--sample``, the project's full
sample), the JSON Schemas every editor line names, the three workflows installing this
minisvc, .gitignore, .pre-commit-config.yaml and a README for the team. It writes
nothing when any of those files is already there, or when the result would not
validate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..build.schemas import all_files
from ..disk.atomic import write_file
from ..errors import UserError
from . import scaffold
from .service import checked_id, checked_locales, refuse_invalid


def run(folder: Path, sample: bool, service: str, default_locale: str,
        locales: Sequence[str]) -> int:
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; give a folder for the new repository")
    if sample:
        inputs = scaffold.sample_files()
    else:
        checked_id(service)
        chosen = checked_locales(default_locale, locales)
        inputs = {"services/catalog.yaml": scaffold.starter_catalog(),
                  **scaffold.service_files(service, default_locale, chosen)}
    files = {**inputs, **{f"schema/{n}": d for n, d in all_files().items()},
             **scaffold.repository_files()}
    there = sorted(p for p in files if (folder / p).exists() or (folder / p).is_symlink())
    if (folder / "services").exists():
        there.insert(0, "services/")
    if there:
        raise UserError(f"{folder} already has {', '.join(there[:5])}"
                        f"{' and more' if len(there) > 5 else ''}; `minisvc init` only "
                        "starts a repository: run it in a new or empty folder")
    refuse_invalid(inputs)
    for path, data in files.items():
        write_file(folder / path, data)
    click.echo(f"wrote {len(files)} files into {folder}")
    click.echo("next: git init -b main && git add -A && git commit -m 'The Mini Service page'"
               " && minisvc apply --bootstrap")
    return 0
