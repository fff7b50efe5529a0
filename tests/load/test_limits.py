"""Every documented limit: the limit itself passes, one more is refused with its code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from compiler.load.shape import validate
from compiler.model import inputs as models
from compiler.model.inputs import Catalog, Release, Service, Version
from tests.conftest import Run, write

V = "services/home/versions/9.yaml"


def program(i: int) -> dict[str, Any]:
    return {"app_id": f"app-{i}", "name": {"en-US": "P"}, "icon": "https://cdn.example.com/i.png"}


def section(i: int) -> dict[str, Any]:
    return {"id": f"s{i}", "type": "favorites", "name": {"en-US": "F"}, "max_items": 1}


def slides(n: int) -> dict[str, Any]:
    slide = {"image": "https://cdn.example.com/c.png"}
    return {"title": {"en-US": "T"},
            "sections": [{"id": "c", "type": "carousel", "slides": [slide] * n}]}


def custom(n: int) -> dict[str, Any]:
    return {"title": {"en-US": "T"}, "sections": [
        {"id": "c", "type": "custom", "name": {"en-US": "C"}, "max_items": 50,
         "mini_programs": [{"app_id": f"a{i}"} for i in range(n)]}]}


def locales(n: int) -> list[str]:
    return [f"l{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(n)]


LIMITS: list[tuple[type[BaseModel], Callable[[int], Any], int, str]] = [
    (Catalog, lambda n: {"mini_programs": [program(i) for i in range(n)]}, models.MAX_CATALOG,
     "mini_programs"),
    (Version, lambda n: {"title": {"en-US": "T"}, "sections": [section(i) for i in range(n)]},
     models.MAX_SECTIONS, "sections"),
    (Version, slides, models.MAX_SLIDES, "sections.0.slides"),
    (Version, custom, models.MAX_ITEMS_LIMIT, "sections.0.mini_programs"),
    (Version, lambda n: {"title": {"en-US": "x" * n}, "sections": []}, models.MAX_TEXT,
     "title.en-US"),
    (Version, lambda n: {"title": dict.fromkeys(locales(n), "t"), "sections": []},
     models.MAX_LOCALES, "title"),
    (Service, lambda n: {"id": "s", "default_locale": "laa", "locales": locales(n)},
     models.MAX_LOCALES, "locales"),
    (Service, lambda n: {"id": "s", "default_locale": "en", "locales": ["en"],
                         "fallbacks": {"en": locales(n)}}, models.MAX_FALLBACKS,
     "fallbacks.en"),
    (Service, lambda n: {"id": "s", "default_locale": "en", "locales": ["en"],
                         "fallbacks": dict.fromkeys(locales(n), ["en"])}, models.MAX_LOCALES,
     "fallbacks"),
    (Service, lambda n: {"id": "s", "default_locale": "en-" + "a1234567-" * 3 + "a" * (n - 30),
                         "locales": ["en"]}, 35, "default_locale"),
    (Release, lambda n: {"version": 1, "stage": "testing",
                         "testers": [f"t{i}@example.com" for i in range(n)]}, models.MAX_TESTERS,
     "testers"),
    (Release, lambda n: {"version": n, "stage": "draft"}, models.MAX_VERSION, "version"),
    (Version, lambda n: {"title": {"en-US": "T"}, "sections": [
        {"id": "b", "type": "banner", "image": "https://cdn.example.com/" + "x" * (n - 24)}]},
     2048, "sections.0.image"),
]


@pytest.mark.parametrize(("model", "make", "limit", "where"), LIMITS,
                         ids=[f"{m.__name__}-{w}" for m, _, _, w in LIMITS])
def test_limit_passes_and_one_more_is_refused(model: type[BaseModel], make: Callable[[int], Any],
                                              limit: int, where: str) -> None:
    model.model_validate(make(limit))
    with pytest.raises(ValidationError) as info:
        model.model_validate(make(limit + 1))
    errors = [".".join(map(str, e["loc"])) for e in info.value.errors()]
    assert any(e.endswith(where.split(".")[-1]) for e in errors), errors
    _, found = validate(model, make(limit + 1), "f.yaml")
    assert {f.code for f in found} == {"E113"}


def test_a_limit_reads_as_a_clear_message_at_its_line(repo: Path, run: Run) -> None:
    body = "".join(f"  - {json.dumps(section(i))}\n" for i in range(models.MAX_SECTIONS + 1))
    write(repo, V, "title: {en-US: T}\nsections:\n" + body)
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert (f"{V}:2:1: E113 sections must have at most {models.MAX_SECTIONS} items, "
            f"not {models.MAX_SECTIONS + 1}") in result.output


@pytest.mark.slow
def test_many_hostile_items_are_refused_quickly(repo: Path, run: Run) -> None:
    """5,000 sections: one limit finding, not thousands."""
    write(repo, V, "title: {en-US: T}\nsections:\n" + "  - {id: a, type: banner}\n" * 5_000)
    result = run(repo, "validate", "--format", "json")
    found = [f for f in json.loads(result.output) if f["file"] == V]
    assert result.exit_code == 1 and len(found) < 100, len(found)
