"""Compiled runtime documents -> the preview's view model (pure).

The preview is built from the compiled JSON, so it shows exactly what the app gets. This
module adds what a reviewer needs on top: where a string fell back from, whether that
means a translation is missing, and what changed against another version.

A string that falls back to one of the locale's own CLDR ancestors (``zh-Hant`` for
``zh-Hant-HK``, ``ar`` for ``ar-SA``) is *shared*, not missing: that is how the catalog
names programs once per language. Anything else (an explicit fallback such as
``zh-Hant-TW`` for ``zh-Hant-HK``, or the default locale) is a missing translation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, TypeVar

from ..build.compile import Compiled
from ..model.paths import CATALOG, version_file
from ..runtime import locales as loc
from .diff import Diff, Mark, diff

Doc = Mapping[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    value: str
    source: str | None = None  # the locale the text came from, when not the phone's own
    missing: bool = False  # fell back outside the locale's own ancestors
    dir: str = "ltr"  # direction of the source locale
    mark: Mark | None = None
    note: str = ""  # the hover text: where it came from, what it was


@dataclass(frozen=True)
class Badge:
    kind: str  # red_dot | new | text
    text: Text | None = None


@dataclass(frozen=True)
class Program:
    app_id: str
    name: Text
    icon: str
    badge: Badge | None
    mark: Mark | None = None
    changed: frozenset[str] = frozenset()  # name, icon, badge


@dataclass(frozen=True)
class Slide:
    image: str
    alt: Text | None
    link: str
    window: str
    mark: Mark | None = None
    changed: frozenset[str] = frozenset()  # alt, link, start, end
    times: tuple[str, str] = ("", "")  # start and end as published ("" = none)


@dataclass(frozen=True)
class Section:
    id: str
    type: str
    name: Text | None = None
    max_items: int = 0
    image: str = ""
    alt: Text | None = None
    link: str = ""
    slides: list[Slide] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    mark: Mark | None = None
    changed: frozenset[str] = frozenset()  # fields of the section itself that changed

    @property
    def shown(self) -> int:
        """How many programs or slides the section shows (removed ghosts do not count)."""
        items: list[Program | Slide] = [*self.programs, *self.slides]
        return sum(1 for i in items if not (i.mark and i.mark.kind == "removed"))


@dataclass(frozen=True)
class Missing:
    where: str  # what the string is, e.g. 'name of section "daily-picks"'
    file: str  # the file to add the translation to
    source: str
    value: str


@dataclass(frozen=True)
class Phone:
    locale: str  # the published locale the phone is served
    dir: str
    title: Text
    sections: list[Section]
    missing: list[Missing]
    changes: list[str]
    asked: str = ""  # the device locale asked for, when another one is served


@dataclass(frozen=True)
class Page:
    service: str
    version: int
    status: str
    against: int | None
    offline: bool
    default_locale: str
    phones: list[Phone]


def build_page(service: str, version: int, status: str, default_locale: str,
               compiled: Mapping[str, Compiled], locales: Sequence[str], *,
               against: int | None = None, previous: Mapping[str, Compiled] | None = None,
               offline: bool = False, asked: Sequence[str] = ()) -> Page:
    """The view of ``locales`` (in that order) of one compiled version, maybe vs another.
    ``asked[i]``, when given and not empty, is the device locale ``locales[i]`` serves."""
    phones = []
    for i, locale in enumerate(locales):
        base = previous[locale].doc if previous is not None else None
        phone = _phone(compiled[locale], base, version_file(service, version))
        phones.append(replace(phone, asked=asked[i]) if i < len(asked) else phone)
    return Page(service, version, status, against, offline, default_locale, phones)


@cache
def ancestors(locale: str) -> frozenset[str]:
    """The locale's own CLDR ancestors: text from these is shared, not missing."""
    return frozenset(loc.chain(locale, locale, {})) - {locale}


class _Texts:
    """Makes the Text at a pointer, with its fallback source and change mark."""

    def __init__(self, locale: str, fell_back: Mapping[str, str],
                 marks: Mapping[str, Mark]) -> None:
        self.locale = locale
        self.fell_back = fell_back
        self.marks = marks

    def plain(self) -> _Texts:
        """For removed items: their old text, with nothing to mark."""
        return _Texts(self.locale, {}, {})

    def __call__(self, value: str, ptr: str) -> Text:
        source = self.fell_back.get(ptr)
        mark = self.marks.get(ptr)
        notes = [f"changed; was {mark.before}"] if mark and mark.kind == "changed" else []
        if source is None:
            return Text(value, mark=mark, note="; ".join(notes))
        missing = source not in ancestors(self.locale)
        if missing:
            notes.insert(0, f"no {self.locale} text: shown from {source}")
        else:
            notes.insert(0, f"shared {source} text")
        return Text(value, source, missing, loc.direction(source), mark, "; ".join(notes))


def _phone(compiled: Compiled, base: Doc | None, file: str) -> Phone:
    doc = compiled.doc
    changes = diff(base, doc) if base is not None else Diff()
    text = _Texts(str(doc["locale"]), compiled.fell_back, changes.marks)
    sections = _with_ghosts(
        doc["sections"], "/sections", changes,
        lambda s, p, removed: _section(s, p, text.plain() if removed else text,
                                       Diff() if removed else changes, removed))
    return Phone(
        locale=text.locale,
        dir=str(doc["dir"]),
        title=text(doc["title"], "/title"),
        sections=sections,
        missing=_missing(compiled, file),
        changes=changes.changes,
    )


