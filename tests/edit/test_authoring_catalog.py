"""minisvc catalog search, and how a name given to `program add` finds its app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.edit.catalog_search import normalize, resolve, search
from compiler.model.inputs import MiniProgram
from tests.conftest import Run


def test_search_finds_a_name_in_any_locale_ignoring_case(run: Run, repo: Path) -> None:
    result = run(repo, "catalog", "search", "FOOD")
    assert result.exit_code == 0
    assert result.output == "3000000000000002  online   Food Delivery\n"
    result = run(repo, "catalog", "search", "外卖")
    assert result.output == "3000000000000002  online   Food Delivery  (zh-Hans: 外卖)\n"


def test_search_shows_names_in_the_asked_locale_and_offline_status(run: Run,
                                                                    repo: Path) -> None:
    result = run(repo, "catalog", "search", "maps", "--locale", "zh-Hant")
    assert result.output == "3000000000000024  offline  舊版地圖  (en-US: Old Maps)\n"


def test_search_json(run: Run, repo: Path) -> None:
    result = run(repo, "catalog", "search", "Pulsa", "--format", "json")
    (hit,) = json.loads(result.output)
    assert (hit["app_id"], hit["matched_locale"], hit["matched"], hit["exact"]) == (
        "3000000000000004", "id", "Pulsa", True)


def test_search_without_a_match_exits_1(run: Run, repo: Path) -> None:
    result = run(repo, "catalog", "search", "zebra")
    assert result.exit_code == 1
    assert "no mini program matches 'zebra'" in result.output


def _program(app_id: str, **names: str) -> MiniProgram:
    return MiniProgram(app_id=app_id, name={k.replace("_", "-"): v for k, v in names.items()},
                       icon="https://cdn.example.com/i.png")


PROGRAMS = [_program("1", en_US="Bills"), _program("2", en_US="Water Bill"),
            _program("3", en_US="Ride", zh_Hans="打车"), _program("4", en_US="Ride Share")]


def test_full_width_and_case_fold_to_the_same_text() -> None:
    assert normalize("Ｒｉｄｅ  SHARE") == normalize("ride share")
    assert [h.program.app_id for h in search(PROGRAMS, "ｂｉｌｌ")] == ["1", "2"]


@pytest.mark.parametrize(("query", "expected"), [
    ("2", "2"),           # an exact app id wins over names
    ("ride", "3"),        # an exact name wins over a partial one
    ("打车", "3"),
    ("share", "4"),       # a single partial match
])
def test_resolve_picks_one(query: str, expected: str) -> None:
    found = resolve(PROGRAMS, query)
    assert isinstance(found, MiniProgram) and found.app_id == expected


@pytest.mark.parametrize(("query", "count"), [("bill", 2), ("zebra", 0), ("", 0)])
def test_resolve_refuses_to_guess(query: str, count: int) -> None:
    found = resolve(PROGRAMS, query)
    assert isinstance(found, list) and len(found) == count



def test_search_ignores_punctuation_between_words(run: Run, repo: Path) -> None:
    result = run(repo, "catalog", "search", "top up")
    assert result.exit_code == 0 and "Mobile Top-up" in result.output
