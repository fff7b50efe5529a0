"""minisvc slide add/edit/move/remove, banner set/remove and `section add --type
carousel|banner`: round-trip edits of a Draft that carries comments, refused when they
would add an error, and every file written still portable YAML."""
# ruff: noqa: E501  (the expected diffs are whole lines of the sample)

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.authoring_support import V3, commented_v3, edit, refused, set_stage
from tests.conftest import Run, copy_sample, snapshot

NY = "https://cdn.example.com/carousel/ny.png"
ALT = ["--alt", "New year", "--alt-locale", "zh-CN=新年", "--alt-locale", "zh-Hant-HK=新年",
       "--alt-locale", "zh-Hant-TW=新年", "--alt-locale", "id-ID=Tahun baru",
       "--alt-locale", "th-TH=ปีใหม่", "--alt-locale", "ar-SA=رأس السنة"]
NY_ALT = ("{en-US: New year, zh-CN: 新年, zh-Hant-HK: 新年, zh-Hant-TW: 新年, id-ID: Tahun baru, "
          "th-TH: ปีใหม่, ar-SA: رأس السنة}")


def carousel_comments(text: str) -> str:
    for old, new in [
        ("      - image: https://cdn.example.com/carousel/double12.png\n",
         "      - image: https://cdn.example.com/carousel/double12.png   # 1080x540\n"),
        ("        start: 2026-12-01T00:00:00+08:00\n",
         "        # the Double 12 window, Beijing time\n        start: 2026-12-01T00:00:00+08:00\n"),
        ("      - image: https://cdn.example.com/carousel/ride.png\n",
         "      # evergreen\n      - image: https://cdn.example.com/carousel/ride.png\n"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = copy_sample(tmp_path / "repo")
    (repo / V3).write_text(carousel_comments(commented_v3()), encoding="utf-8")
    return repo


def portable(repo: Path) -> None:
    yaml.safe_load((repo / V3).read_text(encoding="utf-8"))


def test_add_a_slide_first_with_link_page_and_window(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "slide", "add", "home", "--image", NY, *ALT, "--link-app", "Coupons",
                "--link-page", "pages/index?from=ny", "--start", "2026-12-31T00:00:00+08:00",
                "--end", "2027-01-04T00:00:00+08:00", "--to", "1")
    assert diff == (
        "@@ -17,0 +18,5 @@\n"
        f"+      - image: {NY}\n"
        f"+        alt: {NY_ALT}\n"
        '+        link: {app_id: "3000000000000022", page: "pages/index?from=ny"}\n'
        "+        start: 2026-12-31T00:00:00+08:00\n"
        "+        end: 2027-01-04T00:00:00+08:00")
    portable(repo)


def test_add_after_a_slide_named_by_its_file_goes_above_the_next_slides_comment(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "slide", "add", "home", "--image", NY, "--link-url",
                "https://example.com/ny#top", "--after", "double12.png")
    assert diff == (
        "@@ -23,0 +24,2 @@\n"
        f"+      - image: {NY}\n"
        '+        link: {url: "https://example.com/ny#top"}')
    portable(repo)


def test_edit_changes_in_place_and_keeps_the_comment_of_the_next_key(run: Run,
                                                                    repo: Path) -> None:
    diff = edit(run, repo, "slide", "edit", "home", "1", "--alt-locale", "th-TH=ดีล 12.12!",
                "--no-link", "--end", "2026-12-14T00:00:00+08:00")
    assert diff == (
        "@@ -19,2 +19 @@\n"
        "-        alt: {en-US: Double 12 deals, zh-CN: 双12优惠, zh-Hant-HK: 雙12優惠, zh-Hant-TW: 雙12優惠, id-ID: Promo 12.12, th-TH: ดีล 12.12, ar-SA: عروض 12.12}\n"
        '-        link: {app_id: "3000000000000022", page: "pages/index?from=carousel"}\n'
        "+        alt: {en-US: Double 12 deals, zh-CN: 双12优惠, zh-Hant-HK: 雙12優惠, zh-Hant-TW: 雙12優惠, id-ID: Promo 12.12, th-TH: ดีล 12.12!, ar-SA: عروض 12.12}\n"
        "@@ -23 +22 @@\n"
        "-        end: 2026-12-13T00:00:00+08:00\n"
        "+        end: 2026-12-14T00:00:00+08:00")
    assert "        # the Double 12 window, Beijing time\n        start:" in (repo / V3).read_text()


def test_a_window_added_to_a_slide_goes_after_its_link(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "slide", "edit", "home", "ride.png", "--start",
                "2026-12-01T00:00:00Z")
    assert diff == "@@ -27,0 +28 @@\n+        start: 2026-12-01T00:00:00Z"


def test_move_takes_its_comment_along(run: Run, repo: Path) -> None:
    edit(run, repo, "slide", "move", "home", "ride.png", "--before", "1")
    text = (repo / V3).read_text()
    assert text.index("      # evergreen\n      - image: https://cdn.example.com/carousel/ride"
                      ) < text.index("double12.png")


def test_remove_a_slide_and_not_the_last_one(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "slide", "remove", "home", "https://cdn.example.com/carousel/ride.png")
    assert diff.splitlines()[1:] == [
        "-      # evergreen", "-      - image: https://cdn.example.com/carousel/ride.png",
        "-        alt: {en-US: Ride for less, zh-CN: 打车更省钱, zh-Hant-HK: 叫車更慳錢, zh-Hant-TW: 叫車更省錢, id-ID: Naik lebih hemat, th-TH: เรียกรถประหยัดกว่า, ar-SA: تنقل بتكلفة أقل}",
        '-        link: {app_id: "3000000000000001"}']
    result = refused(run, repo, "slide", "remove", "home", "1")
    assert ("slide 1 is the only slide of 'carousel', and a carousel shows at least one; "
            "remove the carousel instead: `minisvc section remove home carousel`") in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["slide", "add", "home", "--image", "http://cdn.example.com/x.png"],
     f"{V3}: E115 sections[0].slides[2].image must be an https URL"),
    (["slide", "edit", "home", "1", "--start", "2026-12-20T00:00:00+08:00"],
     f"{V3}: E212 slide ends (2026-12-13T00:00:00+08:00) before it starts"),
    (["slide", "edit", "home", "1", "--end", "2026-12-20"],
     f"{V3}: E118 sections[0].slides[0].end must be a date-time with a UTC offset"),
    (["slide", "edit", "home", "2", "--link-app", "Old Maps"], f"{V3}: E209"),
    (["slide", "edit", "home", "3", "--alt", "x"],
     "there is no slide 3: the carousel has 2 (1 double12.png, 2 ride.png)"),
    (["slide", "edit", "home", "nope.png", "--alt", "x"],
     "no slide has the image 'nope.png' (slides: 1 double12.png, 2 ride.png)"),
    (["slide", "edit", "home", "1", "--alt-locale", "zh-TW=x"], 'did you mean "zh-Hant-TW"?'),
    (["slide", "add", "home", "--image", NY, "--link-app", "Ride", "--version", "2"],
     "home v2 is Releasing: only a Draft can be edited"),
    (["banner", "set", "home", "--link-app", "nothing-like-it"],
     "no mini program in the catalog matches 'nothing-like-it'"),
])
def test_what_would_add_an_error_is_refused_and_changes_nothing(run: Run, repo: Path,
                                                               args: list[str],
                                                               message: str) -> None:
    assert message in refused(run, repo, *args).output


