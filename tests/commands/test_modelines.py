"""The editor line of every file `new` and `duplicate` write names a schema that is there."""

from __future__ import annotations

import shutil
from pathlib import Path

from compiler.build.schemas import all_files
from compiler.commands.modelines import modeline, settle
from tests.authoring_support import set_stage
from tests.conftest import Run, snapshot

V2 = "services/home/versions/2.yaml"


def named_schema(repo: Path, rel: str) -> Path:
    first = (repo / rel).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return ((repo / rel).parent / first.split("$schema=", 1)[1]).resolve()


def test_the_line_for_each_input_file_names_its_schema() -> None:
    assert modeline("services/catalog.yaml").endswith("=../schema/catalog.schema.json")
    assert modeline("services/home/service.yaml").endswith("=../../schema/service.schema.json")
    assert modeline("services/home/release.yaml").endswith("=../../schema/release.schema.json")
    assert modeline("services/home/versions/7.yaml").endswith(
        "=../../../schema/version.schema.json")


def test_new_in_a_repo_without_schemas_writes_the_one_its_line_names(repo: Path,
                                                                     run: Run) -> None:
    shutil.rmtree(repo / "schema")
    result = run(repo, "new", "home")
    assert result.exit_code == 0, result.output
    assert "wrote schema/version.schema.json" in result.output
    target = named_schema(repo, "services/home/versions/4.yaml")
    assert target == (repo / "schema/version.schema.json").resolve()
    assert target.read_bytes() == all_files()["version.schema.json"]


def test_duplicate_replaces_a_line_naming_a_file_that_is_not_there(repo: Path,
                                                                   run: Run) -> None:
    set_stage(repo, "home", 2, "released")
    source = repo / V2
    source.write_text(source.read_text("utf-8").replace(
        "$schema=../../../schema/version.schema.json", "$schema=../../../gone/v.json", 1),
        encoding="utf-8")
    result = run(repo, "duplicate", "home", "2")
    assert result.exit_code == 0, result.output
    copy = (repo / "services/home/versions/4.yaml").read_text("utf-8")
    assert copy.splitlines()[0] == modeline("services/home/versions/4.yaml")
    assert copy.splitlines()[1] == "# started from v2 (minisvc duplicate)"
    assert "title:" in copy and "gone/v.json" not in copy


def test_a_refused_new_writes_no_schema_either(repo: Path, run: Run) -> None:
    shutil.rmtree(repo / "schema")
    (repo / "services/catalog.yaml").write_text("mini_programs: []\n")  # v3's apps vanish
    before = snapshot(repo)
    result = run(repo, "new", "home")
    assert result.exit_code == 1
    assert snapshot(repo) == before


def test_a_url_or_a_file_of_the_teams_own_is_kept(tmp_path: Path) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours/v.json").write_text("{}")
    url = b"# yaml-language-server: $schema=https://example.com/v.json\ntitle: {}\n"
    own = b"# yaml-language-server: $schema=../../../ours/v.json\ntitle: {}\n"
    changes = {"services/a/versions/1.yaml": url, "services/b/versions/1.yaml": own}
    assert settle(tmp_path, changes) == (changes, {})


def test_a_file_without_a_line_is_left_alone(tmp_path: Path) -> None:
    changes: dict[str, bytes | None] = {"services/a/versions/1.yaml": b"title: {}\n",
                                        "services/a/versions/2.yaml": None}
    assert settle(tmp_path, changes) == (changes, {})
