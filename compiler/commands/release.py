"""minisvc release: ask for the version in flight at a grayscale ratio (100 = Released)."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.console import Request
from ..lifecycle.refusals import Action
from .moves import run as edit_release


def run(root: Path, service: str, ratio: float) -> int:
    return edit_release(root, service, Request(Action.RELEASE, None, (), ratio))
