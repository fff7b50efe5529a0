"""The libyaml fast path reads every file exactly as the ruamel YAML 1.2 path does.

Each tricky document is loaded both ways; data, findings and positions must agree, and
where YAML 1.1 and 1.2 differ the fast path must either read it the 1.2 way itself or
step aside (fall back to ruamel) -- the table says which, so a silent change shows.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.engine.workspace import lifecycle
from compiler.load import fastload, yamldoc
from compiler.load.project import assemble
from compiler.model.findings import Finding
from compiler.rules import checks
from compiler.rules.texts import graphemes
from tests.conftest import ROOT

V = "services/home/versions/9.yaml"
FAST, FALLBACK = "fast", "fallback"

TRICKY: list[tuple[str, bytes, str]] = [
    ("1.1 booleans are text", b"a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: OFF\n", FAST),
    ("1.2 booleans", b"a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\n", FAST),
    ("nulls", b"a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: nil\n", FAST),
    ("ints", b"a: 0\nb: 17\nc: -5\nd: +5\ne: 1_000\nf: 007\ng: 08\n", FAST),
    ("octal, hex, binary", b"a: 0o17\nb: 017\nc: 0x1F\nd: 0b101\ne: 0o8\nf: 0x\n", FAST),
    ("sexagesimal is text in 1.2", b"a: 1:20\nb: 1:20.5\nc: 190:20:30\n", FAST),
    ("floats", b"a: 1.5\nb: 1e3\nc: 1E+3\nd: 1.\ne: .5\nf: -0.0\ng: 1_0.5\nh: +.5\n", FAST),
    ("special floats", b"a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\n", FAST),
    ("timestamps", b"a: 2026-11-01T00:00:00+08:00\nb: 2026-11-01\nc: 2001-12-14 21:59:43.10 -5\n"
                   b"d: 2001-12-14t21:59:43.10-05:00\ne: 2026-11-01T00:00:00Z\n"
                   b"f: 2026-11-01T00:00:00\ng: 2026-1-2T3:04:05Z\n", FAST),
    ("a date that does not exist", b"a: 1\nb: 2026-02-30T00:00:00Z\n", FALLBACK),
    ("quoted look-alikes stay text", b"a: '1'\nb: \"yes\"\nc: '2026-11-01'\nd: \"0x1F\"\n", FAST),
    ("escapes", b'a: "\\u00e9\\x41\\/\\t\\N\\_"\nb: \'it\'\'s\'\n', FAST),
    ("block scalars", b"a: |\n  line1\n  line2\nb: >\n  folded\n  text\n\n  para\nc: |-\n  x\n",
     FAST),
    ("multi-line plain", b"a: plain\n  continued\n  more\n", FAST),
    ("flow collections", b"a: [1, two, {b: c, d: [e]}]\nb: {}\nc: []\n", FAST),
    ("comments", b"# top\na: 1  # one\n# mid\nb: [x, y]  # two\n", FAST),
    ("unicode", "a: 小程序服务\nb: الخدمات\nc: 👨‍👩‍👧\n".encode(), FAST),
    ("empty mapping document", b"{}\n", FAST),
    ("bom", b"\xef\xbb\xbfa: 1\n", FAST),
    ("merge key from an alias", b"base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", FALLBACK),
    ("inline merge key", b"<<: {x: 1}\ny: 2\n", FALLBACK),
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", FALLBACK),
    ("nested duplicate key", b"a: {x: 1, x: 2}\n", FALLBACK),
    ("scalar alias", b"a: &x 1\nb: *x\n", FALLBACK),
    ("anchor in a URL is not an alias", b"a: https://x.example/?a=1&b=2\n", FAST),
    ("alias bomb", b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"a{i}: &a{i} [".encode() + b", ".join([f"*a{i - 1}".encode()] * 10) + b"]\n"
        for i in range(1, 9)), FALLBACK),
    ("tab indentation", b"title:\n\ten-US: A\n", FALLBACK),
    ("tab inside text", b"a: \"x\ty\"\n", FALLBACK),
    ("directive switches to 1.1", b"%YAML 1.1\n---\na: yes\nb: 017\n", FALLBACK),
    ("explicit tags", b"a: !!str 5\nb: !!int '7'\n", FALLBACK),
    ("custom tag", b"a: !custom x\n", FALLBACK),
    ("python tag", b"title: !!python/object:os.system {}\n", FALLBACK),
    ("complex key", b"? [a, b]\n: c\n", FALLBACK),
    ("int key", b"title: {en-US: A}\n1: x\n", FALLBACK),
    ("bool key", b"true: x\n", FALLBACK),
    ("null key", b"~: x\n", FALLBACK),
    ("two documents", b"a: 1\n---\na: 2\n", FALLBACK),
    ("syntax error", b"title: [unclosed\n", FALLBACK),
    ("a list, not a mapping", b"- a\n- b\n", FALLBACK),
    ("only a comment", b"# nothing\n", FALLBACK),
    ("deep nesting", b"a: " + b"[" * 70 + b"]" * 70 + b"\n", FALLBACK),
    ("NEL line break", "a: x\x85y\n".encode(), FALLBACK),
    ("line separator", "a: x\u2028y\n".encode(), FALLBACK),
    ("invalid utf-8", b"a: caf\xe9\n", FALLBACK),
    ("value with colon", b"a: b:c\nd: 'e: f'\n", FAST),
]


def paths(data: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [loc]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, (*loc, i))
    return out


def same_data(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and int/float/bool types kept apart."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def assert_parity(raw: bytes) -> yamldoc.Document | Finding:
    fast, ref = fastload.parse(V, raw), yamldoc.parse(V, raw)
    if isinstance(ref, Finding):
        assert fast == ref
        return fast
    assert isinstance(fast, yamldoc.Document)
    assert same_data(fast.data, ref.data), (fast.data, ref.data)
    for loc in [*paths(ref.data), ("missing",), ("title", "nope", 3)]:
        assert fast.locate(loc) == ref.locate(loc), loc
    return fast


@pytest.mark.parametrize(("why", "raw", "path"), TRICKY, ids=[t[0] for t in TRICKY])
def test_fast_path_reads_like_ruamel(why: str, raw: bytes, path: str) -> None:
    result = assert_parity(raw)
    took = FAST if isinstance(result, fastload.LazyDocument) else FALLBACK
    assert took == path, why


def test_fast_documents_defer_positions_until_asked() -> None:
    doc = fastload.parse(V, b"title:\n  en-US: A\nsections:\n  - id: x\n")
    assert isinstance(doc, fastload.LazyDocument) and doc.positions == {}
    assert doc.locate(("sections", 0, "id")) == (4, 5)
    assert doc.positions  # read once, on the first locate


def test_a_large_document_keeps_the_positions_of_its_one_reading(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A document past EAGER_POSITIONS (a hostile one, with a finding per key) is read by
    libyaml once, not again for its positions, and they are ruamel's."""
    monkeypatch.setattr(fastload, "EAGER_POSITIONS", 10)
    reads: list[str] = []
    compose = fastload._compose

    def counted(text: str) -> Any:
        reads.append(text)
        return compose(text)

    monkeypatch.setattr(fastload, "_compose", counted)
    raw = b"title: {en-US: x}\nsections: []\n" + b"".join(b"k%d: 1\n" % i for i in range(12))
    doc = assert_parity(raw)
    assert isinstance(doc, yamldoc.Document) and not isinstance(doc, fastload.LazyDocument)
    assert len(reads) == 1


