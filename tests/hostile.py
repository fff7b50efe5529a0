"""Hostile input for the property tests: mutated sample documents and poisoned bytes.

Everything starts from the shipped sample, so most generated files are *almost* valid and
reach deep into shapes, rules and the compiler instead of stopping at the first byte.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from click.testing import Result
from hypothesis import strategies as st
from ruamel.yaml import YAML

from compiler.load.yamldoc import Document, parse
from tests.conftest import ROOT

SAMPLE_INPUTS = sorted(p.relative_to(ROOT).as_posix()
                       for p in (ROOT / "services").rglob("*.yaml"))


def sample_data(rel: str) -> Any:
    doc = parse(rel, (ROOT / rel).read_bytes())
    assert isinstance(doc, Document)
    return doc.data


HOSTILE_STRINGS = [
    "", " ", "\t", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "//evil.example.com/x", "https:",
    "https://", "https:///x", "https://good.example.com@evil.example.com/",
    "https://evil.example.com\\@good.example.com", "https://a b.com", "https://a.com/\x00",
    "http://example.com", "https://example.com/\u202egnp.exe", "../../etc/passwd",
    "pages/../../admin", "/abs", "%2e%2e/%2e%2e", "pages\\..\\x", "a\nb", "a\r\nb",
    "a\u2028b", "\x1b[31mred\x1b[0m", "::error file=x::forged", "%0A::warning::x",
    "\ufeff", "\u200b", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\ud800", "\udfff",
    "\ud83d\ude00", "alice@example.com", "2026-02-30T00:00:00+08:00",
    "1e400", "-0", "0x10", "NaN", ".inf", "~", "null", "yes", "on", "<<", "*a", "&a",
    "!!python/object:os.system", "../", "..", ".", "con", "EN-us", "zh-Hant-HK",
    "3000000000000001", "carousel", "custom", "banner", "favorites", "recently_used",
]


# Built on demand, so hypothesis' statistics and failure reports stay readable.
LONG_STRINGS = st.sampled_from([("x", 5_000), ("é", 1_001), ("9", 5_000), ("a", 999)]).map(
    lambda spec: spec[0] * spec[1])


def texts() -> st.SearchStrategy[str]:
    """Any text, lone surrogates and control characters included."""
    return st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(HOSTILE_STRINGS), LONG_STRINGS, texts(), st.none(), st.booleans(),
        st.integers(), st.integers(min_value=10**18, max_value=10**40),
        st.floats(allow_nan=True, allow_infinity=True),
    )


def values() -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars(),
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(st.one_of(st.sampled_from(HOSTILE_STRINGS),
                                                          texts()), inner, max_size=4)),
        max_leaves=12,
    )


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*here, i))


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        root = root[step]
    return root


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """The sample document with one to four structural or scalar mutations."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        op = draw(st.sampled_from(["replace", "delete", "add", "duplicate", "nest", "rename",
                                   "retype"]))
        if op == "replace":
            parent[last] = draw(scalars())
        elif op == "retype":
            parent[last] = draw(values())
        elif op == "delete":
            del parent[last]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.one_of(st.sampled_from(HOSTILE_STRINGS), texts()))] = draw(values())
        elif op == "add":
            parent.insert(last, draw(values()))
        elif op == "duplicate" and isinstance(parent, list):
            parent.extend([parent[last]] * draw(st.integers(1, 60)))
        elif op == "nest":
            for _ in range(draw(st.integers(1, 80))):
                parent[last] = draw(st.sampled_from([[parent[last]], {"x": parent[last]}]))
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(HOSTILE_STRINGS))] = parent.pop(last)
    return data


def dump(data: Any, style: str) -> bytes:
    """YAML (block style) or JSON (also YAML) text; surrogates kept as raw, invalid bytes."""
    if style == "yaml":
        try:
            out = io.StringIO()
            YAML(typ="safe", pure=True).dump(data, out)
            return out.getvalue().encode("utf-8", "surrogatepass")
        except Exception:  # the dumper is not under test; JSON says the same
            style = "json-ascii"
    text = json.dumps(data, ensure_ascii=style == "json-ascii")
    return text.encode("utf-8", "surrogatepass")


FRAGMENTS = [
    b"\xef\xbb\xbf", b"\r\n", b"\r", "\u2028".encode(), "\u2029".encode(), "\x85".encode(),
    b"\x00", b"\xed\xa0\x80", b"\xff", b"\xc3", b'"\\ud800"', b'"\\ud83d\\ude00"', b"\\ud800",
    b'"\\x1b[2J"', b'"\\0"', b"\t", b"&a ", b"*a", b"*zz", b"<<: *a\n", b"!!int ", b"!!float ",
    b"!!timestamp ", b"!!binary ", b"!!set ", b"!!omap ", b"!!python/object:os.system ",
    b"!custom ", b"? ", b": ", b"- ", b"{", b"}", b"[", b"]", b",", b"#", b"'", b'"', b"|",
    b">-", b"%YAML 1.1\n", b"%TAG ! tag:x,2000:\n", b"---\n", b"...\n", b"2026-02-30",
    b"2026-11-01T25:00:00+08:00", b"\n  - ", b"\n" + b" " * 70,
    "\u202e".encode(), b"\x7f", b"\x1b[31m", b"@", b"::error::", b"..", b"/", b"\\",
]


@st.composite
def spliced(draw: st.DrawFn, raw: bytes) -> bytes:
    """The sample file's bytes with one to five fragments inserted, spans cut or lines copied."""
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(raw)))
        op = draw(st.sampled_from(["insert", "insert", "cut", "copy-line", "random"]))
        if op == "insert":
            raw = raw[:at] + draw(st.one_of(st.sampled_from(FRAGMENTS),
                                            LONG_STRINGS.map(str.encode))) + raw[at:]
        elif op == "cut":
            raw = raw[:at] + raw[at + draw(st.integers(1, 200)):]
        elif op == "copy-line":
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at) + 1 or len(raw)
            raw = raw[:end] + raw[start:end] * draw(st.integers(1, 3)) + raw[end:]
        else:
            raw = raw[:at] + draw(st.binary(min_size=1, max_size=16)) + raw[at:]
    return raw


def bounded(call: Callable[[], Result], seconds: float) -> Result:
    """``call()`` in a fresh thread, failing (instead of hanging the suite) after ``seconds``.

    The fresh thread also starts on a fresh interpreter stack: called deep under
    hypothesis, CPython 3.11 kept allocating and freeing a frame chunk on every call
    (2 million mmap/munmap pairs a test), which made each run seven times slower.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # re-raised in the test's thread below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return cast(Result, box["result"])


def assert_clean(result: Result) -> None:
    """The contract for any input: exit 0 or 1, a message, never a traceback."""
    out = result.output
    assert result.exit_code in (0, 1), out[-2_000:]
    assert out.strip(), "no message at all"
    assert "Traceback" not in out and "internal error" not in out, out[-2_000:]


def write_raw(root: Path, rel: str, raw: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
