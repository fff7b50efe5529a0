"""Every input file is a regular file: a link is refused even when it stays inside the repo.

git stores a link as a link (mode 120000, the blob is the target's path), so a commit does
not hold the content the work tree shows through it: `check`'s base, `verify`, the tags'
digests and a reviewer's diff all see something else than `validate` on a checkout.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from compiler.disk.inputs import read_inputs
from compiler.model.findings import Finding
from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)

LINK_MESSAGE = ("a symlink, not a regular file: git stores the link, not the content, so "
                "a commit holds something else than this work tree shows")
LINK_FIX = "replace the link with the file itself"


def link_beside(repo: Path, rel: str, keep: str = "keep") -> Path:
    """Move ``rel`` to ``keep/`` (inside the repo, outside services/) and link it back."""
    path = repo / rel
    copy = repo / keep / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, copy)
    path.unlink()
    path.symlink_to(os.path.relpath(copy, path.parent))
    return path


def refusals(problems: list[Finding]) -> list[tuple[str, int, int, str, str, str]]:
    return [(f.file, f.line, f.col, f.code, f.message, f.hint) for f in problems]


@pytest.mark.parametrize("rel", [
    "services/home/versions/2.yaml",
    "services/home/service.yaml",
    "services/home/release.yaml",
    "services/catalog.yaml",
])
def test_a_linked_input_inside_the_repo_is_refused_and_not_read(repo: Path, rel: str) -> None:
    link_beside(repo, rel)
    files, problems = read_inputs(repo)
    assert rel not in files
    assert refusals(problems) == [(rel, 1, 1, "E121", LINK_MESSAGE, LINK_FIX)]


def test_a_version_linked_to_another_version_is_refused(repo: Path) -> None:
    (repo / "services/home/versions/7.yaml").symlink_to("3.yaml")
    files, problems = read_inputs(repo)
    assert "services/home/versions/7.yaml" not in files
    assert "services/home/versions/3.yaml" in files
    assert refusals(problems) == [("services/home/versions/7.yaml", 1, 1, "E121",
                                   LINK_MESSAGE, LINK_FIX)]


def test_a_misnamed_version_link_is_refused_too(repo: Path) -> None:
    """`.yml` files are read (to be reported as misnamed), so they are inputs here too."""
    (repo / "services/home/versions/7.yml").symlink_to("3.yaml")
    _, problems = read_inputs(repo)
    assert refusals(problems) == [("services/home/versions/7.yml", 1, 1, "E121",
                                   LINK_MESSAGE, LINK_FIX)]


def test_a_linked_folder_inside_the_repo_is_refused(repo: Path) -> None:
    versions = repo / "services/home/versions"
    versions.rename(repo / "kept-versions")
    versions.symlink_to("../../kept-versions", target_is_directory=True)
    files, problems = read_inputs(repo)
    assert not [rel for rel in files if rel.startswith("services/home/versions/")]
    assert refusals(problems) == [(
        "services/home/versions", 1, 1, "E121",
        "a symlink, not a folder: git stores the link, not the files in it, so a commit "
        "holds something else than this work tree shows",
        "replace the link with the folder itself")]


def test_files_under_a_linked_services_folder_inside_the_repo_are_refused(repo: Path) -> None:
    (repo / "services").rename(repo / "real-services")
    (repo / "services").symlink_to("real-services", target_is_directory=True)
    files, problems = read_inputs(repo)
    assert files == {}
    assert ("services/catalog.yaml", 1, 1, "E121", LINK_MESSAGE, LINK_FIX) in \
        refusals(problems)
    assert {f.code for f in problems} == {"E121"}


def test_a_link_that_is_not_an_input_is_left_alone(repo: Path) -> None:
    """Nothing reads it, so nothing can differ between the work tree and a commit."""
    (repo / "notes.md").write_text("notes\n")
    (repo / "services/home/README.md").symlink_to("../../notes.md")
    files, problems = read_inputs(repo)
    assert problems == []
    assert "services/home/README.md" not in files


def test_regular_files_are_read_and_a_root_behind_a_link_is_fine(tmp_path: Path,
                                                                 repo: Path) -> None:
    """Only links below the repo's root count: the root itself may be reached through one
    (a linked home folder, macOS's /tmp)."""
    alias = tmp_path / "alias"
    alias.symlink_to(repo, target_is_directory=True)
    files, problems = read_inputs(alias)
    assert problems == []
    assert files["services/home/versions/2.yaml"] == \
        (repo / "services/home/versions/2.yaml").read_bytes()


# The PR gate, with real git and a bare remote.

@pytest.fixture
def settled(tmp_path: Path, run: Run) -> Path:
    """home: v1 Archived, v2 Released, v3 Draft; wallet: v1 Released, v2 Testing.
    A PR branch `pr` is checked out."""
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "100").exit_code == 0
    settle(repo, run, "release home v2")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def test_a_frozen_version_swapped_for_a_link_to_an_identical_copy_fails_check(
        settled: Path, run: Run) -> None:
    link_beside(settled, "services/home/versions/2.yaml")
    commit_all(settled, "keep v2 elsewhere")
    assert git(settled, "ls-files", "-s", "services/home/versions/2.yaml").startswith("120000")
    result = run(settled, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"services/home/versions/2.yaml:1:1: E121 {LINK_MESSAGE}" in result.output
    assert f"fix: {LINK_FIX}" in result.output


def test_a_new_draft_linked_to_a_released_version_fails_check(settled: Path,
                                                              run: Run) -> None:
    (settled / "services/home/versions/4.yaml").symlink_to("2.yaml")
    commit_all(settled, "v4 as a link")
    result = run(settled, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"services/home/versions/4.yaml:1:1: E121 {LINK_MESSAGE}" in result.output


def test_a_linked_release_file_fails_check(settled: Path, run: Run) -> None:
    """A reviewer would see a one-line path change; the real edit would sit in a file
    nothing gates."""
    link_beside(settled, "services/wallet/release.yaml")
    commit_all(settled, "release.yaml kept elsewhere")
    result = run(settled, "check", "--base", "main")
    assert result.exit_code == 1, result.output
    assert f"services/wallet/release.yaml:1:1: E121 {LINK_MESSAGE}" in result.output


def test_replacing_the_link_by_the_file_passes_check(settled: Path, run: Run) -> None:
    path = link_beside(settled, "services/home/versions/2.yaml")
    commit_all(settled, "keep v2 elsewhere")
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)
    shutil.rmtree(settled / "keep")
    commit_all(settled, "v2 is a file again")
    result = run(settled, "check", "--base", "main")
    assert result.exit_code == 0, result.output