def test_banner_set_edits_the_banner(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "banner", "set", "home", "--link-app", "Bills", "--no-alt",
                "--image", "https://cdn.example.com/banner/bills.png")
    assert diff == (
        "@@ -30,3 +30,2 @@\n"
        "-    image: https://cdn.example.com/banner/topup.png\n"
        "-    alt: {en-US: Top up and win, zh-CN: 充值赢好礼, zh-Hant-HK: 增值贏好禮, zh-Hant-TW: 儲值贏好禮, id-ID: Isi ulang dan menang, th-TH: เติมเงินลุ้นรางวัล, ar-SA: اشحن واربح}\n"
        "-    link: {url: https://example.com/promo/topup}\n"
        "+    image: https://cdn.example.com/banner/bills.png\n"
        '+    link: {app_id: "3000000000000005"}')


def test_banner_remove_then_set_adds_one_after_the_carousel(run: Run, repo: Path) -> None:
    edit(run, repo, "banner", "remove", "home")
    assert "type: banner" not in (repo / V3).read_text()
    diff = edit(run, repo, "banner", "set", "home", "--image",
                "https://cdn.example.com/banner/bills.png", "--link-url",
                "https://example.com/bills?from=banner")
    assert diff == (
        "@@ -27,0 +28,4 @@\n"
        "+  - id: banner\n"
        "+    type: banner\n"
        "+    image: https://cdn.example.com/banner/bills.png\n"
        '+    link: {url: "https://example.com/bills?from=banner"}')
    portable(repo)


