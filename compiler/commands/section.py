"""minisvc section add/edit/move/remove: the sections of a Draft, in display order."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..edit import sections as edit
from ..edit.sections import Placement
from ..edit.slides import Picture, new_visual_section
from .editing import edit_version


def run_add(root: Path, service: str, section_id: str, kind: str, name: str | None,
            name_locales: Mapping[str, str], max_items: int | None, at: Placement,
            version: int | None, fmt: str, picture: Picture | None = None) -> int:
    if kind in ("carousel", "banner"):
        shown = picture if picture is not None else Picture()
        return edit_version(root, service, version, lambda doc, ctx: new_visual_section(
            doc, ctx, section_id, kind, shown, at), fmt)
    assert name is not None and max_items is not None
    return edit_version(root, service, version, lambda doc, ctx: edit.add_section(
        doc, ctx, section_id, kind, edit.localized(ctx, name, name_locales), max_items, at),
        fmt)


def run_edit(root: Path, service: str, section_id: str, name: str | None,
             name_locales: Mapping[str, str], max_items: int | None, version: int | None,
             fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.edit_section(
        doc, ctx, section_id, edit.localized(ctx, name, name_locales), max_items), fmt)


def run_move(root: Path, service: str, section_id: str, at: Placement, version: int | None,
             fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.move_section(doc, ctx, section_id, at), fmt)


def run_remove(root: Path, service: str, section_id: str, version: int | None,
               fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.remove_section(doc, ctx, section_id), fmt)
