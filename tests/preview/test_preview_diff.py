"""Diff of two compiled documents: items matched by identity, minimal marks."""

from __future__ import annotations

from typing import Any

from compiler.preview.diff import Ghost, Mark, diff


def doc(*sections: dict[str, Any], title: str = "Mini Services") -> dict[str, Any]:
    return {"locale": "en-US", "dir": "ltr", "title": title, "sections": list(sections)}


def fav(sid: str, name: str = "Favs", max_items: int = 8) -> dict[str, Any]:
    return {"id": sid, "type": "favorites", "name": name, "max_items": max_items}


def program(app_id: str, name: str, badge: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {"app_id": app_id, "name": name, "icon": f"https://cdn.example.com/{app_id}.png"}
    if badge:
        out["badge"] = badge
    return out


def custom(sid: str, *programs: dict[str, Any]) -> dict[str, Any]:
    return {"id": sid, "type": "custom", "name": sid, "max_items": 6,
            "mini_programs": list(programs)}


def test_identical_documents_have_no_marks() -> None:
    a = doc(fav("a"), custom("c", program("1", "Ride")))
    result = diff(a, a)
    assert (result.marks, result.ghosts, result.changes) == ({}, {}, [])


def test_changed_title_keeps_the_old_value_for_the_hover() -> None:
    result = diff(doc(title="Old"), doc(title="New"))
    assert result.marks == {"/title": Mark("changed", "\u201cOld\u201d")}
    assert result.changes == ["title: \u201cOld\u201d -> \u201cNew\u201d"]


def test_moving_one_section_marks_only_that_section() -> None:
    old = doc(fav("a"), fav("b"), fav("c"), fav("d"))
    new = doc(fav("b"), fav("c"), fav("d"), fav("a"))
    result = diff(old, new)
    assert result.marks == {"/sections/3": Mark("moved", "was #1")}
    assert result.changes == ["section 'a' moved from #1 to #4"]


def test_removed_section_is_a_ghost_where_it_used_to_be() -> None:
    old = doc(fav("a"), fav("b"), fav("c"))
    new = doc(fav("a"), fav("c"), fav("n"))
    result = diff(old, new)
    assert result.ghosts == {"/sections": [Ghost(1, fav("b"))]}
    assert result.marks == {"/sections/2": Mark("added")}
    assert result.changes == ["section 'n' added", "section 'b' removed"]


def test_removed_first_item_goes_to_the_top() -> None:
    result = diff(doc(fav("a"), fav("b")), doc(fav("b")))
    assert result.ghosts == {"/sections": [Ghost(0, fav("a"))]}


def test_field_changes_are_marked_on_the_field() -> None:
    old = doc(fav("a", name="Favs", max_items=8))
    new = doc(fav("a", name="Favorites", max_items=4))
    result = diff(old, new)
    assert set(result.marks) == {"/sections/0/name", "/sections/0/max_items"}
    assert result.marks["/sections/0/max_items"] == Mark("changed", "8")


def test_programs_are_matched_by_app_id() -> None:
    dot = {"type": "image", "style": "red_dot"}
    old = doc(custom("c", program("1", "Ride"), program("2", "Food"), program("3", "Movies")))
    new = doc(custom("c", program("3", "Movies"), program("1", "Ride", dot),
                     program("4", "Hotels")))
    result = diff(old, new)
    assert result.marks == {
        "/sections/0/mini_programs/0": Mark("moved", "was #3"),
        "/sections/0/mini_programs/1/badge": Mark("changed", "(none)"),
        "/sections/0/mini_programs/2": Mark("added"),
    }
    assert result.ghosts == {"/sections/0/mini_programs": [Ghost(2, program("2", "Food"))]}


def test_a_section_that_changes_type_is_replaced() -> None:
    banner = {"id": "a", "type": "banner", "image": "https://cdn.example.com/b.png"}
    result = diff(doc(fav("a")), doc(banner))
    assert result.marks == {"/sections/0": Mark("added")}
    assert result.ghosts == {"/sections": [Ghost(0, fav("a"))]}


def test_slides_are_matched_by_image_and_windows_compared() -> None:
    def carousel(*slides: dict[str, Any]) -> dict[str, Any]:
        return {"id": "carousel", "type": "carousel", "slides": list(slides)}

    s1 = {"image": "https://cdn.example.com/1.png", "start": "2026-11-01T00:00:00Z"}
    s1_later = {**s1, "start": "2026-11-02T00:00:00Z"}
    s2 = {"image": "https://cdn.example.com/2.png"}
    result = diff(doc(carousel(s1, s2)), doc(carousel(s1_later, s2)))
    assert list(result.marks) == ["/sections/0/slides/0/start"]
    assert result.changes == [
        "slide 1.png in section 'carousel': start \u201c2026-11-01T00:00:00Z\u201d -> "
        "\u201c2026-11-02T00:00:00Z\u201d"]
