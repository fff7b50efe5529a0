"""validate/build per service unit, cached and parallel, give exactly the whole-repo answer."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from compiler.build import tree as build_mod
from compiler.engine import cache, incremental
from compiler.engine.workspace import open_workspace
from compiler.load import fastload
from compiler.model.channels import Channels, Releasing
from compiler.model.findings import finding
from tests.conftest import ROOT, Run, locale_rel, snapshot, write

CATALOG = "services/catalog.yaml"
HOME_V3 = "services/home/versions/3.yaml"


pytestmark = pytest.mark.usefixtures("own_cache_secret")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Record which units are computed and which files are really parsed."""
    calls: dict[str, list[Any]] = {"units": [], "parsed": []}
    real_unit, real_parse = incremental._unit, fastload.parse

    def unit(name: str) -> dict[str, Any]:
        calls["units"].append(name)
        return real_unit(name)

    def parse(file: str, raw: bytes) -> Any:
        calls["parsed"].append(file)
        return real_parse(file, raw)

    monkeypatch.setattr(incremental, "_unit", unit)
    monkeypatch.setattr(fastload, "parse", parse)
    return calls


def reference(root: Path) -> tuple[list[Any], dict[str, bytes] | None]:
    """The whole-repo answer, with no units and no cache."""
    ws = open_workspace(root)
    findings = ws.findings
    files = None if any(f.is_error for f in findings) else build_mod.build(ws.project,
                                                                           ws.channels)
    return findings, files


def break_things(repo: Path) -> None:
    """Errors and warnings in every kind of file, in more than one service."""
    text = (repo / HOME_V3).read_text()
    (repo / HOME_V3).write_text(text.replace("max_items: 6", "max_items: 1", 1)
                                .replace("id: travel", "id: daily-picks", 1))
    catalog = (repo / CATALOG).read_text()
    (repo / CATALOG).write_text(catalog.replace('app_id: "3000000000000002"',
                                                'app_id: "3000000000000001"', 1))
    write(repo, "services/wallet/release.yaml", "version: 2\nstage: testing\n")
    write(repo, "services/wallet/versions/2.yaml", "title: {en-US: Wallet}\nsections: [\n")
    write(repo, "services/orphan/versions/1.yaml", "title: {en-US: x}\nsections: []\n")
    write(repo, "services/home/versions/v9.yaml", "title: {en-US: x}\n")


def test_units_find_exactly_what_the_whole_repo_check_finds(repo: Path) -> None:
    break_things(repo)
    expected, _ = reference(repo)
    assert {f.code for f in expected} >= {"E202", "E210", "E207", "E101", "E120", "E216"}
    assert incremental.open_repo(repo).evaluate().findings == expected
    assert incremental.open_repo(repo).evaluate().findings == expected  # from the cache


