"""minisvc duplicate: copy a Released or Archived version into a new Draft.

The copy is marked as `new` marks its own: ``# started from vN (minisvc duplicate)`` in
place of the source's header comment, which described the source."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..lifecycle.refusals import Action, hint
from ..model.status import Status
from .editing import must_exist, open_repo
from .new import copy_into_new_draft


def run(root: Path, service: str, number: int, fmt: str) -> int:
    repo = open_repo(root)
    must_exist(repo, service, number)
    status = repo.status(service, number)
    if status not in (Status.RELEASED, Status.ARCHIVED):
        fix = hint(service, number, status, Action.DUPLICATE)
        raise UserError(f"{service} v{number} is {status.label}: only a Released or Archived "
                        f"version can be duplicated; {fix}")
    return copy_into_new_draft(repo, service, number, fmt, command="duplicate")
