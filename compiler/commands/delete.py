"""minisvc delete: delete a Draft's file (its number is not used again once in git)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..lifecycle.refusals import Action, hint
from ..model.paths import version_file
from ..model.status import Status
from .editing import apply, must_exist, open_repo


def run(root: Path, service: str, number: int, fmt: str) -> int:
    repo = open_repo(root)
    must_exist(repo, service, number)
    status = repo.status(service, number)
    if status is not Status.DRAFT:
        fix = hint(service, number, status, Action.DELETE)
        raise UserError(f"{service} v{number} is {status.label}: only a Draft can be deleted; "
                        f"{fix}")
    path = version_file(service, number)
    return apply(repo, {path: None}, f"{service} v{number}: Draft deleted ({path})", fmt)
