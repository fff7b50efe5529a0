"""minisvc preview: one static HTML page showing a version as a phone per locale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import click

from ..build.compile import compile_version
from ..disk import atomic
from ..engine.workspace import open_workspace
from ..errors import UserError
from ..load.project import ServiceTree
from ..model.findings import fails
from ..model.names import no_such
from ..model.paths import CATALOG
from ..model.status import Status
from ..preview import build_page, render
from ..preview.at_time import at_time
from ..report.reporters import REPORTERS
from ..rules.checks import only_paths
from ..runtime.locales import canonical_tag, served_locale

DEFAULT_OUT = "dist-preview"


def run(root: Path, service: str, version: int | None, locales: Sequence[str],
        out: Path | None, against: int | None, offline: bool, fmt: str,
        now: dt.datetime | None = None) -> int:
    ws = open_workspace(root, unknown_record="note")
    if ws.lifecycle.caveat:
        click.echo(ws.lifecycle.caveat, err=True)
    tree = ws.project.services.get(service)
    if tree is None:
        raise UserError(no_such("service", service, ws.project.services))
    number = version if version is not None else default_version(tree)
    for wanted in (number, against):
        if wanted is not None and wanted not in tree.version_files:
            raise UserError(f"{service} has no version {wanted} "
                            f"(versions: {_numbers(tree.version_files)})")
    files = [CATALOG, tree.file, tree.version_file(number)]
    if against is not None:
        files.append(tree.version_file(against))
    findings = [*only_paths(ws.findings, files),
                *(f for f in ws.lifecycle.problems if f.file.startswith("refs/"))]
    if fails(findings, strict=False):
        click.echo(REPORTERS[fmt](findings), err=True)
        click.echo("preview stopped: fix the errors above; nothing was written", err=True)
        return 1
    assert tree.service is not None and ws.project.catalog is not None
    picked = pick_locales(tree, locales)
    shown = [served for served, _ in picked]
    compiled = compile_version(service, number, tree.service, tree.versions[number],
                               ws.project.catalog, tree.service.locales)
    previous = None
    if against is not None:
        previous = compile_version(service, against, tree.service, tree.versions[against],
                                   ws.project.catalog, tree.service.locales)
    status = ws.statuses.get(service, {}).get(number, Status.DRAFT)
    page = build_page(service, number, status.label, tree.service.default_locale, compiled,
                      shown, against=against, previous=previous, offline=offline,
                      asked=[asked for _, asked in picked])
    if now is not None:
        page = at_time(page, now)
    name = f"{service}-v{number}" + (f"-vs-v{against}" if against is not None else "")
    target = (out if out is not None else root / DEFAULT_OUT) / f"{name}.html"
    write_file(target, render(page).encode())
    click.echo(str(target))
    return 0


def default_version(tree: ServiceTree) -> int:
    """The version in flight (release.yaml), else the newest one."""
    if tree.release is not None and tree.release.version in tree.version_files:
        return tree.release.version
    if not tree.version_files:
        raise UserError(f"{tree.id} has no versions yet; create one with `minisvc new`")
    return max(tree.version_files)


def pick_locales(tree: ServiceTree, wanted: Sequence[str]) -> list[tuple[str, str]]:
    """(the locale served, the device locale asked when it differs) for each requested
    locale, in the order given (default: the service's locales). A device locale the
    service does not publish is negotiated as `resolve` and the app do."""
    svc = tree.service
    assert svc is not None
    if not wanted:
        return [(loc, "") for loc in svc.locales]
    known = {loc.lower(): loc for loc in svc.locales}
    fallbacks = tuple((k, tuple(v)) for k, v in svc.fallbacks.items())
    picked: list[tuple[str, str]] = []
    for raw in (part.strip() for item in wanted for part in item.split(",")):
        tag = canonical_tag(raw)
        if not tag:
            raise UserError(f"--locale {raw!r} is not a locale tag; give one such as "
                            f"zh-Hant-MO (locales of {tree.id}: {', '.join(svc.locales)})")
        served = known.get(tag.lower()) or served_locale(tag, tuple(svc.locales),
                                                         svc.default_locale, fallbacks)
        pair = (served, "" if served.lower() == tag.lower() else tag)
        if pair not in picked:
            picked.append(pair)
    return picked


def write_file(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all (a new page gets the umask's mode, as a web
    server needs); any OSError is a clean UserError."""
    try:
        atomic.write_file(target, data)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}; "
                        "pass --out with a folder you can write to") from None


def _numbers(numbers: set[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers)) or "none"
