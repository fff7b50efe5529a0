"""Hostile and malformed files end as one clean finding with its position, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.load.limits import MAX_FILE_BYTES
from compiler.load.project import assemble
from compiler.load.yamldoc import Document, parse
from tests.conftest import Run

V = "services/home/versions/9.yaml"


def only(raw: bytes) -> tuple[str, int, int]:
    result = parse(V, raw)
    assert not isinstance(result, Document), "expected a finding"
    return result.code, result.line, result.col


def test_duplicate_key_points_at_the_second_key() -> None:
    assert only(b"title: {en-US: A}\nsections: []\ntitle: {en-US: B}\n") == ("E102", 3, 1)


def test_tab_indentation_is_a_syntax_error_on_its_line() -> None:
    code, line, _ = only(b"title:\n\ten-US: A\nsections: []\n")
    assert (code, line) == ("E101", 2)


def test_invalid_utf8_names_line_and_column_of_the_byte() -> None:
    assert only(b"title:\n  en-US: caf\xe9\n") == ("E100", 2, 13)


def test_nul_byte_is_refused() -> None:
    assert only(b"title: {en-US: a}\nsections: [\x00]\n")[:2] == ("E100", 2)


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"# only a comment\n"])
def test_empty_file(raw: bytes) -> None:
    assert only(raw) == ("E104", 1, 1)


@pytest.mark.parametrize("raw", [b"- a\n- b\n", b"just text\n", b"42\n"])
def test_top_level_must_be_a_mapping(raw: bytes) -> None:
    assert only(raw)[0] == "E104"


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    assert only("\n".join(lines).encode())[0] == "E103"


def test_small_aliases_are_fine() -> None:
    doc = parse(V, b"base: &n {en-US: Hi}\ncopy: *n\n")
    assert isinstance(doc, Document)
    assert doc.data["copy"] == {"en-US": "Hi"}


def test_deep_nesting_is_refused() -> None:
    assert only(b"a: " + b"[" * 200 + b"]" * 200 + b"\n")[0] == "E103"


def test_oversized_file_is_refused_before_parsing() -> None:
    assert only(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")[0] == "E105"


def test_non_text_key_is_refused_with_its_position() -> None:
    assert only(b"title: {en-US: A}\n1: x\n") == ("E106", 2, 1)


def test_bom_is_accepted() -> None:
    assert isinstance(parse(V, b"\xef\xbb\xbftitle: {en-US: A}\n"), Document)


def test_two_documents_in_one_file_are_a_clean_error() -> None:
    assert only(b"title: {en-US: A}\n---\ntitle: {en-US: B}\n")[0] == "E101"


def test_yaml_1_2_keeps_no_and_on_as_text() -> None:
    doc = parse(V, b"a: no\nb: on\n")
    assert isinstance(doc, Document) and doc.data == {"a": "no", "b": "on"}


def test_positions_point_at_keys_and_items() -> None:
    doc = parse(V, b"title:\n  en-US: A\nsections:\n  - id: x\n    type: banner\n")
    assert isinstance(doc, Document)
    assert doc.locate(("title", "en-US")) == (2, 3)
    assert doc.locate(("sections", 0, "type")) == (5, 5)
    assert doc.locate(("sections", 0, "missing")) == (4, 5)


def test_misnamed_version_file_is_reported() -> None:
    project = assemble({"services/catalog.yaml": b"mini_programs: []\n",
                        "services/home/versions/v3.yaml": b"title: {en-US: a}\n"})
    assert {(f.code, f.file) for f in project.findings} >= {
        ("E120", "services/home/versions/v3.yaml"), ("E120", "services/home/service.yaml")}


@pytest.mark.parametrize("raw", [
    b"\xff\xfe\x00garbage", b"title: [unclosed\n", b"title: {en-US: 'x\n", b"? complex\n: key\n",
    b"title: !!python/object:os.system {}\n", b"&a [*a]\n", b"title: *undefined\n",
])
def test_cli_never_shows_a_traceback(raw: bytes, repo: Path, run: Run) -> None:
    (repo / V).write_bytes(raw)
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert any(f["file"] == V for f in found)
