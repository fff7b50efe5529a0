"""The diff-sized gate: `check --base` judges only what the PR can affect, and says what
`check --base --full` says of every PR from a gated base (compiler/engine/affected.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compiler.engine.affected import changed_apps
from compiler.engine.gate_inputs import read_for_gate
from compiler.git.tree import open_root
from compiler.load import fastload
from compiler.model.paths import CATALOG, FREEZE
from tests.commands.test_check import settled  # noqa: F401  (the fixture)
from tests.conftest import Run, write
from tests.gitutil import commit_all, git, isolated_git  # noqa: F401

HOME_V3 = "services/home/versions/3.yaml"
WALLET = "services/wallet"
Edit = Callable[[Path, Run], None]


def _replace(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _catalog_entry(app: str) -> re.Pattern[str]:
    return re.compile(rf'  - app_id: "{app}"\n(?:    .*\n)*')


def _delete_app(repo: Path, app: str) -> None:
    path = repo / CATALOG
    path.write_text(_catalog_entry(app).sub("", path.read_text(encoding="utf-8"), 1),
                    encoding="utf-8")


def draft_word(repo: Path, run: Run) -> None:
    _replace(repo, HOME_V3, "Mini Services", "Mini Apps")


def draft_error(repo: Path, run: Run) -> None:
    _replace(repo, HOME_V3, "type: favorites", "type: favourites")


def new_version(repo: Path, run: Run) -> None:
    assert run(repo, "new", "wallet").exit_code == 0


def rename_wallet_app(repo: Path, run: Run) -> None:
    _replace(repo, CATALOG, "Mobile Top-up", "Top-up")


def offline_wallet_app(repo: Path, run: Run) -> None:
    path = repo / CATALOG
    text = path.read_text(encoding="utf-8")
    entry = _catalog_entry("3000000000000019").search(text)
    assert entry is not None
    path.write_text(text.replace(entry[0], entry[0].replace("status: online",
                                                            "status: offline")),
                    encoding="utf-8")


def delete_live_app(repo: Path, run: Run) -> None:
    _delete_app(repo, "3000000000000004")  # wallet v1 Released recommends it: E314


def delete_draft_only_app(repo: Path, run: Run) -> None:
    _delete_app(repo, "3000000000000010")  # only home's Draft v3 names it


def add_app(repo: Path, run: Run) -> None:
    path = repo / CATALOG
    path.write_text(path.read_text(encoding="utf-8") + (
        '  - app_id: "3000000000000099"\n    name: {en-US: New}\n'
        "    icon: https://cdn.example.com/icons/new.png\n    status: online\n"),
        encoding="utf-8")


def move_to_testing(repo: Path, run: Run) -> None:
    assert run(repo, "test", "home", "3", "--tester", "carol@example.com").exit_code == 0


def illegal_move(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml", "version: 3\nstage: released\n")


def remove_locale(repo: Path, run: Run) -> None:
    _replace(repo, "services/home/service.yaml", ", th-TH", "")


def delete_draft(repo: Path, run: Run) -> None:
    (repo / HOME_V3).unlink()


def edit_frozen(repo: Path, run: Run) -> None:
    _replace(repo, f"{WALLET}/versions/1.yaml", "Wallet", "Purse")


def freeze_window(repo: Path, run: Run) -> None:
    write(repo, FREEZE, "windows:\n  - {start: 2020-01-01T00:00:00Z, "
                        "end: 2099-01-01T00:00:00Z, reason: Double 11}\n")


def draft_unknown_app(repo: Path, run: Run) -> None:
    _replace(repo, HOME_V3, '- app_id: "3000000000000002"', '- app_id: "3000000000000999"')


def draft_offline_app(repo: Path, run: Run) -> None:  # E209; the catalog sliced per service
    _replace(repo, HOME_V3, '- app_id: "3000000000000002"', '- app_id: "3000000000000024"')


def draft_escaped_app(repo: Path, run: Run) -> None:  # an escape spells an id: whole catalog
    _replace(repo, HOME_V3, '- app_id: "3000000000000002"', '- app_id: "\\x33000000000000024"')


def second_draft_error(repo: Path, run: Run) -> None:  # v3 counted, not read; v4 judged
    text = (repo / HOME_V3).read_text(encoding="utf-8")
    write(repo, "services/home/versions/4.yaml", text.replace("type: favorites",
                                                              "type: favourites"))


def delete_released(repo: Path, run: Run) -> None:  # home v2's file gone, v1 and v3 counted
    (repo / "services/home/versions/2.yaml").unlink()


def new_service(repo: Path, run: Run) -> None:
    assert run(repo, "service", "add", "shop", "--locale", "en-US").exit_code == 0


EDITS = [draft_word, draft_error, new_version, rename_wallet_app, offline_wallet_app,
         delete_live_app, delete_draft_only_app, add_app, move_to_testing, illegal_move,
         remove_locale, delete_draft, edit_frozen, freeze_window, draft_unknown_app,
         draft_offline_app, draft_escaped_app, second_draft_error, delete_released,
         new_service]


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_the_diff_sized_gate_says_what_the_full_check_says(settled: Path,  # noqa: F811
                                                           run: Run, edit: Edit) -> None:
    edit(settled, run)
    commit_all(settled, "the PR")
    for fmt in ("text", "json"):
        fast = run(settled, "check", "--base", "main", "--format", fmt)
        full = run(settled, "check", "--base", "main", "--format", fmt, "--full")
        assert (fast.exit_code, fast.output) == (full.exit_code, full.output), edit.__name__


@pytest.mark.parametrize("edit", [draft_error, rename_wallet_app, freeze_window, edit_frozen],
                         ids=lambda e: e.__name__)
def test_uncommitted_changes_are_judged_as_the_full_check_judges_them(
        settled: Path, run: Run, edit: Edit) -> None:  # noqa: F811
    """git says what the work tree changed since HEAD; those services are read from it."""
    edit(settled, run)
    fast = run(settled, "check", "--base", "main")
    full = run(settled, "check", "--base", "main", "--full")
    assert (fast.exit_code, fast.output) == (full.exit_code, full.output), edit.__name__


def test_the_gate_reads_only_the_services_a_pr_reaches(settled: Path,  # noqa: F811
                                                       run: Run) -> None:
    draft_word(settled, run)
    commit_all(settled, "the PR")
    (settled / WALLET / "versions" / "9.yaml").write_text("title: {en-US: draft}\n")
    root = open_root(settled)
    read = read_for_gate(settled, root, "main", False, root.work_tree_changes())
    assert read.only == {"home", "wallet"}  # wallet: changed in the work tree
    git(settled, "stash", "-u", "-q")
    read = read_for_gate(settled, root, "main", False, root.work_tree_changes())
    assert read.only == {"home"}
    assert {p.split("/")[1] for p in read.work_tree if p.count("/") > 1} == {"home"}
    assert CATALOG in read.work_tree and read.base[CATALOG] == read.work_tree[CATALOG]
    assert read_for_gate(settled, root, "main", True, set()).only is None


def test_the_gate_reads_only_the_version_files_a_pr_changes(
        settled: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """In a service whose service.yaml and release.yaml the PR leaves alone, against
    base's catalog, the other versions are counted, not read (base was gated with them);
    the catalog is read only as far as the changed file names its entries."""
    draft_word(settled, run)
    commit_all(settled, "the PR")
    parsed: list[tuple[str, bytes]] = []
    real = fastload.parse

    def parse(file: str, raw: bytes) -> Any:
        parsed.append((file, raw))
        return real(file, raw)

    monkeypatch.setattr(fastload, "parse", parse)
    monkeypatch.setenv("MINISVC_CACHE", "0")
    assert run(settled, "check", "--base", "main").exit_code == 0
    assert {f for f, _ in parsed if "/versions/" in f} == {HOME_V3}
    sliced = [raw for f, raw in parsed if f == CATALOG]
    assert len(sliced) == 1 and sliced[0].count(b"app_id") == len(
        set(re.findall(rb"30000000000000[0-9]{2}", (settled / HOME_V3).read_bytes())))


def test_an_untouched_broken_service_is_left_to_the_full_check(settled: Path,  # noqa: F811
                                                               run: Run) -> None:
    """What the fast gate trusts: base as gated. A Draft broken on main by a bypass is
    not the PR's; --full (and verify on main) report it."""
    git(settled, "checkout", "-q", "main")
    draft_error(settled, run)
    commit_all(settled, "broken on main by a bypass")
    git(settled, "checkout", "-q", "pr")
    git(settled, "merge", "-q", "main")
    new_version(settled, run)
    commit_all(settled, "the PR")
    fast = run(settled, "check", "--base", "main")
    full = run(settled, "check", "--base", "main", "--full")
    assert fast.exit_code == 0 and HOME_V3 not in fast.output, fast.output
    assert full.exit_code == 1 and f"{HOME_V3}:28:5: E116" in full.output, full.output


