"""What users of live versions will notice, shown and gated before the merge (issue 15):
PRs that change only shared files (the catalog, service.yaml) against a repo with applied
refs, with the exact output-plan lines, JSON records and exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import Run
from tests.gitutil import (
    bootstrapped,
    commit_all,
    git,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    with_remote,
)

CATALOG = "services/catalog.yaml"
HOME = "services/home/service.yaml"
WALLET = "services/wallet/service.yaml"
NOTHING = "output: no change for users of live versions"


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    text = (repo / rel).read_text(encoding="utf-8")
    assert old in text, old
    (repo / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


def pr(repo: Path, run: Run, change: Callable[[Path], None], *args: str) -> tuple[int, str]:
    """A PR branch off main with ``change``, checked against main; back on main after."""
    git(repo, "checkout", "-q", "-b", "pr", "main")
    change(repo)
    commit_all(repo, "the change")
    result = run(repo, "check", "--base", "main", *args)
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "pr")
    return result.exit_code, result.output


def output_lines(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("output"))
    return lines[start:]


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    """home v1 Released, v2 Releasing 20%, v3 Draft; wallet v1 Released, v2 Testing."""
    return bootstrapped(tmp_path, run)[0]


def test_renaming_an_app_shows_every_live_page_it_renames(repo: Path, run: Run) -> None:
    code, out = pr(repo, run, lambda r: edit(r, CATALOG, "en-US: Movies,", "en-US: Cinema,"))
    assert code == 0
    assert output_lines(out) == [
        "output (what users of live versions will notice):",
        "  home v1 (Released) en-US: 3000000000000003 renamed 'Movies' -> 'Cinema' in "
        "daily-picks",
        "  home v2 (Releasing) en-US: 3000000000000003 renamed 'Movies' -> 'Cinema' in "
        "daily-picks"]


def test_the_same_in_json(repo: Path, run: Run) -> None:
    code, out = pr(repo, run, lambda r: edit(r, CATALOG, "en-US: Movies,", "en-US: Cinema,"),
                   "--format", "json")
    assert code == 0
    assert json.loads(out)["output"] == [
        {"service": "home", "version": v, "status": status, "locale": "en-US",
         "change": "renamed",
         "text": "3000000000000003 renamed 'Movies' -> 'Cinema' in daily-picks"}
        for v, status in ((1, "Released"), (2, "Releasing"))]


def test_a_new_icon_is_one_line_per_version(repo: Path, run: Run) -> None:
    code, out = pr(repo, run, lambda r: edit(r, CATALOG, "icons/movies.png",
                                             "icons/movies-2026.png"))
    assert code == 0
    assert output_lines(out)[1:] == [
        "  home v1 (Released): 3000000000000003 (Movies) icon changed in daily-picks",
        "  home v2 (Releasing): 3000000000000003 (Movies) icon changed in daily-picks"]


def test_an_app_set_offline_is_removed_for_all_users_and_says_so(repo: Path,
                                                                   run: Run) -> None:
    def offline(r: Path) -> None:
        edit(r, CATALOG, "icons/movies.png\n    status: online",
             "icons/movies.png\n    status: offline")
        edit(r, "services/home/versions/3.yaml", '      - app_id: "3000000000000003"\n', "")
    code, out = pr(repo, run, offline)
    assert code == 0, out
    assert output_lines(out)[1:] == [
        "  home v1 (Released): 3000000000000003 (Movies) removed from daily-picks for all "
        "users: it went offline",
        "  home v2 (Releasing): 3000000000000003 (Movies) removed from daily-picks for all "
        "users: it went offline"]


def test_deleting_an_app_a_live_version_recommends_is_refused(repo: Path, run: Run) -> None:
    def delete(r: Path) -> None:
        text = (r / CATALOG).read_text(encoding="utf-8")
        (r / CATALOG).write_text(re.sub(r'  - app_id: "3000000000000003"\n(    .*\n)+', "",
                                        text, count=1), encoding="utf-8")
        edit(r, "services/home/versions/3.yaml", '      - app_id: "3000000000000003"\n', "")
    code, out = pr(repo, run, delete)
    assert code == 1
    assert [line for line in out.splitlines() if ": E" in line] == [
        "services/catalog.yaml:4:1: E314 app_id '3000000000000003' was deleted from the "
        "catalog, but home v1 (Released), home v2 (Releasing) recommend it: a frozen version "
        "cannot change"]


def test_removing_a_locale_a_live_version_serves_is_refused_at_service_yaml(
        repo: Path, run: Run) -> None:
    def remove(r: Path) -> None:
        edit(r, HOME, ", th-TH, ar-SA]", ", ar-SA]")
        draft = r / "services/home/versions/3.yaml"
        draft.write_text(re.sub(r"(, )?th-TH: [^,}\n]+", "", draft.read_text()),
                         encoding="utf-8")
    code, out = pr(repo, run, remove)
    assert code == 1
    assert [line for line in out.splitlines() if ": E" in line] == [
        "services/home/service.yaml:5:1: E312 th-TH is no longer in home's locales, but "
        "home v1 (Released), home v2 (Releasing) serve it: a frozen version cannot change, "
        "so its users would lose the locale with no test or ratio step"]
    assert output_lines(out)[1:] == [
        "  home v1 (Released) th-TH: removes th-TH: its users fall back to another locale",
        "  home v2 (Releasing) th-TH: removes th-TH: its users fall back to another locale"]


def test_a_new_locale_reaches_no_live_version_and_warns_only_drafts(repo: Path,
                                                                    run: Run) -> None:
    code, out = pr(repo, run, lambda r: edit(r, HOME, ", ar-SA]", ", ar-SA, ms-MY]"))
    assert code == 0
    assert output_lines(out) == [NOTHING]
    warned = {line.split(":")[0] for line in out.splitlines() if " W201 " in line}
    assert warned == {"services/home/versions/3.yaml"}  # never a frozen file


def with_gaps(tmp_path: Path, run: Run) -> Path:
    """The sample with two gaps frozen in: wallet v1's favorites name has no vi-VN, and
    the catalog's Electricity (in wallet's bills) has no Hebrew name."""
    repo = init_sample(tmp_path / "repo")
    edit(repo, "services/wallet/versions/1.yaml", ", vi-VN: Yêu thích}", "}")
    edit(repo, CATALOG, "he: חשמל, ", "")
    commit_all(repo, "gaps")
    with_remote(repo, tmp_path / "remote.git")
    assert run(repo, "apply", "--bootstrap", "--push", "origin").exit_code == 0
    return repo


def test_another_fallback_shows_each_string_it_moves(tmp_path: Path, run: Run) -> None:
    repo = with_gaps(tmp_path, run)
    code, out = pr(repo, run, lambda r: edit(
        r, WALLET, "locales: [en-US, zh-CN, zh-Hant-TW, he-IL, vi-VN]",
        "locales: [en-US, zh-CN, zh-Hant-TW, he-IL, vi-VN]\nfallbacks: {vi-VN: [zh-CN]}"))
    assert code == 0, out
    assert output_lines(out)[1:] == [
        "  wallet v1 (Released) vi-VN: favorites/name now shown in zh-CN (was en-US)"]


def test_a_default_locale_a_live_version_lacks_is_refused(tmp_path: Path, run: Run) -> None:
    repo = with_gaps(tmp_path, run)
    code, out = pr(repo, run, lambda r: edit(r, WALLET, "default_locale: en-US",
                                             "default_locale: vi-VN"))
    assert code == 1
    assert [line for line in out.splitlines() if ": E" in line] == [
        "services/wallet/service.yaml:4:1: E313 default_locale vi-VN is missing from texts of "
        "wallet v1 (Released): a frozen version cannot change, and its fallback chains would "
        "end in nothing"]


def test_plan_shows_what_a_merged_catalog_change_does_once_applied(repo: Path,
                                                                   run: Run) -> None:
    edit(repo, CATALOG, "en-US: Movies,", "en-US: Cinema,")
    commit_all(repo, "Cinema")
    out = run(repo, "plan").output
    assert output_lines(out)[1:] == [
        "  home v1 (Released) en-US: 3000000000000003 renamed 'Movies' -> 'Cinema' in "
        "daily-picks",
        "  home v2 (Releasing) en-US: 3000000000000003 renamed 'Movies' -> 'Cinema' in "
        "daily-picks"]
    assert run(repo, "apply").exit_code == 0
    edit(repo, "services/home/versions/3.yaml", "title:", "# reviewed\ntitle:")
    commit_all(repo, "a Draft edit on top: no live output changes")
    assert output_lines(run(repo, "plan").output) == [NOTHING]


# --- the shipped sample, no git ----------------------------------------------------------

def test_a_locale_added_and_translated_in_every_draft_passes_strict(tmp_path: Path,
                                                                    run: Run) -> None:
    root = tmp_path / "sample"
    from tests.conftest import copy_sample
    copy_sample(root)
    edit(root, HOME, ", ar-SA]", ", ar-SA, ms-MY]")
    assert run(root, "validate", "--strict").exit_code == 1  # the Draft lacks ms-MY
    yaml = YAML()
    yaml.preserve_quotes = True
    draft = root / "services/home/versions/3.yaml"
    doc = yaml.load(draft.read_text(encoding="utf-8"))

    def translate(node: object) -> None:
        if isinstance(node, dict):
            if "en-US" in node:
                node["ms-MY"] = node["en-US"]
            for value in list(node.values()):
                translate(value)
        elif isinstance(node, list):
            for item in node:
                translate(item)
    translate(doc)
    with draft.open("w", encoding="utf-8") as out:
        yaml.dump(doc, out)
    result = run(root, "validate", "--strict")
    assert result.exit_code == 0, result.output


def test_removing_a_live_locale_from_the_sample_is_one_refusal_not_frozen_errors(
        tmp_path: Path, run: Run) -> None:
    from tests.conftest import copy_sample
    root = copy_sample(tmp_path / "sample")
    edit(root, HOME, ", th-TH, ar-SA]", ", ar-SA]")
    result = run(root, "validate")
    assert result.exit_code == 1
    frozen = [line for line in result.output.splitlines()
              if line.startswith(("services/home/versions/1.yaml", "services/home/versions/2"))]
    assert frozen == []
    assert "services/home/service.yaml:5:1: E312 th-TH is no longer in home's locales" \
        in result.output
