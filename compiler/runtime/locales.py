"""Locale fallback chains and text direction, from CLDR data (Babel).

A string for locale L is looked up along: L, the service's explicit ``fallbacks[L]``,
L's CLDR parents (parentLocales exceptions, else truncation; a script change goes to
root), and finally the service's default locale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global


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
