"""minisvc check --base REF: the PR gate refuses every illegal move, naming file and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Run, write
from tests.gitutil import (
    bootstrapped,
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    settle,
)


@pytest.fixture
def settled(tmp_path: Path, run: Run) -> Path:
    """home: v1 Archived, v2 Released, v3 Draft; wallet: v1 Released, v2 Testing.
    A PR branch `pr` is checked out."""
    repo, _ = bootstrapped(tmp_path, run)
    assert run(repo, "release", "home", "--ratio", "100").exit_code == 0
    settle(repo, run, "release home v2")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def check(run: Run, repo: Path, *extra: str) -> tuple[int, str]:
    commit_all(repo, "the PR")
    result = run(repo, "check", "--base", "main", *extra)
    return result.exit_code, result.output


def test_a_legal_pr_passes_with_its_plan(settled: Path, run: Run) -> None:
    assert run(settled, "test", "home", "3", "--tester", "carol@example.com").exit_code == 0
    code, out = check(run, settled)
    assert code == 0, out
    assert out.splitlines()[-3:] == ["plan:", "  home v3: Draft -> Testing (1 tester)",
                                     "output: no change for users of live versions"]


def test_editing_a_frozen_version_is_refused(settled: Path, run: Run) -> None:
    path = settled / "services/home/versions/2.yaml"
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace("Mini Services", "Mini Svc")
    path.write_text("".join(lines))
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/versions/2.yaml:4:1: E300 home v2 is Released and frozen: its "
            "content changed") in out
    assert "E310" not in out


def test_deleting_or_renaming_a_frozen_version_is_refused(settled: Path, run: Run) -> None:
    git(settled, "mv", "services/home/versions/1.yaml", "services/home/versions/9.yaml")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/versions/1.yaml:1:1: E301 home v1 is Archived and frozen: its "
            "file was deleted or renamed") in out


def test_draft_straight_to_releasing_is_refused(settled: Path, run: Run) -> None:
    write(settled, "services/home/release.yaml", "version: 3\nstage: releasing\nratio: 5\n")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/release.yaml:2:1: E303 Release is not allowed: home v3 is Draft"
            in out)


def test_ratio_going_down_is_refused(settled: Path, run: Run) -> None:
    write(settled, "services/wallet/release.yaml", "version: 2\nstage: releasing\nratio: 30\n")
    git(settled, "checkout", "-q", "main")
    settle(settled, run, "wallet v2 at 30%")
    git(settled, "checkout", "-q", "-B", "pr")
    write(settled, "services/wallet/release.yaml", "version: 2\nstage: releasing\nratio: 10\n")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/wallet/release.yaml:3:1: E304 wallet v2 is releasing at 30%; the ratio "
            "only goes up, not to 10%") in out


def test_a_second_version_in_flight_is_refused(settled: Path, run: Run) -> None:
    shutil.copy(settled / "services/home/versions/3.yaml",
                settled / "services/wallet/versions/3.yaml")
    write(settled, "services/wallet/release.yaml",
          "version: 3\nstage: testing\ntesters: [dan@example.com]\n")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/wallet/release.yaml:1:1: E305 wallet v2 is Testing; at most one "
            "version is in flight") in out


def test_testing_with_no_testers_is_refused(settled: Path, run: Run) -> None:
    write(settled, "services/home/release.yaml", "version: 3\nstage: testing\n")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/release.yaml:2:1: E216 stage testing needs at least one tester"
            in out)


def test_duplicate_of_a_draft_is_refused(settled: Path, run: Run) -> None:
    shutil.copy(settled / "services/home/versions/3.yaml",
                settled / "services/home/versions/4.yaml")
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/versions/4.yaml:1:1: E306 home v4 is a copy of v3: Duplicate is "
            "not allowed: home v3 is Draft") in out


def test_duplicate_of_a_released_version_is_fine(settled: Path, run: Run) -> None:
    shutil.copy(settled / "services/home/versions/2.yaml",
                settled / "services/home/versions/4.yaml")
    code, out = check(run, settled)
    assert code == 0, out


def test_reusing_a_deleted_drafts_number_is_refused(settled: Path, run: Run) -> None:
    git(settled, "checkout", "-q", "main")
    draft = (settled / "services/home/versions/3.yaml").read_bytes()
    git(settled, "rm", "-q", "services/home/versions/3.yaml")
    settle(settled, run, "delete Draft v3")
    git(settled, "checkout", "-q", "-B", "pr")
    (settled / "services/home/versions/3.yaml").write_bytes(draft.replace(b"Draft", b"Again"))
    code, out = check(run, settled)
    assert code == 1
    assert ("services/home/versions/3.yaml:1:1: E307 home version number 3 was used before"
            in out)
    assert "name it 4.yaml" in out


def test_a_change_to_a_testing_version_is_refused(settled: Path, run: Run) -> None:
    path = settled / "services/wallet/versions/2.yaml"
    path.write_bytes(path.read_bytes() + b"# a late note\n")
    code, out = check(run, settled)
    assert code == 1
    assert "services/wallet/versions/2.yaml" in out and "E300 wallet v2 is Testing" in out


def test_github_format_annotates_and_writes_the_summary(settled: Path, run: Run,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(settled, "release", "wallet", "--ratio", "5").exit_code == 0
    write(settled, "services/home/release.yaml", "version: 3\nstage: released\n")
    code, out = check(run, settled, "--format", "github")
    assert code == 1
    assert ("::error file=services/home/release.yaml,line=2,col=1,title=E303::Release 100 is "
            "not allowed: home v3 is Draft") in out
    assert summary.read_text() == (
        "## minisvc plan\n\n| service | version | change |\n|---|---|---|\n"
        "| wallet | v2 | Testing → Releasing 5% |\n\n### 1 error\n\n"
        "- `services/home/release.yaml:2` **E303** Release 100 is not allowed: home v3 is "
        "Draft, and a Draft can be edited, tested or deleted — fix: test it first "
        "(`minisvc test home 3 --tester EMAIL`), then release it\n\n"
        "### What users of live versions will notice\n\n"
        "Nothing: every live version's output stays as it is.\n")


def test_json_format_has_findings_and_plan(settled: Path, run: Run) -> None:
    import json

    assert run(settled, "revert", "wallet").exit_code == 0
    code, out = check(run, settled, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["findings"] == []
    assert doc["plan"] == [{"service": "wallet", "version": 2, "event": "reverted",
                            "from": "testing", "to": "draft", "ratio": None, "testers": None,
                            "bootstrap": False, "text": "wallet v2: Testing -> Draft"}]


def test_an_illegal_pending_release_does_not_block_an_unrelated_pr(settled: Path,
                                                                   run: Run) -> None:
    git(settled, "checkout", "-q", "main")
    write(settled, "services/home/release.yaml", "version: 2\nstage: draft\n")
    commit_all(settled, "a direct push asking the impossible (not applied)")
    git(settled, "checkout", "-q", "-B", "pr")
    path = settled / "services/home/versions/3.yaml"
    path.write_bytes(path.read_bytes().replace(b"Mini Services", b"Mini Service", 1))
    code, out = check(run, settled)
    assert code == 0, out
    assert "W300 Revert is not allowed: home v2 is Released" in out


def test_unknown_base_is_a_clean_error(settled: Path, run: Run) -> None:
    result = run(settled, "check", "--base", "nope")
    assert result.exit_code == 1
    assert "unknown git revision 'nope'" in result.output


def test_check_on_a_repo_without_refs_judges_against_base(tmp_path: Path, run: Run) -> None:
    from tests.gitutil import init_sample

    repo = init_sample(tmp_path / "repo")
    git(repo, "checkout", "-q", "-b", "pr")
    assert run(repo, "release", "home", "--ratio", "40").exit_code == 0
    code, out = check(run, repo)
    assert code == 0, out
    assert "home v2: Releasing 20% -> Releasing 40%" in out
    assert "apply --bootstrap" in out