def test_units_build_the_same_bytes_serial_parallel_and_cached(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, expected = reference(repo)
    assert expected is not None
    monkeypatch.setenv("MINISVC_CACHE", "0")
    assert incremental.open_repo(repo).evaluate(jobs=1).files == expected
    monkeypatch.setattr(incremental, "PARALLEL_MIN_BYTES", 0)
    assert incremental.open_repo(repo).evaluate(jobs=2).files == expected
    monkeypatch.delenv("MINISVC_CACHE")
    incremental.open_repo(repo).evaluate(jobs=2)
    assert incremental.open_repo(repo).evaluate().files == expected


def test_nothing_changed_means_nothing_parsed_or_computed(
        repo: Path, counted: dict[str, list[Any]]) -> None:
    incremental.open_repo(repo).evaluate()
    assert counted["units"] == ["", "home", "wallet"]
    counted["units"].clear()
    counted["parsed"].clear()
    result = incremental.open_repo(repo).evaluate()
    assert result.files is not None
    assert counted == {"units": [], "parsed": []}


def test_one_changed_file_recomputes_its_service_and_parses_only_itself(
        repo: Path, counted: dict[str, list[Any]]) -> None:
    incremental.open_repo(repo).evaluate()
    counted["units"].clear()
    counted["parsed"].clear()
    (repo / HOME_V3).write_text((repo / HOME_V3).read_text().replace("Daily picks", "Picks"))
    incremental.open_repo(repo).evaluate()
    assert counted == {"units": ["home"], "parsed": [HOME_V3]}


def test_a_catalog_edit_rechecks_every_service_but_parses_only_the_catalog(
        repo: Path, counted: dict[str, list[Any]]) -> None:
    incremental.open_repo(repo).evaluate()
    counted["units"].clear()
    counted["parsed"].clear()
    (repo / CATALOG).write_text((repo / CATALOG).read_text() + "# a comment\n")
    incremental.open_repo(repo).evaluate()
    assert counted == {"units": ["", "home", "wallet"], "parsed": [CATALOG]}


def test_channels_from_the_lifecycle_seam_are_part_of_the_key(
        repo: Path, monkeypatch: pytest.MonkeyPatch, counted: dict[str, list[Any]]) -> None:
    first = incremental.open_repo(repo).evaluate().files
    real = incremental.lifecycle

    def more_users(root: Path, project: Any, files: Any, **kw: Any) -> Any:
        seen = real(root, project, files, **kw)
        return replace(seen, channels={**seen.channels, "home": Channels(
            released=1, releasing=Releasing(2, 50.0))})

    monkeypatch.setattr(incremental, "lifecycle", more_users)
    counted["units"].clear()
    second = incremental.open_repo(repo).evaluate().files
    assert counted["units"] == ["home"]
    assert first is not None and second is not None
    assert second["home/manifest.json"] != first["home/manifest.json"]
    assert locale_rel(second, "home", 1, "en-US") == locale_rel(first, "home", 1, "en-US")


def test_problems_from_the_lifecycle_seam_are_located_and_never_cached(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = incremental.lifecycle
    tampered = finding(HOME_V3, ("sections", 1, "type"), "E301", "frozen file changed")

    def with_problem(root: Path, project: Any, files: Any, **kw: Any) -> Any:
        return replace(real(root, project, files, **kw), problems=[tampered])

    incremental.open_repo(repo).evaluate()  # warm
    monkeypatch.setattr(incremental, "lifecycle", with_problem)
    found = incremental.open_repo(repo).evaluate()
    assert [(f.code, f.line, f.col) for f in found.findings] == [("E301", 24, 5)]
    assert found.files is None
    monkeypatch.setattr(incremental, "lifecycle", real)
    assert incremental.open_repo(repo).evaluate().findings == []


def test_a_served_version_without_its_file_is_a_finding_not_a_crash(
        repo: Path, run: Run) -> None:
    """The lifecycle serves wallet v1 (adopted as Released below the Testing v2) but its
    file is gone and the seam reported nothing: validate and build name the file."""
    (repo / "services/wallet/versions/1.yaml").unlink()
    real = incremental.lifecycle

    def serves_v1(root: Path, project: Any, files: Any, **kw: Any) -> Any:
        seen = real(root, project, files, **kw)
        return replace(seen, channels={**seen.channels, "wallet": Channels(released=1)})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "lifecycle", serves_v1)
        result = incremental.open_repo(repo).evaluate()
        assert result.files is None
        assert [(f.file, f.line, f.code) for f in result.findings] == [
            ("services/wallet/versions/1.yaml", 1, "E301")]
        assert "wallet v1 is served to users but its file is missing" in \
            result.findings[0].message
        for command in ("validate", "build"):
            out = run(repo, command)
            assert out.exit_code == 1 and "E301" in out.output, out.output


def test_a_cache_written_under_another_secret_is_never_read(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        counted: dict[str, list[Any]]) -> None:
    """A .minisvc-cache committed in a PR cannot make the CI gate pass."""
    incremental.open_repo(repo).evaluate()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci-runner-cache"))
    counted["units"].clear()
    incremental.open_repo(repo).evaluate()
    assert counted["units"] == ["", "home", "wallet"]


def test_corrupt_entries_are_misses(repo: Path) -> None:
    expected, _ = reference(repo)
    incremental.open_repo(repo).evaluate()
    for entry in (repo / cache.FOLDER).rglob("*.json"):
        entry.write_bytes(b"{not json")
    assert incremental.open_repo(repo).evaluate().findings == expected


def test_the_cache_can_be_turned_off(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                     run: Run) -> None:
    monkeypatch.setenv("MINISVC_CACHE", "0")
    assert run(repo, "validate").exit_code == 0
    assert not (repo / cache.FOLDER).exists()


def test_a_new_minisvc_drops_the_old_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental.open_repo(repo).evaluate()
    old = [p.name for p in (repo / cache.FOLDER).iterdir() if p.is_dir()]
    monkeypatch.setattr(cache, "fingerprint", lambda: "0123456789abcdef")
    incremental.open_repo(repo).evaluate()
    now = [p.name for p in (repo / cache.FOLDER).iterdir() if p.is_dir()]
    assert old != now == ["0123456789abcdef"]


def test_a_change_anywhere_in_minisvc_is_a_new_fingerprint(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only engine/: a message changed in load/shape.py must not be served stale."""
    before = cache.fingerprint.__wrapped__()
    shape = (ROOT / "compiler" / "load" / "shape.py").resolve()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: real(self) + b"#" if self == shape else real(self))
    assert cache.fingerprint.__wrapped__() != before


def test_the_cache_ignores_itself_in_git(repo: Path, run: Run) -> None:
    run(repo, "validate")
    assert (repo / cache.FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"


def dist_state(dist: Path) -> Iterator[tuple[str, int, int]]:
    for p in sorted(dist.rglob("*")):
        yield p.relative_to(dist).as_posix(), p.stat().st_ino, p.stat().st_mtime_ns


def test_a_no_op_build_leaves_dist_untouched(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    before = list(dist_state(repo / "dist"))
    result = run(repo, "build")
    assert result.exit_code == 0 and "(unchanged)" in result.output
    assert list(dist_state(repo / "dist")) == before


def test_a_hand_edited_dist_is_rebuilt(repo: Path, run: Run) -> None:
    run(repo, "build")
    files = snapshot(repo / "dist")
    (repo / "dist" / "index.json").write_text("{}")
    (repo / "dist" / "stray.json").write_text("{}")
    result = run(repo, "build")
    assert "(unchanged)" not in result.output
    assert snapshot(repo / "dist") == files


def test_a_failed_build_after_a_good_one_changes_nothing(repo: Path, run: Run) -> None:
    run(repo, "build")
    before = snapshot(repo)
    write(repo, "services/home/release.yaml", "version: 77\nstage: released\n")
    after_edit = snapshot(repo)
    assert run(repo, "build").exit_code == 1
    assert snapshot(repo) == after_edit != before


def test_validate_json_output_is_the_same_warm_and_cold(repo: Path, run: Run) -> None:
    break_things(repo)
    cold = run(repo, "validate", "--format", "json").output
    warm = run(repo, "validate", "--format", "json").output
    shutil.rmtree(repo / cache.FOLDER)
    assert cold == warm == run(repo, "validate", "--format", "json").output
    assert json.loads(cold)
