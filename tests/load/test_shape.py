"""Shape errors (E1xx): code, file, line, and a message a person can act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, write

V = "services/home/versions/9.yaml"
HEAD = "title: {en-US: Mini Services}\nsections:\n"


def findings(run: Run, repo: Path) -> list[dict[str, object]]:
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code in (0, 1)
    return [f for f in json.loads(result.output) if f["file"] == V]


@pytest.mark.parametrize(("body", "code", "line", "words"), [
    ("  - {id: fav, type: favorites, name: {en-US: F}, max_items: 4, colour: red}\n",
     "E110", 3, "unknown field \"colour\""),
    ("  - {id: fav, type: favorites, name: {en-US: F}}\n", "E111", 3, "max_items"),
    ("  - id: picks\n    type: custom\n    name: {en-US: P}\n    max_items: 2\n"
     "    mini_programs:\n      - app_id: 3000000000000001\n", "E112", 8, "quote"),
    ("  - {id: fav, type: favorites, name: {en-US: F}, max_items: 0}\n", "E113", 3,
     "sections[0].max_items must be at least 1, not the number 0"),
    ("  - {id: Fav_1, type: favorites, name: {en-US: F}, max_items: 4}\n", "E114", 3, "slug"),
    ("  - id: banner\n    type: banner\n    image: http://cdn.example.com/b.png\n",
     "E115", 5, "https"),
    ("  - id: banner\n    type: banner\n    image: https://cdn.example.com/b.png\n"
     "    link: {url: 'javascript:alert(1)'}\n", "E115", 6, "https"),
    ("  - {id: x, type: ticker}\n", "E116", 3, "ticker"),
    ("  - id: c\n    type: carousel\n    slides:\n      - image: https://cdn.example.com/c.png\n"
     "        start: 2026-11-01\n", "E118", 7, "UTC offset"),
    ("  - id: picks\n    type: custom\n    name: {en-US: P}\n    max_items: 2\n"
     "    mini_programs:\n      - app_id: \"3000000000000001\"\n"
     "        badge: {type: image, style: sparkle}\n", "E113", 9, "red_dot"),
])
def test_shape_error(repo: Path, run: Run, body: str, code: str, line: int, words: str) -> None:
    write(repo, V, HEAD + body)
    found = findings(run, repo)
    hits = [f for f in found if f["code"] == code]
    assert hits, found
    assert hits[0]["line"] == line
    assert words in str(hits[0]["message"]) + str(hits[0]["hint"])


def test_unknown_field_suggests_the_close_name(repo: Path, run: Run) -> None:
    write(repo, V, HEAD + "  - {id: fav, type: favorites, name: {en-US: F}, max_item: 4}\n")
    hit = next(f for f in findings(run, repo) if f["code"] == "E110")
    assert hit["hint"] == 'did you mean "max_items"?'


def test_text_report_reads_file_line_col_code_message_and_fix(repo: Path, run: Run) -> None:
    write(repo, V, HEAD + "  - {id: x, type: ticker}\n")
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert (f"{V}:3:5: E116 sections[0].type is 'ticker'; it must be one of carousel, banner, "
            "favorites, recently_used, custom\n"
            "    fix: use one of carousel, banner, favorites, recently_used, custom\n") \
        in result.output


def test_unknown_fields_past_the_first_200_get_no_suggestion() -> None:
    """difflib for each of 49,000 hostile keys took seconds; only the first ones get it."""
    from compiler.load.shape import MAX_SUGGESTIONS, validate
    from compiler.model.inputs import Version

    data = {"title": {"en-US": "T"}, "sections": [],
            **{f"titel{i}": 1 for i in range(MAX_SUGGESTIONS + 2)}}
    _, found = validate(Version, data, V)
    hints = [f.hint for f in found]
    assert len(hints) == MAX_SUGGESTIONS + 2 and {f.code for f in found} == {"E110"}
    assert hints[:MAX_SUGGESTIONS] == ['did you mean "title"?'] * MAX_SUGGESTIONS
    assert hints[MAX_SUGGESTIONS:] == ["remove it", "remove it"]
