"""minisvc revert: ask for the version in flight to go back to Draft, in release.yaml."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.console import Request
from ..lifecycle.refusals import Action
from .moves import run as edit_release


def run(root: Path, service: str) -> int:
    return edit_release(root, service, Request(Action.REVERT))
