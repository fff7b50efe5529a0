"""audit, pure: facts about tags, branches, HEAD and the remote -> E310/W310 findings."""

from __future__ import annotations

import dataclasses
import hashlib

from compiler.lifecycle.audit import (
    CODE,
    UNFETCHED,
    BranchFact,
    Facts,
    RemoteFact,
    TagFact,
    audit,
)
from compiler.lifecycle.events import Event, Kind
from compiler.lifecycle.machine import derive
from compiler.lifecycle.refscheme import Ledger, tag_name
from compiler.model.findings import Finding
from compiler.model.paths import version_file

V3 = version_file("home", 3)
OLD, NEW = b"title: {en-US: old}\n", b"title: {en-US: new}\n"
APPLIED = "a1" * 20       # the commit the applies recorded
ELSEWHERE = "e5" * 20     # another commit
BRANCH = "refs/heads/minisvc/home"
TRACKING = "refs/remotes/origin/minisvc/home"


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def oid(name: str) -> str:
    """A stand-in tag object id, one per name."""
    return hashlib.sha1(name.encode()).hexdigest()


def event(version: int, seq: int, kind: Kind, *, content: bytes = NEW, service: str = "home",
          ratio: float | None = None, commit: str = APPLIED) -> Event:
    return Event(service, version, seq, kind, ratio=ratio, digest=sha256(content),
                 commit=commit, tag=tag_name(service, version, seq, kind, ratio))


def fact(e: Event, *, target: str | None = None, content: bytes | None = None,
         missing: bool = False, obj: str | None = None) -> TagFact:
    """A tag as it is: by default where it says, over the content it recorded."""
    return TagFact(e, obj or oid(e.tag), target or e.commit or APPLIED,
                   None if missing else (sha256(content) if content is not None else e.digest))


def ledger(tags: list[TagFact], *, objects: bool = True, service: str = "home") -> Ledger:
    last = tags[-1].event if tags else None
    return Ledger(service, last.version if last else None, "releasing", (), len(tags),
                  tuple(t.event.tag for t in tags),
                  tuple(t.object for t in tags) if objects else ())


def branch(*entries: Ledger, ref: str = BRANCH, service: str = "home") -> BranchFact:
    """Entries oldest first (the fact lists them newest first, as git log does)."""
    commits = [f"{i:02x}" * 20 for i in range(1, len(entries) + 1)]
    return BranchFact(service, ref, tuple(reversed(list(zip(commits, entries, strict=True)))))


def releasing_v3() -> list[TagFact]:
    return [fact(event(3, 1, Kind.TESTING)), fact(event(3, 2, Kind.RELEASING, ratio=20))]


def facts(tags: list[TagFact], *branches: BranchFact, head: dict[str, bytes] | None = None,
          **kw: object) -> Facts:
    if not branches:
        branches = (branch(ledger(tags[:1]), ledger(tags[1:])),)
    return Facts(tags, list(branches), {V3: NEW} if head is None else head,
                 **kw)  # type: ignore[arg-type]


def judge(found: Facts) -> list[Finding]:
    """What verify does: the states the seam derives from the tags, then the audit."""
    return audit(found, derive([t.event for t in found.tags]))


def test_consistent_refs_and_content_have_no_findings() -> None:
    assert judge(facts(releasing_v3())) == []


def test_no_refs_at_all_have_no_findings() -> None:
    assert judge(Facts([], [], {})) == []


def test_malformed_tags_reported_by_the_reader_come_first() -> None:
    bad = Finding("refs/tags/home/v3/01-testing", 1, 1, CODE, "its message has no digest")
    found = judge(facts(releasing_v3(), problems=[bad], diverged=[(BRANCH, TRACKING)]))
    assert found[0] == bad
    assert [f.file for f in found] == ["refs/tags/home/v3/01-testing", BRANCH]


def test_a_tag_re_made_on_another_commit_is_caught() -> None:
    tags = releasing_v3()
    tags[1] = fact(tags[1].event, target=ELSEWHERE)
    [f] = judge(facts(tags))
    assert (f.file, f.line, f.col, f.code) == ("refs/tags/home/v3/02-releasing-20", 1, 1, CODE)
    assert f.message == (f"tag home/v3/02-releasing-20 points at commit {ELSEWHERE[:12]} but "
                         f"records Commit {APPLIED[:12]}: the tag was re-made")
    assert "clone" in f.hint


def test_a_tag_that_records_no_commit_is_not_checked_against_its_target() -> None:
    tags = [fact(dataclasses.replace(t.event, commit=""), target=ELSEWHERE)
            for t in releasing_v3()]
    assert judge(facts(tags)) == []


