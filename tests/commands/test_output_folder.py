"""`build --out` replaces only a previous build output: never sources, the repo, or a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


@pytest.mark.parametrize("out", ["services", ".", "services/home", "..", "schema"])
def test_build_refuses_to_replace_a_folder_that_is_not_a_build(out: str, repo: Path,
                                                               run: Run) -> None:
    """Was: `build --out services` swapped every YAML source for the build, silently."""
    before = snapshot(repo.parent)
    result = run(repo, "build", "--out", str(repo / out))
    assert result.exit_code == 1
    assert "refusing to replace it" in result.output
    assert snapshot(repo.parent) == before


def test_build_refuses_a_file_or_a_linked_folder(repo: Path, run: Run, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to(repo / "services", target_is_directory=True)
    assert run(repo, "build", "--out", str(tmp_path / "file")).exit_code == 2  # misuse
    assert run(repo, "build", "--out", str(tmp_path / "link")).exit_code == 1
    assert (tmp_path / "file").read_text() == "x"
    assert (repo / "services/catalog.yaml").is_file()


def test_build_replaces_its_own_output_and_fills_an_empty_folder(repo: Path, run: Run,
                                                                 tmp_path: Path) -> None:
    assert run(repo, "build").exit_code == 0
    assert run(repo, "build").exit_code == 0
    (tmp_path / "empty").mkdir()
    assert run(repo, "build", "--out", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty/index.json").is_file()


def test_a_hand_edited_build_output_is_still_replaced(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    (repo / "dist/index.json").write_text("{}")
    (repo / "dist/stray.json").write_text("{}")
    assert run(repo, "build").exit_code == 0
    assert not (repo / "dist/stray.json").exists()
