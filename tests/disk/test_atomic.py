"""One atomic file writer (compiler/disk/atomic.py): whole or not at all, and it keeps
the mode of the file it replaces; through the CLI, release.yaml, preview pages and
dist/ keep (or get) modes a web server or another user can read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.disk.atomic import write_file
from compiler.disk.dist import write_tree
from tests.conftest import Run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("kept", [0o644, 0o640, 0o755, 0o600, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, kept: int, umask_022: None) -> None:
    path = tmp_path / "release.yaml"
    path.write_bytes(b"old\n")
    path.chmod(kept)
    write_file(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert oct(mode(path)) == oct(kept)
    assert os.listdir(tmp_path) == ["release.yaml"]


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
def test_a_new_file_gets_0o666_less_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        write_file(tmp_path / "sub" / "new.yaml", b"x")
    finally:
        os.umask(old)
    assert oct(mode(tmp_path / "sub" / "new.yaml")) == oct(0o666 & ~mask)


def test_an_explicit_mode_wins_for_new_and_replaced_files(tmp_path: Path,
                                                          umask_022: None) -> None:
    path = tmp_path / "secret"
    write_file(path, b"1", mode=0o600)
    assert oct(mode(path)) == oct(0o600)
    path.chmod(0o644)
    write_file(path, b"2", mode=0o600)
    assert (path.read_bytes(), oct(mode(path))) == (b"2", oct(0o600))


def test_a_private_file_is_not_wider_even_before_its_chmod(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None) -> None:
    path = tmp_path / "secret"
    path.write_bytes(b"old")
    path.chmod(0o600)
    created: list[int] = []
    chmod = os.fchmod

    def spy(fd: int, bits: int) -> None:  # the temp file's mode until this call
        created.append(stat.S_IMODE(os.fstat(fd).st_mode))
        chmod(fd, bits)

    monkeypatch.setattr("compiler.disk.atomic.os.fchmod", spy)
    write_file(path, b"new")
    assert (created, oct(mode(path))) == ([0o600], oct(0o600))


def test_without_sync_the_file_is_written_the_same(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "entry.json"
    write_file(path, b"{}", sync=False)
    assert (path.read_bytes(), oct(mode(path))) == (b"{}", oct(0o644))


def test_a_link_is_replaced_by_a_file_with_its_targets_mode(tmp_path: Path) -> None:
    (tmp_path / "target").write_bytes(b"old")
    (tmp_path / "target").chmod(0o640)
    (tmp_path / "link").symlink_to("target")
    write_file(tmp_path / "link", b"new")
    assert not (tmp_path / "link").is_symlink()
    assert (tmp_path / "link").read_bytes() == b"new"
    assert (tmp_path / "target").read_bytes() == b"old"
    assert oct(mode(tmp_path / "link")) == oct(0o640)


@pytest.mark.parametrize("failing", ["fsync", "replace", "fchmod"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "release.yaml"
    path.write_bytes(b"old bytes\n")
    path.chmod(0o640)

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(f"compiler.disk.atomic.os.{failing}", fail)
    with pytest.raises(OSError, match="disk full"):
        write_file(path, b"new bytes\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"old bytes\n"
    assert oct(mode(path)) == oct(0o640)
    assert os.listdir(tmp_path) == ["release.yaml"]


def test_an_interrupt_also_removes_the_temp_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("compiler.disk.atomic.os.replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_file(tmp_path / "new.yaml", b"x")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_none_deletes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    path.write_bytes(b"x")
    write_file(path, None)
    assert not path.exists()
    with pytest.raises(FileNotFoundError):
        write_file(path, None)


def test_dist_gets_the_folder_mode_of_the_umask(repo: Path, run: Run, umask_022: None) -> None:
    result = run(repo, "build")
    assert result.exit_code == 0, result.output
    assert oct(mode(repo / "dist")) == oct(0o755)


def test_a_rewritten_dist_folder_gets_the_umask_mode_too(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    old = os.umask(0o027)
    try:
        out.mkdir()
        write_tree(out, {"a.json": b"1", "x/b.json": b"2"})  # swapped with the old folder
        assert oct(mode(out)) == oct(0o750)
        assert (oct(mode(out / "x")), oct(mode(out / "a.json"))) == (oct(0o750), oct(0o640))
    finally:
        os.umask(old)


def test_release_keeps_the_mode_of_release_yaml(repo: Path, run: Run, umask_022: None) -> None:
    path = repo / "services/home/release.yaml"
    path.chmod(0o644)
    result = run(repo, "release", "home", "--ratio", "50")
    assert result.exit_code == 0, result.output
    assert b"ratio: 50" in path.read_bytes()
    assert oct(mode(path)) == oct(0o644)
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "release.yaml", "service.yaml", "versions"]


def test_a_preview_page_is_readable_by_others(repo: Path, run: Run, umask_022: None) -> None:
    result = run(repo, "preview", "home")
    assert result.exit_code == 0, result.output
    assert oct(mode(repo / "dist-preview" / "home-v2.html")) == oct(0o644)


def test_the_cache_secret_stays_private_and_entries_are_written(
        repo: Path, run: Run, tmp_path: Path, own_cache_secret: None, umask_022: None) -> None:
    assert run(repo, "build").exit_code == 0
    assert oct(mode(tmp_path / "user-cache" / "minisvc" / "secret")) == oct(0o600)
    entries = list((repo / ".minisvc-cache").rglob("*.json"))
    assert entries and {oct(mode(p)) for p in entries} == {oct(0o644)}
    assert not list((repo / ".minisvc-cache").rglob("*.tmp"))
