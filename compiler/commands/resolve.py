"""minisvc resolve: which version and file one user gets, read from a built dist/."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..errors import UserError
from ..runtime.client import IntegrityError, verified, visible_slides
from ..runtime.locales import canonical_tag
from ..runtime.rollout import bucket, tester_token, threshold
from ..runtime.rollout import resolve as decide
from ..serve.published import inside, manifest_path, read_manifest
from .tester_key import tester_key


def run(dist: Path, service: str, user: str, email: str | None, token: str | None,
        locale: str, now: dt.datetime, fmt: str) -> int:
    manifest = read_manifest(dist, service)
    key = tester_key()
    if token is None and email and key is not None:  # standing in for the backend
        token = tester_token(key, email)
    try:
        res = decide(manifest, user, email, locale, token)
    except ValueError:
        click.echo("error: --user is not valid Unicode text", err=True)
        return 2
    folder = manifest_path(dist, service).parent
    slides = None if res is None else _slides(dist, service, res.path, res.sha256, now)
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
            "slides": slides,
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
        click.echo(f"  slides  {', '.join(slides or []) or '(none)'} at "
                   f"{now.isoformat().replace('+00:00', 'Z')}")
    if releasing and user_bucket is not None:
        inside_ = "inside" if user_bucket <= threshold(releasing["ratio"]) else "outside"
        click.echo(f"  bucket  {user_bucket} of 10000 in {releasing['group']} ({inside_} "
                   f"{releasing['ratio']}% = buckets 1..{threshold(releasing['ratio'])})")
    testing = manifest["testing"]
    if email and token is None and testing and testing["public_token_key"] is None:
        click.echo(f"  note    {service} v{testing['version']}'s testers are keyed by the "
                   "backend: --email cannot tell a tester without MINISVC_TESTER_KEY; "
                   "pass --tester-token", err=True)
    return 0


def _slides(dist: Path, service: str, rel: str, sha256: str, now: dt.datetime) -> list[str]:
    """The carousel slides shown at ``now``, from the file once its bytes are checked."""
    path = inside(dist, f"{service}/{rel}")
    if path is None:
        raise UserError(f"{dist / service / rel}: named by the manifest but missing; "
                        "rebuild with `minisvc build`")
    try:
        return visible_slides(verified(path.read_bytes(), sha256), now)
    except IntegrityError:
        raise UserError(f"{path}: its sha256 is not the one the manifest names; "
                        "rebuild with `minisvc build`") from None
