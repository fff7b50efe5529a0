"""Any input ends in bounded time with exit 0 or 1 and a message, never a traceback.

Property-based (hypothesis, profile "ci" from tests/conftest.py: fixed budget and seed)
plus the known worst cases written out, in-process and through a real `python -m compiler`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.load.limits import MAX_DEPTH, MAX_FILE_BYTES
from tests.conftest import ROOT, Run
from tests.hostile import (
    SAMPLE_INPUTS,
    assert_clean,
    bounded,
    dump,
    mutated,
    sample_data,
    spliced,
    texts,
    write_raw,
)

pytestmark = pytest.mark.slow

V = "services/home/versions/3.yaml"
COMMANDS = st.sampled_from([("validate", "--format", "text"), ("validate", "--format", "json"),
                            ("validate", "--format", "github"), ("build", "--format", "text"),
                            ("build", "--format", "github")])


@cache
def _sample(rel: str) -> Any:
    return sample_data(rel)


def _invoke(run: Run, repo: Path, command: tuple[str, ...]) -> None:
    args = [*command, "--out", str(repo.parent / "dist")] if command[0] == "build" else command
    assert_clean(bounded(lambda: run(repo, *args), 30))


def _try(run: Run, repo: Path, rel: str, raw: bytes, command: tuple[str, ...]) -> None:
    """Run with ``rel`` replaced by ``raw``, then put the sample file back."""
    original = (ROOT / rel).read_bytes()
    write_raw(repo, rel, raw)
    try:
        _invoke(run, repo, command)
    finally:
        write_raw(repo, rel, original)


@given(rel=st.sampled_from(SAMPLE_INPUTS), data=st.data(),
       style=st.sampled_from(["yaml", "json", "json-ascii"]), command=COMMANDS)
def test_mutated_sample_documents(repo: Path, run: Run, rel: str, data: st.DataObject,
                                  style: str, command: tuple[str, ...]) -> None:
    doc = data.draw(mutated(_sample(rel)), label="document")
    _try(run, repo, rel, dump(doc, style), command)


@given(rel=st.sampled_from(SAMPLE_INPUTS), data=st.data(), command=COMMANDS)
def test_spliced_sample_bytes(repo: Path, run: Run, rel: str, data: st.DataObject,
                              command: tuple[str, ...]) -> None:
    raw = data.draw(spliced((ROOT / rel).read_bytes()), label="bytes")
    _try(run, repo, rel, raw, command)


@given(rel=st.sampled_from(SAMPLE_INPUTS), raw=st.binary(max_size=3_000), command=COMMANDS)
def test_random_bytes(repo: Path, run: Run, rel: str, raw: bytes,
                      command: tuple[str, ...]) -> None:
    _try(run, repo, rel, raw, command)


def _file_name(name: str) -> bool:
    return (name not in ("", ".", "..") and "/" not in name and "\x00" not in name
            and len(name.encode("utf-8", "surrogatepass")) < 200)


@given(folder=texts().filter(_file_name), version=texts().filter(_file_name),
       command=COMMANDS)
def test_hostile_file_and_folder_names(repo: Path, run: Run, folder: str, version: str,
                                       command: tuple[str, ...]) -> None:
    """Odd names under services/ are refused or ignored, never followed outside the repo."""
    service = repo / "services" / folder
    try:
        (service / "versions").mkdir(parents=True, exist_ok=False)
        (service / "service.yaml").write_bytes(f"id: {folder!r}\n".encode(errors="replace"))
        (service / "versions" / f"{version}.yaml").write_bytes((ROOT / V).read_bytes())
    except (FileExistsError, UnicodeEncodeError, OSError):
        return  # the file system refused the name; nothing to compile
    try:
        _invoke(run, repo, command)
    finally:
        import shutil

        shutil.rmtree(service)


def _nested(depth: int, flow: bool) -> bytes:
    if flow:
        return b"title: " + b"[" * depth + b"]" * depth + b"\nsections: []\n"
    return b"title:\n" + b"".join(b"  " * (i + 1) + b"- \n" for i in range(depth))


def _bomb(width: int, levels: int) -> bytes:
    lines = [b"a0: &a0 [" + b", ".join([b"lol"] * width) + b"]"]
    lines += [b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * width) + b"]"
              for i in range(1, levels)]
    return b"\n".join(lines) + b"\n"


WORST_CASES = {
    "nesting-at-limit": _nested(MAX_DEPTH - 2, flow=True),
    "nesting-over-limit-flow": _nested(MAX_DEPTH + 1, flow=True),
    "nesting-deep-flow": _nested(5_000, flow=True),
    "nesting-deep-block": _nested(3_000, flow=False),
    "nesting-deep-mappings": b"a: " + b"{a: " * 5_000 + b"}" * 5_000 + b"\n",
    "billion-laughs": _bomb(10, 10),
    "quadratic-alias": _bomb(2_000, 2),
    "recursive-alias": b"a: &a [*a, *a]\nb: &b {x: *b}\n",
    "huge-scalar": b"title: {en-US: '" + b"x" * (MAX_FILE_BYTES - 100) + b"'}\nsections: []\n",
    "file-over-limit": b"title: {en-US: x}\n#" + b"x" * MAX_FILE_BYTES + b"\n",
    "long-line": b"title: {en-US: x}\nsections: [" + b"{}, " * 20_000 + b"]\n",
    "many-keys": b"title: {en-US: x}\nsections: []\n" + b"".join(
        b"k%06d: 1\n" % i for i in range(10_000)),
    "many-sections": b"title: {en-US: x}\nsections:\n" + b"  - {id: a, type: banner}\n" * 2_000,
    "many-locales": b"title: {" + b", ".join(b"a%s-x%d: t" % (bytes([97 + i % 26]), i)
                                             for i in range(2_000)) + b"}\nsections: []\n",
    # every value the loader converts, on every loading path (a faster loader too)
    "huge-decimal-int": b"title: {en-US: x}\nsections: []\nz: " + b"9" * 5_000 + b"\n",
    "impossible-date": b"title: {en-US: x}\nsections: []\nz: 2026-02-30\n",
    "impossible-time": b"title: {en-US: x}\nsections: []\nz: 2026-11-01T25:00:00+08:00\n",
    "bom-twice-crlf": b"\xef\xbb\xbf" + (ROOT / V).read_bytes().replace(b"\n", b"\r\n"),
    "cr-only": (ROOT / V).read_bytes().replace(b"\n", b"\r"),
    "line-separators": (ROOT / V).read_bytes().replace(b"\n", "\u2028".encode()),
    "nul": (ROOT / V).read_bytes().replace(b"\n", b"\x00\n", 1),
    "surrogate-bytes": (ROOT / V).read_bytes().replace(b"Mini Services", b"\xed\xa0\x80"),
    "surrogate-escape": (ROOT / V).read_bytes().replace(b"Mini Services", b'"\\ud800"'),
    "surrogate-key": (ROOT / V).read_bytes() + b'"\\udfff": 1\n',
    "control-key": (ROOT / V).read_bytes() + b'"\\e[2J\\n::error file=x::forged": 1\n',
}


@pytest.mark.parametrize("case", sorted(WORST_CASES))
def test_worst_cases(repo: Path, run: Run, case: str) -> None:
    """Each refused (or accepted) at once; the real processes below also build them."""
    _try(run, repo, V, WORST_CASES[case], ("validate",))


SUBPROCESS_CASES = ["nesting-deep-flow", "billion-laughs", "surrogate-escape", "control-key",
                    "surrogate-bytes"]


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_real_process_ends_cleanly(repo: Path, case: str) -> None:
    """Real stdout (strict UTF-8, a pipe), real exit codes: no traceback, no hang."""
    write_raw(repo, V, WORST_CASES[case])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C"}
    for args in (["validate"], ["build", "--out", str(repo.parent / "dist")]):
        proc = subprocess.run([sys.executable, "-m", "compiler", "--repo", str(repo), *args],
                              capture_output=True, env=env, timeout=60, check=False)
        out = (proc.stdout + proc.stderr).decode("utf-8")
        assert proc.returncode == 1, out
        assert "Traceback" not in out and "internal error" not in out, out
        assert "E1" in out