_PLAIN = st.sampled_from([
    "yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "", "0", "007", "08",
    "0o17", "0x1f", "0b11", "1_000", "-5", "+5", "1.5", "1e3", ".5", "1.", ".inf", "-.inf",
    ".nan", "1:20", "12:30:45", "2026-11-01", "2026-11-01T00:00:00+08:00",
    "2001-12-14 21:59:43.10 -5", "2026-11-01T00:00:00Z", "<<", "=", "text", "two words",
    "https://x.example/a?b=1", "3000000000000001", "-", "-.5", "+.5e+3", "1_0.5", "0x",
])
_QUOTED = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_KEYS = st.sampled_from(["a", "b", "title", "en-US", "id", "sections", "yes", "1", "<<"])


def _scalar(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(_PLAIN)
    return json.dumps(draw(_QUOTED), ensure_ascii=False)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """Block and flow YAML mixing 1.1/1.2 look-alikes, quoted text and repeated keys."""
    lines = []
    for key in draw(st.lists(_KEYS, min_size=1, max_size=4)):
        kind = draw(st.sampled_from(["scalar", "flow", "block"] if depth < 2 else ["scalar"]))
        if kind == "scalar":
            lines.append(f"{key}: {_scalar(draw)}")
        elif kind == "flow":
            items = ", ".join(_scalar(draw) for _ in range(draw(st.integers(0, 3))))
            lines.append(f"{key}: [{items}]")
        else:
            inner = draw(documents(depth + 1)).splitlines()
            lines.append(f"{key}:")
            lines += ["  " + line for line in inner]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(documents())
def test_any_generated_document_reads_the_same(text: str) -> None:
    assert_parity(text.encode())


def test_findings_are_the_same_on_a_broken_repo(tmp_path: Path) -> None:
    files = {p.relative_to(ROOT).as_posix(): p.read_bytes()
             for p in sorted((ROOT / "services").rglob("*.yaml"))}
    version = "services/home/versions/3.yaml"
    files[version] = files[version].replace(b"max_items: 6", b"max_items: many", 1).replace(
        b"type: favorites", b"type: favourites", 1).replace(b"id: banner", b"id: Banner", 1)
    files["services/home/release.yaml"] += b"ratio_: 3\n"

    def findings(parse: Any) -> list[Finding]:
        project = assemble(files, parse)
        statuses = lifecycle(tmp_path, project, files).statuses  # no git: bootstrap state
        return checks.run(project, statuses)

    fast = findings(fastload.parse)
    assert len(fast) >= 4
    assert fast == findings(yamldoc.parse)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_ascii_graphemes_shortcut_counts_like_the_regex(text: str) -> None:
    assert graphemes(text) == len(regex.findall(r"\X", text))


# the limits, judged by the fast path itself (ruamel would read the whole file first)


def test_keys_count_as_nodes_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.load import limits

    monkeypatch.setattr(limits, "MAX_NODES", 1_000)
    raw = b"".join(b"k%04d: 1\n" % i for i in range(600))  # 1,201 nodes, 600 values
    fast = assert_parity(raw)
    assert isinstance(fast, Finding)
    assert (fast.code, fast.line, fast.col) == ("E103", 500, 8)  # node 1,001: a value
    assert fast.message == "document has more than 1000 nodes"


KEYS_MESSAGE = "a mapping has more than 1,000 keys"


@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_a_mapping_past_the_key_limit_is_refused_at_its_first_extra_key(flow: bool) -> None:
    """Every mapping here is a record of fields or a locale map; a file of 49,000 keys was
    judged key by key (a finding each, 1-2 s) before. Both readers stop at key 1,001."""
    keys = [b"k%04d" % i for i in range(1_500)]
    body = (b"{" + b", ".join(k + b": 1" for k in keys) + b"}" if flow
            else b"\n" + b"".join(b"  " + k + b": 1\n" for k in keys))
    raw = b"sections: []\ntitle: " + body + b"\n"
    fast = assert_parity(raw)
    assert isinstance(fast, Finding)
    assert (fast.code, fast.message) == ("E103", KEYS_MESSAGE)
    at = raw.index(b"k1000")
    assert (fast.line, fast.col) == (raw.count(b"\n", 0, at) + 1,
                                     at - raw.rfind(b"\n", 0, at))
    assert "remove the extra keys" in fast.hint
    slow = fastload.parse(V, b"#\t\n" + raw)  # a tab: ruamel's path, the same key
    assert isinstance(slow, Finding)
    assert (slow.code, slow.message, slow.line, slow.col) == (
        "E103", KEYS_MESSAGE, fast.line + 1, fast.col)


def test_a_mapping_of_exactly_the_key_limit_is_read() -> None:
    raw = b"sections: []\ntitle:\n" + b"".join(b"  k%04d: 1\n" % i for i in range(999))
    assert isinstance(assert_parity(raw), fastload.LazyDocument)  # 1,000 keys at the top too
    assert isinstance(yamldoc.parse(V, b"#\t\n" + raw), yamldoc.Document)


def test_keys_merged_into_a_mapping_count_against_the_limit() -> None:
    raw = (b"base: &b {" + b", ".join(b"k%d: 1" % i for i in range(800)) + b"}\n"
           b"more:\n  <<: *b\n" + b"".join(b"  j%d: 1\n" % i for i in range(300)))
    found = fastload.parse(V, raw)
    assert isinstance(found, Finding)
    assert (found.code, found.message) == ("E103", KEYS_MESSAGE)
    assert (found.line, found.col) == (2, 1)  # the mapping; merged keys have no line
    fewer = raw[:raw.index(b"  j200")]  # 800 merged + 200 keys: read
    assert isinstance(fastload.parse(V, fewer), yamldoc.Document)


def test_depth_is_refused_by_the_fast_path_as_by_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "parse", None)  # never reached
    found = fastload.parse(V, b"a: b\nc: " + b"[" * 70 + b"]" * 70 + b"\n")
    assert isinstance(found, Finding)
    assert (found.code, found.line, found.col, found.message) == (
        "E103", 2, 4 + 64, "nesting is deeper than 64 levels")


