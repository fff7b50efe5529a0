"""The edge of `test`, `retest`, `revert` and `release`: one console action -> release.yaml.

The action is judged by the same state machine as the PR gate (current state from refs,
or, before a repo is bootstrapped, from release.yaml itself); a refused action, or a file
that would not validate, leaves the tree byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..disk.atomic import write_file
from ..edit import release_file
from ..engine.workspace import open_workspace
from ..errors import UserError
from ..lifecycle.console import Request, request
from ..lifecycle.planner import plan
from ..lifecycle.refusals import Refusal, refusal
from ..load.project import assemble
from ..model.findings import Finding, Locator, locate
from ..model.paths import release_file as release_path
from ..report import reporters
from ..rules import checks
from .unverified import refused


def run(root: Path, service: str, req: Request) -> int:
    loaded = open_workspace(root)
    if refused(loaded.lifecycle, "text"):
        return _refused([], "the lifecycle record does not hold")
    tree = loaded.project.services.get(service)
    if tree is None:
        known = ", ".join(sorted(loaded.project.services)) or "none"
        raise UserError(f"no service {service!r} (services: {known})")
    path = release_path(service)
    broken = [f for f in loaded.findings if f.file in (path, tree.file) and f.is_error]
    if broken:
        return _refused(broken, f"fix {path} first")
    if req.version is not None and req.version not in tree.version_files:
        missing = refusal("version-file-missing", service=service, version=req.version,
                          path=tree.version_file(req.version))
        return _refused([_finding(loaded.project.locate, path, missing)])
    state = loaded.state(service)
    wanted = request(state, req, tree.release)
    if isinstance(wanted, Refusal):
        return _refused([_finding(loaded.project.locate, path, wanted)])
    raw = loaded.files.get(path)
    new = release_file.edit(raw, wanted)
    files = {**loaded.files, path: new}
    project = assemble(files)
    found = [f for f in checks.run(project, {}) if f.file == path and f.is_error]
    if found:
        return _refused(found)
    steps = plan(state, project.services[service].release, tree.version_files)
    if isinstance(steps, Refusal):
        return _refused([_finding(project.locate, path, steps)])
    if new != raw:
        _write(root / path, new)
    if not steps:
        click.echo(f"{path}: this is the applied state already; a merge changes nothing"
                   + ("" if new != raw else " (file unchanged)"))
        return 0
    for step in steps:
        click.echo(f"{path}: {step.describe()}")
    click.echo("commit it and open a pull request; the merge applies it")
    return 0


def _finding(locator: Locator, path: str, refused: Refusal) -> Finding:
    line, col = locator(path, (refused.field,) if refused.field else ())
    return Finding(path, line, col, refused.code, refused.message, refused.hint)


def _refused(findings: list[Finding], note: str = "") -> int:
    click.echo(reporters.text(locate(findings, lambda f, loc: (1, 1))), err=True)
    click.echo(f"nothing was changed{'; ' + note if note else ''}", err=True)
    return 1


def _write(target: Path, data: bytes) -> None:
    """Replace the file in one rename, so it is never seen half written; its mode stays."""
    write_file(target, data)
