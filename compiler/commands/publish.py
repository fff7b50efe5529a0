"""minisvc publish: dist/ to object storage or a folder, files first, manifests last."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..disk.folder_store import FolderStore, read_tree
from ..errors import UserError
from ..publish.run import Store, publish


def run(dist: Path, to: str, endpoint_url: str | None, dry_run: bool, prune: bool,
        days: float, allow_public_testers: bool) -> int:
    files = read_tree(dist)
    store = target(to, endpoint_url, dist)
    report = publish(files, store, dt.datetime.now(dt.UTC), retention=dt.timedelta(days=days),
                     prune=prune, dry_run=dry_run, allow_public_testers=allow_public_testers)
    for line in report.lines():
        click.echo(line)
    return 0


def target(to: str, endpoint_url: str | None, dist: Path) -> Store:
    if to.startswith("s3://"):
        from ..publish.bucket import S3Store  # boto3: only when it is used

        return S3Store(to, endpoint_url)
    if "://" in to:
        raise UserError(f"--to {to}: give s3://BUCKET[/PREFIX] or a folder")
    if endpoint_url is not None:
        raise UserError("--endpoint-url goes with an s3:// target")
    folder, source = Path(to).absolute(), dist.absolute()
    if folder == source or folder.is_relative_to(source) or source.is_relative_to(folder):
        raise UserError(f"--to {to} and the dist/ it publishes ({dist}) overlap; publish "
                        "to a folder of its own")
    return FolderStore(folder)
