"""minisvc service add | remove: a whole service, with the authoring commands' guarantees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.gitutil import (
    bootstrapped,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)


def test_add_writes_a_service_with_a_draft_v1_that_validates(repo: Path, run: Run) -> None:
    result = run(repo, "service", "add", "travel", "--default-locale", "en-US",
                 "--locale", "en-US", "--locale", "th-TH")
    assert result.exit_code == 0, result.output
    folder = repo / "services/travel"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")) == [
        "release.yaml", "service.yaml", "versions/1.yaml"]
    assert "locales: [en-US, th-TH]" in (folder / "service.yaml").read_text("utf-8")
    assert "stage: draft" in (folder / "release.yaml").read_text("utf-8")
    assert run(repo, "validate", "--strict").exit_code == 0
    status = run(repo, "status", "travel", "--format", "json")
    assert status.exit_code == 0 and '"status": "draft"' in status.output, status.output


def test_add_writes_the_schemas_its_editor_lines_name_when_missing(repo: Path,
                                                                   run: Run) -> None:
    shutil.rmtree(repo / "schema")
    assert run(repo, "service", "add", "travel").exit_code == 0
    for name in ("service", "release", "version"):
        assert (repo / f"schema/{name}.schema.json").is_file(), name


@pytest.mark.parametrize("args, says", [
    (["home"], "already there"),
    (["Travel Desk"], "not a service id"),
    (["../escape"], "not a service id"),
    (["travel", "--locale", "en US"], "not a locale tag"),
])
def test_add_refuses_and_writes_nothing(repo: Path, run: Run, args: list[str],
                                        says: str) -> None:
    before = snapshot(repo)
    result = run(repo, "service", "add", *args)
    assert result.exit_code == 1 and says in result.output, result.output
    assert snapshot(repo) == before and not (repo.parent / "escape").exists()


def test_add_refuses_a_service_that_would_not_validate(repo: Path, run: Run) -> None:
    before = snapshot(repo)
    too_long = "en-" + "-".join(["abcdefgh"] * 4)  # a tag's shape, over the 35-char limit
    result = run(repo, "service", "add", "travel", "--default-locale", too_long)
    assert result.exit_code == 1 and "nothing was written" in result.output, result.output
    assert snapshot(repo) == before


def test_remove_deletes_a_service_that_never_went_live(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "service", "add", "travel").exit_code == 0
    commit_all(repo, "travel")
    result = run(repo, "service", "remove", "travel")
    assert result.exit_code == 0, result.output
    assert not (repo / "services/travel").exists()
    assert run(repo, "check", "--base", "HEAD").exit_code == 0


def test_remove_refuses_a_service_that_went_live(tmp_path: Path, run: Run) -> None:
    repo, _ = bootstrapped(tmp_path, run)
    before = snapshot(repo)
    result = run(repo, "service", "remove", "wallet")
    assert result.exit_code == 1, result.output
    assert "v1 is Released" in result.output and "v2 is Testing" in result.output
    assert snapshot(repo) == before and git(repo, "status", "--porcelain") == ""
