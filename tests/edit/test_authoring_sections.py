"""minisvc section add/edit/move/remove on a Draft that carries comments."""
# ruff: noqa: E501  (the expected diffs are whole lines of the sample)

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring_support import commented_repo, edit, refused
from tests.conftest import Run

TRANSLATED = ["--name-locale", "zh-CN=优惠", "--name-locale", "zh-Hant-HK=優惠",
              "--name-locale", "zh-Hant-TW=優惠", "--name-locale", "id-ID=Promo",
              "--name-locale", "th-TH=ดีล", "--name-locale", "ar-SA=عروض"]
DEALS = """\
+  - id: deals
+    type: custom
+    name: {en-US: Deals, zh-CN: 优惠, zh-Hant-HK: 優惠, zh-Hant-TW: 優惠, id-ID: Promo, th-TH: ดีล, ar-SA: عروض}
+    max_items: 4
+    mini_programs: []"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return commented_repo(tmp_path)


def test_add_after_a_section_goes_below_its_last_line_and_above_the_next_comment(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "add", "home", "deals", "--name", "Deals", *TRANSLATED,
                "--max-items", "4", "--after", "daily-picks", "--version", "3")
    assert diff == "@@ -56,0 +57,5 @@\n" + DEALS


def test_add_at_position_one_leaves_the_first_sections_comment_with_it(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "add", "home", "deals", "--name", "Deals", *TRANSLATED,
                "--max-items", "4", "--to", "1", "--version", "3")
    assert diff == "@@ -13,0 +14,5 @@\n" + DEALS


def test_add_without_placement_appends_before_the_end_of_file_comment(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "add", "home", "deals", "--name", "Deals", *TRANSLATED,
                "--max-items", "4", "--version", "3")
    assert diff == "@@ -66,0 +67,5 @@\n" + DEALS


def test_add_with_only_a_name_warns_about_missing_translations(run: Run, repo: Path) -> None:
    result = run(repo, "section", "add", "home", "deals", "--name", "Deals", "--max-items", "4",
                 "--version", "3")
    assert result.exit_code == 0
    assert "W201 no translation for zh-CN, zh-Hant-HK" in result.output


def test_add_a_second_favorites_section_is_refused(run: Run, repo: Path) -> None:
    result = refused(run, repo, "section", "add", "home", "mine", "--type", "favorites",
                     "--name", "Mine", "--max-items", "4", "--version", "3")
    assert "already a favorites section ('favorites')" in result.output


def test_edit_changes_only_the_name_and_max_items_lines(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "edit", "home", "daily-picks",
                "--name-locale", "zh-CN=今日精选", "--max-items", "8", "--version", "3")
    assert diff == """\
@@ -43,2 +43,2 @@
-    name: {en-US: Daily picks, zh-CN: 每日精选, zh-Hant-HK: 每日精選, zh-Hant-TW: 每日精選, id-ID: Pilihan harian, th-TH: คัดสรรประจำวัน, ar-SA: مختارات اليوم}
-    max_items: 6   # the console's "Mini Program Number"
+    name: {en-US: Daily picks, zh-CN: 今日精选, zh-Hant-HK: 每日精選, zh-Hant-TW: 每日精選, id-ID: Pilihan harian, th-TH: คัดสรรประจำวัน, ar-SA: مختارات اليوم}
+    max_items: 8   # the console's "Mini Program Number\""""


TRAVEL = """\
  # seasonal
  - id: travel
    type: custom
    name: {en-US: Travel, zh-CN: 出行, zh-Hant-HK: 出行, zh-Hant-TW: 旅遊, id-ID: Perjalanan, th-TH: การเดินทาง, ar-SA: السفر}
    max_items: 4
    mini_programs:
      - app_id: "3000000000000007"
        badge: {type: text, text: {en-US: HOT, zh-CN: 热门, zh-Hant-HK: 熱門, zh-Hant-TW: 熱門, id-ID: HOT, th-TH: ฮิต, ar-SA: رائج}}
      - app_id: "3000000000000006"
      - app_id: "3000000000000008\""""


