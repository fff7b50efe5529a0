"""minisvc new/duplicate/delete, the choice of the Draft, and version numbers never reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.lifecycle.numbering import next_version
from tests.authoring_support import V3, commented_repo, commented_v3, git, refused, set_stage
from tests.conftest import Run, snapshot, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return commented_repo(tmp_path)


def _created(run: Run, repo: Path, *args: str) -> dict[str, bytes]:
    """Run a command that must add exactly one file; return {path: bytes} of it."""
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    assert {p for p in before if before[p] != after.get(p)} == set()
    added = {p: after[p] for p in after.keys() - before.keys()}
    assert len(added) == 1
    assert run(repo, "validate", "--strict").exit_code == 0
    return added


SCHEMA_LINE = "# yaml-language-server: $schema=../../../schema/version.schema.json\n"


def provenance(text: str, note: str, header: str) -> str:
    """``text`` with its header comment line (``header``) replaced by the copy's ``note``."""
    assert text.startswith(SCHEMA_LINE + header + "\n"), text[:200]
    return SCHEMA_LINE + note + "\n" + text[len(SCHEMA_LINE + header) + 1:]


V3_HEADER = "# Draft: Double 12 carousel slide; pharmacy joins daily picks."
V2_HEADER = "# Double 11: carousel and banner added; daily picks reordered with badges."


def test_new_copies_the_newest_version_and_names_its_source(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 1, "draft")  # never released: the newest version is the source
    added = _created(run, repo, "new", "home")
    expected = provenance(commented_v3(), "# started from v3 (minisvc new)", V3_HEADER)
    assert added == {"services/home/versions/4.yaml": expected.encode()}


def test_new_starts_from_the_newest_released_version(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 2, "released")
    added = _created(run, repo, "new", "home")
    v2 = (repo / "services/home/versions/2.yaml").read_text("utf-8")
    assert added == {"services/home/versions/4.yaml": provenance(
        v2, "# started from v2 (minisvc new)", V2_HEADER).encode()}


def test_a_copy_of_a_copy_names_its_own_source_only(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 2, "released")
    assert run(repo, "new", "home").exit_code == 0
    set_stage(repo, "home", 4, "released")
    assert run(repo, "duplicate", "home", "4").exit_code == 0
    copy = (repo / "services/home/versions/5.yaml").read_text("utf-8").splitlines()
    assert copy[:3] == [SCHEMA_LINE.strip(), "# started from v4 (minisvc duplicate)", "title:"]


def test_the_header_goes_and_the_bom_and_crlf_stay(run: Run, repo: Path) -> None:
    (repo / "services/home/versions/2.yaml").write_bytes(
        b"\xef\xbb\xbf# about v2\r\n\r\n# more\r\ntitle: {en-US: Mini Services}\r\n"
        b"sections: []  # none yet\r\n")
    set_stage(repo, "home", 2, "released")
    assert run(repo, "duplicate", "home", "2").exit_code == 0
    assert (repo / "services/home/versions/4.yaml").read_bytes() == (
        b"\xef\xbb\xbf# started from v2 (minisvc duplicate)\r\ntitle: {en-US: Mini Services}"
        b"\r\nsections: []  # none yet\r\n")


