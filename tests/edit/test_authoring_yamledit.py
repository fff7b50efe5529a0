"""Round-trip editing keeps every line it does not mean to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.edit import programs as edit_programs
from compiler.edit import sections as edit
from compiler.edit import yamledit
from compiler.edit.sections import EditContext, Placement
from tests.authoring_support import V3, commented_repo, udiff
from tests.conftest import Run

CTX = EditContext("en-US", ("en-US", "zh-CN"))
HEADER = "# yaml-language-server: $schema=../../../schema/version.schema.json\n" \
         "title: {en-US: T}   # the title\n\nsections:\n"
BLOCKS = {
    "carousel": """\
  # about carousel
  - id: carousel   # eol carousel
    type: carousel
    slides:
      - image: https://cdn.example.com/c.png
        link: {app_id: "3000000000000001"}
""",
    "banner": """\

  # about banner, after a blank line
  # and a second line
  - id: banner
    type: banner
    image: https://cdn.example.com/b.png
    link: {url: https://example.com/x}
""",
    "favorites": """\
  - id: favorites
    type: favorites
    name: {en-US: Mine}
    max_items: 4   # eol favorites
""",
    "picks": """\
    # about picks, indented deeper
  - id: picks
    type: custom
    name: {en-US: Picks}
    max_items: 4
    mini_programs:
""" + "{programs}",
    "travel": """\
  # about travel
  - id: travel
    type: custom
    name: {en-US: Travel}
    max_items: 4
    mini_programs:
      - app_id: "3000000000000003"
        badge: {type: text, text: {en-US: HOT}}
""",
}
PROGRAMS = {
    "3000000000000001": """\
      # about 1
      - app_id: "3000000000000001"
        badge: {type: image, style: new}
""",
    "3000000000000002": """\
      - app_id: "3000000000000002"   # eol 2
""",
    "3000000000000004": """\

      # about 4, after a blank line
      - app_id: "3000000000000004"
        badge: {type: text, text: {en-US: HOT}}   # eol 4
""",
    "3000000000000005": """\
      - app_id: "3000000000000005"
""",
}
TRAILER = "  # after the last section\n\n# end of file\n"


def page(order: list[str], programs: list[str] | None = None) -> str:
    listed = "".join(PROGRAMS[a] for a in (list(PROGRAMS) if programs is None else programs))
    return HEADER + "".join(BLOCKS[i].replace("{programs}", listed) for i in order) + TRAILER


def apply(text: str, *edits: edit.Edit) -> str:
    tree, style, exact = yamledit.load(text)
    assert exact
    for change in edits:
        change(tree, CTX)
    return yamledit.dump(tree, style)


def test_the_page_round_trips_exactly() -> None:
    assert apply(page(list(BLOCKS))) == page(list(BLOCKS))


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.permutations(list(BLOCKS)))
def test_moving_sections_moves_their_comment_lines_with_them(order: list[str]) -> None:
    moves = [lambda t, c, s=sid, p=pos: edit.move_section(t, c, s, Placement(to=p))
             for pos, sid in enumerate(order, start=1)]
    assert apply(page(list(BLOCKS)), *moves) == page(order)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(st.sets(st.sampled_from(list(BLOCKS)), max_size=len(BLOCKS) - 1))
def test_removing_sections_removes_exactly_their_lines(gone: set[str]) -> None:
    removals = [lambda t, c, s=sid: edit.remove_section(t, c, s) for sid in sorted(gone)]
    assert apply(page(list(BLOCKS)), *removals) == page([i for i in BLOCKS if i not in gone])


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(st.permutations(list(PROGRAMS)), st.sampled_from(list(PROGRAMS)))
def test_moving_and_removing_programs_keeps_each_ones_lines(order: list[str], gone: str) -> None:
    moves = [lambda t, c, a=app, p=pos: edit_programs.move_program(
        t, c, "picks", a, Placement(to=p)) for pos, app in enumerate(order, start=1)]
    remove: edit.Edit = lambda t, c: edit_programs.remove_program(t, c, "picks", gone)  # noqa: E731
    assert apply(page(list(BLOCKS)), *moves) == page(list(BLOCKS), order)
    assert apply(page(list(BLOCKS), order), remove) == page(
        list(BLOCKS), [a for a in order if a != gone])


@pytest.mark.parametrize("order", [["travel", "banner"], ["banner", "travel"]])
def test_emptying_a_list_keeps_the_lines_after_it(order: list[str]) -> None:
    remove: edit.Edit = lambda t, c: edit_programs.remove_program(  # noqa: E731
        t, c, "travel", "3000000000000003")
    emptied = BLOCKS["travel"].split("    mini_programs:")[0] + "    mini_programs: []\n"
    assert apply(page(order), remove) == page(order).replace(BLOCKS["travel"], emptied)


def test_removing_every_section_keeps_the_lines_after_them() -> None:
    removals = [lambda t, c, s=sid: edit.remove_section(t, c, s) for sid in BLOCKS]
    assert apply(page(list(BLOCKS)), *removals) == (
        HEADER.replace("sections:\n", "sections: []\n") + TRAILER)


def test_a_list_indented_at_its_key_keeps_that_style() -> None:
    text = "title: {en-US: T}\nsections:\n- id: picks\n  type: custom\n  name: {en-US: P}\n" \
           "  max_items: 2\n  mini_programs:\n  - app_id: \"3000000000000001\"\n"
    tree, style, exact = yamledit.load(text)
    assert exact and (style.sequence, style.offset) == (2, 0)
    edit_programs.add_program(tree, EditContext("en-US", ("en-US",), tuple(_catalog())), "picks",
                     "3000000000000002", None, Placement())
    assert udiff(text, yamledit.dump(tree, style)) == \
        '@@ -8,0 +9 @@\n+  - app_id: "3000000000000002"'


def _catalog() -> list[object]:
    from compiler.model.inputs import MiniProgram

    return [MiniProgram(app_id=f"300000000000000{i}", name={"en-US": f"App {i}"},
                        icon="https://cdn.example.com/i.png") for i in (1, 2)]


def test_bom_and_crlf_survive_an_edit(run: Run, tmp_path: Path) -> None:
    repo = commented_repo(tmp_path)
    original = (repo / V3).read_text()
    (repo / V3).write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode())
    result = run(repo, "title", "set", "home", "--locale", "zh-CN", "小程序", "--version", "3")
    assert result.exit_code == 0, result.output
    expected = original.replace("  zh-CN: 小程序服务\n", "  zh-CN: 小程序\n")
    assert (repo / V3).read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_formatting_ruamel_cannot_keep_is_pointed_out(run: Run, tmp_path: Path) -> None:
    repo = commented_repo(tmp_path)
    text = (repo / V3).read_text().replace("    max_items: 4\n", "    max_items:    4\n")
    (repo / V3).write_text(text)
    result = run(repo, "section", "edit", "home", "favorites", "--max-items", "6",
                 "--version", "3")
    assert result.exit_code == 0, result.output
    assert "could not keep exactly; review `git diff`" in result.output


def test_a_file_that_does_not_parse_is_not_edited(run: Run, tmp_path: Path) -> None:
    repo = commented_repo(tmp_path)
    (repo / V3).write_text((repo / V3).read_text() + "  bad: [\n")
    before = (repo / V3).read_bytes()
    result = run(repo, "title", "set", "home", "X", "--version", "3")
    assert result.exit_code == 1
    assert "E101" in result.output and "must parse before a command can edit it" in result.output
    assert (repo / V3).read_bytes() == before
