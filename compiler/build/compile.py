"""Typed version -> per-locale runtime documents and the service manifest (pure).

Every string is resolved through the locale chain, catalog names and icons are filled
in, and serialization is deterministic, so identical input gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.channels import Channels
from ..model.inputs import (
    Badge,
    Banner,
    Carousel,
    Catalog,
    Custom,
    Favorites,
    Link,
    MiniProgram,
    MiniProgramLink,
    ProgramStatus,
    RecentlyUsed,
    Section,
    Service,
    Version,
)
from ..runtime import locales as loc
from ..runtime.rollout import (
    PUBLIC_TOKEN_KEY,
    default_group,
    tester_entry,
    tester_salt,
    tester_token,
)

FORMAT = 2
"""Of the manifests and the per-locale files (2: content-addressed file names, slide
ids, tester tokens; docs/rollout.md)."""

NAME_HASH = 32
"""Hex digits of the sha256 in a file's name: 128 bits, so two contents never share one."""


@dataclass
class Compiled:
    """One (version, locale) document, and which strings fell back (pointer -> locale)."""

    doc: dict[str, Any]
    fell_back: dict[str, str] = field(default_factory=dict)


class _Resolver:
    def __init__(self, service: Service, locale: str) -> None:
        self.locale = locale
        self.order = loc.chain(locale, service.default_locale, service.fallbacks)
        self.fell_back: dict[str, str] = {}

    def text(self, text: Mapping[str, str], pointer: str) -> str:
        found = loc.pick(text, self.order)
        if found is None:  # no chain locale: the first by tag, so output stays stable
            found = min(text.items())
        if found[0] != self.locale:
            self.fell_back[pointer] = found[0]
        return found[1]


def served_locales(service: Service, version: Version) -> list[str]:
    """The locales a version is published in: the service's locales its title is written
    in (the default locale always). A locale added to a service later therefore reaches a
    frozen version's users never, and a new version's when it is released with the
    locale translated: a step the plan names (docs/lifecycle.md, "Shared files")."""
    return [locale for locale in service.locales
            if locale in version.title or locale == service.default_locale]


def compile_version(sid: str, number: int, service: Service, version: Version,
                    catalog: Catalog, locales: Sequence[str] | None = None
                    ) -> dict[str, Compiled]:
    """The documents of ``locales`` (default: the served ones; the preview asks for every
    locale of the service, to show a Draft's missing translations)."""
    programs = {p.app_id: p for p in catalog.mini_programs}
    wanted = served_locales(service, version) if locales is None else locales
    return {locale: _compile_locale(sid, number, service, version, programs, locale)
            for locale in wanted}


def _compile_locale(sid: str, number: int, service: Service, version: Version,
                    programs: Mapping[str, MiniProgram], locale: str) -> Compiled:
    r = _Resolver(service, locale)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "service": sid,
        "version": number,
        "locale": locale,
        "dir": loc.direction(locale),
        "title": r.text(version.title, "/title"),
        "sections": [_section(s, f"/sections/{i}", r, programs)
                     for i, s in enumerate(version.sections)],
    }
    return Compiled(doc, r.fell_back)


def _section(section: Section, ptr: str, r: _Resolver,
             programs: Mapping[str, MiniProgram]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section.id, "type": section.type}
    if isinstance(section, Carousel):
        out["slides"] = [_slide(s, f"{section.id}-{j + 1}", f"{ptr}/slides/{j}", r)
                         for j, s in enumerate(section.slides)]
    elif isinstance(section, Banner):
        out["image"] = section.image
        _optional(out, "alt", section.alt and r.text(section.alt, f"{ptr}/alt"))
        _optional(out, "link", _link(section.link))
    elif isinstance(section, Favorites | RecentlyUsed | Custom):
        out["name"] = r.text(section.name, f"{ptr}/name")
        out["max_items"] = section.max_items
    if isinstance(section, Custom):
        shown = [p for p in section.mini_programs
                 if p.app_id in programs and programs[p.app_id].status is ProgramStatus.ONLINE]
        out["mini_programs"] = [  # pointers index the output list, after offline ones left
            _program(p.app_id, p.badge, f"{ptr}/mini_programs/{j}", r, programs)
            for j, p in enumerate(shown)
        ]
    return out