def test_changed_apps_names_the_entries_a_catalog_edit_changes() -> None:
    old = (b'mini_programs:\n  - {app_id: "1", name: {en-US: A}}\n'
           b'  - {app_id: "2", name: {en-US: B}}\n')
    assert changed_apps(old, old) == set()
    assert changed_apps(old, old.replace(b"B}", b"C}")) == {"2"}
    assert changed_apps(old, old + b'  - {app_id: "3", name: {en-US: C}}\n') == {"3"}
    assert changed_apps(old, None) == {"1", "2"}
    assert changed_apps(old, b"[1, 2]\n") is None


def test_a_catalog_edit_reaches_the_services_that_name_the_app(settled: Path,  # noqa: F811
                                                                run: Run) -> None:
    """Found by git grep at base and HEAD; a file with a backslash counts (an escape
    could spell the id)."""
    offline_wallet_app(settled, run)
    commit_all(settled, "the PR")
    root = open_root(settled)
    naming = {p.parts[-3] for p in (settled / "services").glob("*/versions/*.yaml")
              if "3000000000000019" in p.read_text(encoding="utf-8")}
    assert naming == {"wallet"}
    assert read_for_gate(settled, root, "main", False, set()).only == naming
    git(settled, "checkout", "-q", "main")
    _replace(settled, HOME_V3, "Mini Services", "Mini \\x53ervices")
    commit_all(settled, "an escape in home, on main")
    git(settled, "checkout", "-q", "pr")
    git(settled, "merge", "-q", "main")
    assert read_for_gate(settled, root, "main", False, set()).only == {"home", "wallet"}
    freeze_window(settled, run)
    assert read_for_gate(settled, root, "main", False, root.work_tree_changes()).only is None
