"""The manifests (and the files they name) of the client conformance suite, built from
small made-up services by the real compiler, so a case's manifest is exactly what a
client downloads (schema/client-spec/, docs/rollout.md section 6).

Two services: ``shop`` publishes eleven locales (CLDR parents, likely scripts, same
language and script); ``mini`` one locale, for the bucketing manifests, so those stay
small. Every version has a carousel whose slide windows the cases test at their edges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..load.project import Project, assemble
from ..model.channels import Channels, Releasing, Testing
from .tree import build_service, with_tester_key

BACKEND_KEY = hashlib.sha256(b"minisvc client-spec: the backend's key, for tests only").digest()
"""The stand-in for a super app's secret tester-token key; published here so client teams
can check their backend's tokens (testers.json), never to be used for real."""

SHOP_LOCALES = ["en-US", "en-001", "zh-CN", "zh-Hant-HK", "zh-Hant-TW", "ar-SA", "he-IL",
                "id-ID", "pt-BR", "pt-PT", "es-419"]
TESTERS = ("alice@example.com", "bob@example.org")
UNTITLED = ("pt-BR", "he-IL")
"""Locales the service has but shop v4's title does not: v4 is not published in them."""


@dataclass(frozen=True)
class Slide:
    """A carousel slide of the made-up versions: its name (in its image) and window."""

    name: str
    start: str | None = None
    end: str | None = None

    def yaml(self, service: str, number: int) -> str:
        lines = [f"      - image: https://cdn.example.com/{service}/v{number}/{self.name}.png"]
        lines += [f"        {k}: {v}" for k, v in (("start", self.start), ("end", self.end)) if v]
        return "\n".join(lines)

    def shown(self, now: dt.datetime) -> bool:
        """From the inputs, not the compiled file: the cases' own statement of a window."""
        start = self.start and dt.datetime.fromisoformat(self.start)
        end = self.end and dt.datetime.fromisoformat(self.end)
        return (not start or start <= now) and (not end or now < end)


SLIDES = [
    Slide("always"),
    Slide("double-11", "2026-11-01T00:00:00+08:00", "2026-11-12T00:00:00+08:00"),
    Slide("december", start="2026-12-01T00:00:00Z"),
    Slide("until-october", end="2026-10-01T00:00:00Z"),
    Slide("one-second", "2026-11-05T12:00:00Z", "2026-11-05T12:00:01Z"),
]

_CATALOG = """mini_programs:
  - app_id: "1000000000000001"
    name: {en-US: Ride}
    icon: https://cdn.example.com/icons/ride.png
    status: online
"""


def _service(sid: str, locales: list[str], fallbacks: str) -> str:
    return (f"id: {sid}\ndefault_locale: en-US\nlocales: [{', '.join(locales)}]\n"
            f"{fallbacks}")


def _version(sid: str, number: int, locales: list[str]) -> str:
    titles = ", ".join(f"{loc}: {sid} v{number} {loc}" for loc in locales)
    slides = "\n".join(s.yaml(sid, number) for s in SLIDES)
    return (f"title: {{{titles}}}\nsections:\n  - id: carousel\n    type: carousel\n"
            f"    slides:\n{slides}\n  - id: ride\n    type: custom\n"
            f"    name: {{en-US: Ride}}\n    max_items: 1\n    mini_programs:\n"
            f"      - app_id: \"1000000000000001\"\n")


@cache
def project() -> Project:
    files = {"services/catalog.yaml": _CATALOG,
             "services/shop/service.yaml": _service("shop", SHOP_LOCALES,
                                                    "fallbacks: {zh-Hant-HK: [zh-Hant-TW]}\n"),
             "services/mini/service.yaml": _service("mini", ["en-US"], "")}
    for number in (1, 2, 3):
        files[f"services/shop/versions/{number}.yaml"] = _version("shop", number, SHOP_LOCALES)
        files[f"services/mini/versions/{number}.yaml"] = _version("mini", number, ["en-US"])
    files["services/shop/versions/4.yaml"] = _version(  # a title without two of them
        "shop", 4, [loc for loc in SHOP_LOCALES if loc not in UNTITLED])
    return assemble({path: text.encode() for path, text in files.items()})


def fixture(sid: str, channels: Channels, key: bytes | None = None) -> dict[str, Any]:
    """``{"manifest": ..., "files": {path: text}}``: what a client fetches, where ``path``
    is the manifest's own (relative to the manifest)."""
    built = with_tester_key(build_service(project(), sid, channels), {sid: channels}, key)
    manifest = json.loads(built.pop(f"{sid}/manifest.json"))
    return {"manifest": manifest,
            "files": {rel.removeprefix(f"{sid}/"): data.decode()
                      for rel, data in sorted(built.items())}}


ALL = Channels(released=1, releasing=Releasing(2, 20), testing=Testing(3, TESTERS))


@cache
def fixtures() -> dict[str, dict[str, Any]]:
    """Every fixture the case files name, by name (built once; callers do not change it)."""
    out = {
        "shop": fixture("shop", ALL),
        "shop-keyed": fixture("shop", ALL, BACKEND_KEY),
        "shop-released": fixture("shop", Channels(released=1)),
        "shop-releasing-only": fixture("shop", Channels(releasing=Releasing(1, 10))),
        "shop-nothing": fixture("shop", Channels()),
        "shop-partial": fixture("shop", Channels(released=4)),
    }
    for ratio in RATIOS:
        out[f"mini-{ratio}"] = fixture("mini", Channels(released=1,
                                                        releasing=Releasing(2, ratio)))
    out["mini-group"] = fixture("mini", Channels(released=1,
                                                 releasing=Releasing(2, 20, "spring-promo")))
    hand = fixture("shop", Channels(released=1))
    hand["manifest"]["fallbacks"] = {**hand["manifest"]["fallbacks"],
                                     "zh-Hant-MO": ["zh-Hant-TW"], "fr-CA": ["pt-PT"]}
    out["shop-hand-fallbacks"] = hand
    corrupt = fixture("mini", Channels(released=1))
    path = corrupt["manifest"]["released"]["files"]["en-US"]["path"]
    corrupt["files"][path] = corrupt["files"][path].replace("mini v1", "mini v9")
    out["mini-corrupt"] = corrupt
    return out


RATIOS = [0.01, 0.29, 1, 4.35, 5, 20, 33.33, 50, 99.99]
"""With 0.29 and 4.35, whose percent is not a whole number in binary floating point."""


def entry_path(fixture_: Mapping[str, Any], channel: str, locale: str) -> str:
    return str(fixture_["manifest"][channel]["files"][locale]["path"])
