"""The semantic diff of two versions of a page: what changed for a user, not which lines.

A reviewer of a pull request wants "Pharmacy joins Daily picks at #6", not a YAML hunk.
Sections are matched by id, programs by app_id, carousel slides by image (a slide whose
image changed is paired with an unmatched slide at the same position, so a new image
reads as an edit of that slide). Something "moved" only when it left the longest common
order of the items both sides share, so adding a section on top does not report every
other one as moved.

Pure: two ``Version`` objects in, a list of ``Change`` records out, in display order.
Rendering is ``compiler.report.semdiff_report``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from ..model.inputs import Custom, Section, Slide, Version

Value = Any  # JSON-ready: str, int, float, dict, list or None
K = TypeVar("K")


class Kind(enum.StrEnum):
    SECTION_ADDED = "section_added"
    SECTION_REMOVED = "section_removed"
    SECTION_MOVED = "section_moved"
    SLIDE_ADDED = "slide_added"
    SLIDE_REMOVED = "slide_removed"
    SLIDE_MOVED = "slide_moved"
    PROGRAM_ADDED = "program_added"
    PROGRAM_REMOVED = "program_removed"
    PROGRAM_MOVED = "program_moved"
    CHANGED = "changed"  # a field: the title, a section's name, max_items, a badge ...


@dataclass(frozen=True)
class Change:
    """One thing a user would notice.

    ``section`` is a section id ("" for the page itself); ``item`` the slide ("slide 2")
    or program (its app_id) inside it, if any; ``field`` the changed field of a
    ``CHANGED`` record; ``locale`` set when one translation changed. Positions are
    1-based display positions; ``before``/``after`` are JSON-ready values (a whole
    section, slide or program when it was added or removed).
    """

    kind: Kind
    section: str = ""
    item: str = ""
    field: str = ""
    locale: str = ""
    before: Value = None
    after: Value = None
    old_pos: int | None = None
    new_pos: int | None = None


def diff_versions(old: Version, new: Version) -> list[Change]:
    """Every change from ``old`` to ``new``: the page's own fields, then each section in
    the new display order, then the sections that were removed."""
    changes = list(_fields("", "", old, new, skip={"sections"}))
    olds = {s.id: (i, s) for i, s in enumerate(old.sections, 1)}
    news = {s.id: (i, s) for i, s in enumerate(new.sections, 1)}
    moved = _moved([s.id for s in old.sections], [s.id for s in new.sections])
    for sid, (pos, section) in news.items():
        if sid not in olds:
            changes.append(Change(Kind.SECTION_ADDED, sid, after=_json(section), new_pos=pos))
            continue
        old_pos, before = olds[sid]
        if sid in moved:
            changes.append(Change(Kind.SECTION_MOVED, sid, old_pos=old_pos, new_pos=pos))
        changes.extend(_section(before, section))
    for sid, (pos, section) in olds.items():
        if sid not in news:
            changes.append(Change(Kind.SECTION_REMOVED, sid, before=_json(section), old_pos=pos))
    return changes


def _section(old: Section, new: Section) -> Iterator[Change]:
    yield from _fields(new.id, "", old, new, skip={"id", "slides", "mini_programs"})
    yield from _slides(new.id, getattr(old, "slides", []), getattr(new, "slides", []))
    old_programs = old.mini_programs if isinstance(old, Custom) else []
    new_programs = new.mini_programs if isinstance(new, Custom) else []
    yield from _programs(new.id, old_programs, new_programs)


def _slides(sid: str, old: Sequence[Slide], new: Sequence[Slide]) -> Iterator[Change]:
    old_keys, new_keys = _keys(s.image for s in old), _keys(s.image for s in new)
    pairs = {i: new_keys.index(k) for i, k in enumerate(old_keys) if k in new_keys}
    moved = _moved(old_keys, new_keys)
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in pairs.values()]
    for i, j in zip(left_old, left_new, strict=False):  # same place, new image: an edit
        if i == j:
            pairs[i] = j
    by_new = {j: i for i, j in pairs.items()}
    for j, slide in enumerate(new):
        label = f"slide {j + 1}"
        if j not in by_new:
            yield Change(Kind.SLIDE_ADDED, sid, label, after=_json(slide), new_pos=j + 1)
            continue
        i = by_new[j]
        if old_keys[i] in moved and old_keys[i] == new_keys[j]:
            yield Change(Kind.SLIDE_MOVED, sid, label, old_pos=i + 1, new_pos=j + 1)
        yield from _fields(sid, label, old[i], slide, skip=set())
    for i, slide in enumerate(old):
        if i not in pairs:
            yield Change(Kind.SLIDE_REMOVED, sid, f"slide {i + 1}", before=_json(slide),
                         old_pos=i + 1)


def _programs(sid: str, old: Sequence[BaseModel], new: Sequence[BaseModel]) -> Iterator[Change]:
    old_keys = _keys(getattr(p, "app_id", "") for p in old)
    new_keys = _keys(getattr(p, "app_id", "") for p in new)
    moved = _moved(old_keys, new_keys)
    for j, (key, program) in enumerate(zip(new_keys, new, strict=True), 1):
        app_id = key[0]
        if key not in old_keys:
            yield Change(Kind.PROGRAM_ADDED, sid, app_id, after=_json(program), new_pos=j)
            continue
        i = old_keys.index(key)
        if key in moved:
            yield Change(Kind.PROGRAM_MOVED, sid, app_id, old_pos=i + 1, new_pos=j)
        yield from _fields(sid, app_id, old[i], program, skip={"app_id"})
    for i, (key, program) in enumerate(zip(old_keys, old, strict=True), 1):
        if key not in new_keys:
            yield Change(Kind.PROGRAM_REMOVED, sid, key[0], before=_json(program), old_pos=i)


def _fields(sid: str, item: str, old: BaseModel, new: BaseModel,
            skip: set[str]) -> Iterator[Change]:
    """Changed fields, field by field; a text that has translations, locale by locale."""
    names = [*type(new).model_fields, *(n for n in type(old).model_fields
                                        if n not in type(new).model_fields)]
    for name in names:
        if name in skip:
            continue
        before, after = _json(getattr(old, name, None)), _json(getattr(new, name, None))
        if before == after:
            continue
        if (_translated(old, name) or _translated(new, name)) and \
                isinstance(before or {}, dict) and isinstance(after or {}, dict):
            yield from _locales(sid, item, name, before or {}, after or {})
        elif _is_text_badge(before) and _is_text_badge(after):
            yield from _locales(sid, item, name, before["text"], after["text"])
        else:
            yield Change(Kind.CHANGED, sid, item, name, before=before, after=after)


def _locales(sid: str, item: str, name: str, before: dict[str, str],
             after: dict[str, str]) -> Iterator[Change]:
    for locale in [*after, *(k for k in before if k not in after)]:
        if before.get(locale) != after.get(locale):
            yield Change(Kind.CHANGED, sid, item, name, locale,
                         before=before.get(locale), after=after.get(locale))


def _translated(model: BaseModel, name: str) -> bool:
    """Whether a field is a text per locale (a ``dict``, possibly optional)."""
    info = type(model).model_fields.get(name)
    return info is not None and _is_dict(info.annotation)


def _is_dict(annotation: Any) -> bool:
    if get_origin(annotation) is dict:
        return True
    if get_origin(annotation) is Annotated:
        return _is_dict(get_args(annotation)[0])
    return get_origin(annotation) in (Union, UnionType) and any(
        _is_dict(a) for a in get_args(annotation))


def _is_text_badge(value: Value) -> bool:
    return isinstance(value, dict) and value.get("type") == "text" and bool(value.get("text"))


Key = tuple[str, int]


def _keys(values: Iterator[str] | Sequence[str]) -> list[Key]:
    """Each value with its occurrence number, so repeated values still match one to one."""
    seen: dict[str, int] = {}
    keys = []
    for value in values:
        seen[value] = seen.get(value, 0) + 1
        keys.append((value, seen[value]))
    return keys


def _moved(old: Sequence[K], new: Sequence[K]) -> set[K]:
    """The shared items outside the longest common order of both sides."""
    common = set(old) & set(new)
    a = [k for k in old if k in common]
    b = [k for k in new if k in common]
    stayed: set[K] = set()
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        stayed.update(a[block.a:block.a + block.size])
    return common - stayed


def _json(value: Any) -> Value:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
