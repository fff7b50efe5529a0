"""Crashes and leaks the hostile-input suite found, each pinned by the smallest input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from compiler.load import limits
from compiler.load.limits import MAX_DEPTH
from compiler.load.yamldoc import Document, parse
from compiler.model.findings import Finding
from compiler.report.reporters import REPORTERS
from compiler.rules.checks import MAX_PER_CODE
from compiler.rules.privacy import EMAIL
from compiler.rules.texts import graphemes
from tests.conftest import Run, write

V = "services/home/versions/9.yaml"


def only(raw: bytes) -> tuple[str, int, int]:
    result = parse(V, raw)
    assert not isinstance(result, Document), "expected a finding"
    return result.code, result.line, result.col


@pytest.mark.parametrize("value", [
    b"2026-02-30", b"2026-11-01T25:00:00+08:00", b"2026-11-01 00:00:00 +99", b"!!int abc",
    b"!!float abc", b"9" * 5_000,
])
def test_values_python_cannot_build_are_positioned_findings(value: bytes) -> None:
    """Was a bare ValueError from ruamel's constructor (exit 3, "internal error")."""
    assert only(b"title: {en-US: x}\nsections:\n  - " + value + b"\n") == ("E101", 3, 5)


def test_node_limit_stops_reading_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: the whole file parsed (~30 s for 2 MiB of tiny nodes) before being refused."""
    monkeypatch.setattr(limits, "MAX_NODES", 1_000)
    raw = b"a:\n" + b"- a\n" * 500_000
    started = time.monotonic()
    # the mapping, its key and the list are nodes 1-3: the 1,001st node is item 998
    assert only(raw) == ("E103", 999, 3)
    assert time.monotonic() - started < 2, "read far past the limit"


def test_depth_limit_is_exact_and_positioned() -> None:
    assert isinstance(parse(V, b"a: " + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH), Document)
    assert only(b"a: " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)) == (
        "E103", 1, 4 + MAX_DEPTH)


@pytest.mark.parametrize(("raw", "where"), [
    (b'title: {en-US: "\\ud800"}\n', (1, 9)),
    (b'title: {en-US: x}\nsections: ["\\udfff"]\n', (2, 12)),
    (b'title: {en-US: x}\n"\\ud800": 1\n', (2, 1)),
    (b'title: {en-US: "\\ude00\\ud83d"}\n', (1, 9)),
])
def test_a_lone_surrogate_escape_is_refused_where_it_is(raw: bytes,
                                                        where: tuple[int, int]) -> None:
    """Was: pydantic refused the whole document at 1:1, or the key reached the report and
    the UTF-8 writer crashed (exit 3)."""
    assert only(raw) == ("E100", *where)


def test_an_escaped_surrogate_pair_is_the_character_it_stands_for() -> None:
    doc = parse(V, b'"\\ud83d\\ude00": "\\ud83d\\ude00"\n')
    assert isinstance(doc, Document) and doc.data == {"\U0001f600": "\U0001f600"}


def test_a_surrogate_in_an_unknown_key_does_not_crash_the_report(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/3.yaml", 'title: {en-US: x}\nsections: []\n"\\udfff": 1\n')
    result = run(repo, "validate")
    assert result.exit_code == 1 and "E100" in result.output


FORGED = 'title: {en-US: x}\nsections: []\n"\\e[2J\\u202e\\n::error file=x.yaml::forged": 1\n'


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_keys_cannot_forge_report_lines_or_drive_the_terminal(repo: Path, run: Run,
                                                              fmt: str) -> None:
    """Was: an unknown key with a newline printed a line that a CI runner reads as its own
    `::error` command; ESC and bidi overrides reached the terminal."""
    write(repo, "services/home/versions/3.yaml", FORGED)
    out = run(repo, "validate", "--format", fmt).output
    assert "E110" in out
    forged = [ln for ln in out.splitlines() if ln.startswith("::") and "forged" in ln]
    assert all(ln.startswith("::error file=services/home/versions/3.yaml,") for ln in forged)
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\u001b[2J\\u202e\\u000a::error" in out


def test_a_file_of_49_000_keys_is_one_finding(repo: Path, run: Run) -> None:
    """Was: one finding per unknown key, 49,000 built, settled and capped for the report
    (1.1-2.3 s per MB in the speed benchmark); every mapping here is a record of fields
    or a locale map, and the key limit refuses the file at its 1,001st key."""
    unknown = "".join(f"k{i:07d}: 1\n" for i in range(49_000))
    write(repo, V, f"title: {{en-US: x}}\nsections: []\n{unknown}")
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{V}:1001:1: E103 a mapping has more than 1,000 keys"
    assert "E110" not in result.output


def test_one_kind_of_finding_is_capped_per_file(repo: Path, run: Run) -> None:
    """Was: every one printed; a hostile file made one rule fire 40,000 times (45 MB)."""
    unknown = ", ".join(f"x{chr(97 + i // 26)}{chr(97 + i % 26)}: t" for i in range(60))
    write(repo, "services/home/versions/3.yaml",
          f"title: {{en-US: T, {unknown}}}\nsections: []\n")
    out = run(repo, "validate").output
    assert out.count(": E205 ") == MAX_PER_CODE + 1
    assert f": E205 ... and {60 - MAX_PER_CODE} more E205 findings in this file" in out


def test_an_aliased_long_text_gives_a_short_report(repo: Path, run: Run) -> None:
    """1,000-character badge texts repeated by alias: a few lines of at most 300 characters."""
    first = "{en-US: &t " + "x" * 1_000 + ", zh-CN: *t}"
    programs = "".join(f'      - {{app_id: "{3000000000000001 + i}", badge: {{type: text, '
                       f"text: {first if i == 0 else '{en-US: *t, zh-CN: *t}'}}}}}\n"
                       for i in range(40))
    write(repo, "services/home/versions/3.yaml",
          "title: {en-US: T}\nsections:\n  - id: picks\n    type: custom\n"
          f"    name: {{en-US: P}}\n    max_items: 50\n    mini_programs:\n{programs}")
    out = run(repo, "validate").output
    assert out.count(": E214 ") == MAX_PER_CODE + 1
    assert max(len(line) for line in out.splitlines()) < 400


def test_counting_characters_of_an_aliased_text_is_paid_once() -> None:
    """Was: 40,000 aliases of one 1,000-character text counted 40,000 times (~6 s)."""
    text = "\u0915\u094d\u0937" * 333 + "x"
    started = time.monotonic()
    assert all(graphemes(text) == 334 for _ in range(40_000))
    assert time.monotonic() - started < 1


def test_finding_an_email_address_is_linear() -> None:
    """Was: an open-ended pattern took ~30 ms on one 1,000-character text ("aaa...@")."""
    started = time.monotonic()
    for _ in range(500):
        assert not EMAIL.search("a" * 999 + "@")
        assert not EMAIL.search("a" * 500 + "@" + "b" * 499)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(("value", "words"), [
    (b"!!omap x", "tag !!omap"), (b"!!set x", "tag !!set"), (b"!!binary aGk=", "tag !!binary"),
    (b"!custom x", "tag !custom"), (b"!!python/object:os.system {}", "tag !!python"),
    (b"!!bool maybe", "not a valid bool"), (b"!!int ''", "not a valid int"),
    (b"!!float ''", "not a valid float"), (b"!!omap [{? [1]: 2}]", "tag !!omap"),
])
def test_tags_beyond_plain_data_are_positioned_findings(value: bytes, words: str) -> None:
    """Was (found by the long hypothesis run): AttributeError, KeyError, IndexError or
    TypeError from ruamel's constructor, i.e. exit 3 with "internal error"."""
    result = parse(V, b"title: {en-US: x}\nsections:\n  - " + value + b"\n")
    assert not isinstance(result, Document)
    assert (result.code, result.line, result.col) == ("E101", 3, 5)
    assert words in result.message