def test_a_document_that_is_a_list_is_refused_without_ruamel(
        monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b"- a\n" * 50_000
    ref = yamldoc.parse(V, raw)
    monkeypatch.setattr(yamldoc, "parse", None)
    assert fastload.parse(V, raw) == ref


def test_positions_of_a_fast_document_come_from_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "title: {en-US: 小程序, ar-SA: 👨‍👩‍👧 x}\nsections:\n  - {id: a}\n  - b\n".encode()
    ref = yamldoc.parse(V, raw)
    assert isinstance(ref, yamldoc.Document)
    doc = fastload.parse(V, raw)
    monkeypatch.setattr(yamldoc, "parse", None)  # ruamel is not asked
    assert isinstance(doc, fastload.LazyDocument)
    for loc in paths(ref.data):
        assert doc.locate(loc) == ref.locate(loc), loc


def test_a_cached_document_from_the_ruamel_path_is_still_located() -> None:
    raw = b"\xef\xbb\xbf\xef\xbb\xbfa: [x, &y z]\nb: *y\n"  # libyaml cannot read it
    ref = yamldoc.parse(V, raw)
    assert isinstance(ref, yamldoc.Document)
    doc = fastload.LazyDocument(file=V, data=ref.data, source=raw)
    assert [doc.locate(loc) for loc in paths(ref.data)] == [
        ref.locate(loc) for loc in paths(ref.data)]


@pytest.mark.parametrize(("raw", "why"), [
    (b"# a\ttab\n", "tabs"),
    (b"a: &x 1\nb: *x\n", "anchors and aliases"),
    (b"a: !!str 1\n", "an explicit tag"),
    (b"%YAML 1.2\n---\n", "a % directive"),
])
def test_a_file_only_ruamel_reads_has_fewer_nodes(monkeypatch: pytest.MonkeyPatch, raw: bytes,
                                                  why: str) -> None:
    """ruamel reads ~20,000 nodes a second: a file it must read is capped lower, at the
    node the general limit would stop at, and the finding says what needs ruamel."""
    from compiler.load import limits

    body = raw + b"".join(b"k%03d: 1\n" % i for i in range(60))  # over 100 nodes
    monkeypatch.setattr(limits, "MAX_NODES", 100)
    general = yamldoc.parse(V, body)
    monkeypatch.setattr(limits, "MAX_NODES", 100_000)
    monkeypatch.setattr(limits, "MAX_RUAMEL_NODES", 100)
    found = fastload.parse(V, body)
    assert isinstance(found, Finding) and isinstance(general, Finding)
    assert (found.code, found.line, found.col) == ("E103", general.line, general.col)
    assert found.message == ("document has more than 100 nodes, the most for a file the fast "
                             f"YAML reader cannot take (this one has {why})")
    assert found.hint == "remove what needs the slower reader, or split the content"
    assert isinstance(fastload.parse(V, raw + b"k: 1\n"), yamldoc.Document)  # under the cap


def test_the_largest_real_version_fits_the_slower_reader_s_cap(tmp_path: Path) -> None:
    """The cap (5,000 nodes) bounds a file behind one tab to ~0.2 s of ruamel; a version of
    the benchmark corpus in 24 locales (the most it generates) must still be read."""
    from benchmarks import corpus

    corpus.generate(tmp_path, corpus.Size(services=1, versions=1, locales=24))
    raw = (tmp_path / "services/svc-000/versions/1.yaml").read_bytes()
    fast = fastload.parse(V, raw)
    assert isinstance(fast, yamldoc.Document) and len(raw) > 20_000
    slow = fastload.parse(V, b"#\t\n" + raw)  # ruamel's path, under its cap
    assert isinstance(slow, yamldoc.Document) and same_data(slow.data, fast.data)


def test_the_cap_names_where_libyaml_found_a_yaml_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.load import limits

    monkeypatch.setattr(limits, "MAX_RUAMEL_NODES", 100)
    found = fastload.parse(V, b"".join(b"k%03d: 1\n" % i for i in range(60)) + b"a: [\n")
    assert isinstance(found, Finding) and found.code == "E103"
    assert found.message.endswith("(this one has YAML libyaml cannot read at line 62, "
                                  "column 1 (did not find expected node content))")
    small = fastload.parse(V, b"k: 1\na: [\n")  # under the cap: ruamel's own finding
    assert isinstance(small, Finding) and (small.code, small.line) == ("E101", 3)
