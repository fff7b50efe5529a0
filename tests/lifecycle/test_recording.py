"""record, pure: planned transitions -> the tags and branch entries an apply writes."""

from __future__ import annotations

import dataclasses
import hashlib

from compiler.lifecycle.machine import Kind, ServiceState, Transition, VersionState
from compiler.lifecycle.recording import NewEntry, NewTag, Stamp, record
from compiler.lifecycle.refscheme import parse_ledger, parse_tag, trailers
from compiler.lifecycle.release_plan import after
from compiler.model.paths import version_file
from compiler.model.status import Status

D, T, RG, RD, A = (Status.DRAFT, Status.TESTING, Status.RELEASING, Status.RELEASED,
                   Status.ARCHIVED)
STAMP = Stamp("Alice Operator <alice@example.com>", "2026-01-05T10:00:00Z", "c0ffee" * 6 + "ab",
              "apply-7")
FILES = {version_file("home", n): f"title: {{en-US: v{n}}}\n".encode() for n in (1, 2, 3)}
TESTERS = ("alice@example.com", "bob@example.com")


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def home(*versions: tuple[int, Status, int], testers: tuple[str, ...] = ()) -> ServiceState:
    """home with (version, status, seq of its last event)."""
    return ServiceState("home", {n: VersionState(s, seq, 20 if s is RG else None,
                                                 "home/v3" if s is RG else None)
                                 for n, s, seq in versions}, testers)


def run(before: dict[str, ServiceState], steps: list[Transition],
        counts: dict[str, int] | None = None, objects: dict[str, str] | None = None,
        files: dict[str, bytes] = FILES, stamp: Stamp = STAMP,
        ) -> tuple[list[NewTag], list[NewEntry]]:
    states = after(before, steps, [s.service for s in steps])
    return record(before, states, steps, files, counts or {}, stamp, objects)


def test_a_first_event_is_number_one_and_its_tag_is_named_for_it() -> None:
    [tag], _ = run({}, [Transition("home", 3, Kind.TESTING, D, testers=TESTERS)])
    assert tag.name == "home/v3/01-testing"
    e = tag.event
    assert (e.service, e.version, e.seq, e.kind) == ("home", 3, 1, Kind.TESTING)
    assert (e.testers, e.ratio, e.group, e.bootstrap) == (2, None, None, False)
    assert (e.actor, e.time, e.commit) == (STAMP.actor, STAMP.time, STAMP.commit)
    assert e.digest == sha256(FILES[version_file("home", 3)])


def test_numbers_continue_from_the_last_event_of_that_version() -> None:
    before = {"home": home((2, RD, 2), (3, RG, 4))}
    [tag], _ = run(before, [Transition("home", 3, Kind.RELEASING, RG, ratio=50,
                                       group="home/v3", was_ratio=20)])
    assert tag.name == "home/v3/05-releasing-50"
    assert (tag.event.seq, tag.event.ratio, tag.event.group) == (5, 50, "home/v3")
    assert tag.event.testers is None


def test_each_version_counts_its_own_events() -> None:
    before = {"home": home((2, RD, 2), (3, RG, 4))}
    tags, _ = run(before, [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
                           Transition("home", 2, Kind.ARCHIVED, RD)])
    assert [t.name for t in tags] == ["home/v3/05-released", "home/v2/03-archived"]
    assert tags[1].event.digest == sha256(FILES[version_file("home", 2)])


def test_two_steps_of_one_version_take_consecutive_numbers() -> None:
    tags, _ = run({"home": home((3, T, 6))},
                  [Transition("home", 3, Kind.RETEST, T, testers=TESTERS[:1]),
                   Transition("home", 3, Kind.RELEASING, T, ratio=12.5, group="g")])
    assert [t.name for t in tags] == ["home/v3/07-retest", "home/v3/08-releasing-12.5"]
    assert [t.event.testers for t in tags] == [1, None]


def test_a_ratio_group_or_testers_is_recorded_only_by_the_event_it_belongs_to() -> None:
    steps = [Transition("home", 3, Kind.RELEASED, RG, ratio=20, group="home/v3",
                        testers=TESTERS, was_ratio=20),
             Transition("home", 2, Kind.REVERTED, T, ratio=5, testers=TESTERS)]
    tags, _ = run({"home": home((3, RG, 1), (2, T, 1))}, steps)
    assert [t.name for t in tags] == ["home/v3/02-released", "home/v2/02-reverted"]
    for t in tags:
        assert (t.event.ratio, t.event.group, t.event.testers) == (None, None, None)
        assert not {"Ratio", "Group", "Testers"} & set(trailers(t.message))


def test_the_digest_is_of_the_file_applied_and_of_nothing_when_it_is_gone() -> None:
    step = Transition("home", 9, Kind.TESTING, D, testers=TESTERS)
    [tag], _ = run({}, [step])
    assert tag.event.digest == sha256(b"")
    other = {version_file("home", 9): b"changed\n"}
    [again], _ = run({}, [step], files=other)
    assert again.event.digest == sha256(b"changed\n")


def test_the_tag_message_records_the_event_and_reads_back_as_it() -> None:
    [tag], _ = run({"home": home((3, T, 1))},
                   [Transition("home", 3, Kind.RELEASING, T, ratio=20, group="home/v3")])
    assert tag.message.splitlines()[0] == "home v3: Releasing 20%"
    t = trailers(tag.message)
    assert (t["Digest"], t["Actor"], t["Time"], t["Commit"]) == (
        tag.event.digest, STAMP.actor, STAMP.time, STAMP.commit)
    assert (t["Ratio"], t["Group"], t["Event"]) == ("20", "home/v3", "releasing")
    assert "Bootstrap" not in t
    assert parse_tag(tag.name, tag.message) == dataclasses.replace(tag.event, tag=tag.name)


