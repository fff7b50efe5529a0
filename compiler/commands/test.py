"""minisvc test: ask for a Draft to go to Testing, with its testers, in release.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..lifecycle.console import Request
from ..lifecycle.refusals import Action
from .moves import run as edit_release


def run(root: Path, service: str, version: int, testers: Sequence[str]) -> int:
    return edit_release(root, service, Request(Action.TEST, version, tuple(testers)))