def _lines(sign: str, text: str) -> str:
    return "\n".join(sign + line for line in text.splitlines())


def test_move_carries_the_comment_above_the_section(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "move", "home", "travel", "--before", "daily-picks",
                "--version", "3")
    assert diff == ("@@ -38,0 +39,10 @@\n" + _lines("+", TRAVEL)
                    + "\n@@ -57,10 +66,0 @@\n" + _lines("-", TRAVEL))


def test_move_to_the_position_it_has_changes_nothing(run: Run, repo: Path) -> None:
    before = (repo / "services/home/versions/3.yaml").read_bytes()
    result = run(repo, "section", "move", "home", "travel", "--to", "6", "--version", "3")
    assert result.exit_code == 0
    assert "nothing to change" in result.output
    assert (repo / "services/home/versions/3.yaml").read_bytes() == before


def test_remove_takes_its_comment_and_keeps_the_end_of_file_comment(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "section", "remove", "home", "travel", "--version", "3")
    assert diff == "@@ -57,10 +56,0 @@\n" + _lines("-", TRAVEL)
    assert (repo / "services/home/versions/3.yaml").read_text().endswith(
        '      - app_id: "3000000000000010"\n'
        "        badge: {type: text, text: {en-US: NEW, zh-CN: 新, zh-Hant-HK: 新, zh-Hant-TW: 新, id-ID: BARU, th-TH: ใหม่, ar-SA: جديد}}\n"
        "# end of page\n")


@pytest.mark.parametrize(("args", "message"), [
    (["add", "home", "Daily Picks", "--name", "X", "--max-items", "2"], "is not a slug"),
    (["add", "home", "travel", "--name", "X", "--max-items", "2"], "already a section 'travel'"),
    (["add", "home", "x", "--name", "X", "--name-locale", "fr-FR=Y", "--max-items", "2"],
     "fr-FR is not one of the service's locales"),
    (["add", "home", "x", "--name", "X", "--max-items", "2", "--after", "nope"],
     "there is no section 'nope'"),
    (["add", "home", "x", "--name", "X", "--max-items", "2", "--to", "9"],
     "--to 9 is out of range: positions go from 1 to 7"),
    (["add", "home", "x", "--name", "A name far longer than the fifty characters allowed",
      "--max-items", "2"], "E213 section name is 51 characters"),
    (["edit", "home", "daily-picks", "--max-items", "2"], "E210 section 'daily-picks' lists 6"),
    (["edit", "home", "carousel", "--name", "X"], "a carousel section has no name"),
    (["edit", "home", "nope", "--max-items", "2"], "there is no section 'nope' (there are: "
     "carousel, banner, favorites, recent, daily-picks, travel)"),
    (["move", "home", "travel", "--after", "travel"], "cannot be placed next to itself"),
    (["move", "home", "travel", "--to", "7"], "positions go from 1 to 6"),
    (["remove", "home", "nope"], "there is no section 'nope'"),
])
def test_refusals_change_nothing(run: Run, repo: Path, args: list[str], message: str) -> None:
    result = refused(run, repo, "section", *args, "--version", "3")
    assert message in result.output


@pytest.mark.parametrize("args", [
    ["move", "home", "travel"],
    ["move", "home", "travel", "--to", "1", "--before", "banner"],
    ["edit", "home", "travel"],
    ["add", "home", "x", "--name", "X", "--max-items", "2", "--name-locale", "zh-CN"],
])
def test_misuse_exits_2_and_changes_nothing(run: Run, repo: Path, args: list[str]) -> None:
    from tests.conftest import snapshot

    before = snapshot(repo)
    assert run(repo, "section", *args, "--version", "3").exit_code == 2
    assert snapshot(repo) == before
