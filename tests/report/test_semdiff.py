"""The semantic diff: what a reviewer is told changed between two versions of a page."""

from __future__ import annotations

from typing import Any

from compiler.model.inputs import Version
from compiler.report.semdiff import Change, Kind, diff_versions
from compiler.report.semdiff_report import Comparison, summary, text

PICKS = {"id": "picks", "type": "custom", "name": {"en-US": "Picks", "zh-CN": "精选"},
         "max_items": 6, "mini_programs": [{"app_id": "a"}, {"app_id": "b"}, {"app_id": "c"}]}
FAVS = {"id": "favs", "type": "favorites", "name": {"en-US": "Favs"}, "max_items": 8}
BANNER = {"id": "banner", "type": "banner", "image": "https://cdn.example.com/b.png",
          "link": {"url": "https://example.com/a"}}


def page(*sections: dict[str, Any], title: dict[str, str] | None = None) -> Version:
    return Version.model_validate({"title": title or {"en-US": "Home"},
                                   "sections": list(sections)})


def carousel(*images: str, alt: str = "Deals") -> dict[str, Any]:
    return {"id": "carousel", "type": "carousel",
            "slides": [{"image": f"https://cdn.example.com/{i}.png", "alt": {"en-US": alt}}
                       for i in images]}


def custom(*apps: str | dict[str, Any], sid: str = "picks", **extra: Any) -> dict[str, Any]:
    programs = [{"app_id": a} if isinstance(a, str) else a for a in apps]
    return {**PICKS, "id": sid, **extra, "mini_programs": programs}


def kinds(changes: list[Change]) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.section, c.item) for c in changes]


def test_identical_versions_have_no_changes() -> None:
    assert diff_versions(page(FAVS, PICKS), page(FAVS, PICKS)) == []
    assert summary([]) == "no changes"


def test_title_changes_are_reported_per_locale() -> None:
    old = page(title={"en-US": "Home", "zh-CN": "首页", "th-TH": "หน้าแรก"})
    new = page(title={"en-US": "Start", "zh-CN": "首页", "ar-SA": "الرئيسية"})
    assert [(c.field, c.locale, c.before, c.after) for c in diff_versions(old, new)] == [
        ("title", "en-US", "Home", "Start"),
        ("title", "ar-SA", None, "الرئيسية"),
        ("title", "th-TH", "หน้าแรก", None),
    ]
    assert summary(diff_versions(old, new)) == "title changed in 3 locales"


def test_a_section_added_on_top_moves_no_other_section() -> None:
    changes = diff_versions(page(FAVS, PICKS), page(BANNER, FAVS, PICKS))
    assert kinds(changes) == [("section_added", "banner", "")]
    assert changes[0].new_pos == 1 and changes[0].after["image"] == BANNER["image"]


def test_a_section_moved_down_is_the_only_one_moved() -> None:
    changes = diff_versions(page(BANNER, FAVS, PICKS), page(FAVS, PICKS, BANNER))
    assert [(c.kind, c.section, c.old_pos, c.new_pos) for c in changes] == [
        (Kind.SECTION_MOVED, "banner", 1, 3)]
    assert summary(changes) == "1 section moved"


def test_a_removed_section_keeps_its_old_position() -> None:
    changes = diff_versions(page(BANNER, FAVS, PICKS), page(BANNER, PICKS))
    assert [(c.kind, c.section, c.old_pos) for c in changes] == [
        (Kind.SECTION_REMOVED, "favs", 2)]


def test_section_name_per_locale_and_max_items() -> None:
    new = custom("a", "b", "c", name={"en-US": "Picks", "zh-CN": "每日精选"}, max_items=8)
    changes = diff_versions(page(PICKS), page(new))
    assert [(c.field, c.locale, c.before, c.after) for c in changes] == [
        ("name", "zh-CN", "精选", "每日精选"), ("max_items", "", 6, 8)]
    assert summary(changes) == "1 section edited"


def test_banner_image_and_link_changes() -> None:
    new = {**BANNER, "image": "https://cdn.example.com/b2.png",
           "link": {"app_id": "a", "page": "pages/index"}}
    changes = diff_versions(page(BANNER), page(new))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("image", "https://cdn.example.com/b.png", "https://cdn.example.com/b2.png"),
        ("link", {"url": "https://example.com/a"}, {"app_id": "a", "page": "pages/index"}),
    ]
    cmp = Comparison("home", "v1", "v2", changes, names={"a": "Ride"})
    assert text([cmp]).splitlines()[-1] == (
        "  banner: link: https://example.com/a → Ride (a) › pages/index")