def _section(raw: Doc, ptr: str, text: _Texts, changes: Diff, removed: bool) -> Section:
    kind = raw["type"]
    common: dict[str, Any] = {"id": raw["id"], "type": kind,
                              "mark": _mark(ptr, changes, removed),
                              "changed": _changed(ptr, changes)}
    if kind == "carousel":
        slides = _with_ghosts(
            raw["slides"], f"{ptr}/slides", changes,
            lambda s, p, gone: _slide(s, p, text.plain() if gone else text, changes, gone))
        return Section(**common, slides=slides)
    if kind == "banner":
        alt = text(raw["alt"], f"{ptr}/alt") if "alt" in raw else None
        return Section(**common, image=raw["image"], alt=alt, link=_link(raw.get("link")))
    programs: list[Program] = []
    if kind == "custom":
        programs = _with_ghosts(
            raw["mini_programs"], f"{ptr}/mini_programs", changes,
            lambda p, q, gone: _program(p, q, text.plain() if gone else text, changes, gone))
    return Section(**common, name=text(raw["name"], f"{ptr}/name"),
                   max_items=int(raw["max_items"]), programs=programs)


def _with_ghosts(items: Sequence[Doc], ptr: str, changes: Diff,
                 make: Callable[[Doc, str, bool], T]) -> list[T]:
    """The new list's items with removed ones interleaved where they used to be."""
    ghosts = changes.ghosts.get(ptr, [])
    out: list[T] = []
    for j, item in enumerate(items):
        out += [make(g.item, f"{ptr}/-{k}", True) for k, g in enumerate(ghosts) if g.at == j]
        out.append(make(item, f"{ptr}/{j}", False))
    out += [make(g.item, f"{ptr}/-{k}", True) for k, g in enumerate(ghosts)
            if g.at >= len(items)]
    return out


def _slide(raw: Doc, ptr: str, text: _Texts, changes: Diff, removed: bool) -> Slide:
    alt = text(raw["alt"], f"{ptr}/alt") if "alt" in raw else None
    times = (str(raw.get("start") or ""), str(raw.get("end") or ""))
    window = f"{_when(raw.get('start'))} \u2192 {_when(raw.get('end'))}" if any(times) else ""
    return Slide(raw["image"], alt, _link(raw.get("link")), window,
                 _mark(ptr, changes, removed), _changed(ptr, changes), times)


def _program(raw: Doc, ptr: str, text: _Texts, changes: Diff, removed: bool) -> Program:
    badge = None
    raw_badge = raw.get("badge")
    if raw_badge and raw_badge["type"] == "text":
        badge = Badge("text", text(raw_badge["text"], f"{ptr}/badge/text"))
    elif raw_badge:
        badge = Badge(str(raw_badge["style"]))
    return Program(raw["app_id"], text(raw["name"], f"{ptr}/name"), raw["icon"], badge,
                   _mark(ptr, changes, removed), _changed(ptr, changes))


def _mark(ptr: str, changes: Diff, removed: bool) -> Mark | None:
    return Mark("removed") if removed else changes.marks.get(ptr)


def _changed(ptr: str, changes: Diff) -> frozenset[str]:
    """The fields of the item at ``ptr`` that changed (their marks sit one level down)."""
    return frozenset(k[len(ptr) + 1:] for k in changes.marks
                     if k.startswith(ptr + "/") and "/" not in k[len(ptr) + 1:])


def _link(link: Doc | None) -> str:
    if not link:
        return ""
    if link["type"] == "url":
        return str(link["url"])
    page = link.get("page")
    return f"mini program {link['app_id']}" + (f" \u00b7 {page}" if page else "")


def _when(value: str | None) -> str:
    return value.replace("T", " ").replace(":00Z", " UTC") if value else "\u2026"


def _missing(compiled: Compiled, file: str) -> list[Missing]:
    doc, own = compiled.doc, ancestors(str(compiled.doc["locale"]))
    found: dict[str, Missing] = {}
    for ptr, source in sorted(compiled.fell_back.items(), key=lambda kv: _order(kv[0])):
        if source in own:
            continue
        where, where_file = describe(doc, ptr, file)
        found.setdefault(where, Missing(where, where_file, source, str(_resolve(doc, ptr))))
    return list(found.values())


def describe(doc: Doc, ptr: str, file: str) -> tuple[str, str]:
    """What the string at ``ptr`` is, for a translator, and the file it lives in."""
    parts = ptr.strip("/").split("/")
    if parts == ["title"]:
        return "title", file
    section = doc["sections"][int(parts[1])]
    label = f"section \u201c{section['id']}\u201d"
    rest = parts[2:]
    if rest == ["name"]:
        return f"name of {label}", file
    if rest == ["alt"]:
        return f"alt text of {label}", file
    if rest[0] == "slides":
        return f"alt text of slide {int(rest[1]) + 1} in {label}", file
    program = section["mini_programs"][int(rest[1])]
    if rest[2:] == ["name"]:
        return f"name of mini program {program['app_id']}", CATALOG
    return f"badge of {program['app_id']} in {label}", file


def _resolve(doc: Doc, ptr: str) -> Any:
    node: Any = doc
    for part in ptr.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _order(ptr: str) -> tuple[Any, ...]:
    """Display order: the title, then sections, slides and programs by index."""
    parts = ptr.strip("/").split("/")
    return (parts[0] != "title", *((int(p), "") if p.isdigit() else (-1, p) for p in parts))
