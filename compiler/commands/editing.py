"""The edge of the authoring commands: pick the version, edit, validate, write or refuse.

Every command works the same way: read the repository once, compute the new bytes of
the files it changes, assemble and check the whole project in memory with those bytes,
and write only if the change adds no error. A refused command leaves every file as it
was; a file is replaced by an atomic rename, so it is never half written.

"Adds no error" rather than "no error at all": a command must still work on a tree
that already has a problem elsewhere (another service, or the very error the person is
fixing with the command), while never making things worse. Errors are compared per
file and code, since an edit moves line numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from ..disk.atomic import write_file
from ..edit import yamledit
from ..edit.sections import Edit, EditContext, EditError
from ..engine.workspace import Workspace, open_workspace
from ..errors import UserError
from ..lifecycle.refusals import Action, hint
from ..load import yamldoc
from ..load.project import ServiceTree, assemble
from ..model.findings import Finding
from ..model.names import no_such
from ..model.paths import version_file
from ..model.status import Status
from ..report.reporters import REPORTERS
from ..rules import checks
from . import refusing
from .unverified import refused


@dataclass
class Repo:
    """The repository as one command sees it: files, typed project and statuses."""

    root: Path
    ws: Workspace
    files: dict[str, bytes]

    def service(self, service: str) -> ServiceTree:
        tree = self.ws.project.services.get(service)
        if tree is None or tree.service is None:
            raise UserError(no_such("service", service, (
                s for s, t in self.ws.project.services.items() if t.service is not None)))
        return tree

    def status(self, service: str, number: int) -> Status:
        return self.ws.statuses.get(service, {}).get(number, Status.DRAFT)

    def draft(self, service: str, version: int | None) -> int:
        """The version an editing command works on: --version N, else the only Draft."""
        tree = self.service(service)
        if version is not None:
            if version not in tree.version_files:
                raise UserError(f"{service} has no version {version} "
                                f"(versions: {_numbers(tree.version_files)})")
            status = self.status(service, version)
            if status is not Status.DRAFT:
                raise UserError(f"{service} v{version} is {status.label}: only a Draft can be "
                                f"edited. {frozen_hint(service, version, status)}")
            return version
        drafts = sorted(n for n in tree.version_files
                        if self.status(service, n) is Status.DRAFT)
        if len(drafts) == 1:
            return drafts[0]
        if not drafts:
            raise UserError(f"{service} has no Draft; make one with: minisvc new {service}")
        raise UserError(f"{service} has several Drafts ({_numbers(drafts)}); "
                        "choose one with --version N")

    def context(self, service: str) -> EditContext:
        svc = self.service(service).service
        assert svc is not None
        catalog = self.ws.project.catalog
        return EditContext(svc.default_locale, tuple(svc.locales),
                           tuple(catalog.mini_programs) if catalog else (), service)


def open_repo(root: Path) -> Repo:
    """The repository, unless its lifecycle record does not hold: statuses decide which
    version may be edited, and none is read from a record the branches do not vouch for."""
    ws = open_workspace(root)
    if refused(ws.lifecycle, "text"):
        raise UserError("nothing was changed")
    return Repo(root, ws, ws.files)


def frozen_hint(service: str, number: int, status: Status) -> str:
    fix = hint(service, number, status, Action.EDIT)
    return fix[:1].upper() + fix[1:] + "."


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers)) or "none"


def edit_version(root: Path, service: str, version: int | None, edit: Edit, fmt: str) -> int:
    """Apply one pure edit to a Draft's file; the shared body of every editing command."""
    repo = open_repo(root)
    number = repo.draft(service, version)
    path = version_file(service, number)
    raw = repo.files[path]
    parsed = yamldoc.parse(path, raw)
    if isinstance(parsed, Finding):
        click.echo(REPORTERS[fmt]([parsed]), err=True)
        raise UserError(f"{path} must parse before a command can edit it; fix it first")
    tree, style, exact = yamledit.load(raw.decode("utf-8"))
    try:
        summary = edit(tree, repo.context(service))
    except EditError as exc:
        raise UserError(f"{service} v{number}: {exc}") from None
    new = yamledit.dump(tree, style).encode("utf-8")
    if new == raw:
        click.echo(f"{service} v{number}: nothing to change ({summary})")
        return 0
    code = apply(repo, {path: new}, f"{service} v{number}: {summary}", fmt)
    if code == 0 and not exact:
        click.echo(f"note: {path} had formatting that round-trip YAML could not keep "
                   "exactly; review `git diff` before committing", err=True)
    return code


def apply(repo: Repo, changes: Mapping[str, bytes | None], summary: str, fmt: str) -> int:
    """Check the tree with ``changes`` (None deletes a file) and write it, or refuse."""
    after_files = {p: b for p, b in {**repo.files, **changes}.items() if b is not None}
    before = repo.ws.findings
    after = checks.run(assemble(after_files), repo.ws.statuses, repo.ws.read_problems)
    added = added_problems(before, after)
    errors = [f for f in added if f.is_error]
    if errors:
        refusing.report(errors, fmt, repo.files, changes,
                        "refused: the change would add the errors above; nothing was written")
        return 1
    for path, data in changes.items():
        write_file(repo.root / path, data)
    click.echo(summary)
    warnings = [f for f in added if not f.is_error]
    if warnings:
        click.echo(REPORTERS["text"](warnings), err=True)
    return 0


def added_problems(before: Iterable[Finding], after: Iterable[Finding]) -> list[Finding]:
    """Findings of ``after`` in a (file, code) that has more of them than ``before``."""
    had = Counter((f.file, f.code) for f in before)
    has = Counter((f.file, f.code) for f in after)
    return [f for f in after if has[(f.file, f.code)] > had[(f.file, f.code)]]


def must_exist(repo: Repo, service: str, number: int) -> None:
    tree = repo.service(service)
    if number not in tree.version_files:
        raise UserError(f"{service} has no version {number} "
                        f"(versions: {_numbers(tree.version_files)})")
