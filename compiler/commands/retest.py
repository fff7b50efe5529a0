"""minisvc retest: a new tester list for the Testing version, in release.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..lifecycle.console import Request
from ..lifecycle.refusals import Action
from .moves import run as edit_release


def run(root: Path, service: str, testers: Sequence[str]) -> int:
    return edit_release(root, service, Request(Action.RETEST, None, tuple(testers)))