def test_new_skips_numbers_seen_in_refs_and_history(run: Run, tmp_path: Path) -> None:
    """A deleted Draft, a colleague's pushed branch and a lifecycle tag all hold numbers."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo = commented_repo(tmp_path)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "sample")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    write(repo, "services/home/versions/4.yaml", commented_v3())
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "draft 4")
    git(repo, "rm", "-q", "services/home/versions/4.yaml")
    git(repo, "commit", "-qm", "delete draft 4")
    assert next_version_of(run, repo) == 5

    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(remote), str(colleague))
    git(colleague, "switch", "-qc", "add-draft-6")
    write(colleague, "services/home/versions/6.yaml", commented_v3())
    git(colleague, "add", ".")
    git(colleague, "commit", "-qm", "draft 6")
    git(colleague, "push", "-q", "origin", "add-draft-6")
    git(repo, "fetch", "-q", "origin")
    assert next_version_of(run, repo) == 7

    git(repo, "tag", "-a", "home/v9/released", "-m", "released")
    git(repo, "tag", "-a", "wallet/v20/released", "-m", "other service")
    assert next_version_of(run, repo) == 10


def next_version_of(run: Run, repo: Path) -> int:
    """Make the next Draft, report its number, and take it away again (not via git)."""
    before = set(snapshot(repo))
    assert run(repo, "new", "home").exit_code == 0
    (added,) = set(snapshot(repo)) - before
    (repo / added).unlink()
    return int(Path(added).stem)


@pytest.mark.parametrize(("refs", "paths", "expected"), [
    ([], [], 4),
    (["refs/tags/home/v7/released", "refs/tags/homepage/v50/released"], [], 8),
    (["refs/heads/lifecycle/home/v12/testing", "refs/tags/home/v3-rc"], [], 13),
    (["refs/tags/myhome/v90"], ["services/myhome/versions/80.yaml"], 4),
    ([], ["sub/services/home/versions/11.yaml", "services/home/versions/notes.md"], 12),
])
def test_next_version_counts_files_refs_and_history(refs: list[str], paths: list[str],
                                                    expected: int) -> None:
    assert next_version("home", {1, 2, 3}, refs, paths) == expected


def test_new_drops_offline_programs_from_the_copy(run: Run, repo: Path) -> None:
    """The newest version may list a program that went offline after it was frozen."""
    text = commented_v3().replace('      - app_id: "3000000000000022"\n',
                                  '      - app_id: "3000000000000024"   # old maps\n', 1)
    write(repo, V3, text)
    set_stage(repo, "home", 3, "released")
    result = run(repo, "new", "home")
    assert result.exit_code == 0, result.output
    assert "dropped offline mini program 3000000000000024 from 'daily-picks'" in result.output
    copy = (repo / "services/home/versions/4.yaml").read_text()
    assert copy == provenance(text.replace('      - app_id: "3000000000000024"   # old maps\n',
                                           ""), "# started from v3 (minisvc new)", V3_HEADER)


def test_duplicate_copies_a_released_version(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 2, "released")
    added = _created(run, repo, "duplicate", "home", "2")
    v2 = (repo / "services/home/versions/2.yaml").read_text("utf-8")
    assert added == {"services/home/versions/4.yaml": provenance(
        v2, "# started from v2 (minisvc duplicate)", V2_HEADER).encode()}


def test_delete_removes_only_the_draft_file(run: Run, repo: Path) -> None:
    before = snapshot(repo)
    result = run(repo, "delete", "home", "3")
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    assert before.keys() - after.keys() == {V3}
    assert all(after[p] == before[p] for p in after)
    assert run(repo, "validate", "--strict").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["duplicate", "home", "3"], "home v3 is Draft: only a Released or Archived version can be "
                                 "duplicated"),
    (["duplicate", "home", "2"], "home v2 is Releasing: only a Released or Archived"),
    (["duplicate", "home", "8"], "home has no version 8 (versions: 1, 2, 3)"),
    (["delete", "home", "2"], "home v2 is Releasing: only a Draft can be deleted; revert it "
                                 "to Draft (`minisvc revert home`) first, then delete it"),
    (["delete", "wallet", "2"], "wallet v2 is Testing: only a Draft can be deleted"),
    (["new", "nope"], "no service 'nope'"),
    (["title", "set", "home", "X", "--version", "2"],
     "home v2 is Releasing: only a Draft can be edited"),
    (["section", "remove", "wallet", "bills", "--version", "2"],
     "wallet v2 is Testing: only a Draft can be edited"),
    (["program", "remove", "home", "travel", "Hotels", "--version", "9"],
     "home has no version 9"),
])
def test_refusals_change_nothing(run: Run, repo: Path, args: list[str], message: str) -> None:
    assert message in refused(run, repo, *args).output


def test_a_released_version_is_refused_with_how_to_copy_it(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 2, "released")
    result = refused(run, repo, "section", "remove", "home", "travel", "--version", "2")
    assert "home v2 is Released: only a Draft can be edited. Make the change in a new Draft " \
           "(`minisvc duplicate home 2`)." in result.output
    result = refused(run, repo, "delete", "home", "2")
    assert "home v2 is Released: only a Draft can be deleted" in result.output


def test_delete_refuses_the_draft_release_yaml_names(run: Run, repo: Path) -> None:
    write(repo, "services/home/release.yaml", "version: 3\nstage: draft\n")
    result = refused(run, repo, "delete", "home", "3")
    assert "E215 home has no version 3 (no file services/home/versions/3.yaml)" in result.output


def test_without_version_the_only_draft_is_edited(run: Run, repo: Path) -> None:
    (repo / "services/home/versions/1.yaml").unlink()
    result = run(repo, "section", "remove", "home", "travel")
    assert result.exit_code == 0, result.output
    assert "home v3: section 'travel' removed" in result.output


def test_without_version_several_drafts_are_listed(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 2, "draft")  # v1 Released below it; v2 and v3 Drafts
    result = refused(run, repo, "section", "remove", "home", "travel")
    assert "home has several Drafts (2, 3); choose one with --version N" in result.output


def test_without_version_no_draft_says_how_to_make_one(run: Run, repo: Path) -> None:
    (repo / "services/home/versions/1.yaml").unlink()
    (repo / V3).unlink()
    result = refused(run, repo, "title", "set", "home", "X")
    assert "home has no Draft; make one with: minisvc new home" in result.output


def test_an_edit_works_beside_an_error_elsewhere_but_never_adds_one(
        run: Run, repo: Path) -> None:
    """A broken file in another service must not block edits; a new error must."""
    write(repo, "services/wallet/versions/1.yaml",
          (repo / "services/wallet/versions/1.yaml").read_text().replace(
              '"3000000000000005"', '"3999999999999999"'))
    result = run(repo, "program", "remove", "home", "travel", "Hotels", "--version", "3")
    assert result.exit_code == 0, result.output
    result = refused(run, repo, "section", "edit", "home", "daily-picks", "--max-items", "2",
                     "--version", "3")
    assert "E210 section 'daily-picks' lists 6 mini programs; max_items is 2" in result.output
    assert "E208" not in result.output


def test_new_for_a_service_without_versions_writes_a_minimal_page(run: Run,
                                                                   repo: Path) -> None:
    for path in ("services/wallet/versions/1.yaml", "services/wallet/versions/2.yaml",
                 "services/wallet/release.yaml"):
        (repo / path).unlink()
    result = run(repo, "new", "wallet")
    assert result.exit_code == 0, result.output
    assert (repo / "services/wallet/versions/1.yaml").read_text() == (
        "# yaml-language-server: $schema=../../../schema/version.schema.json\n"
        "title: {en-US: Wallet}\nsections: []\n")
    assert run(repo, "validate").exit_code == 0


def test_a_failed_write_leaves_the_file_and_no_temp_file(run: Run, repo: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("compiler.disk.atomic.os.replace", crash)
    before = snapshot(repo)
    with pytest.raises(OSError, match="disk full"):
        run(repo, "section", "remove", "home", "travel", "--version", "3")
    assert snapshot(repo) == before


def test_refused_findings_can_be_json(run: Run, repo: Path) -> None:
    result = refused(run, repo, "section", "edit", "home", "travel", "--max-items", "1",
                     "--version", "3", "--format", "json")
    assert '"code": "E210"' in result.output