def test_a_tag_whose_commit_lacks_the_version_file_is_caught_on_the_file() -> None:
    tags = releasing_v3()
    tags[0] = fact(tags[0].event, missing=True)
    [f] = judge(facts(tags))
    assert (f.file, f.code) == (V3, CODE)
    assert f.message == (f"tag home/v3/01-testing records {V3}, but the file does not exist "
                         f"at the tag's commit {APPLIED[:12]}")


def test_a_tag_whose_commit_has_other_content_than_it_recorded_is_caught() -> None:
    tags = releasing_v3()
    tags[0] = fact(tags[0].event, content=OLD)
    [f] = judge(facts(tags))
    assert (f.file, f.code) == (V3, CODE)
    assert f"tag home/v3/01-testing records digest {sha256(NEW)[:19]}..." in f.message
    assert f"at the tag's commit {APPLIED[:12]} has {sha256(OLD)[:19]}..." in f.message
    assert "rewritten" in f.message


def test_a_re_made_tag_over_other_content_is_two_findings() -> None:
    tags = releasing_v3()
    tags[1] = fact(tags[1].event, target=ELSEWHERE, content=OLD)
    found = judge(facts(tags))
    assert [(f.file, f.code) for f in found] == [("refs/tags/home/v3/02-releasing-20", CODE),
                                                 (V3, CODE)]


def test_a_frozen_version_missing_at_head_is_caught() -> None:
    [f] = judge(facts(releasing_v3(), head={}))
    assert (f.file, f.code) == (V3, CODE)
    assert f.message == (f"home v3 is Releasing (tag home/v3/02-releasing-20) but {V3} is "
                         "missing at HEAD")
    assert f.hint == f"restore it: `git show home/v3/02-releasing-20:{V3}`"


def test_a_frozen_version_changed_at_head_names_the_tag_it_contradicts() -> None:
    [f] = judge(facts(releasing_v3(), head={V3: OLD}))
    assert (f.file, f.code) == (V3, CODE)
    assert ("home v3 is Releasing but services/home/versions/3.yaml at HEAD is not the content "
            "tags home/v3/01-testing, home/v3/02-releasing-20 recorded") in f.message
    assert f.hint == f"restore it: `git show home/v3/02-releasing-20:{V3}`"


def test_one_contradicted_tag_is_named_in_the_singular() -> None:
    tags = [fact(event(3, 1, Kind.TESTING, content=OLD)),
            fact(event(3, 2, Kind.RELEASING, ratio=20))]
    [f] = judge(facts(tags, branch(ledger(tags))))
    assert "is not the content tag home/v3/01-testing recorded" in f.message


def test_many_contradicted_tags_are_named_three_and_counted() -> None:
    kinds = [(Kind.TESTING, None), (Kind.RETEST, None), (Kind.RETEST, None),
             (Kind.RELEASING, 5.0), (Kind.RELEASING, 20.0)]
    tags = [fact(event(3, i, k, ratio=r)) for i, (k, r) in enumerate(kinds, start=1)]
    [f] = judge(facts(tags, branch(ledger(tags)), head={V3: OLD}))
    assert ("tags home/v3/01-testing, home/v3/02-retest, home/v3/03-retest and 2 more "
            "recorded") in f.message


def test_only_tags_since_the_last_revert_hold_a_frozen_version() -> None:
    mid = b"title: {en-US: mid}\n"
    tags = [fact(event(3, 1, Kind.TESTING, content=OLD)),
            fact(event(3, 2, Kind.REVERTED, content=OLD)),
            fact(event(3, 3, Kind.TESTING, content=mid)),
            fact(event(3, 4, Kind.REVERTED, content=mid)),
            fact(event(3, 5, Kind.TESTING)), fact(event(3, 6, Kind.RELEASING, ratio=20))]
    shuffled = [tags[i] for i in (5, 2, 0, 4, 3, 1)]  # the reader's order is not seq order
    assert judge(facts(shuffled, branch(ledger(tags)))) == []
    for head in (OLD, mid):
        [f] = judge(facts(shuffled, branch(ledger(tags)), head={V3: head}))
        assert "tags home/v3/05-testing, home/v3/06-releasing-20 recorded" in f.message


def test_a_version_reverted_to_draft_may_change_or_go() -> None:
    tags = [fact(event(3, 1, Kind.TESTING, content=OLD)),
            fact(event(3, 2, Kind.REVERTED, content=OLD))]
    for head in ({V3: NEW}, {}):
        assert judge(facts(tags, branch(ledger(tags)), head=head)) == []


