"""Commands that take dist/ to users: publish."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .group import Root, pass_root


@click.command()
@click.option("--to", "to", required=True, metavar="TARGET",
              help="s3://BUCKET[/PREFIX] (any S3 API), or a folder.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path),
              help="The built output to publish (default: dist/ in the repo).")
@click.option("--endpoint-url", metavar="URL",
              help="An S3-compatible endpoint: MinIO, R2, Alibaba OSS, GCS interop.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--prune", is_flag=True,
              help="Also delete files no manifest served within the retention period names.")
@click.option("--retention-days", "days", type=click.FloatRange(min=0), default=30,
              show_default=True, help="How long a replaced manifest's files are kept.")
@click.option("--allow-public-testers", is_flag=True,
              help="Publish Testing versions hashed with the public development key.")
@pass_root
def publish(root: Root, to: str, dist: Path | None, endpoint_url: str | None, dry_run: bool,
            prune: bool, days: float, allow_public_testers: bool) -> None:
    """Upload dist/ to object storage or a folder: files first, manifests last.

    Per-locale files (content-addressed) go up with a year's immutable cache, then each
    changed manifest and index.json with a short one, so a client reading any manifest
    finds every file it names. Running it again uploads nothing. Nothing is deleted
    without --prune, and never a file a manifest served within the retention period
    names (docs/workflows.md).

    \b
    Example:
      minisvc publish --to s3://my-cdn-origin/mini --dry-run
      minisvc publish --to s3://bucket/mini --endpoint-url http://127.0.0.1:9000
      minisvc publish --to ../mini-site --prune --retention-days 14
    """
    from ..commands import publish as command

    sys.exit(command.run(dist if dist is not None else root.path / "dist", to, endpoint_url,
                         dry_run, prune, days, allow_public_testers))