def test_a_slide_inserted_first_is_added_and_the_others_are_untouched() -> None:
    changes = diff_versions(page(carousel("x", "y")), page(carousel("new", "x", "y")))
    assert kinds(changes) == [("slide_added", "carousel", "slide 1")]


def test_a_slide_with_a_new_image_in_the_same_place_is_an_edit() -> None:
    changes = diff_versions(page(carousel("x", "y")), page(carousel("z", "y")))
    assert [(c.item, c.field, c.before, c.after) for c in changes] == [
        ("slide 1", "image", "https://cdn.example.com/x.png", "https://cdn.example.com/z.png")]


def test_slides_swapped_report_one_move() -> None:
    changes = diff_versions(page(carousel("x", "y")), page(carousel("y", "x")))
    assert [(c.kind, c.item, c.old_pos, c.new_pos) for c in changes] == [
        (Kind.SLIDE_MOVED, "slide 1", 2, 1)]


def test_a_slide_removed_from_the_middle() -> None:
    changes = diff_versions(page(carousel("x", "y", "z")), page(carousel("x", "z")))
    assert [(c.kind, c.item, c.old_pos) for c in changes] == [
        (Kind.SLIDE_REMOVED, "slide 2", 2)]


def test_programs_added_removed_and_moved_within_a_section() -> None:
    changes = diff_versions(page(custom("a", "b", "c")), page(custom("c", "a", "d")))
    assert [(c.kind, c.item, c.old_pos, c.new_pos) for c in changes] == [
        (Kind.PROGRAM_MOVED, "c", 3, 1),
        (Kind.PROGRAM_ADDED, "d", None, 3),
        (Kind.PROGRAM_REMOVED, "b", 2, None),
    ]
    assert summary(changes) == ("1 section edited, 1 program added, 1 program removed, "
                                "1 program moved")


def test_a_program_moving_to_another_section_is_removed_there_and_added_here() -> None:
    old = page(custom("a", "b"), custom("c", sid="more"))
    new = page(custom("a"), custom("c", "b", sid="more"))
    assert kinds(diff_versions(old, new)) == [
        ("program_removed", "picks", "b"), ("program_added", "more", "b")]


def test_badge_changes_text_per_locale_and_kind_as_a_whole() -> None:
    text_badge = {"type": "text", "text": {"en-US": "NEW", "zh-CN": "新"}}
    old = page(custom({"app_id": "a", "badge": text_badge}, {"app_id": "b"}))
    new = page(custom({"app_id": "a", "badge": {**text_badge, "text": {"en-US": "NEW",
                                                                      "zh-CN": "新品"}}},
                      {"app_id": "b", "badge": {"type": "image", "style": "red_dot"}}))
    changes = diff_versions(old, new)
    assert [(c.item, c.field, c.locale, c.before, c.after) for c in changes] == [
        ("a", "badge", "zh-CN", "新", "新品"),
        ("b", "badge", "", None, {"type": "image", "style": "red_dot"}),
    ]
    assert summary(changes) == "1 section edited, 2 badges changed"


def test_a_section_that_changes_type_reports_the_type() -> None:
    recent = {**FAVS, "type": "recently_used"}
    changes = diff_versions(page(FAVS), page(recent))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("type", "favorites", "recently_used")]


def test_text_report_lists_every_change_under_its_summary() -> None:
    old = page(FAVS, custom("a", "b"), title={"en-US": "Home"})
    new = page(custom("b", "a", "c"), FAVS, title={"en-US": "Start"})  # one of a swap moves
    cmp = Comparison("home", "v1", "v2", diff_versions(old, new),
                     names={"a": "Ride", "c": "Food"}, locale="en-US")
    assert text([cmp]) == "\n".join([
        "home v1 → v2: title changed in 1 locale, 1 section moved, 1 section edited, "
        "1 program added, 1 program moved",
        "  page: title [en-US]: Home → Start",
        "  picks: section moved: #2 → #1",
        "  picks: b moved: #2 → #1",
        "  picks: Food (c) added: — → #3",
    ])
