"""The edge of `test`, `retest`, `revert` and `release`: one console action -> release.yaml.

The action is judged by the same state machine as the PR gate (current state from refs,
or, before a repo is bootstrapped, from release.yaml itself); a refused action, or a file
that would not validate, leaves the tree byte for byte as it was. What would not
validate is reported against the file on disk, with the change the command would have
made (:mod:`.refusing`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ..disk.atomic import write_file
from ..edit import release_file
from ..engine.workspace import Workspace, open_workspace
from ..errors import UserError
from ..lifecycle.console import Request, request
from ..lifecycle.planner import once_each, plan
from ..lifecycle.refusals import Action, Refusal, refusal
from ..load.project import assemble
from ..model.findings import Finding, Locator, locate
from ..model.names import no_such
from ..model.paths import CATALOG
from ..model.paths import release_file as release_path
from ..report import reporters
from ..rules import checks
from ..runtime.rollout import normalize_email
from . import refusing
from .unverified import refused


def run(root: Path, service: str, req: Request) -> int:
    loaded = open_workspace(root)
    if refused(loaded.lifecycle, "text"):
        return _refused([], "the lifecycle record does not hold")
    tree = loaded.project.services.get(service)
    if tree is None:
        raise UserError(no_such("service", service, loaded.project.services))
    path = release_path(service)
    broken = [f for f in loaded.findings if f.file in (path, tree.file) and f.is_error]
    if broken:
        return _refused(broken, f"fix {path} first")
    if req.version is not None and req.version not in tree.version_files:
        missing = refusal("version-file-missing", service=service, version=req.version,
                          path=tree.version_file(req.version))
        return _refused([_finding(loaded.project.locate, path, missing)])
    req = testers_once(req)
    state = loaded.state(service)
    wanted = request(state, req, tree.release)
    if isinstance(wanted, Refusal):
        return _refused([_finding(loaded.project.locate, path, wanted)])
    if req.action is Action.TEST and req.version is not None:
        errors = _draft_errors(loaded, service, req.version)
        if errors:
            return _refused(errors, f"fix {service} v{req.version} before it goes to testers: "
                                    "the PR gate (`minisvc check`) refuses these errors")
    raw = loaded.files.get(path)
    new = release_file.edit(raw, wanted)
    files = {**loaded.files, path: new}
    project = assemble(files)
    found = [f for f in checks.run(project, {}) if f.file == path and f.is_error]
    if found:
        return _would_have(loaded, path, new, found)
    steps = plan(state, project.services[service].release, tree.version_files)
    if isinstance(steps, Refusal):
        return _would_have(loaded, path, new, [_finding(project.locate, path, steps)])
    if not steps and new != raw and plan(state, tree.release, tree.version_files) == []:
        click.echo(f"{path}: nothing to change: it already asks for the applied state "
                   "(tester emails compare case-insensitively); a merge changes nothing")
        return 0
    if new != raw:
        write_file(root / path, new)
    if not steps:
        click.echo(f"{path}: this is the applied state already; a merge changes nothing"
                   + ("" if new != raw else " (file unchanged)"))
        return 0
    for step in steps:
        click.echo(f"{path}: {step.describe()}")
    click.echo("commit it and open a pull request; the merge applies it")
    return 0


def testers_once(req: Request) -> Request:
    """Each tester once: emails compare case-insensitively (as the manifest hashes them),
    so a repeat is merged into the first spelling, with a note."""
    kept = once_each(req.testers)
    first = {normalize_email(email): email for email in kept}
    for i, email in enumerate(req.testers):
        if normalize_email(email) in map(normalize_email, req.testers[:i]):
            click.echo(f"note: tester {email} is {first[normalize_email(email)]} again (emails "
                       "compare case-insensitively); listed once", err=True)
    return replace(req, testers=kept)


def _draft_errors(loaded: Workspace, service: str, version: int) -> list[Finding]:
    """The errors `check` would refuse in what the testers would get."""
    tree = loaded.project.services[service]
    files = (CATALOG, tree.file, tree.version_file(version))
    return [f for f in checks.only_paths(loaded.findings, files) if f.is_error]


def _finding(locator: Locator, path: str, refused: Refusal) -> Finding:
    line, col = locator(path, (refused.field,) if refused.field else ())
    return Finding(path, line, col, refused.code, refused.message, refused.hint)


def _refused(findings: list[Finding], note: str = "") -> int:
    click.echo(reporters.text(locate(findings, lambda f, loc: (1, 1))), err=True)
    click.echo(f"nothing was changed{'; ' + note if note else ''}", err=True)
    return 1


def _would_have(loaded: Workspace, path: str, new: bytes, found: list[Finding]) -> int:
    """Refused on the text the command would write: no line of it is shown, the change is."""
    refusing.report(found, "text", loaded.files, {path: new}, "nothing was changed")
    return 1
