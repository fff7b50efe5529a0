"""The console's actions on the mini programs of a custom section, as tree edits.

Pure, like :mod:`compiler.edit`. An APP is an app id or a name, found in the catalog
(``add``) or among the section's own programs (``move``, ``remove``, ``badge``, and
``--before/--after``); several matches are listed and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..model.inputs import MiniProgram, ProgramStatus
from . import catalog_search, keys
from .sections import (
    EditContext,
    EditError,
    Placement,
    delete_key,
    flow,
    known_locales,
    not_self,
    ordered,
    reorder,
    section_by_id,
    sections_of,
    target_index,
)


@dataclass(frozen=True)
class Badge:
    text: Mapping[str, str] | None = None
    style: str | None = None


def add_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
                badge: Badge | None, at: Placement) -> str:
    section = _custom(doc, section_id)
    program = from_catalog(ctx, app)
    ids = _program_ids(section)
    if program.app_id in ids:
        raise EditError(f"{_label(program, ctx)} is already in {section_id!r}")
    if program.status is ProgramStatus.OFFLINE:
        raise EditError(f"{_label(program, ctx)} is offline; a Draft may not recommend it")
    entry = CommentedMap()
    entry["app_id"] = DoubleQuotedScalarString(program.app_id)
    if badge is not None:
        entry["badge"] = _badge(badge, ctx)
    index = target_index(ids, at.resolved(lambda a: _in_section(ctx, section, a)), "mini program")
    if not isinstance(section.get("mini_programs"), CommentedSeq):
        section["mini_programs"] = CommentedSeq()
    if not section["mini_programs"]:
        section["mini_programs"].fa.set_block_style()
    reorder(section, "mini_programs", lambda items: items.insert(index, entry))
    return f"{_label(program, ctx)} added to {section_id!r} at position {index + 1}"


def set_badge(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
              badge: Badge | None) -> str:
    section = _custom(doc, section_id)
    entry = _program(section, _in_section(ctx, section, app))
    if badge is None:
        if "badge" not in entry:
            return f"{_named(ctx, entry['app_id'])} has no badge"
        delete_key(entry, None, "badge")
        return f"badge of {_named(ctx, entry['app_id'])} in {section_id!r} removed"
    entry["badge"] = _badge(badge, ctx)
    return f"badge of {_named(ctx, entry['app_id'])} in {section_id!r} set"


def move_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
                 at: Placement) -> str:
    section = _custom(doc, section_id)
    app_id = _in_section(ctx, section, app)
    entry = _program(section, app_id)
    at = at.resolved(lambda a: _in_section(ctx, section, a))
    not_self(at, app_id)
    index = target_index([i for i in _program_ids(section) if i != app_id], at, "mini program",
                    moving=True)

    def move(items: list[Any]) -> None:
        items.remove(entry)
        items.insert(index, entry)

    reorder(section, "mini_programs", move)
    return f"{_named(ctx, app_id)} moved to position {index + 1} in {section_id!r}"


def remove_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str) -> str:
    section = _custom(doc, section_id)
    entry = _program(section, _in_section(ctx, section, app))
    reorder(section, "mini_programs", lambda items: items.remove(entry))
    return f"{_named(ctx, entry['app_id'])} removed from {section_id!r}"


def drop_programs(doc: CommentedMap, app_ids: set[str]) -> list[str]:
    """Remove these apps from every custom section (a copy must not list offline apps)."""
    dropped = []
    for section in sections_of(doc):
        programs = section.get("mini_programs") if isinstance(section, Mapping) else None
        if not isinstance(programs, CommentedSeq):
            continue
        gone = [p for p in programs if isinstance(p, Mapping) and p.get("app_id") in app_ids]
        if gone:
            reorder(section, "mini_programs", _removing(gone))
            dropped += [f"{e['app_id']} from {section.get('id')!r}" for e in gone]
    return dropped


def drop_links(doc: CommentedMap, app_ids: set[str], service: str) -> list[str]:
    """Remove links to these apps from the slides and the banner (they stay shown, not
    linked); what went, with the command that links them anew."""
    dropped = []
    for section in sections_of(doc):
        if not isinstance(section, CommentedMap):
            continue
        if section.get("type") == "banner" and _links_to(section, app_ids):
            dropped.append(f"the link of banner {section.get('id')!r} to offline mini program "
                           f"{section['link']['app_id']}; link it anew with `minisvc banner "
                           f"set {service} --link-app APP` (or --link-url URL)")
            keys.drop(section, "link")
        slides = section.get("slides") if section.get("type") == "carousel" else None
        for i, slide in enumerate(slides if isinstance(slides, CommentedSeq) else []):
            if isinstance(slide, CommentedMap) and _links_to(slide, app_ids):
                dropped.append(f"the link of slide {i + 1} of {section.get('id')!r} to offline "
                               f"mini program {slide['link']['app_id']}; link it anew with "
                               f"`minisvc slide edit {service} {i + 1} --link-app APP` (or "
                               "--link-url URL)")
                reorder(section, "slides", _unlinking(slide))
    return dropped


def _unlinking(slide: CommentedMap) -> Callable[[list[Any]], None]:
    def change(items: list[Any]) -> None:
        keys.drop(slide, "link")

    return change


def _links_to(node: CommentedMap, app_ids: set[str]) -> bool:
    link = node.get("link")
    return isinstance(link, Mapping) and link.get("app_id") in app_ids


# --- helpers ---------------------------------------------------------------------


def _removing(gone: list[Any]) -> Callable[[list[Any]], None]:
    def change(items: list[Any]) -> None:
        for entry in gone:
            items.remove(entry)

    return change


def _custom(doc: CommentedMap, section_id: str) -> CommentedMap:
    section = section_by_id(doc, section_id)
    if section.get("type") != "custom":
        raise EditError(f"{section_id!r} is a {section.get('type')} section; only custom "
                        "sections list mini programs")
    return section


def _program_ids(section: CommentedMap) -> list[str]:
    programs = section.get("mini_programs") or []
    return [str(p.get("app_id")) for p in programs if isinstance(p, Mapping)]


def _program(section: CommentedMap, app_id: str) -> CommentedMap:
    for entry in section.get("mini_programs") or []:
        if isinstance(entry, CommentedMap) and entry.get("app_id") == app_id:
            return entry
    raise EditError(f"{app_id} is not in {section.get('id')!r}")  # pragma: no cover


def _label(program: MiniProgram, ctx: EditContext) -> str:
    return f"{catalog_search.display_name(program, ctx.default_locale)} ({program.app_id})"


def _named(ctx: EditContext, app_id: str) -> str:
    program = next((p for p in ctx.programs if p.app_id == app_id), None)
    return _label(program, ctx) if program is not None else app_id


def _ambiguous(query: str, hits: list[catalog_search.Hit], ctx: EditContext,
               where: str) -> EditError:
    if not hits:
        return EditError(f"no mini program {where} matches {query!r}; "
                         "look it up with: minisvc catalog search TEXT")
    listing = "\n  ".join(catalog_search.describe(hits, ctx.default_locale))
    return EditError(f"{query!r} matches {len(hits)} mini programs {where}; "
                     f"give the app id of one:\n  {listing}")


def from_catalog(ctx: EditContext, app: str) -> MiniProgram:
    found = catalog_search.resolve(ctx.programs, app)
    if isinstance(found, MiniProgram):
        return found
    raise _ambiguous(app, found, ctx, "in the catalog")


def _in_section(ctx: EditContext, section: CommentedMap, app: str) -> str:
    """The app id ``app`` means among the section's programs (an id or a name)."""
    ids = _program_ids(section)
    if app in ids:
        return app
    listed = [p for p in ctx.programs if p.app_id in ids]
    found = catalog_search.resolve(listed, app)
    if isinstance(found, MiniProgram):
        return found.app_id
    raise _ambiguous(app, found, ctx, f"in {section.get('id')!r}")


def _badge(badge: Badge, ctx: EditContext) -> CommentedMap:
    node = CommentedMap()
    if badge.text is not None:
        known_locales(ctx, badge.text)
        node["type"] = "text"
        node["text"] = flow(CommentedMap(ordered(badge.text, ctx)))
    else:
        node["type"] = "image"
        node["style"] = badge.style
    flow(node)
    return node
