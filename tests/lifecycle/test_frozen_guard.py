"""The frozen guard, pure: what a PR changes in a frozen file, against the tag's digest or
(before there is a tag) against base."""

from __future__ import annotations

from compiler.lifecycle.frozen_guard import digest, frozen_changes
from compiler.lifecycle.machine import ServiceState, VersionState
from compiler.model.status import Status

PATH = "services/home/versions/3.yaml"
TAGGED = b"title: {en-US: Home}\nsections: []\n# one\n"
STALE = b"title: {en-US: Home}\nsections: []\n# two\n"
TAG = "home/v3/01-testing"
FROZEN = {"home": {3: Status.TESTING}}
RECORD = {"home": ServiceState("home", {3: VersionState(Status.TESTING, 1, digest=digest(TAGGED),
                                                        tag=TAG)})}


def judged(base: bytes | None, head: bytes | None, *, record: bool = True,
           at_tag: bytes | None = TAGGED) -> list[tuple[str, int, str]]:
    files = {k: {PATH: v} if v is not None else {} for k, v in (("b", base), ("h", head))}
    found = frozen_changes(FROZEN, files["b"], files["h"], RECORD if record else None,
                           lambda tag, path: at_tag if (tag, path) == (TAG, PATH) else None)
    return [(f.code, f.line, f.hint) for f in found]


def test_restoring_what_the_tag_recorded_passes_on_a_wedged_base() -> None:
    assert judged(STALE, TAGGED) == []


def test_another_change_is_e300_at_the_first_line_that_differs_from_the_tag() -> None:
    [(code, line, hint)] = judged(STALE, TAGGED.replace(b"# one", b"# three"))
    assert (code, line) == ("E300", 3)
    assert f"git show {TAG}:{PATH}" in hint
    # and where the tag's content cannot be read, the file is still named
    assert [f[:2] for f in judged(STALE, b"x\n", at_tag=None)] == [("E300", 1)]


def test_with_an_intact_base_the_hint_is_the_usual_one() -> None:
    [(code, line, hint)] = judged(TAGGED, STALE)
    assert (code, line) == ("E300", 3) and hint.startswith("undo the change")


def test_deleting_is_e301_and_a_file_left_alone_is_not_judged_here() -> None:
    assert [f[0] for f in judged(TAGGED, None)] == ["E301"]
    assert judged(STALE, STALE) == []  # the record's E310 reports a wedged base


def test_without_a_digest_base_is_the_reference() -> None:
    assert [f[:2] for f in judged(STALE, TAGGED, record=False)] == [("E300", 3)]
    assert judged(STALE, STALE, record=False) == []

