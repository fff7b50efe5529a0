"""The carousel's slides and the banner, as tree edits (pure, like :mod:`.sections`).

A slide is addressed by its position (1 = first), its image URL or the end of it (the
file name, when only one slide has it). What the rules judge (https images, a link's
app in the catalog and online, start before end, the date format) is left to the
validation that follows every edit; what cannot be placed is refused here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..load.roundtrip import roundtrip
from ..model.schedule import RFC3339_PATTERN
from . import keys
from .programs import from_catalog
from .sections import (
    EditContext,
    EditError,
    Placement,
    flow,
    insert_section,
    known_locales,
    localized,
    new_section_index,
    not_self,
    ordered,
    reorder,
    section_ids,
    sections_of,
    set_text,
    target_index,
)

SLIDE_KEYS = ("image", "alt", "link", "start", "end")
BANNER_KEYS = ("id", "type", "image", "alt", "link")
_UNPORTABLE = set("?#,[]{}&*!|>'\"%@`\\")


@dataclass(frozen=True)
class Link:
    """A mini program (``app``: an app id or a catalog name, and a ``page``) or a URL."""

    app: str | None = None
    page: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Picture:
    """What a slide or the banner shows, as asked. None (or empty) leaves a field as it
    is; a field named in ``clear`` (alt, link, start, end) is removed."""

    image: str | None = None
    alt: str | None = None  # in the default locale
    alt_locales: Mapping[str, str] = field(default_factory=dict)
    link: Link | None = None
    start: str | None = None
    end: str | None = None
    clear: frozenset[str] = frozenset()


# --- slides ----------------------------------------------------------------------


def add_slide(doc: CommentedMap, ctx: EditContext, picture: Picture, at: Placement) -> str:
    carousel = _carousel(doc, ctx)
    slides = carousel["slides"]
    index = target_index(_positions(slides), _placed(slides, at), "slide")
    slide = _new(ctx, picture, "a slide", SLIDE_KEYS)
    reorder(carousel, "slides", lambda items: items.insert(index, slide))
    return f"slide {index + 1} ({_name(slide)}) added to {carousel['id']!r}"


def edit_slide(doc: CommentedMap, ctx: EditContext, which: str, picture: Picture) -> str:
    carousel = _carousel(doc, ctx)
    index = slide_index(carousel["slides"], which)
    changed: list[str] = []
    reorder(carousel, "slides",
            lambda items: changed.extend(_apply(items[index], ctx, picture, SLIDE_KEYS)))
    return f"slide {index + 1} of {carousel['id']!r}: {_listed(changed)}"


def move_slide(doc: CommentedMap, ctx: EditContext, which: str, at: Placement) -> str:
    carousel = _carousel(doc, ctx)
    slides = carousel["slides"]
    index = slide_index(slides, which)
    at = _placed(slides, at)
    not_self(at, str(index + 1))
    others = [p for p in _positions(slides) if p != str(index + 1)]
    to = target_index(others, at, "slide", moving=True)
    slide = slides[index]

    def move(items: list[Any]) -> None:
        items.remove(slide)
        items.insert(to, slide)

    reorder(carousel, "slides", move)
    return f"slide {index + 1} ({_name(slide)}) moved to position {to + 1} in " \
           f"{carousel['id']!r}"


def remove_slide(doc: CommentedMap, ctx: EditContext, which: str) -> str:
    carousel = _carousel(doc, ctx)
    slides = carousel["slides"]
    index = slide_index(slides, which)
    if len(slides) == 1:
        raise EditError(f"slide 1 is the only slide of {carousel['id']!r}, and a carousel "
                        "shows at least one; remove the carousel instead: `minisvc section "
                        f"remove {ctx.service} {carousel['id']}`")
    slide = slides[index]
    reorder(carousel, "slides", lambda items: items.remove(slide))
    return f"slide {index + 1} ({_name(slide)}) removed from {carousel['id']!r}"


def slide_index(slides: CommentedSeq, which: str) -> int:
    """The index of the slide ``which`` names: a position, an image URL or its end."""
    if which.isdigit():
        if 1 <= int(which) <= len(slides):
            return int(which) - 1
        raise EditError(f"there is no slide {which}: the carousel has {len(slides)} "
                        f"({_listing(slides)})")
    images = [str(s.get("image", "")) if isinstance(s, Mapping) else "" for s in slides]
    for match in ([i for i, u in enumerate(images) if u == which],
                  [i for i, u in enumerate(images) if u.endswith("/" + which.lstrip("/"))]):
        if len(match) == 1:
            return match[0]
        if len(match) > 1:
            raise EditError(f"{which!r} is the image of slides "
                            f"{', '.join(str(i + 1) for i in match)}; give the position")
    raise EditError(f"no slide has the image {which!r} (slides: {_listing(slides)}); give a "
                    "position, an image URL or its file name")


# --- the banner ------------------------------------------------------------------


def set_banner(doc: CommentedMap, ctx: EditContext, picture: Picture) -> str:
    """Change the banner; a page without one gets one (id ``banner``, after the carousel,
    else first) when an image is given."""
    banner = _of_type(doc, "banner")
    if banner is None:
        if picture.image is None:
            raise EditError("the page has no banner yet; give its --image to add one")
        ids = section_ids(sections_of(doc))
        after = next((str(s["id"]) for s in sections_of(doc)
                      if isinstance(s, Mapping) and s.get("type") == "carousel"), None)
        at = Placement(after=after) if after else Placement(to=1) if ids else Placement()
        return new_visual_section(doc, ctx, "banner", "banner", picture, at)
    changed: list[str] = []
    reorder(doc, "sections", lambda _: changed.extend(_apply(banner, ctx, picture,
                                                              BANNER_KEYS)))
    return f"banner {banner['id']!r}: {_listed(changed)}"


def remove_banner(doc: CommentedMap, ctx: EditContext) -> str:
    banner = _of_type(doc, "banner")
    if banner is None:
        raise EditError("the page has no banner")
    reorder(doc, "sections", lambda items: items.remove(banner))
    return f"banner {banner['id']!r} removed"


def new_visual_section(doc: CommentedMap, ctx: EditContext, section_id: str, kind: str,
                       picture: Picture, at: Placement) -> str:
    """A carousel (with its first slide) or a banner, as `section add --type` adds it."""
    index = new_section_index(doc, section_id, kind, at)
    section = CommentedMap()
    section["id"] = section_id
    section["type"] = kind
    if kind == "carousel":
        section["slides"] = CommentedSeq([_new(ctx, picture, "the first slide", SLIDE_KEYS)])
    else:
        for key, value in _new(ctx, picture, "a banner", BANNER_KEYS).items():
            section[key] = value
    return insert_section(doc, section, index)


# --- shared ----------------------------------------------------------------------


def _new(ctx: EditContext, picture: Picture, what: str, order: tuple[str, ...]) -> CommentedMap:
    if picture.image is None:
        raise EditError(f"{what} needs an image: give --image URL")
    node = CommentedMap()
    _apply(node, ctx, picture, order)
    return node


def _apply(node: CommentedMap, ctx: EditContext, picture: Picture,
           order: tuple[str, ...]) -> list[str]:
    """Make the asked changes on a slide or banner mapping; what changed, for the summary."""
    changed: list[str] = []
    for name in sorted(picture.clear, key=SLIDE_KEYS.index):
        if name in node:
            keys.drop(node, name)
            changed.append(f"{name} removed")
    if picture.image is not None:
        keys.put(node, "image", _scalar(picture.image), order)
        changed.append("image set")
    texts = localized(ctx, picture.alt, picture.alt_locales)
    if texts:
        known_locales(ctx, texts)
        if isinstance(node.get("alt"), CommentedMap):
            for locale, text in ordered(texts, ctx):
                set_text(node, "alt", locale, text, ctx)
        else:
            keys.put(node, "alt", flow(CommentedMap(ordered(texts, ctx))), order)
        changed.append("alt " + ", ".join(loc for loc, _ in ordered(texts, ctx)) + " set")
    if picture.link is not None:
        keys.put(node, "link", _link(ctx, picture.link), order)
        changed.append("link set")
    for name, value in (("start", picture.start), ("end", picture.end)):
        if value is not None:
            if "start" not in order:
                raise EditError(f"a banner has no display window (no --{name})")
            keys.put(node, name, _time(value), order)
            changed.append(f"{name} set")
    return changed


def _link(ctx: EditContext, link: Link) -> CommentedMap:
    node = CommentedMap()
    if link.url is not None:
        node["url"] = _scalar(link.url)
    else:
        assert link.app is not None
        node["app_id"] = DoubleQuotedScalarString(from_catalog(ctx, link.app).app_id)
        if link.page is not None:
            node["page"] = _scalar(link.page)
    node.fa.set_flow_style()
    return node


def _scalar(text: str) -> str:
    """Quoted when a YAML 1.1 reader (PyYAML) would misread it plain in a flow mapping
    (``pages/index?from=carousel``), so every file stays portable."""
    plain = text and text == text.strip() and not (_UNPORTABLE & set(text)) \
        and ": " not in text
    return text if plain else DoubleQuotedScalarString(text)


def _time(text: str) -> Any:
    """A date-time written plain, as the sample writes it (``start: 2026-12-01T00:00:00+08:00``):
    ruamel quotes a plain string that looks like a timestamp, so it is given one it read."""
    if re.fullmatch(RFC3339_PATTERN, text):
        value = roundtrip().load(f"t: {text}\n")["t"]
        out = io.StringIO()
        roundtrip().dump({"t": value}, out)
        if out.getvalue() == f"t: {text}\n":
            return value
    return _scalar(text)  # kept as typed; validation judges it (E118)


def _carousel(doc: CommentedMap, ctx: EditContext) -> CommentedMap:
    carousel = _of_type(doc, "carousel")
    if carousel is None:
        raise EditError("the page has no carousel; add one with its first slide: `minisvc "
                        f"section add {ctx.service} carousel --type carousel --image URL`")
    if not isinstance(carousel.get("slides"), CommentedSeq):
        raise EditError(f"{carousel.get('id')!r} has no `slides:` list; fix the file first")
    return carousel


def _of_type(doc: CommentedMap, kind: str) -> CommentedMap | None:
    return next((s for s in sections_of(doc)
                 if isinstance(s, CommentedMap) and s.get("type") == kind), None)


def _positions(slides: CommentedSeq) -> list[str]:
    return [str(i + 1) for i in range(len(slides))]


def _placed(slides: CommentedSeq, at: Placement) -> Placement:
    """--before/--after SLIDE as positions, the keys target_index places by."""
    def position(which: str) -> str:
        return str(slide_index(slides, which) + 1)

    return at.resolved(position)


def _name(slide: Any) -> str:
    return str(slide.get("image", "")).rsplit("/", 1)[-1] if isinstance(slide, Mapping) else "?"


def _listing(slides: CommentedSeq) -> str:
    return ", ".join(f"{i + 1} {_name(s)}" for i, s in enumerate(slides)) or "none"


def _listed(changed: list[str]) -> str:
    return ", ".join(changed) or "nothing to change"
