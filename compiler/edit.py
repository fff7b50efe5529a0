"""Every console action on a version, as a function on its round-trip tree.

Pure: each function takes the CommentedMap of ``versions/<N>.yaml`` and what the person
asked, changes the tree in place and returns a one-line summary. It refuses, with
:class:`EditError`, what it cannot place (an unknown section, an ambiguous app, a
position out of range); what the rules already judge (lengths, catalog, max_items,
translations) is left to the validation that follows every edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from . import catalog_search
from .models import DEFAULT_SECTION_TYPES, SLUG_PATTERN, MiniProgram, ProgramStatus
from .yamledit import attach_leads, detach_leads, is_block

NAMED_TYPES = ("custom", "favorites", "recently_used")


class EditError(Exception):
    """The edit cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class EditContext:
    default_locale: str
    locales: tuple[str, ...]
    programs: tuple[MiniProgram, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where an entry goes: before or after another one, or at a 1-based position."""

    before: str | None = None
    after: str | None = None
    to: int | None = None

    def resolved(self, resolve: Callable[[str], str]) -> Placement:
        return Placement(self.before and resolve(self.before),
                         self.after and resolve(self.after), self.to)


@dataclass(frozen=True)
class Badge:
    text: Mapping[str, str] | None = None
    style: str | None = None


Edit = Callable[[CommentedMap, EditContext], str]


# --- title -----------------------------------------------------------------------


def set_title(doc: CommentedMap, ctx: EditContext, locale: str, text: str) -> str:
    _known_locales(ctx, [locale])
    if not isinstance(doc.get("title"), CommentedMap):
        doc["title"] = _flow(CommentedMap())
    _set_text(doc, "title", locale, text, ctx)
    return f"title {locale} set to {text!r}"


def unset_title(doc: CommentedMap, ctx: EditContext, locale: str) -> str:
    title = doc.get("title")
    if not isinstance(title, CommentedMap) or locale not in title:
        raise EditError(f"the title has no {locale} text")
    if locale == ctx.default_locale:
        raise EditError(f"{locale} is the default locale; every title needs it "
                        f"(change it instead: minisvc title set --locale {locale} TEXT)")
    _delete(doc, "title", locale)
    return f"title {locale} removed (falls back)"


# --- sections --------------------------------------------------------------------


def add_section(doc: CommentedMap, ctx: EditContext, section_id: str, kind: str,
                names: Mapping[str, str], max_items: int, at: Placement) -> str:
    if not re.match(SLUG_PATTERN, section_id) or len(section_id) > 64:
        raise EditError(f"section id {section_id!r} is not a slug: use lowercase letters, "
                        "digits and single dashes, e.g. daily-picks")
    sections = _sections(doc)
    ids = _section_ids(sections)
    if section_id in ids:
        raise EditError(f"there is already a section {section_id!r}; pick another id or "
                        f"change it with: minisvc section edit ... {section_id}")
    same = [s.get("id") for s in sections if isinstance(s, Mapping) and s.get("type") == kind]
    if kind in DEFAULT_SECTION_TYPES and same:
        raise EditError(f"there is already a {kind} section ({same[0]!r}); the page has only "
                        "one of each default section")
    _known_locales(ctx, names)
    section = CommentedMap()
    section["id"] = section_id
    section["type"] = kind
    section["name"] = _flow(CommentedMap(_ordered(names, ctx)))
    section["max_items"] = max_items
    if kind == "custom":
        section["mini_programs"] = _flow(CommentedSeq())
    index = _target(ids, at, "section")
    _reorder(doc, "sections", lambda items: items.insert(index, section))
    return f"section {section_id!r} ({kind}) added at position {index + 1}"


def edit_section(doc: CommentedMap, ctx: EditContext, section_id: str,
                 names: Mapping[str, str], max_items: int | None) -> str:
    section = _section(doc, section_id)
    if names and section.get("type") not in NAMED_TYPES:
        raise EditError(f"a {section.get('type')} section has no name")
    _known_locales(ctx, names)
    changed = []
    if names:
        if not isinstance(section.get("name"), CommentedMap):
            section["name"] = _flow(CommentedMap())
        for locale, text in _ordered(names, ctx):
            _set_text(section, "name", locale, text, ctx)
        changed.append("name " + ", ".join(locale for locale, _ in _ordered(names, ctx)))
    if max_items is not None:
        if "max_items" not in section:
            raise EditError(f"a {section.get('type')} section has no max_items")
        section["max_items"] = max_items
        changed.append(f"max_items {max_items}")
    return f"section {section_id!r}: {' and '.join(changed)} set"


def move_section(doc: CommentedMap, ctx: EditContext, section_id: str, at: Placement) -> str:
    sections = _sections(doc)
    section = _section(doc, section_id)
    others = [i for i in _section_ids(sections) if i != section_id]
    _not_self(at, section_id)
    index = _target(others, at, "section", moving=True)

    def move(items: list[Any]) -> None:
        items.remove(section)
        items.insert(index, section)

    _reorder(doc, "sections", move)
    return f"section {section_id!r} moved to position {index + 1}"


def remove_section(doc: CommentedMap, ctx: EditContext, section_id: str) -> str:
    section = _section(doc, section_id)
    _reorder(doc, "sections", lambda items: items.remove(section))
    return f"section {section_id!r} removed"


# --- mini programs of a custom section --------------------------------------------


def add_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
                badge: Badge | None, at: Placement) -> str:
    section = _custom(doc, section_id)
    program = _from_catalog(ctx, app)
    ids = _program_ids(section)
    if program.app_id in ids:
        raise EditError(f"{_label(program, ctx)} is already in {section_id!r}")
    if program.status is ProgramStatus.OFFLINE:
        raise EditError(f"{_label(program, ctx)} is offline; a Draft may not recommend it")
    entry = CommentedMap()
    entry["app_id"] = DoubleQuotedScalarString(program.app_id)
    if badge is not None:
        entry["badge"] = _badge(badge, ctx)
    index = _target(ids, at.resolved(lambda a: _in_section(ctx, section, a)), "mini program")
    if not isinstance(section.get("mini_programs"), CommentedSeq):
        section["mini_programs"] = CommentedSeq()
    if not section["mini_programs"]:
        section["mini_programs"].fa.set_block_style()
    _reorder(section, "mini_programs", lambda items: items.insert(index, entry))
    return f"{_label(program, ctx)} added to {section_id!r} at position {index + 1}"


def set_badge(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
              badge: Badge | None) -> str:
    section = _custom(doc, section_id)
    entry = _program(section, _in_section(ctx, section, app))
    if badge is None:
        if "badge" not in entry:
            return f"{entry['app_id']} has no badge"
        _delete(entry, None, "badge")
        return f"badge of {entry['app_id']} in {section_id!r} removed"
    entry["badge"] = _badge(badge, ctx)
    return f"badge of {entry['app_id']} in {section_id!r} set"


def move_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str,
                 at: Placement) -> str:
    section = _custom(doc, section_id)
    app_id = _in_section(ctx, section, app)
    entry = _program(section, app_id)
    at = at.resolved(lambda a: _in_section(ctx, section, a))
    _not_self(at, app_id)
    index = _target([i for i in _program_ids(section) if i != app_id], at, "mini program",
                    moving=True)

    def move(items: list[Any]) -> None:
        items.remove(entry)
        items.insert(index, entry)

    _reorder(section, "mini_programs", move)
    return f"{app_id} moved to position {index + 1} in {section_id!r}"


def remove_program(doc: CommentedMap, ctx: EditContext, section_id: str, app: str) -> str:
    section = _custom(doc, section_id)
    entry = _program(section, _in_section(ctx, section, app))
    _reorder(section, "mini_programs", lambda items: items.remove(entry))
    return f"{entry['app_id']} removed from {section_id!r}"


def drop_programs(doc: CommentedMap, app_ids: set[str]) -> list[str]:
    """Remove these apps from every custom section (a copy must not list offline apps)."""
    dropped = []
    for section in _sections(doc):
        programs = section.get("mini_programs") if isinstance(section, Mapping) else None
        if not isinstance(programs, CommentedSeq):
            continue
        gone = [p for p in programs if isinstance(p, Mapping) and p.get("app_id") in app_ids]
        if gone:
            _reorder(section, "mini_programs", _removing(gone))
            dropped += [f"{e['app_id']} from {section.get('id')!r}" for e in gone]
    return dropped


# --- helpers -----------------------------------------------------------------------


def _removing(gone: list[Any]) -> Callable[[list[Any]], None]:
    def change(items: list[Any]) -> None:
        for entry in gone:
            items.remove(entry)

    return change


def _flow(node: Any) -> Any:
    node.fa.set_flow_style()
    return node


def _known_locales(ctx: EditContext, locales: Sequence[str] | Mapping[str, str]) -> None:
    unknown = [locale for locale in locales if locale not in ctx.locales]
    if unknown:
        raise EditError(f"{', '.join(unknown)} is not one of the service's locales "
                        f"({', '.join(ctx.locales)}); add it to service.yaml first")


def _ordered(texts: Mapping[str, str], ctx: EditContext) -> list[tuple[str, str]]:
    return sorted(texts.items(), key=lambda kv: _rank(kv[0], ctx))


def _rank(locale: str, ctx: EditContext) -> int:
    return ctx.locales.index(locale) if locale in ctx.locales else len(ctx.locales)


def _set_text(parent: CommentedMap, key: str, locale: str, text: str, ctx: EditContext) -> None:
    """Set one locale of a localized text: in place if present, else in locale order."""
    texts: CommentedMap = parent[key]
    if locale in texts:
        old = texts[locale]
        texts[locale] = type(old)(text) if isinstance(old, ScalarString) else text
        return
    position = next((i for i, k in enumerate(texts) if _rank(k, ctx) > _rank(locale, ctx)),
                    len(texts))
    leads = detach_leads(parent, key)
    texts.insert(position, locale, text)
    attach_leads(parent, key, leads)


def _delete(parent: CommentedMap, key: str | None, name: str) -> None:
    """Remove one entry of a map (``parent[key]``, or ``parent`` itself) with its comments."""
    if key is None:
        target = parent
        target.ca.items.pop(name, None)
        del target[name]
        return
    target = parent[key]
    leads = detach_leads(parent, key)
    target.ca.items.pop(name, None)
    del target[name]
    attach_leads(parent, key, leads)


def _reorder(parent: CommentedMap, key: str, change: Callable[[list[Any]], None]) -> None:
    """Change the entries of a list, keeping comment lines above the entry they describe."""
    items: CommentedSeq = parent[key]
    leads = detach_leads(parent, key)
    entries = list(items)
    change(entries)
    del items[:]
    items.extend(entries)
    if not items and is_block(items):
        items.fa.set_flow_style()
    attach_leads(parent, key, leads)


def _target(keys: list[str], at: Placement, what: str, moving: bool = False) -> int:
    """The index an entry goes to among ``keys`` (the others, when it is moving)."""
    if at.to is not None:
        last = len(keys) + 1
        if not 1 <= at.to <= last:
            raise EditError(f"--to {at.to} is out of range: positions go from 1 to {last}")
        return at.to - 1
    ref = at.before or at.after
    if ref is None:
        if moving:
            raise EditError("say where it goes: --before, --after or --to")
        return len(keys)
    if ref not in keys:
        raise EditError(f"there is no {what} {ref!r} to place it next to "
                        f"(there are: {', '.join(keys) or 'none'})")
    return keys.index(ref) + (0 if at.before else 1)


def _not_self(at: Placement, key: str) -> None:
    if key in (at.before, at.after):
        raise EditError(f"{key!r} cannot be placed next to itself")


def _sections(doc: CommentedMap) -> CommentedSeq:
    sections = doc.get("sections")
    if not isinstance(sections, CommentedSeq):
        raise EditError("the version has no `sections:` list; fix the file first")
    return sections


def _section_ids(sections: CommentedSeq) -> list[str]:
    return [str(s.get("id")) for s in sections if isinstance(s, Mapping)]


def _section(doc: CommentedMap, section_id: str) -> CommentedMap:
    sections = _sections(doc)
    for section in sections:
        if isinstance(section, CommentedMap) and section.get("id") == section_id:
            return section
    raise EditError(f"there is no section {section_id!r} "
                    f"(there are: {', '.join(_section_ids(sections)) or 'none'})")


def _custom(doc: CommentedMap, section_id: str) -> CommentedMap:
    section = _section(doc, section_id)
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


def _ambiguous(query: str, hits: list[catalog_search.Hit], ctx: EditContext,
               where: str) -> EditError:
    if not hits:
        return EditError(f"no mini program {where} matches {query!r}; "
                         "look it up with: minisvc catalog search TEXT")
    listing = "\n  ".join(catalog_search.describe(hits, ctx.default_locale))
    return EditError(f"{query!r} matches {len(hits)} mini programs {where}; "
                     f"give the app id of one:\n  {listing}")


def _from_catalog(ctx: EditContext, app: str) -> MiniProgram:
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
        _known_locales(ctx, badge.text)
        node["type"] = "text"
        node["text"] = _flow(CommentedMap(_ordered(badge.text, ctx)))
    else:
        node["type"] = "image"
        node["style"] = badge.style
    _flow(node)
    return node


def localized(ctx: EditContext, default_text: str | None,
              pairs: Mapping[str, str]) -> dict[str, str]:
    """--name TEXT (the default locale) and --name-locale L=TEXT, as one text."""
    texts = dict(pairs)
    if default_text is not None:
        other = texts.get(ctx.default_locale)
        if other is not None and other != default_text:
            raise EditError(f"two texts for {ctx.default_locale} (the default locale): "
                            f"{default_text!r} and {other!r}; give it once")
        texts[ctx.default_locale] = default_text
    return texts
