"""minisvc banner set/remove: the banner of a Draft (the badge on the super app's home)."""

from __future__ import annotations

from pathlib import Path

from ..edit import slides as edit
from ..edit.slides import Picture
from .editing import edit_version


def run_set(root: Path, service: str, picture: Picture, version: int | None, fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.set_banner(doc, ctx, picture), fmt)


def run_remove(root: Path, service: str, version: int | None, fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.remove_banner(doc, ctx), fmt)
