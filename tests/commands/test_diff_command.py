"""`minisvc diff`: the job summary a reviewer reads, from the sample and from real git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run, copy_sample, snapshot, write

# The markdown for the sample's Draft v3 against v2 (docs/workflows.md shows a whole job
# summary, pinned by tests/test_rehearsal.py).
HOME_V2_V3 = """\
### home v2 → v3

**2 sections edited, 1 program added**

| section | change | locale | v2 | v3 |
|---|---|---|---|---|
| `carousel` | slide 1 image |  | https://cdn.example.com/carousel/double11.png | https://cdn.example.com/carousel/double12.png |
|  | slide 1 alt | en-US | Double 11 deals | Double 12 deals |
|  | slide 1 alt | zh-CN | 双11优惠 | 双12优惠 |
|  | slide 1 alt | zh-Hant-HK | 雙11優惠 | 雙12優惠 |
|  | slide 1 alt | zh-Hant-TW | 雙11優惠 | 雙12優惠 |
|  | slide 1 alt | id-ID | Promo 11.11 | Promo 12.12 |
|  | slide 1 alt | th-TH | ดีล 11.11 | ดีล 12.12 |
|  | slide 1 alt | ar-SA | عروض 11.11 | عروض 12.12 |
|  | slide 1 start |  | 2026-11-01T00:00:00+08:00 | 2026-12-01T00:00:00+08:00 |
|  | slide 1 end |  | 2026-11-12T00:00:00+08:00 | 2026-12-13T00:00:00+08:00 |
| `daily-picks` | Pharmacy `3000000000000010` added |  | — | #6 with badge text "NEW" |
"""  # noqa: E501


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Operator", "-c", "user.email=op@example.com", *args],
        cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a bare "origin" whose main holds the sample, on a feature branch."""
    seed = copy_sample(tmp_path / "seed")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "sample")
    git(tmp_path, "clone", "-q", "--bare", str(seed), "origin.git")
    git(tmp_path, "clone", "-q", str(tmp_path / "origin.git"), "clone")
    work = tmp_path / "clone"
    git(work, "switch", "-qc", "feature")
    return work