def test_released_and_archived_versions_are_held_too() -> None:
    v1, v2 = version_file("home", 1), version_file("home", 2)
    tags = [fact(event(1, 1, Kind.RELEASED, content=b"one")),
            fact(event(1, 2, Kind.ARCHIVED, content=b"one")),
            fact(event(2, 1, Kind.RELEASED, content=b"two"))]
    both = {v1: b"one", v2: b"two"}
    assert judge(facts(tags, branch(ledger(tags)), head=both)) == []
    found = judge(facts(tags, branch(ledger(tags)), head={v1: b"1", v2: b"2"}))
    assert [(f.file, f.message.split(" but ")[0]) for f in found] == [
        (v1, "home v1 is Archived"), (v2, "home v2 is Released")]


def test_tags_without_a_branch_are_one_finding_on_the_branch() -> None:
    [f] = judge(facts(releasing_v3(), branch(ref=TRACKING, service="wallet"),
                      head={V3: NEW}))
    assert (f.file, f.code) == (BRANCH, CODE)
    assert f.message == ("home has lifecycle tags but no branch refs/heads/minisvc/home "
                         "records them (deleted, or not fetched)")
    assert "git fetch origin 'refs/heads/minisvc/*:refs/remotes/origin/minisvc/*'" in f.hint


def test_a_tag_the_branch_does_not_list_was_not_made_by_apply() -> None:
    tags = releasing_v3()
    [f] = judge(facts(tags, branch(ledger(tags[:1]))))
    assert (f.file, f.code) == ("refs/tags/home/v3/02-releasing-20", CODE)
    assert f.message == (f"tag home/v3/02-releasing-20 is not recorded on {BRANCH}: it was not "
                         f"written by minisvc apply ({V3})")
    assert f.hint.endswith("`git tag -d home/v3/02-releasing-20`")


def test_a_tag_moved_under_the_same_name_is_caught_by_its_object_id() -> None:
    tags = releasing_v3()
    recorded = branch(ledger(tags[:1]), ledger(tags[1:]))
    tags[1] = fact(tags[1].event, obj="f" * 40)
    [f] = judge(facts(tags, recorded))
    assert (f.file, f.code) == ("refs/tags/home/v3/02-releasing-20", CODE)
    commit = recorded.entries[0][0]  # the newer entry recorded it
    assert f.message == (f"tag home/v3/02-releasing-20 moved: {BRANCH} commit {commit[:12]} "
                         f"recorded tag object {oid(tags[1].event.tag)[:12]}, the tag is now "
                         f"{'f' * 12} ({V3})")


def test_entries_without_usable_object_ids_only_check_names() -> None:
    tags = releasing_v3()
    moved = [fact(t.event, obj="f" * 40) for t in tags]
    old_style = branch(ledger(tags, objects=False))
    short = branch(dataclasses.replace(ledger(tags), objects=(tags[0].object,)))
    for recorded in (old_style, short):
        assert judge(facts(moved, recorded)) == []


def test_a_tag_the_branch_lists_but_that_is_gone_was_deleted() -> None:
    tags = releasing_v3()
    recorded = branch(ledger(tags[:1]), ledger(tags[1:]))
    [f] = judge(facts(tags[:1], recorded))
    assert (f.file, f.code) == ("refs/tags/home/v3/02-releasing-20", CODE)
    commit = recorded.entries[0][0]
    assert f.message == (f"tag home/v3/02-releasing-20, written by minisvc apply ({BRANCH} "
                         f"commit {commit[:12]}), is missing: lifecycle tags are never deleted")
    assert "`git fetch origin tag home/v3/02-releasing-20`" in f.hint


def test_a_branch_whose_tags_are_all_gone_reports_each_of_them() -> None:
    recorded = branch(ledger(releasing_v3()))
    found = judge(facts([], recorded, head={}))
    assert [(f.file, f.code) for f in found] == [("refs/tags/home/v3/01-testing", CODE),
                                                 ("refs/tags/home/v3/02-releasing-20", CODE)]


def test_a_missing_tag_is_reported_where_it_was_first_recorded() -> None:
    tags = releasing_v3()
    local = branch(ledger(tags[:1]), ledger(tags))  # listed again by the newer entry
    tracking = branch(ledger(tags), ref=TRACKING)
    [f] = judge(facts(tags[1:], local, tracking))
    oldest = local.entries[-1][0]
    assert f.file == "refs/tags/home/v3/01-testing"
    assert f"({BRANCH} commit {oldest[:12]})" in f.message


def test_either_branch_recording_a_tag_is_enough() -> None:
    tags = releasing_v3()
    local = branch(ledger(tags[:1]))
    tracking = branch(ledger(tags[:1]), ledger(tags[1:]), ref=TRACKING)
    assert judge(facts(tags, local, tracking)) == []


