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
from ruamel.yaml.scalarstring import ScalarString

from ..model.inputs import DEFAULT_SECTION_TYPES, SLUG_PATTERN, MiniProgram
from ..model.names import did_you_mean
from ..runtime.locales import closest_locale
from .yamledit import attach_leads, detach_leads, is_block

NAMED_TYPES = ("custom", "favorites", "recently_used")


class EditError(Exception):
    """The edit cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class EditContext:
    default_locale: str
    locales: tuple[str, ...]
    programs: tuple[MiniProgram, ...] = ()
    service: str = "SERVICE"  # for the commands a message suggests


@dataclass(frozen=True)
class Placement:
    """Where an entry goes: before or after another one, or at a 1-based position."""

    before: str | None = None
    after: str | None = None
    to: int | None = None

    def resolved(self, resolve: Callable[[str], str]) -> Placement:
        return Placement(self.before and resolve(self.before),
                         self.after and resolve(self.after), self.to)


Edit = Callable[[CommentedMap, EditContext], str]


# --- title -----------------------------------------------------------------------


def set_title(doc: CommentedMap, ctx: EditContext, locale: str, text: str) -> str:
    known_locales(ctx, [locale])
    if not isinstance(doc.get("title"), CommentedMap):
        doc["title"] = flow(CommentedMap())
    set_text(doc, "title", locale, text, ctx)
    return f"title {locale} set to {text!r}"


def unset_title(doc: CommentedMap, ctx: EditContext, locale: str) -> str:
    title = doc.get("title")
    if not isinstance(title, CommentedMap) or locale not in title:
        known_locales(ctx, [locale])
        raise EditError(f"the title has no {locale} text")
    if locale == ctx.default_locale:
        raise EditError(f"{locale} is the default locale; every title needs it "
                        f"(change it instead: minisvc title set --locale {locale} TEXT)")
    delete_key(doc, "title", locale)
    return f"title {locale} removed (falls back)"


# --- sections --------------------------------------------------------------------


def add_section(doc: CommentedMap, ctx: EditContext, section_id: str, kind: str,
                names: Mapping[str, str], max_items: int, at: Placement) -> str:
    index = new_section_index(doc, section_id, kind, at)
    known_locales(ctx, names)
    section = CommentedMap()
    section["id"] = section_id
    section["type"] = kind
    section["name"] = flow(CommentedMap(ordered(names, ctx)))
    section["max_items"] = max_items
    if kind == "custom":
        section["mini_programs"] = flow(CommentedSeq())
    return insert_section(doc, section, index)


def new_section_index(doc: CommentedMap, section_id: str, kind: str, at: Placement) -> int:
    """Where a new section goes, once its id and type are known to fit the page."""
    if not re.match(SLUG_PATTERN, section_id) or len(section_id) > 64:
        raise EditError(f"section id {section_id!r} is not a slug: use lowercase letters, "
                        "digits and single dashes, e.g. daily-picks")
    sections = sections_of(doc)
    ids = section_ids(sections)
    if section_id in ids:
        raise EditError(f"there is already a section {section_id!r}; pick another id or "
                        f"change it with: minisvc section edit ... {section_id}")
    same = [s.get("id") for s in sections if isinstance(s, Mapping) and s.get("type") == kind]
    if kind in DEFAULT_SECTION_TYPES and same:
        raise EditError(f"there is already a {kind} section ({same[0]!r}); the page has only "
                        "one of each default section")
    return target_index(ids, at, "section")


def insert_section(doc: CommentedMap, section: CommentedMap, index: int) -> str:
    reorder(doc, "sections", lambda items: items.insert(index, section))
    return f"section {section['id']!r} ({section['type']}) added at position {index + 1}"


def edit_section(doc: CommentedMap, ctx: EditContext, section_id: str,
                 names: Mapping[str, str], max_items: int | None) -> str:
    section = section_by_id(doc, section_id)
    if names and section.get("type") not in NAMED_TYPES:
        raise EditError(f"a {section.get('type')} section has no name")
    known_locales(ctx, names)
    changed = []
    if names:
        if not isinstance(section.get("name"), CommentedMap):
            section["name"] = flow(CommentedMap())
        for locale, text in ordered(names, ctx):
            set_text(section, "name", locale, text, ctx)
        changed.append("name " + ", ".join(locale for locale, _ in ordered(names, ctx)))
    if max_items is not None:
        if "max_items" not in section:
            raise EditError(f"a {section.get('type')} section has no max_items")
        section["max_items"] = max_items
        changed.append(f"max_items {max_items}")
    return f"section {section_id!r}: {' and '.join(changed)} set"


def move_section(doc: CommentedMap, ctx: EditContext, section_id: str, at: Placement) -> str:
    sections = sections_of(doc)
    section = section_by_id(doc, section_id)
    others = [i for i in section_ids(sections) if i != section_id]
    not_self(at, section_id)
    index = target_index(others, at, "section", moving=True)

    def move(items: list[Any]) -> None:
        items.remove(section)
        items.insert(index, section)

    reorder(doc, "sections", move)
    return f"section {section_id!r} moved to position {index + 1}"


def remove_section(doc: CommentedMap, ctx: EditContext, section_id: str) -> str:
    section = section_by_id(doc, section_id)
    reorder(doc, "sections", lambda items: items.remove(section))
    return f"section {section_id!r} removed"


# --- shared by the edits ---------------------------------------------------------


def flow(node: Any) -> Any:
    node.fa.set_flow_style()
    return node


def known_locales(ctx: EditContext, locales: Sequence[str] | Mapping[str, str]) -> None:
    for locale in locales:
        if locale not in ctx.locales:
            meant = closest_locale(locale, ctx.locales)
            guess = f'did you mean "{meant}"? Or ' if meant else ""
            raise EditError(f"{locale} is not one of the service's locales "
                            f"({', '.join(ctx.locales)}); {guess}add it to service.yaml "
                            "first")


def ordered(texts: Mapping[str, str], ctx: EditContext) -> list[tuple[str, str]]:
    return sorted(texts.items(), key=lambda kv: _rank(kv[0], ctx))


def _rank(locale: str, ctx: EditContext) -> int:
    return ctx.locales.index(locale) if locale in ctx.locales else len(ctx.locales)


def set_text(parent: CommentedMap, key: str, locale: str, text: str,
             ctx: EditContext) -> None:
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


def delete_key(parent: CommentedMap, key: str | None, name: str) -> None:
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


def reorder(parent: CommentedMap, key: str, change: Callable[[list[Any]], None]) -> None:
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


def target_index(keys: list[str], at: Placement, what: str, moving: bool = False) -> int:
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


def not_self(at: Placement, key: str) -> None:
    if key in (at.before, at.after):
        raise EditError(f"{key!r} cannot be placed next to itself")


def sections_of(doc: CommentedMap) -> CommentedSeq:
    sections = doc.get("sections")
    if not isinstance(sections, CommentedSeq):
        raise EditError("the version has no `sections:` list; fix the file first")
    return sections


def section_ids(sections: CommentedSeq) -> list[str]:
    return [str(s.get("id")) for s in sections if isinstance(s, Mapping)]


def section_by_id(doc: CommentedMap, section_id: str) -> CommentedMap:
    sections = sections_of(doc)
    for section in sections:
        if isinstance(section, CommentedMap) and section.get("id") == section_id:
            return section
    ids = section_ids(sections)
    guess = did_you_mean(section_id, ids)
    raise EditError(f"there is no section {section_id!r} "
                    f"(there are: {', '.join(ids) or 'none'})" + (f"; {guess}" if guess else ""))


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
