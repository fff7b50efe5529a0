"""minisvc program add/badge/move/remove on a Draft that carries comments."""
# ruff: noqa: E501  (the expected diffs are whole lines of the sample)

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring_support import V3, commented_repo, edit, refused
from tests.conftest import Run, snapshot

NEW_BADGE = ["--badge-text", "en-US=NEW", "--badge-text", "zh-CN=新", "--badge-text",
             "zh-Hant-HK=新", "--badge-text", "zh-Hant-TW=新", "--badge-text", "id-ID=BARU",
             "--badge-text", "th-TH=ใหม่", "--badge-text", "ar-SA=جديد"]
NEW_BADGE_LINE = "badge: {type: text, text: {en-US: NEW, zh-CN: 新, zh-Hant-HK: 新, zh-Hant-TW: 新, id-ID: BARU, th-TH: ใหม่, ar-SA: جديد}}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return commented_repo(tmp_path)


def test_add_by_name_with_a_text_badge_before_another_app(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "add", "home", "travel", "Parking", *NEW_BADGE,
                "--before", "Flights", "--version", "3")
    assert diff == f"""\
@@ -62,0 +63,2 @@
+      - app_id: "3000000000000012"
+        {NEW_BADGE_LINE}"""


def test_add_by_a_name_in_another_locale_with_an_image_badge(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "add", "home", "travel", "停车", "--badge-image", "red_dot",
                "--version", "3")
    assert diff == """\
@@ -66,0 +67,2 @@
+      - app_id: "3000000000000012"
+        badge: {type: image, style: red_dot}"""


def test_add_by_app_id_into_an_empty_section_writes_a_block_list(run: Run, repo: Path) -> None:
    text = (repo / V3).read_text().replace(
        "  - id: travel\n", "  - id: travel\n    type: custom\n    name: {en-US: Travel}\n"
        "    max_items: 4\n    mini_programs: []\n  - id: travel-old\n")
    text = text.replace("    name: {en-US: Travel}\n", "    name: {en-US: Travel, zh-CN: 出行, "
                        "zh-Hant-HK: 出行, zh-Hant-TW: 旅遊, id-ID: Perjalanan, th-TH: การเดินทาง, "
                        "ar-SA: السفر}\n", 1)
    (repo / V3).write_text(text)
    diff = edit(run, repo, "program", "add", "home", "travel", "3000000000000013", "--version", "3")
    assert diff == """\
@@ -62 +62,2 @@
-    mini_programs: []
+    mini_programs:
+      - app_id: "3000000000000013\""""


def test_badge_set_adds_one_line(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "badge", "home", "daily-picks", "Movies", "--badge-image",
                "new", "--version", "3")
    assert diff == "@@ -51,0 +52 @@\n+        badge: {type: image, style: new}"


def test_badge_removed_keeps_the_comment_above_the_app(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "badge", "home", "daily-picks", "Ride", "--no-badge",
                "--version", "3")
    assert diff == "@@ -50 +49,0 @@\n-        badge: {type: image, style: red_dot}"


def test_move_to_the_top_carries_the_comment_above_the_app(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "move", "home", "daily-picks", "Ride", "--to", "1",
                "--version", "3")
    assert diff == f"""\
@@ -46,2 +45,0 @@
-      - app_id: "3000000000000002"
-        {NEW_BADGE_LINE}
@@ -50,0 +49,2 @@
+      - app_id: "3000000000000002"
+        {NEW_BADGE_LINE}"""
    lines = (repo / V3).read_text().splitlines()
    assert lines[45:48] == ["      # keep Ride second: partner contract",
                            '      - app_id: "3000000000000001"',
                            "        badge: {type: image, style: red_dot}"]


def test_move_after_keeps_the_end_of_line_comment(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "move", "home", "daily-picks", "Movies", "--after",
                "Pharmacy", "--version", "3")
    assert diff == """\
@@ -51 +50,0 @@
-      - app_id: "3000000000000003"   # movies
@@ -56,0 +56 @@
+      - app_id: "3000000000000003"   # movies"""


def test_remove_takes_its_line_only(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "remove", "home", "daily-picks", "Movies", "--version", "3")
    assert diff == '@@ -51 +50,0 @@\n-      - app_id: "3000000000000003"   # movies'


def test_remove_the_last_app_keeps_the_end_of_file_comment(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "program", "remove", "home", "travel", "Train Tickets",
                "--version", "3")
    assert diff == '@@ -66 +65,0 @@\n-      - app_id: "3000000000000008"'


def test_an_ambiguous_name_lists_the_matches(run: Run, repo: Path) -> None:
    result = refused(run, repo, "program", "add", "home", "travel", "bill", "--version", "3")
    assert "'bill' matches 2 mini programs in the catalog; give the app id of one:\n" \
           "  3000000000000005  online   Bills\n" \
           "  3000000000000018  online   Water Bill" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["add", "home", "travel", "no such app"], "no mini program in the catalog matches"),
    (["add", "home", "travel", "Hotels"], "Hotels (3000000000000006) is already in 'travel'"),
    (["add", "home", "travel", "Old Maps"], "Old Maps (3000000000000024) is offline"),
    (["add", "home", "daily-picks", "Hotels"], "E210 section 'daily-picks' lists 7 mini programs"),
    (["add", "home", "favorites", "Ride"], "'favorites' is a favorites section; only custom"),
    (["add", "home", "travel", "Parking", "--badge-text", "en-US=LIMITED"],
     'E214 badge text "LIMITED" is 7 characters'),
    (["add", "home", "travel", "Parking", "--after", "Ride"],
     "no mini program in 'travel' matches 'Ride'"),
    (["move", "home", "travel", "Ride", "--to", "1"], "no mini program in 'travel' matches"),
    (["move", "home", "travel", "Hotels", "--to", "4"], "positions go from 1 to 3"),
    (["remove", "home", "nope", "Ride"], "there is no section 'nope'"),
    (["badge", "home", "travel", "Ride", "--no-badge"], "no mini program in 'travel' matches"),
])
def test_refusals_change_nothing(run: Run, repo: Path, args: list[str], message: str) -> None:
    result = refused(run, repo, "program", *args, "--version", "3")
    assert message in result.output


@pytest.mark.parametrize("args", [
    ["add", "home", "travel", "Parking", "--badge-text", "en-US=N", "--badge-image", "new"],
    ["add", "home", "travel", "Parking", "--badge-image", "star"],
    ["badge", "home", "travel", "Hotels"],
    ["move", "home", "travel", "Hotels"],
])
def test_misuse_exits_2_and_changes_nothing(run: Run, repo: Path, args: list[str]) -> None:
    before = snapshot(repo)
    assert run(repo, "program", *args, "--version", "3").exit_code == 2
    assert snapshot(repo) == before
