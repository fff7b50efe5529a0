from __future__ import annotations

import pytest

from compiler.runtime.locales import chain, direction, negotiate

FALLBACKS = {"zh-Hant-HK": ["zh-Hant-TW"]}


@pytest.mark.parametrize(("locale", "expected"), [
    ("zh-Hant-HK", ["zh-Hant-HK", "zh-Hant-TW", "zh-Hant", "en-US"]),
    ("zh-Hant-MO", ["zh-Hant-MO", "zh-Hant-HK", "zh-Hant", "en-US"]),
    ("zh-TW", ["zh-TW", "zh-Hant-TW", "zh-Hant", "en-US"]),
    ("zh-CN", ["zh-CN", "zh-Hans-CN", "zh-Hans", "zh", "en-US"]),
    ("en-GB", ["en-GB", "en-Latn-GB", "en-001", "en-Latn", "en", "en-US"]),
])
def test_chain(locale: str, expected: list[str]) -> None:
    assert chain(locale, "en-US", FALLBACKS) == expected


def test_traditional_chinese_never_falls_back_to_simplified() -> None:
    assert "zh" not in chain("zh-Hant-HK", "en-US", {})
    assert "zh-Hans" not in chain("zh-TW", "en-US", {})


@pytest.mark.parametrize(("asked", "got"), [
    ("zh-Hant-MO", "zh-Hant-HK"), ("ZH-cn", "zh-CN"), ("ar-EG", "en-US"), ("fr-FR", "en-US"),
    ("th-TH", "th-TH"),
])
def test_negotiate(asked: str, got: str) -> None:
    locales = ["en-US", "zh-CN", "zh-Hant-HK", "zh-Hant-TW", "th-TH", "ar-SA"]
    assert negotiate(asked, locales, "en-US", FALLBACKS) == got


@pytest.mark.parametrize(("locale", "dir_"), [
    ("ar-SA", "rtl"), ("he-IL", "rtl"), ("fa-IR", "rtl"), ("ur-PK", "rtl"), ("en-US", "ltr"),
    ("zh-Hant-HK", "ltr"), ("xx-YY", "ltr"),
])
def test_direction(locale: str, dir_: str) -> None:
    assert direction(locale) == dir_


@pytest.mark.slow
def test_direction_is_cldr_character_order_for_every_locale_babel_has() -> None:
    from babel import Locale, localedata

    for identifier in localedata.locale_identifiers():
        order = Locale.parse(identifier).character_order
        expected = "rtl" if order == "right-to-left" else "ltr"
        assert direction(identifier.replace("_", "-")) == expected, identifier
