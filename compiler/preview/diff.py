"""What changed between two compiled documents of one locale (pure).

Items are matched by identity, not position: sections by id, mini programs by app_id,
slides by image URL. An item present in both but out of the longest common order is
"moved", so moving one section marks that section only, not everything it jumped over.
Removed items are kept as ghosts with the place they would take in the new list, so the
preview can show them struck through where they used to be.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

Doc = Mapping[str, Any]
Item = Mapping[str, Any]


@dataclass(frozen=True)
class Mark:
    kind: str  # added | changed | moved | removed
    before: str = ""  # the old value of a changed field, for the hover text


@dataclass(frozen=True)
class Ghost:
    """A removed item: ``item`` is its old JSON, shown before new index ``at``."""

    at: int
    item: Mapping[str, Any]


@dataclass
class Diff:
    marks: dict[str, Mark] = field(default_factory=dict)  # JSON pointer in the new doc
    ghosts: dict[str, list[Ghost]] = field(default_factory=dict)  # list pointer -> removed
    changes: list[str] = field(default_factory=list)  # human lines, in display order


_SECTION_FIELDS = ("name", "max_items", "image", "alt", "link")
_SLIDE_FIELDS = ("alt", "link", "start", "end")
_PROGRAM_FIELDS = ("name", "icon", "badge")


def diff(old: Doc, new: Doc) -> Diff:
    out = Diff()
    if old.get("title") != new.get("title"):
        out.marks["/title"] = Mark("changed", _value(old.get("title")))
        out.changes.append(f"title: {_show(old.get('title'))} -> {_show(new.get('title'))}")
    _list(out, "/sections", old.get("sections", []), new.get("sections", []),
          key=lambda s: (s["id"], s["type"]), label=_section_label, inner=_section)
    return out


def _section(out: Diff, ptr: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    label = _section_label(new)
    _fields(out, ptr, old, new, _SECTION_FIELDS, label)
    if new["type"] == "carousel":
        def slide(s: Item) -> str:
            return f"slide {_file_name(s['image'])} in {label}"

        _list(out, f"{ptr}/slides", old["slides"], new["slides"], key=lambda s: s["image"],
              label=slide, inner=lambda o, p, a, b: _fields(o, p, a, b, _SLIDE_FIELDS, slide(b)))
    if new["type"] == "custom":
        def program(p: Item) -> str:
            return f"{_show(p['name'])} in {label}"

        _list(out, f"{ptr}/mini_programs", old["mini_programs"], new["mini_programs"],
              key=lambda p: p["app_id"], label=program,
              inner=lambda o, p, a, b: _fields(o, p, a, b, _PROGRAM_FIELDS, program(b)))


def _fields(out: Diff, ptr: str, old: Mapping[str, Any], new: Mapping[str, Any],
            names: Sequence[str], label: str) -> None:
    for name in names:
        if old.get(name) != new.get(name):
            before, after = _value(old.get(name)), _value(new.get(name))
            out.marks[f"{ptr}/{name}"] = Mark("changed", before)
            out.changes.append(f"{label}: {name} {before} -> {after}")



def _list(out: Diff, ptr: str, old: Sequence[Item], new: Sequence[Item],
          key: Callable[[Item], Hashable], label: Callable[[Item], str],
          inner: Callable[[Diff, str, Item, Item], None]) -> None:
    old_keys, new_keys = _unique([key(i) for i in old]), _unique([key(i) for i in new])
    old_at = {k: i for i, k in enumerate(old_keys)}
    new_at = {k: i for i, k in enumerate(new_keys)}
    common_old = [k for k in old_keys if k in new_at]
    common_new = [k for k in new_keys if k in old_at]
    in_order: set[Hashable] = set()
    for block in SequenceMatcher(None, common_old, common_new, autojunk=False) \
            .get_matching_blocks():
        in_order.update(common_old[block.a:block.a + block.size])
    for j, k in enumerate(new_keys):
        item_ptr = f"{ptr}/{j}"
        if k not in old_at:
            out.marks[item_ptr] = Mark("added")
            out.changes.append(f"{label(new[j])} added")
            continue
        if k not in in_order:
            out.marks[item_ptr] = Mark("moved", f"was #{old_at[k] + 1}")
            out.changes.append(f"{label(new[j])} moved from #{old_at[k] + 1} to #{j + 1}")
        inner(out, item_ptr, old[old_at[k]], new[j])
    for i, k in enumerate(old_keys):
        if k in new_at:
            continue
        kept_before = [new_at[o] for o in old_keys[:i] if o in new_at]
        at = max(kept_before) + 1 if kept_before else 0
        out.ghosts.setdefault(ptr, []).append(Ghost(at, old[i]))
        out.changes.append(f"{label(old[i])} removed")


def _unique(keys: Sequence[Hashable]) -> list[Hashable]:
    """Keys made unique by their occurrence count (two slides may share an image)."""
    seen: dict[Hashable, int] = {}
    out: list[Hashable] = []
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else (k, seen[k]))
    return out


def _section_label(section: Mapping[str, Any]) -> str:
    return f"section {section['id']!r}"


def _file_name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def _show(value: Any) -> str:
    return f"\u201c{value}\u201d" if isinstance(value, str) else _value(value)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return _show(value)
    if isinstance(value, Mapping):
        if value.get("type") == "text":
            return _show(value.get("text"))
        if value.get("type") == "image":
            return str(value.get("style", "")).replace("_", " ")
        if value.get("type") == "url":
            return str(value.get("url", ""))
        if value.get("type") == "mini_program":
            page = value.get("page")
            return f"mini program {value.get('app_id')}" + (f" /{page}" if page else "")
    return str(value)
