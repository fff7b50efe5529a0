"""Rules on localized text: locales present and known, lengths in characters."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from ..model.findings import Finding, Loc, finding
from ..model.inputs import Banner, Carousel, Custom, Favorites, RecentlyUsed, Version
from ..runtime.locales import closest_locale
from .base import Context, rule

NAME_LIMIT = 50
BADGE_LIMIT = 5

_VERSION = """
title: {title}
sections:
  - id: picks
    type: custom
{name}
    max_items: 2
    mini_programs:
      - app_id: "3000000000000001"
{badge}
"""


_FULL_TITLE = ("{en-US: Mini Services, zh-CN: 小程序服务, zh-Hant-HK: 小程式服務, "
               "zh-Hant-TW: 小程式服務, id-ID: Layanan Mini, th-TH: บริการมินิ, "
               "ar-SA: الخدمات المصغرة}")


def version_example(name: str = "    name: {en-US: Daily picks}", badge: str = "",
                    title: str = "{en-US: Mini Services}") -> str:
    return _VERSION.format(name=name, badge=badge, title=title)


_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    """User-perceived characters: a flag or a family emoji counts once."""
    if text.isascii() and "\r" not in text:
        return len(text)  # one character each (only CR LF joins in ASCII); the common case
    return _clusters(text)


@lru_cache(maxsize=1024)
def _clusters(text: str) -> int:
    """Cached: YAML aliases can repeat one 1,000-character text 40,000 times."""
    return len(_GRAPHEME.findall(text))


def iter_texts(version: Version) -> Iterator[tuple[Loc, dict[str, str]]]:
    """Every localized text of a version with its path."""
    yield ("title",), version.title
    for i, section in enumerate(version.sections):
        base: Loc = ("sections", i)
        if isinstance(section, Favorites | RecentlyUsed | Custom):
            yield (*base, "name"), section.name
        if isinstance(section, Banner) and section.alt:
            yield (*base, "alt"), section.alt
        if isinstance(section, Carousel):
            for j, slide in enumerate(section.slides):
                if slide.alt:
                    yield (*base, "slides", j, "alt"), slide.alt
        if isinstance(section, Custom):
            for j, program in enumerate(section.mini_programs):
                if program.badge is not None and program.badge.type == "text":
                    yield (*base, "mini_programs", j, "badge", "text"), program.badge.text


@rule("E204", "text-has-default-locale", file="services/home/versions/9.yaml",
      bad=version_example("    name: {zh-CN: 每日精选}   # <-"), good=version_example())
def text_has_default_locale(ctx: Context) -> Iterator[Finding]:
    """The default locale is the last step of every fallback chain, so it must exist."""
    for tree, service, number, version in ctx.versions():
        for loc, text in iter_texts(version):
            if service.default_locale not in text:
                yield finding(tree.version_file(number), loc, "E204",
                              f"text has no {service.default_locale} (the default locale)",
                              f"add `{service.default_locale}: ...`")


@rule("E205", "text-locale-known", file="services/home/versions/9.yaml",
      bad=version_example("    name: {en-US: Daily picks, fr-FR: Choix du jour}   # <-"),
      good=version_example())
def text_locale_known(ctx: Context) -> Iterator[Finding]:
    """A locale the service does not publish would be silently dropped: likely a typo."""
    for tree, service, number, version in ctx.versions():
        for loc, text in iter_texts(version):
            for locale in text:
                if locale not in service.locales:
                    meant = closest_locale(locale, service.locales)
                    yield finding(tree.version_file(number), (*loc, locale), "E205",
                                  f"locale {locale} is not one of the service's locales",
                                  f'did you mean "{meant}"? (or add {locale} to service.yaml)'
                                  if meant else
                                  f"use one of {', '.join(service.locales)}, or add {locale} "
                                  "to service.yaml")


@rule("W201", "text-translated", file="services/home/versions/9.yaml",
      bad=version_example("    name: {en-US: Daily picks}   # <-", title=_FULL_TITLE),
      good=version_example(
          "    name: {en-US: Daily picks, zh-CN: 每日精选, zh-Hant-HK: 每日精選, "
          "zh-Hant-TW: 每日精選, id-ID: Pilihan harian, th-TH: คัดสรรประจำวัน, "
          "ar-SA: مختارات اليوم}", title=_FULL_TITLE))
def text_translated(ctx: Context) -> Iterator[Finding]:
    """A missing translation falls back to another locale; fine, but worth knowing.

    A warning: it fails validation only with --strict.
    """
    for tree, service, number, version in ctx.versions():
        for loc, text in iter_texts(version):
            missing = [loc_ for loc_ in service.locales if loc_ not in text]
            if missing and service.default_locale in text:
                yield finding(tree.version_file(number), loc, "W201",
                              f"no translation for {', '.join(missing)} (falls back)",
                              "add the missing locales")


@rule("E213", "section-name-length", file="services/home/versions/9.yaml",
      bad=version_example('    name: {en-US: "Our very best daily picks for you, chosen by the '
                          'team every morning"}   # <-'), good=version_example())
def section_name_length(ctx: Context) -> Iterator[Finding]:
    """The console limits a section name to 50 characters in the default locale."""
    for tree, service, number, version in ctx.versions():
        for i, section in enumerate(version.sections):
            name = getattr(section, "name", {}).get(service.default_locale)
            if name is not None and (n := graphemes(name)) > NAME_LIMIT:
                yield finding(tree.version_file(number), ("sections", i, "name",
                                                          service.default_locale), "E213",
                              f"section name is {n} characters; the limit is {NAME_LIMIT}",
                              "shorten the name")


@rule("E214", "badge-text-length", file="services/home/versions/9.yaml",
      bad=version_example(badge="        badge: {type: text, text: {en-US: LIMITED}}   # <-"),
      good=version_example(badge="        badge: {type: text, text: {en-US: NEW}}"))
def badge_text_length(ctx: Context) -> Iterator[Finding]:
    """A badge is a tiny label on an icon: at most 5 characters in every locale."""
    for tree, _service, number, version in ctx.versions():
        for loc, text in iter_texts(version):
            if loc[-2:] != ("badge", "text"):
                continue
            for locale, value in text.items():
                if (n := graphemes(value)) > BADGE_LIMIT:
                    yield finding(tree.version_file(number), (*loc, locale), "E214",
                                  f'badge text "{value}" is {n} characters; the limit is '
                                  f"{BADGE_LIMIT}", "shorten it, e.g. NEW or HOT")
