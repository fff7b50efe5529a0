"""dist/ is replaced in one system call (renameat2 RENAME_EXCHANGE) and stays a plain
folder; where the call is missing, two renames, and a swap killed between them is
finished by the next run. The kills themselves are in test_crash.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from compiler.disk import dist as workspace
from compiler.disk import rename_exchange
from compiler.disk.dist import write_tree

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")


@linux
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/old").write_text("old")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/new").write_text("new")
    assert rename_exchange.exchange(tmp_path / "b", tmp_path / "a") is True
    assert os.listdir(tmp_path / "a") == ["new"] and os.listdir(tmp_path / "b") == ["old"]


@linux
def test_exchange_reports_a_real_error(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    with pytest.raises(FileNotFoundError):
        rename_exchange.exchange(tmp_path / "missing", tmp_path / "a")


@linux
def test_write_tree_swaps_with_one_exchange_and_keeps_a_plain_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    write_tree(out, {"a.json": b"1", "x/b.json": b"2"})
    seen: list[tuple[set[str], set[str]]] = []

    def spy(new: Path, old: Path) -> bool:
        seen.append(({p.name for p in new.rglob("*")}, {p.name for p in old.rglob("*")}))
        return rename_exchange.exchange(new, old)

    monkeypatch.setattr(workspace, "exchange", spy)
    write_tree(out, {"a.json": b"3"})
    assert seen == [({"a.json"}, {"a.json", "x", "b.json"})]
    assert out.is_dir() and not out.is_symlink()
    assert [p.name for p in out.iterdir()] == ["a.json"] and (out / "a.json").read_bytes() == b"3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_without_exchange_a_swap_killed_half_way_is_finished_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "exchange", lambda new, old: False)
    out = tmp_path / "dist"
    write_tree(out, {"a.json": b"1"})
    write_tree(out, {"a.json": b"2"})
    assert (out / "a.json").read_bytes() == b"2"
    # what a kill between the two renames leaves: the old tree aside, no dist/
    out.rename(tmp_path / ".dist.old")
    (tmp_path / ".dist.new-killed").mkdir()
    write_tree(out, {"a.json": b"3"})
    assert (out / "a.json").read_bytes() == b"3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
