"""A link in a commit (mode 120000) is no input file, exactly as in the work tree.

read_inputs refuses a link (E121) and reads nothing through it; `GitRoot.files_at` and
`files_like` skip one, so a commit and its checkout hold the same input files and `check`
judges base (git) and head (the work tree) alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.disk.inputs import read_inputs
from compiler.git.tree import open_root
from tests.gitutil import (
    commit_all,
    git,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return init_sample(tmp_path / "repo")


def alike(repo: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """The input paths git and the work tree both hold (asserted equal), and the work
    tree's findings."""
    files, problems = read_inputs(repo)
    root = open_root(repo)
    at_head = root.files_at("HEAD")
    assert at_head == files
    assert root.files_like("HEAD", files) == files
    return set(files), [(f.code, f.file) for f in problems]


def test_a_committed_link_to_a_version_is_no_file_in_git_either(sample: Path) -> None:
    (sample / "services/home/versions/7.yaml").symlink_to("3.yaml")
    commit_all(sample, "v7 as a link")
    assert git(sample, "ls-files", "-s", "services/home/versions/7.yaml").startswith("120000")
    paths, problems = alike(sample)
    assert "services/home/versions/7.yaml" not in paths
    assert "services/home/versions/3.yaml" in paths
    assert problems == [("E121", "services/home/versions/7.yaml")]


def test_a_committed_linked_service_folder_holds_no_files(sample: Path) -> None:
    (sample / "services/shop").symlink_to("home", target_is_directory=True)
    commit_all(sample, "shop as a link to home")
    paths, problems = alike(sample)
    assert not [p for p in paths if p.startswith("services/shop/")]
    assert problems == [("E121", "services/shop")]


def test_a_committed_linked_services_folder_is_read_as_empty_not_a_crash(
        sample: Path) -> None:
    """git's services/ is then a blob (the link), not a tree."""
    (sample / "services").rename(sample / "real-services")
    (sample / "services").symlink_to("real-services", target_is_directory=True)
    commit_all(sample, "services/ as a link")
    paths, problems = alike(sample)
    assert paths == set()
    assert problems and {code for code, _ in problems} == {"E121"}