def test_a_bootstrap_step_records_that_it_was_adopted() -> None:
    [tag], _ = run({}, [Transition("home", 2, Kind.RELEASED, D, bootstrap=True)])
    assert tag.event.bootstrap
    assert tag.message.splitlines()[0] == "home v2: Released (adopted at bootstrap)"
    assert trailers(tag.message)["Bootstrap"] == "yes"
    assert parse_tag(tag.name, tag.message) == dataclasses.replace(tag.event, tag=tag.name)


def test_one_branch_entry_per_service_that_moved_in_name_order() -> None:
    before = {"alpha": ServiceState("alpha", {1: VersionState(RD, 3)}), "home": home()}
    steps = [Transition("wallet", 1, Kind.TESTING, D, testers=TESTERS),
             Transition("home", 3, Kind.TESTING, D, testers=TESTERS[:1])]
    tags, entries = run(before, steps)
    assert [t.name for t in tags] == ["wallet/v1/01-testing", "home/v3/01-testing"]
    assert [e.service for e in entries] == ["home", "wallet"]
    assert [e.ledger.tags for e in entries] == [("home/v3/01-testing",),
                                                ("wallet/v1/01-testing",)]


def test_no_steps_is_no_tags_and_no_entries() -> None:
    assert run({"home": home((3, T, 1))}, []) == ([], [])


def test_the_entry_of_a_testing_version_records_its_tester_list() -> None:
    _, [entry] = run({}, [Transition("home", 3, Kind.TESTING, D, testers=TESTERS)],
                     counts={"home": 4})
    ledger = entry.ledger
    assert (ledger.service, ledger.version, ledger.stage) == ("home", 3, "testing")
    assert ledger.testers == TESTERS
    assert ledger.events == 5
    assert ledger.tags == ("home/v3/01-testing",) and ledger.objects == ()


def test_the_entry_of_a_releasing_version_records_no_testers() -> None:
    before = {"home": home((3, T, 1), testers=TESTERS)}
    _, [entry] = run(before, [Transition("home", 3, Kind.RELEASING, T, ratio=5, group="g")])
    assert (entry.ledger.version, entry.ledger.stage, entry.ledger.testers) == (
        3, "releasing", ())
    assert entry.ledger.events == 1  # no count given: the branch had none


def test_with_nothing_in_flight_the_entry_records_the_version_the_step_moved() -> None:
    _, [entry] = run({"home": home((2, RD, 2), (3, T, 1))},
                     [Transition("home", 3, Kind.REVERTED, T)], counts={"home": 3})
    assert (entry.ledger.version, entry.ledger.stage, entry.ledger.events) == (3, "draft", 4)


def test_the_entry_of_a_full_release_records_the_released_version() -> None:
    """It used to say 'Version: 2, Stage: archived' for 'v3 -> Released'."""
    _, [entry] = run({"home": home((2, RD, 2), (3, RG, 4))},
                     [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
                      Transition("home", 2, Kind.ARCHIVED, RD)])
    assert (entry.ledger.version, entry.ledger.stage) == (3, "released")


def test_the_entry_message_describes_the_steps_and_carries_the_ledger() -> None:
    steps = [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
             Transition("home", 2, Kind.ARCHIVED, RD)]
    tags, [entry] = run({"home": home((2, RD, 2), (3, RG, 4))}, steps, counts={"home": 6})
    assert entry.message.splitlines()[0] == (
        "home v3: Releasing 20% -> Released; home v2: Released -> Archived")
    t = trailers(entry.message)
    assert (t["Events"], t["Tags"], t["Apply"]) == (
        "8", "home/v3/05-released home/v2/03-archived", "apply-7")
    assert "Tag-Objects" not in t and "Testers" not in t
    assert parse_ledger(entry.message) == entry.ledger


def test_without_an_apply_id_the_entry_has_no_apply_trailer() -> None:
    _, [entry] = run({}, [Transition("home", 3, Kind.TESTING, D, testers=TESTERS)],
                     stamp=dataclasses.replace(STAMP, apply_id=""))
    assert "Apply" not in trailers(entry.message)


def test_the_second_pass_lists_the_tag_objects_in_the_order_of_the_tags() -> None:
    before = {"home": home((2, RD, 2), (3, RG, 4))}
    steps = [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
             Transition("home", 2, Kind.ARCHIVED, RD),
             Transition("wallet", 1, Kind.TESTING, D, testers=TESTERS)]
    tags, first = run(before, steps)
    assert all(e.ledger.objects == () for e in first)
    ids = {t.name: f"{i:040x}" for i, t in enumerate(reversed(tags), start=1)}
    again, second = run(before, steps, objects=ids)
    assert again == tags  # the tags do not depend on the ids
    assert [e.ledger.objects for e in second] == [
        (ids["home/v3/05-released"], ids["home/v2/03-archived"]), (ids["wallet/v1/01-testing"],)]
    assert trailers(second[0].message)["Tag-Objects"] == " ".join(second[0].ledger.objects)
    assert parse_ledger(second[0].message) == second[0].ledger
    assert [e.ledger.tags for e in second] == [e.ledger.tags for e in first]


def test_tags_without_a_stored_id_are_left_out_of_the_objects() -> None:
    steps = [Transition("home", 3, Kind.RELEASED, RG, was_ratio=20),
             Transition("home", 2, Kind.ARCHIVED, RD)]
    before = {"home": home((2, RD, 2), (3, RG, 4))}
    _, [entry] = run(before, steps, objects={"home/v2/03-archived": "b" * 40})
    assert entry.ledger.tags == ("home/v3/05-released", "home/v2/03-archived")
    assert entry.ledger.objects == ("b" * 40,)
