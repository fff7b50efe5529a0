"""minisvc resolve: which version and file one user gets, read from a built dist/."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..runtime.locales import canonical_tag
from ..runtime.rollout import bucket, threshold
from ..runtime.rollout import resolve as decide
from ..serve.published import manifest_path, read_manifest


def run(dist: Path, service: str, user: str, email: str | None, locale: str,
        fmt: str) -> int:
    manifest = read_manifest(dist, service)
    try:
        res = decide(manifest, user, email, locale)
    except ValueError:
        click.echo("error: --user is not valid Unicode text", err=True)
        return 2
    folder = manifest_path(dist, service).parent
    releasing = manifest["releasing"]
    user_bucket = bucket(releasing["group"], user) if releasing and user else None
    if fmt == "json":
        click.echo(json.dumps({
            "service": service,
            "version": res and res.version,
            "channel": res and res.channel.value,
            "locale": res and res.locale,
            "path": res and res.path,
            "file": res and str(folder / res.path),
            "sha256": res and res.sha256,
            "bucket": user_bucket,
        }, ensure_ascii=False, indent=2))
        return 0
    if res is None:
        click.echo(f"{service}: no version for this user (nothing is Released, and the user "
                   "is neither a tester nor inside the Releasing ratio)")
    else:
        click.echo(f"{service} v{res.version} ({res.channel.value})")
        asked = canonical_tag(locale) or "(none)"
        click.echo(f"  locale  {res.locale}"
                   + ("" if asked == res.locale else f" (asked {asked})"))
        click.echo(f"  file    {folder / res.path}")
    if releasing and user_bucket is not None:
        inside = "inside" if user_bucket <= threshold(releasing["ratio"]) else "outside"
        click.echo(f"  bucket  {user_bucket} of 10000 in {releasing['group']} ({inside} "
                   f"{releasing['ratio']}% = buckets 1..{threshold(releasing['ratio'])})")
    return 0