def test_section_add_makes_a_carousel_with_its_first_slide(run: Run, repo: Path) -> None:
    edit(run, repo, "section", "remove", "home", "carousel")
    diff = edit(run, repo, "section", "add", "home", "promo", "--type", "carousel",
                "--image", NY, "--to", "1")
    assert diff == (
        "@@ -13,0 +14,4 @@\n"
        "+  - id: promo\n"
        "+    type: carousel\n"
        "+    slides:\n"
        f"+      - image: {NY}")
    result = refused(run, repo, "section", "add", "home", "more", "--type", "carousel",
                     "--image", NY)
    assert "already a carousel section ('promo')" in result.output


def test_section_add_makes_a_banner(run: Run, repo: Path) -> None:
    edit(run, repo, "banner", "remove", "home")
    diff = edit(run, repo, "section", "add", "home", "promo-banner", "--type", "banner",
                "--image", "https://cdn.example.com/banner/b.png", "--link-app",
                "3000000000000004", "--after", "carousel")
    assert diff.splitlines()[1:] == [
        "+  - id: promo-banner", "+    type: banner",
        "+    image: https://cdn.example.com/banner/b.png",
        '+    link: {app_id: "3000000000000004"}']


@pytest.mark.parametrize("args", [
    ["section", "add", "home", "x", "--type", "carousel", "--image", NY, "--name", "X"],
    ["section", "add", "home", "x", "--name", "X", "--max-items", "2", "--image", NY],
    ["section", "add", "home", "x", "--name", "X"],
    ["slide", "add", "home", "--alt", "no image"],
    ["slide", "edit", "home", "1"],
    ["slide", "edit", "home", "1", "--no-link", "--link-url", "https://example.com/"],
    ["slide", "add", "home", "--image", NY, "--link-page", "pages/index"],
    ["slide", "add", "home", "--image", NY, "--link-app", "Ride", "--link-url",
     "https://example.com/"],
    ["slide", "move", "home", "1"],
    ["banner", "set", "home"],
    ["banner", "set", "home", "--start", "2026-12-01T00:00:00Z"],
])
def test_misuse_exits_2_and_changes_nothing(run: Run, repo: Path, args: list[str]) -> None:
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 2, result.output
    assert snapshot(repo) == before


def test_a_frozen_version_points_to_a_step_that_works(run: Run, repo: Path) -> None:
    set_stage(repo, "home", 3, "testing")
    result = refused(run, repo, "slide", "remove", "home", "2", "--version", "3")
    assert ("home v3 is Testing: only a Draft can be edited. Revert it to Draft "
            "(`minisvc revert home`) to change it, or make the change in a new Draft "
            "(`minisvc new home`).") in result.output


def test_a_copy_drops_links_to_offline_apps_and_says_how_to_link_anew(run: Run,
                                                                     repo: Path) -> None:
    """They used to stay, so the copy was refused (E209) and had to be written by hand."""
    text = (repo / V3).read_text()
    text = text.replace('link: {app_id: "3000000000000001"}', 'link: {app_id: "3000000000000024"}')
    text = text.replace("link: {url: https://example.com/promo/topup}",
                        'link: {app_id: "3000000000000024"}')
    (repo / V3).write_text(text)
    set_stage(repo, "home", 3, "released")
    result = run(repo, "duplicate", "home", "3")
    assert result.exit_code == 0, result.output
    assert ("note: dropped the link of banner 'banner' to offline mini program "
            "3000000000000024; link it anew with `minisvc banner set home --link-app APP` (or "
            "--link-url URL)\n") in result.output
    assert ("note: dropped the link of slide 2 of 'carousel' to offline mini program "
            "3000000000000024; link it anew with `minisvc slide edit home 2 --link-app APP` "
            "(or --link-url URL)\n") in result.output
    copy = (repo / "services/home/versions/4.yaml").read_text()
    assert "3000000000000024" not in copy
    assert copy.count("link:") == text.count("link:") - 2
    fix = run(repo, "slide", "edit", "home", "2", "--link-app", "Ride")
    assert fix.exit_code == 0, fix.output
