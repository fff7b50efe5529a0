"""Locale fallback chains and text direction, from CLDR data (Babel).

A string for locale L is looked up along: L, the service's explicit ``fallbacks[L]``,
L's CLDR parents (parentLocales exceptions, else truncation; a script change goes to
root), and finally the service's default locale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_cldr_version, get_global

from ..model.names import closest, folded


def _cldr(tag: str) -> str:
    return tag.replace("-", "_")


def _bcp47(key: str) -> str:
    return key.replace("_", "-")


@cache
def cldr_parent(tag: str) -> str | None:
    """The CLDR parent of a BCP 47 tag, or None at root (``zh-Hant-MO`` -> ``zh-Hant-HK``)."""
    exceptions: Mapping[str, str] = get_global("parent_exceptions")
    parent = exceptions.get(_cldr(tag))
    if parent is not None:
        return None if parent == "root" else _bcp47(parent)
    parts = tag.split("-")
    if len(parts) == 1:
        return None
    if len(parts) == 2 and len(parts[1]) == 4 and parts[1].isalpha():
        likely: Mapping[str, str] = get_global("likely_subtags")
        default_script = likely.get(parts[0].lower(), "").split("_")[1:2]
        if default_script and default_script[0].lower() != parts[1].lower():
            return None  # zh-Hant does not inherit from zh (which is Simplified)
    return "-".join(parts[:-1])


def _script_of(lang: str) -> str:
    likely: Mapping[str, str] = get_global("likely_subtags")
    parts = likely.get(lang.lower(), "").split("_")
    return parts[1] if len(parts) > 1 else ""


def maximize(tag: str) -> str:
    """Add the likely script: ``zh-TW`` -> ``zh-Hant-TW``, ``zh-CN`` -> ``zh-Hans-CN``."""
    parts = tag.split("-")
    if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha():
        return tag
    likely: Mapping[str, str] = get_global("likely_subtags")
    full = likely.get(_cldr("-".join(parts[:2])) if len(parts) > 1 else "", "") or \
        likely.get(parts[0].lower(), "")
    script = full.split("_")[1] if full.count("_") >= 1 else ""
    return "-".join([parts[0], script, *parts[1:]]) if script else tag


def chain(locale: str, default: str, fallbacks: Mapping[str, Sequence[str]]) -> list[str]:
    """The ordered, de-duplicated lookup chain for ``locale``.

    CLDR parents of the tag and of its maximized form (so ``zh-TW`` reaches ``zh-Hant``);
    a bare language comes last and only when its default script is the tag's script
    (``zh`` is Simplified, so ``zh-TW`` never falls back to it).
    """
    full = maximize(locale)
    out = [locale, *fallbacks.get(locale, ()), full]
    script = full.split("-")[1] if full != locale or "-" in full else ""
    bare: list[str] = []
    for start in dict.fromkeys((locale, full)):
        parent = cldr_parent(start)
        while parent is not None:
            (bare if "-" not in parent else out).append(parent)
            parent = cldr_parent(parent)
    out += [lang for lang in bare if not script or _script_of(lang) in ("", script)]
    out.append(default)
    return list(dict.fromkeys(out))


def pick(text: Mapping[str, str], order: Sequence[str]) -> tuple[str, str] | None:
    """The first (locale, string) of ``order`` that ``text`` has."""
    for locale in order:
        if locale in text:
            return locale, text[locale]
    return None


def negotiate(requested: str, locales: Sequence[str], default: str,
              fallbacks: Mapping[str, Sequence[str]]) -> str:
    """The published locale a user asking for ``requested`` gets."""
    lowered = {loc.lower(): loc for loc in locales}
    for candidate in chain(requested, default, fallbacks):
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return default


@lru_cache(maxsize=4096)
def served_locale(requested: str, published: Sequence[str], default: str,
                  fallbacks: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """The published locale a device asking for ``requested`` is served (what
    ``resolve``, the server and ``preview --locale`` answer): the fallback chain first;
    when it reaches only the default locale, a published locale of the same language and
    script (``ar-EG`` -> ``ar-SA``, ``he`` -> ``he-IL``) beats a page in another language,
    as on Android and iOS."""
    requested = canonical_tag(requested)
    chosen = negotiate(requested, published, default, dict(fallbacks))
    if chosen != default or not requested or _language(requested) == _language(default):
        return chosen
    return next((tag for tag in published if _language(tag) == _language(requested)), default)


def _language(tag: str) -> tuple[str, ...]:
    return tuple(maximize(tag).lower().split("-")[:2])


_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,7}")
_LEGACY = {"iw": "he", "in": "id", "ji": "yi"}  # what old Java/Android Locale APIs still send


def canonical_tag(tag: str) -> str:
    """``zh_hant_mo`` -> ``zh-Hant-MO`` (BCP 47 case conventions, ``iw`` -> ``he``);
    junk -> ``""``.

    The CLDR data is keyed by canonical case, and the requested tag comes from a client,
    so anything that is not tag-shaped is treated as no preference (the default locale).
    """
    tag = tag.strip().replace("_", "-")
    if not _TAG.fullmatch(tag):
        return ""
    first, *rest = tag.split("-")
    out = [_LEGACY.get(first.lower(), first.lower())]
    for i, sub in enumerate(rest):
        if any(len(s) == 1 for s in rest[:i + 1]):  # extensions (-u-, -x-) stay lower case
            out.append(sub.lower())
        elif len(sub) == 4 and sub.isalpha():
            out.append(sub.title())
        elif len(sub) == 2 and sub.isalpha():
            out.append(sub.upper())
        else:
            out.append(sub.lower())
    return "-".join(out)


def closest_locale(tag: str, locales: Sequence[str]) -> str | None:
    """The locale of ``locales`` a person typing ``tag`` most likely meant: the same tag
    in other case or with ``_`` (``zh_CN`` -> ``zh-CN``), the same maximized tag
    (``zh-TW`` -> ``zh-Hant-TW``), a CLDR parent (``zh-Hant-MO`` -> ``zh-Hant-HK``), the
    only one of its language and script (``ar`` -> ``ar-SA``), else a close spelling."""
    same = [loc for loc in locales if folded(loc) == folded(tag)]
    if same:
        return same[0]
    wanted = canonical_tag(tag)
    if wanted:
        full = maximize(wanted).lower()
        same = [loc for loc in locales if maximize(loc).lower() == full]
        if len(same) == 1:
            return same[0]
        parent = negotiate(wanted, locales, "", {})  # its CLDR parents: zh-Hant-MO -> -HK
        if parent:
            return parent
        same = [loc for loc in locales if _language(loc) == _language(wanted)]
        if len(same) == 1:
            return same[0]
    return closest(tag, locales)


# The scripts CLDR writes right to left (its characterOrder); tests/runtime holds
# ``direction`` equal to Babel's ``Locale.character_order`` for every locale Babel has.
RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"})


@cache
def direction(locale: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Hebrew, ...), else ``ltr``.

    Read from the script of the locale Babel resolves the tag to (likely subtags, the
    global data already loaded) rather than from that locale's own data: loading and
    merging a locale's CLDR file costs ~13 ms, most of a small repository's validate.
    """
    try:
        parsed = Locale.parse(_cldr(locale))
    except (UnknownLocaleError, ValueError):
        return "ltr"
    script = parsed.script or _script_of(str(parsed)) or _script_of(parsed.language)
    return "rtl" if script in RTL_SCRIPTS else "ltr"


def client_data() -> dict[str, Any]:
    """The CLDR data that negotiation reads, for clients to embed so that every platform
    gives this module's answer whatever its own ICU version says (schema/client-spec/
    cldr.json): the second subtag of each likely-subtags value (the script), grouped by
    script as space-separated keys, and the parent-locale exceptions; all as BCP 47."""
    scripts: dict[str, list[str]] = {}
    for key, value in sorted(get_global("likely_subtags").items()):
        parts = value.split("_")
        scripts.setdefault(parts[1] if len(parts) > 1 else "", []).append(_bcp47(key))
    parents = get_global("parent_exceptions")
    return {
        "description": "CLDR data for locale negotiation (docs/rollout.md, section 5).",
        "cldr": get_cldr_version(),
        "likely_scripts": {script: " ".join(keys) for script, keys in sorted(scripts.items())},
        "parents": {_bcp47(k): (None if v == "root" else _bcp47(v))
                    for k, v in sorted(parents.items())},
    }