def test_branches_of_each_service_are_judged_apart() -> None:
    home = releasing_v3()
    wallet = [fact(event(1, 1, Kind.TESTING, service="wallet"))]
    recorded = [branch(ledger(home)),
                branch(ledger(wallet, service="wallet"), ref="refs/heads/minisvc/wallet",
                       service="wallet")]
    head = {V3: NEW, version_file("wallet", 1): NEW}
    assert judge(facts(home + wallet, *recorded, head=head)) == []
    [f] = judge(facts(home + wallet, recorded[0], head=head))
    assert f.file == "refs/heads/minisvc/wallet"


def test_diverged_local_and_tracking_branches_are_caught() -> None:
    [f] = judge(facts(releasing_v3(), diverged=[(BRANCH, TRACKING)]))
    assert (f.file, f.code) == (BRANCH, CODE)
    assert f.message == (f"{BRANCH} and {TRACKING} have diverged: the history of one was "
                         "rewritten")


def remote(tags: list[TagFact], **branches: str) -> RemoteFact:
    return RemoteFact("origin", {t.event.tag: t.object for t in tags}, branches)


def test_a_remote_that_agrees_has_no_findings() -> None:
    tags = releasing_v3()
    for relation in ("same", "ahead", "behind"):
        assert judge(facts(tags, remote=remote(tags, home=relation))) == []


def test_a_tag_missing_on_the_remote_is_caught() -> None:
    tags = releasing_v3()
    [f] = judge(facts(tags, remote=remote(tags[:1], home="same")))
    assert (f.file, f.code) == ("refs/tags/home/v3/02-releasing-20", CODE)
    assert f.message == (f"tag home/v3/02-releasing-20 is missing on origin ({V3}): deleted "
                         "there, or applied here without --push")
    assert f.hint.endswith("`git push origin refs/tags/home/v3/02-releasing-20`")


def test_a_tag_that_differs_on_the_remote_is_caught() -> None:
    tags = releasing_v3()
    theirs = remote(tags)
    theirs.tags["home/v3/01-testing"] = "d" * 40  # type: ignore[index]
    [f] = judge(facts(tags, remote=theirs))
    assert (f.file, f.code) == ("refs/tags/home/v3/01-testing", CODE)
    assert f.message == (f"tag home/v3/01-testing moved: it is tag object {tags[0].object[:12]} "
                         f"here and {'d' * 12} on origin ({V3})")


def test_a_remote_tag_not_fetched_is_only_a_warning() -> None:
    tags = releasing_v3()
    extra = fact(event(3, 3, Kind.RELEASED))
    [f] = judge(facts(tags, remote=remote([*tags, extra])))
    assert (f.file, f.code, f.is_error) == ("refs/tags/home/v3/03-released", UNFETCHED, False)
    assert f.message == "origin has tag home/v3/03-released, which this clone has not fetched"
    assert "git fetch origin --tags" in f.hint


def test_a_branch_diverged_from_the_remote_is_an_error_and_an_unknown_one_a_warning() -> None:
    tags = releasing_v3()
    found = judge(facts(tags, remote=remote(tags, wallet="unknown", home="diverged")))
    assert [(f.file, f.code) for f in found] == [(BRANCH, CODE),
                                                 ("refs/heads/minisvc/wallet", UNFETCHED)]
    assert found[0].message == (f"{BRANCH} on origin and here have diverged: the history of one "
                                "was rewritten")
    assert found[1].message == ("refs/heads/minisvc/wallet on origin has commits this clone has "
                                "not fetched")
    assert "git fetch origin" in found[1].hint


def test_findings_come_tags_then_frozen_files_then_branches_then_the_remote() -> None:
    tags = releasing_v3()
    tags[0] = fact(tags[0].event, target=ELSEWHERE)
    bad = Finding("refs/tags/home/v3/9-x", 1, 1, CODE, "not a lifecycle tag")
    found = judge(facts(tags, branch(ledger(tags[:1])), head={V3: OLD}, problems=[bad],
                        remote=remote(tags[:1])))
    assert [(f.file, f.message.split(" ")[0:2]) for f in found] == [
        ("refs/tags/home/v3/9-x", ["not", "a"]),
        ("refs/tags/home/v3/01-testing", ["tag", "home/v3/01-testing"]),   # re-made
        (V3, ["home", "v3"]),                                               # changed at HEAD
        ("refs/tags/home/v3/02-releasing-20", ["tag", "home/v3/02-releasing-20"]),  # unlisted
        ("refs/tags/home/v3/02-releasing-20", ["tag", "home/v3/02-releasing-20"]),  # not pushed
    ]
    assert "not recorded on" in found[3].message and "missing on origin" in found[4].message
