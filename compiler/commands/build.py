"""minisvc build: per-locale runtime JSON and manifests, swapped into place atomically."""

from __future__ import annotations

from pathlib import Path

import click

from ..build.tree import with_tester_key
from ..disk.dist import check_replaceable, write_tree_if_changed
from ..engine.incremental import open_repo
from ..errors import UserError
from ..load.project import ServiceTree
from ..model.findings import fails
from ..report.reporters import REPORTERS
from .tester_key import tester_key


def run(root: Path, out: Path | None, service: str | None, version: int | None,
        fmt: str, strict: bool) -> int:
    key = tester_key()  # a bad key is refused before any work
    repo = open_repo(root)
    previews: dict[str, tuple[int, ...]] = {}
    problem = None
    if version is not None:
        try:
            sid = service or _only_service_with(repo.services, version)
            tree = repo.services.get(sid)
            if tree is None or version not in tree.version_files:
                raise UserError(f"service {sid!r} has no version {version}")
            previews[sid] = (version,)
        except UserError as exc:
            problem = exc  # findings come first, as they would without --version
    result = repo.evaluate(previews)
    findings = result.findings
    if repo.lifecycle.caveat:
        click.echo(repo.lifecycle.caveat, err=True)
    if fails(findings, strict) or result.files is None:
        click.echo(REPORTERS[fmt](findings), err=True)
        click.echo("build stopped: nothing was written", err=True)
        return 1
    if problem is not None:
        raise problem
    target = out if out is not None else root / "dist"
    files = with_tester_key(result.files, repo.channels, key)
    if out is not None:  # a folder a person named: never swap away sources or a repo
        check_replaceable(target)
    written = write_tree_if_changed(target, files)
    click.echo(f"built {len(files)} files into {target}" + ("" if written else " (unchanged)"))
    return 0


def _only_service_with(services: dict[str, ServiceTree], version: int) -> str:
    having = [sid for sid, tree in sorted(services.items()) if version in tree.version_files]
    if len(having) != 1:
        which = ", ".join(having) or "no service has it"
        raise UserError(f"--version {version} is ambiguous or unknown ({which}); add --service")
    return having[0]