def test_sample_home_v2_to_v3_in_markdown(run: Run) -> None:
    result = run(ROOT, "diff", "home", "2", "3", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output == HOME_V2_V3


def test_text_format_gives_one_line_per_change(run: Run) -> None:
    out = run(ROOT, "diff", "home", "v2", "3").output.splitlines()
    assert out[0] == "home v2 → v3: 2 sections edited, 1 program added"
    assert out[2] == "  carousel: slide 1 alt [en-US]: Double 11 deals → Double 12 deals"
    assert out[-1] == ('  daily-picks: Pharmacy (3000000000000010) added: — → '
                       '#6 with badge text "NEW"')


def test_json_format_carries_the_change_records(run: Run) -> None:
    [cmp] = json.loads(run(ROOT, "diff", "home", "1", "2", "--format", "json").output)
    assert cmp["summary"] == ("3 sections added, 1 section edited, 2 programs added, "
                              "1 program moved, 2 badges changed")
    added = [c for c in cmp["changes"] if c["kind"] == "section_added"]
    assert [(c["section"], c["new_pos"], c["after"]["type"]) for c in added] == [
        ("carousel", 1, "carousel"), ("banner", 2, "banner"), ("travel", 6, "custom")]
    moved = next(c for c in cmp["changes"] if c["kind"] == "program_moved")
    assert moved == {"kind": "program_moved", "section": "daily-picks",
                     "item": "3000000000000002", "old_pos": 2, "new_pos": 1}


@pytest.mark.parametrize(("args", "message"), [
    (("shop", "1", "2"), "no service 'shop' (services: home, wallet)"),
    (("home", "2", "9"), "home has no version 9 (versions: 1, 2, 3)"),
])
def test_unknown_service_or_version_is_a_user_error(run: Run, args: tuple[str, ...],
                                                    message: str) -> None:
    result = run(ROOT, "diff", *args)
    assert result.exit_code == 1 and message in result.output


def test_a_version_with_errors_is_not_compared(repo: Path, run: Run) -> None:
    write(repo, "services/home/versions/4.yaml", "title: {en-US: x}\nsections: 7\n")
    result = run(repo, "diff", "home", "3", "4")
    assert result.exit_code == 1
    assert "services/home/versions/4.yaml has errors; run `minisvc validate`" in result.output


@pytest.mark.parametrize("args", [
    ("home", "2"), ("home", "two", "3"), ("home", "2", "3", "--base", "main"), ("--name-only",),
])
def test_misuse_exits_2(run: Run, args: tuple[str, ...]) -> None:
    assert run(ROOT, "diff", *args).exit_code == 2


def test_a_ref_needs_a_git_repository(repo: Path, run: Run) -> None:
    result = run(repo, "diff", "home", "main:2", "3")
    assert result.exit_code == 1 and "is not in a git repository" in result.output


def test_a_version_at_a_ref_is_compared_with_the_working_tree(clone: Path, run: Run) -> None:
    path = clone / "services/home/versions/3.yaml"
    path.write_text(path.read_text().replace("max_items: 4", "max_items: 3"))
    result = run(clone, "diff", "home", "origin/main:3", "3")
    assert result.output == ("home v3 at origin/main → v3: 1 section edited\n"
                             "  travel: max_items: 4 → 3\n")
    assert run(clone, "diff", "home", "nope:3", "3").exit_code == 1


def test_base_compares_every_version_the_branch_changed(clone: Path, run: Run) -> None:
    v3 = clone / "services/home/versions/3.yaml"
    v3.write_text(v3.read_text().replace("max_items: 4", "max_items: 3"))
    text = (clone / "services/wallet/versions/2.yaml").read_text()
    write(clone, "services/wallet/versions/3.yaml",
          text.replace("Wallet Services", "Wallet").replace("- id: carousel", "- id: promo"))
    git(clone, "rm", "-q", "services/wallet/versions/1.yaml")
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "edit the drafts")
    git(clone, "switch", "-q", "main")  # main moves on; the PR still forks where it did
    write(clone, "services/home/versions/2.yaml", "# changed on main\n")
    git(clone, "commit", "-qam", "main moves")
    git(clone, "push", "-q", "origin", "main")
    git(clone, "switch", "-q", "feature")
    before = snapshot(clone)

    result = run(clone, "diff", "--base", "origin/main", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output == """\
## Semantic diff against origin/main

### home v3 at origin/main → v3

**1 section edited**

| section | change | locale | v3 at origin/main | v3 |
|---|---|---|---|---|
| `travel` | max_items |  | 4 | 3 |

### wallet v1

deleted (it existed at origin/main)

### wallet v2 → v3 (new)

**title changed in 1 locale, 1 section added, 1 section removed**

| section | change | locale | v2 | v3 (new) |
|---|---|---|---|---|
| page | title | en-US | Wallet Services | Wallet |
| `promo` | section added |  | — | #1 carousel, 1 slide |
| `carousel` | section removed |  | #1 carousel, 1 slide | — |
"""
    names = run(clone, "diff", "--base", "origin/main", "--name-only")
    assert names.output == "home 3\nwallet 3\n"
    assert snapshot(clone) == before


def test_base_with_nothing_changed_says_so(clone: Path, run: Run) -> None:
    assert run(clone, "diff", "--base", "origin/main").output == "no versions changed\n"
    md = run(clone, "diff", "--base", "origin/main", "--format", "markdown").output
    assert md.endswith("No version of any service changed.\n")


def test_base_shows_a_new_first_version_whole_and_a_broken_one_as_a_note(
        clone: Path, run: Run) -> None:
    write(clone, "services/shop/service.yaml",
          "id: shop\ndefault_locale: en-US\nlocales: [en-US]\n")
    write(clone, "services/shop/versions/1.yaml",
          "title: {en-US: Shop}\nsections:\n  - {id: fav, type: favorites, "
          "name: {en-US: Mine}, max_items: 4}\n")
    write(clone, "services/home/versions/4.yaml", "title: {en-US: x}\nsections: 7\n")
    out = run(clone, "diff", "--base", "origin/main").output
    assert out == (
        "home v4: not compared: services/home/versions/4.yaml has errors "
        "(run `minisvc validate`)\n"
        "shop v1 (new): title changed in 1 locale, 1 section added\n"
        "  page: title [en-US]: — → Shop\n"
        '  fav: section added: — → #1 favorites "Mine", max 4\n')
