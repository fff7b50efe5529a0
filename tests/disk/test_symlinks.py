"""Links under services/ that leave the repository (or lead nowhere) are refused: E121.

So is a link inside the repository where an input would be read (see
tests/disk/test_regular_files.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


def errors(run: Run, repo: Path) -> set[tuple[str, str]]:
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code == 1, result.output
    return {(f["code"], f["file"]) for f in json.loads(result.output)}


@pytest.fixture
def outside(repo: Path) -> Path:
    """A folder beside the repo holding a perfectly valid service."""
    folder = repo.parent / "outside"
    (folder / "evil").mkdir(parents=True)
    for name in ("service.yaml", "release.yaml"):
        (folder / "evil" / name).write_bytes((repo / "services/wallet" / name).read_bytes()
                                            .replace(b"id: wallet", b"id: evil"))
    (folder / "secret.yaml").write_text("title: {en-US: secret}\nsections: []\n")
    return folder


def test_a_linked_file_outside_is_refused(repo: Path, run: Run, outside: Path) -> None:
    link = repo / "services/home/versions/7.yaml"
    link.symlink_to(outside / "secret.yaml")
    assert ("E121", "services/home/versions/7.yaml") in errors(run, repo)


def test_a_linked_file_with_a_relative_target_outside_is_refused(repo: Path, run: Run,
                                                                 outside: Path) -> None:
    link = repo / "services/home/versions/7.yaml"
    link.symlink_to(os.path.relpath(outside / "secret.yaml", link.parent))
    assert ("E121", "services/home/versions/7.yaml") in errors(run, repo)


def test_a_linked_folder_outside_is_refused_not_skipped(repo: Path, run: Run,
                                                        outside: Path) -> None:
    (repo / "services/evil").symlink_to(outside / "evil", target_is_directory=True)
    assert ("E121", "services/evil") in errors(run, repo)
    before = snapshot(repo)
    assert run(repo, "build").exit_code == 1
    assert snapshot(repo) == before


def test_a_linked_services_folder_is_refused(repo: Path, run: Run, outside: Path) -> None:
    real = repo.parent / "elsewhere"
    (repo / "services").rename(real)
    (repo / "services").symlink_to(real, target_is_directory=True)
    assert ("E121", "services/catalog.yaml") in errors(run, repo)


@pytest.mark.parametrize("target", ["missing.yaml", "7.yaml"])
def test_a_link_to_nothing_is_refused(repo: Path, run: Run, target: str) -> None:
    """A dangling link or a loop (7.yaml -> 7.yaml) would otherwise be skipped silently."""
    (repo / "services/home/versions/7.yaml").symlink_to(target)
    assert ("E121", "services/home/versions/7.yaml") in errors(run, repo)


def test_a_link_inside_the_repo_is_refused_too(repo: Path, run: Run) -> None:
    """It used to be followed; but git stores the link, not the content, so a commit
    would hold something else than validate read (tests/disk/test_regular_files.py)."""
    (repo / "services/home/versions/7.yaml").symlink_to("3.yaml")
    assert ("E121", "services/home/versions/7.yaml") in errors(run, repo)


def test_a_huge_file_is_read_only_up_to_the_limit(repo: Path, run: Run) -> None:
    """64 GiB on paper (sparse, nothing on disk): reading it whole would exhaust memory."""
    with (repo / "services/home/versions/7.yaml").open("wb") as fh:
        fh.truncate(1 << 36)
    assert ("E105", "services/home/versions/7.yaml") in errors(run, repo)


def test_an_unreadable_file_is_a_finding(repo: Path, run: Run,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions cannot be tested as root (CI containers), so the refusal is simulated."""
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "3.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    assert ("E121", "services/home/versions/3.yaml") in errors(run, repo)

