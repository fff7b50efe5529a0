"""The edge that reads a built dist/: a service's manifest and the files it names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import UserError
from ..model.outputs import Manifest

SERVICE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def manifest_path(dist: Path, service: str) -> Path:
    if not SERVICE.fullmatch(service):
        raise UserError(f"{service!r} is not a service id (letters, digits, - and _)")
    return dist / service / "manifest.json"


def read_manifest(dist: Path, service: str) -> dict[str, Any]:
    """The manifest of ``service``, checked against its schema so resolution can trust it."""
    path = manifest_path(dist, service)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        known = sorted(p.parent.name for p in dist.glob("*/manifest.json"))
        raise UserError(f"{path}: no such manifest (services in {dist}: "
                        f"{', '.join(known) or 'none'}); run `minisvc build` first") from None
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: unreadable ({exc}); rebuild with `minisvc build`") from None
    try:
        Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        raise UserError(f"{path}: not a minisvc manifest ({where}: {first['msg']}); "
                        "rebuild with `minisvc build`") from None
    return dict(data)


def inside(dist: Path, rel: str) -> Path | None:
    """``dist/rel`` if it is a file inside dist/ (no ``..``, hidden files or links out)."""
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\0" in p
                      for p in parts):
        return None
    path = dist.joinpath(*parts)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_file() and real.is_relative_to(dist.resolve()) else None