def test_plain_tags_and_merge_keys_still_work() -> None:
    doc = parse(V, b"base: &b {x: 1}\nc:\n  <<: *b\n  y: !!str 2\n")
    assert isinstance(doc, Document) and doc.data["c"] == {"x": 1, "y": "2"}


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_report_is_writable_utf8_whatever_a_finding_holds(fmt: str) -> None:
    """Defence in depth for names read from git trees or disks in odd encodings."""
    odd = Finding("services/\udc80/x.yaml", 1, 1, "E120", "name \ud800 \x1b[2J", "fix \udfff")
    out = REPORTERS[fmt]([odd])
    out.encode("utf-8")
    if fmt == "json":
        assert json.loads(out)[0]["file"] == odd.file


def test_text_is_handed_on_as_plain_str() -> None:
    """Was: block scalars (| and >) stayed ruamel's str subclasses after the surrogate check,
    so the data was no longer the plain data the models and the fast path compare."""
    doc = parse(V, b"a: |\n  line\nb: >\n  folded\nc: 'q'\n")
    assert isinstance(doc, Document)
    assert {type(v) for v in doc.data.values()} == {str}


def test_settling_findings_reads_each_file_s_status_once(repo: Path, run: Run,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: the version and status of a finding's file worked out again for each finding,
    49,000 times for the hostile mapping of the speed benchmark (~0.1 s of its 1.4 s)."""
    from compiler.rules import frozen

    asked: list[str] = []
    original = frozen.version_of

    def counting(path: str) -> tuple[str, int] | None:
        asked.append(path)
        return original(path)

    monkeypatch.setattr(frozen, "version_of", counting)
    unknown = "".join(f"k{i:03d}: 1\n" for i in range(900))
    write(repo, V, f"title: {{en-US: x}}\nsections: []\n{unknown}")
    out = run(repo, "validate").output
    assert f"{V}:3:1: E110 unknown field \"k000\"" in out
    assert f"... and {900 - MAX_PER_CODE} more E110 findings in this file" in out
    assert len(asked) == len(set(asked)), sorted(set(asked))
