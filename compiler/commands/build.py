"""minisvc build: per-locale runtime JSON and manifests, swapped into place atomically."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import build
from ..findings import fails
from ..project import ServiceTree
from ..reporters import REPORTERS
from ..workspace import UserError, check_replaceable, open_workspace, write_tree


def run(root: Path, out: Path | None, service: str | None, version: int | None,
        fmt: str, strict: bool) -> int:
    ws = open_workspace(root)
    findings = ws.findings()
    if fails(findings, strict):
        click.echo(REPORTERS[fmt](findings), err=True)
        click.echo("build stopped: nothing was written", err=True)
        return 1
    previews: dict[str, list[int]] = {}
    if version is not None:
        sid = service or _only_service_with(ws.project.services, version)
        tree = ws.project.services.get(sid)
        if tree is None or version not in tree.versions:
            raise UserError(f"service {sid!r} has no version {version}")
        previews[sid] = [version]
    files = build(ws.project, ws.channels, previews)
    target = out if out is not None else root / "dist"
    check_replaceable(target)
    write_tree(target, files)
    click.echo(f"built {len(files)} files into {target}")
    return 0


def _only_service_with(services: dict[str, ServiceTree], version: int) -> str:
    having = [sid for sid, tree in sorted(services.items()) if version in tree.versions]
    if len(having) != 1:
        which = ", ".join(having) or "no service has it"
        raise UserError(f"--version {version} is ambiguous or unknown ({which}); add --service")
    return having[0]
