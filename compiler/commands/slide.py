"""minisvc slide add/edit/move/remove: the slides of a Draft's carousel, in display order."""

from __future__ import annotations

from pathlib import Path

from ..edit import slides as edit
from ..edit.sections import Placement
from ..edit.slides import Picture
from .editing import edit_version


def run_add(root: Path, service: str, picture: Picture, at: Placement, version: int | None,
            fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.add_slide(doc, ctx, picture, at), fmt)


def run_edit(root: Path, service: str, which: str, picture: Picture, version: int | None,
             fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.edit_slide(doc, ctx, which, picture), fmt)


def run_move(root: Path, service: str, which: str, at: Placement, version: int | None,
             fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.move_slide(doc, ctx, which, at), fmt)


def run_remove(root: Path, service: str, which: str, version: int | None, fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.remove_slide(doc, ctx, which), fmt)