def _slide(slide: Any, sid: str, ptr: str, r: _Resolver) -> dict[str, Any]:
    """``sid``: the carousel's id and the slide's position (``carousel-2``), unique in
    the file; what a client reports as the slides it shows."""
    out: dict[str, Any] = {"id": sid, "image": slide.image}
    _optional(out, "alt", slide.alt and r.text(slide.alt, f"{ptr}/alt"))
    _optional(out, "link", _link(slide.link))
    _optional(out, "start", slide.start and _utc(slide.start))
    _optional(out, "end", slide.end and _utc(slide.end))
    return out


def _program(app_id: str, badge: Badge | None, ptr: str, r: _Resolver,
             programs: Mapping[str, MiniProgram]) -> dict[str, Any]:
    program = programs[app_id]
    out: dict[str, Any] = {
        "app_id": app_id,
        "name": r.text(program.name, f"{ptr}/name"),
        "icon": program.icon,
    }
    if badge is not None and badge.type == "text":
        out["badge"] = {"type": "text", "text": r.text(badge.text, f"{ptr}/badge/text")}
    elif badge is not None:
        out["badge"] = {"type": "image", "style": badge.style.value}
    return out


def _link(link: Link | None) -> dict[str, Any] | None:
    if link is None:
        return None
    if isinstance(link, MiniProgramLink):
        out: dict[str, Any] = {"type": "mini_program", "app_id": link.app_id}
        _optional(out, "page", link.page)
        return out
    return {"type": "url", "url": link.url}


def _optional(out: dict[str, Any], key: str, value: Any) -> None:
    if value:
        out[key] = value


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def serialize(doc: Mapping[str, Any]) -> bytes:
    """Compact, UTF-8, key order as built: the same document always gives the same bytes."""
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def locale_path(number: int, locale: str, data: bytes) -> str:
    """``v2/en-US.<hash>.json``: a name that changes with the content, so a published
    file never changes under its name and can be cached for a year (docs/rollout.md)."""
    return f"v{number}/{locale}.{hashlib.sha256(data).hexdigest()[:NAME_HASH]}.json"


def manifest(sid: str, service: Service, channels: Channels,
             files: Mapping[int, Mapping[str, bytes]]) -> dict[str, Any]:
    """Which version a user gets; ``files`` are the serialized locale docs by version."""

    def entry(number: int) -> dict[str, Any]:
        return {
            "version": number,
            "files": {locale: {"path": locale_path(number, locale, data),
                               "sha256": hashlib.sha256(data).hexdigest()}
                      for locale, data in sorted(files[number].items())},
        }

    doc: dict[str, Any] = {
        "format": FORMAT,
        "service": sid,
        "default_locale": service.default_locale,
        "locales": list(service.locales),
        "fallbacks": {k: list(v) for k, v in sorted(service.fallbacks.items())},
        "released": None,
        "releasing": None,
        "testing": None,
    }
    if channels.released is not None:
        doc["released"] = entry(channels.released)
    if channels.releasing is not None:
        rel = channels.releasing
        ratio = int(rel.ratio) if rel.ratio == int(rel.ratio) else rel.ratio
        doc["releasing"] = {**entry(rel.version), "ratio": ratio,
                            "group": rel.group or default_group(sid, rel.version)}
    if channels.testing is not None:
        test = channels.testing
        doc["testing"] = {**entry(test.version), **testers(sid, test.version, test.testers)}
    return doc


def testers(sid: str, number: int, emails: Iterable[str],
            key: bytes | None = None) -> dict[str, Any]:
    """The Testing entry's tester fields. With the backend's ``key`` only the backend can
    make a tester token, so a list of addresses tells nobody who tests; without it the
    public key is published and the entries are only as secret as the addresses."""
    salt = tester_salt(sid, number)
    used = key if key is not None else bytes.fromhex(PUBLIC_TOKEN_KEY)
    return {"salt": salt,
            "testers": sorted({tester_entry(salt, tester_token(used, e)) for e in emails}),
            "public_token_key": None if key is not None else PUBLIC_TOKEN_KEY}
