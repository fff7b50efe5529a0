"""minisvc program add/badge/move/remove: the mini programs of a Draft's custom section."""

from __future__ import annotations

from pathlib import Path

from ..edit import programs as edit
from ..edit.programs import Badge
from ..edit.sections import Placement
from .editing import edit_version


def run_add(root: Path, service: str, section_id: str, app: str, badge: Badge | None,
            at: Placement, version: int | None, fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.add_program(
        doc, ctx, section_id, app, badge, at), fmt)


def run_badge(root: Path, service: str, section_id: str, app: str, badge: Badge | None,
              version: int | None, fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.set_badge(
        doc, ctx, section_id, app, badge), fmt)


def run_move(root: Path, service: str, section_id: str, app: str, at: Placement,
             version: int | None, fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.move_program(
        doc, ctx, section_id, app, at), fmt)


def run_remove(root: Path, service: str, section_id: str, app: str, version: int | None,
               fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.remove_program(
        doc, ctx, section_id, app), fmt)
