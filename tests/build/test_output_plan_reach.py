"""`between` compiles only the live versions a change can reach, and says what the whole
comparison says (compiler/build/output_plan.py): a catalog-only PR costs in proportion to
the versions that name the entries it changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compiler.build import output_plan
from compiler.disk.inputs import read_inputs
from compiler.load.project import assemble
from compiler.model.paths import CATALOG
from compiler.model.status import Status
from tests.conftest import ROOT

LIVE = {"home": {1: Status.RELEASED, 2: Status.RELEASING, 3: Status.TESTING},
        "wallet": {1: Status.RELEASED, 2: Status.TESTING}}
WALLET_V1 = "services/wallet/versions/1.yaml"


def _sample() -> dict[str, bytes]:
    files, problems = read_inputs(ROOT)
    assert not problems
    return files


def _edited(files: dict[str, bytes], rel: str, old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in files[rel], old
    return {**files, rel: files[rel].replace(old, new, 1)}


def _rename(app: str) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def edit(files: dict[str, bytes]) -> dict[str, bytes]:
        at = files[CATALOG].index(f'app_id: "{app}"'.encode())
        name = files[CATALOG].index(b"en-US: ", at) + len(b"en-US: ")
        raw = files[CATALOG]
        return {**files, CATALOG: raw[:name] + b"Renamed " + raw[name:]}
    return edit


def _comment(files: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, CATALOG: files[CATALOG] + b"# a note, no entry changed\n"}


def _escaped_wallet_v1(files: dict[str, bytes]) -> dict[str, bytes]:
    """A live version holding a backslash: an escape could spell any id."""
    return _edited(files, WALLET_V1, b"\n", b'\n# "\\x33"\n')


def _unshaped(files: dict[str, bytes]) -> dict[str, bytes]:
    return _edited(_rename("3000000000000019")(files), CATALOG, b"status: online",
                   b"status: sleeping")


CASES: list[tuple[str, Callable[[dict[str, bytes]], dict[str, bytes]],
                  Callable[[dict[str, bytes]], dict[str, bytes]], set[tuple[str, int]]]] = [
    ("an app only wallet v2 names", lambda f: f, _rename("3000000000000019"),
     {("wallet", 2)}),
    ("an app every home version names", lambda f: f, _rename("3000000000000001"),
     {("home", 1), ("home", 2), ("home", 3)}),
    ("a comment", lambda f: f, _comment, set()),
    ("a backslash in wallet v1", _escaped_wallet_v1, _rename("3000000000000019"),
     {("wallet", 1), ("wallet", 2)}),
    ("a catalog that does not shape", lambda f: f, _unshaped,
     {(sid, n) for sid, found in LIVE.items() for n in found}),
]


@pytest.mark.parametrize("name,base,edit,reached", CASES, ids=[c[0] for c in CASES])
def test_a_catalog_edit_compiles_only_the_live_versions_that_name_what_it_changed(
        monkeypatch: pytest.MonkeyPatch, name: str,
        base: Callable[[dict[str, bytes]], dict[str, bytes]],
        edit: Callable[[dict[str, bytes]], dict[str, bytes]],
        reached: set[tuple[str, int]]) -> None:
    before = base(_sample())
    after = edit(before)
    whole = output_plan.output_plan(assemble(before), assemble(after), LIVE)
    compiled: list[tuple[str, int]] = []
    real = output_plan.compile_version

    def counting(sid: str, number: int, *rest: Any, **kw: Any) -> Any:
        compiled.append((sid, number))
        return real(sid, number, *rest, **kw)

    monkeypatch.setattr(output_plan, "compile_version", counting)
    assert output_plan.between(before, after, LIVE) == whole, name
    assert set(compiled) == reached, name
    if reached and name != "a catalog that does not shape":
        assert whole, "the case must show a change to be a test of the reach"
