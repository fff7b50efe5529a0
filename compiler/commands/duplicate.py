"""minisvc duplicate: copy a Released or Archived version into a new Draft."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..model.status import Status
from .editing import must_exist, open_repo
from .new import copy_into_new_draft


def run(root: Path, service: str, number: int, fmt: str) -> int:
    repo = open_repo(root)
    must_exist(repo, service, number)
    status = repo.status(service, number)
    if status not in (Status.RELEASED, Status.ARCHIVED):
        hint = (f"Edit it as it is, or start from the newest version: minisvc new {service}"
                if status is Status.DRAFT else
                f"It is still in flight; start from the newest version: minisvc new {service}")
        raise UserError(f"{service} v{number} is {status.label}: only a Released or Archived "
                        f"version can be duplicated. {hint}")
    return copy_into_new_draft(repo, service, number, fmt)
