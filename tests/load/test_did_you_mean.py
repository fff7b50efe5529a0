"""Every name a person types answers a miss with the name they meant, and no message
speaks pydantic (``Input tag ... found using 'type'``) or doubles a path (``url.url``)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.load import shape
from compiler.model import inputs as models
from compiler.model.names import closest
from compiler.runtime.locales import closest_locale
from tests.conftest import ROOT, Run

V3 = "services/home/versions/3.yaml"
HOME_LOCALES = ["en-US", "zh-CN", "zh-Hant-HK", "zh-Hant-TW", "id-ID", "th-TH", "ar-SA"]


def findings(run: Run, repo: Path) -> list[str]:
    result = run(repo, "validate")
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def replace_in(repo: Path, rel: str, old: str, new: str) -> None:
    text = (repo / rel).read_text(encoding="utf-8")
    assert old in text, old
    (repo / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("rel", "old", "new", "expected"), [
    (V3, "  zh-CN: 小程序服务", "  zh_CN: 小程序服务",
     [f"{V3}:5:3: E114 title has the key 'zh_CN'; a key there must be a BCP 47 locale tag, "
      "e.g. en-US or zh-Hant-HK", '    fix: did you mean "zh-CN"?']),
    (V3, "  zh-Hant-TW: 小程式服務", "  zh-TW: 小程式服務",
     [f"{V3}:7:3: E205 locale zh-TW is not one of the service's locales",
      '    fix: did you mean "zh-Hant-TW"? (or add zh-TW to service.yaml)']),
    (V3, "    type: custom\n    name: {en-US: Travel", "    type: costum\n    name: {en-US: Travel",
     [f"{V3}:51:5: E116 sections[5].type is 'costum'; it must be one of carousel, banner, "
      "favorites, recently_used, custom", '    fix: did you mean "custom"?']),
    ("services/home/release.yaml", "stage: releasing", "stage: tesing",
     ["services/home/release.yaml:4:1: E113 stage is 'tesing'; it must be one of draft, "
      "testing, releasing, released", '    fix: did you mean "testing"?']),
    (V3, "style: red_dot", "style: red-dot",
     [f"{V3}:44:30: E113 sections[4].mini_programs[1].badge.style is 'red-dot'; it must be "
      "one of red_dot, new", '    fix: did you mean "red_dot"?']),
    (V3, "link: {url: https://example.com/promo/topup}",
     "link: {url: http://example.com/promo/topup}",
     [f"{V3}:27:12: E115 sections[1].link.url must be an https URL, not "
      "'http://example.com/promo/topup'"]),
    (V3, "      - app_id: \"3000000000000006\"",
     "      - app_id: \"3000000000000006\"\n        badge: {type: text, text: 5}",
     [f"{V3}:59:29: E112 sections[5].mini_programs[1].badge.text must be a mapping, not "
      "the number 5"]),
])
def test_a_typed_name_gets_the_name_meant(repo: Path, run: Run, rel: str, old: str, new: str,
                                          expected: list[str]) -> None:
    replace_in(repo, rel, old, new)
    lines = findings(run, repo)
    at = next((i for i, line in enumerate(lines) if line == expected[0]), None)
    assert at is not None, lines
    assert lines[at:at + len(expected)] == expected


@pytest.mark.parametrize(("typed", "meant"), [
    ("zh_CN", "zh-CN"), ("zh-TW", "zh-Hant-TW"), ("ZH-hant-hk", "zh-Hant-HK"),
    ("zh-Hant-MO", "zh-Hant-HK"), ("ar", "ar-SA"), ("en-GB", "en-US"), ("in-ID", "id-ID"),
    ("fr-FR", None),
])
def test_the_locale_a_person_meant(typed: str, meant: str | None) -> None:
    assert closest_locale(typed, HOME_LOCALES) == meant


def test_a_name_close_to_none_gets_no_guess() -> None:
    assert closest("costum", ["custom", "banner"]) == "custom"
    assert closest("weather", ["custom", "banner"]) is None


@pytest.mark.parametrize(("args", "message"), [
    (["title", "set", "home", "--locale", "zh-TW", "小程式"],
     "zh-TW is not one of the service's locales (en-US, zh-CN, zh-Hant-HK, zh-Hant-TW, id-ID, "
     'th-TH, ar-SA); did you mean "zh-Hant-TW"? Or add it to service.yaml first'),
    (["section", "edit", "home", "travel", "--name-locale", "zh_CN=出行"],
     "zh_CN is not one of the service's locales"),
    (["section", "edit", "home", "daly-picks", "--max-items", "3"],
     "there is no section 'daly-picks' (there are: carousel, banner, favorites, recent, "
     'daily-picks, travel); did you mean "daily-picks"?'),
    (["title", "set", "hom", "x"], "no service 'hom' (services: home, wallet); did you mean "
                                   '"home"?'),
    (["release", "walet", "--ratio", "5"], 'did you mean "wallet"?'),
])
def test_the_commands_say_did_you_mean(repo: Path, run: Run, args: list[str],
                                       message: str) -> None:
    result = run(repo, *args)
    assert result.exit_code == 1
    assert message in result.output


# --- no pydantic wording, no doubled path, over every way a sample file can be wrong ---

PYDANTIC = re.compile(r"Input (should|tag)|found using|Value error|Field required|after "
                      r"validation|\[key\]|valid (dictionary|integer|string)|String should|"
                      r"Extra inputs|should have at")
DOUBLED = re.compile(r"(?<![\w-])([a-z_]+)\.\1(?![\w-])")
WRONG: list[Any] = [5, -1, 0, 10**12, 2.5, "", "Bad Value", "http://x.example", [], {}, None,
                    True, {"type": "sparkle"}, {"url": "http://x"}, ["a", 1], "zh_CN"]


def leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, (*path, i))


def mutated(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    if not path:
        return value
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.mark.parametrize(("rel", "model"), [
    (V3, models.Version), ("services/home/release.yaml", models.Release),
    ("services/home/service.yaml", models.Service), ("services/catalog.yaml", models.Catalog),
])
def test_no_message_speaks_pydantic_or_doubles_a_path(rel: str, model: type[Any]) -> None:
    data = yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))
    data = shape_ready(data)
    seen = 0
    for path in leaves(data):
        for value in WRONG:
            _, found = shape.validate(model, mutated(data, path, value), rel)
            for f in found:
                seen += 1
                text = f"{f.message} | {f.hint}"
                assert not PYDANTIC.search(text), text
                assert not DOUBLED.search(f.message), text
    assert seen > 50  # the corpus reaches the translator at all


def shape_ready(data: Any) -> Any:
    """PyYAML reads timestamps as datetimes; the loader hands shape the text."""
    if isinstance(data, dict):
        return {k: shape_ready(v) for k, v in data.items()}
    if isinstance(data, list):
        return [shape_ready(v) for v in data]
    return data.isoformat() if hasattr(data, "isoformat") else data


def test_a_bad_key_of_a_localized_text_is_named_as_a_key() -> None:
    _, found = shape.validate(models.Version, {"title": {"zh_CN": "x"}, "sections": []}, "f")
    assert [(f.code, f.loc, f.message, f.hint) for f in found] == [
        ("E114", ("title", "zh_CN"), "title has the key 'zh_CN'; a key there must be a BCP 47 "
         "locale tag, e.g. en-US or zh-Hant-HK", 'did you mean "zh-CN"?')]
