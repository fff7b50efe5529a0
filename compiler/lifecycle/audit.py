"""Tampering, judged from facts about refs and content (pure; ``audit_facts`` reads them).

What `minisvc verify` holds true, each broken promise one E310 finding naming the tag
and the file:

* a lifecycle tag points at the commit its message records, and the version file at
  that commit has the digest it records (a tag re-made elsewhere fails this);
* a frozen version's file at HEAD has the digest of every tag since it last left Draft;
* the service's branch ``minisvc/<service>`` lists every lifecycle tag, by name and by
  tag object id (a tag deleted, added by hand, or moved under the same name fails);
* the local and the remote-tracking branch, and with ``--remote`` the remote's own refs,
  agree with each other: same tag objects, no branch history rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..model.findings import Finding
from ..model.paths import version_file
from .events import Event, Kind
from .frozen_guard import digest
from .machine import ServiceState
from .refscheme import BRANCH_PREFIX, TAG_PREFIX, Ledger

CODE = "E310"
UNFETCHED = "W310"


@dataclass(frozen=True)
class TagFact:
    event: Event
    object: str          # the tag object's id
    target: str          # the commit it points at
    content: str | None  # digest of the version file at ``target``; None if absent


@dataclass(frozen=True)
class BranchFact:
    service: str
    ref: str                                   # e.g. refs/remotes/origin/minisvc/home
    entries: tuple[tuple[str, Ledger], ...]    # (commit, ledger), newest first


@dataclass(frozen=True)
class RemoteFact:
    name: str
    tags: Mapping[str, str]       # lifecycle tag name -> tag object id, on the remote
    branches: Mapping[str, str]   # service -> how its branch there relates to ours:
    #                               "same", "ahead", "behind", "diverged" or "unknown"


@dataclass
class Facts:
    tags: list[TagFact]
    branches: list[BranchFact]
    head: Mapping[str, bytes]                       # input files at HEAD
    problems: list[Finding] = field(default_factory=list)  # malformed lifecycle tags
    diverged: list[tuple[str, str]] = field(default_factory=list)  # (ref, other ref)
    remote: RemoteFact | None = None


def audit(facts: Facts, states: Mapping[str, ServiceState]) -> list[Finding]:
    """``states``: what the lifecycle seam makes of the tags in ``facts``."""
    return [*facts.problems, *_tags(facts.tags), *_frozen(facts.tags, states, facts.head),
            *_branches(facts), *_remote(facts)]


def _ref(name: str) -> str:
    return f"{TAG_PREFIX}{name}"


def _tags(tags: Sequence[TagFact]) -> Iterator[Finding]:
    for t in tags:
        e, path = t.event, version_file(t.event.service, t.event.version)
        if e.commit and e.commit != t.target:
            yield Finding(_ref(e.tag), 1, 1, CODE,
                          f"tag {e.tag} points at commit {t.target[:12]} but records Commit "
                          f"{e.commit[:12]}: the tag was re-made",
                          "restore the original tag from a clone that has it")
        if t.content is None:
            yield Finding(path, 1, 1, CODE,
                          f"tag {e.tag} records {path}, but the file does not exist at the "
                          f"tag's commit {t.target[:12]}",
                          "restore the original tag from a clone that has it")
        elif t.content != e.digest:
            yield Finding(path, 1, 1, CODE,
                          f"tag {e.tag} records digest {e.digest[:19]}... for {path}, but "
                          f"the file at the tag's commit {t.target[:12]} has "
                          f"{t.content[:19]}...: the tag or its commit was rewritten",
                          "restore the original tag from a clone that has it")


def _frozen(tags: Sequence[TagFact], states: Mapping[str, ServiceState],
            head: Mapping[str, bytes]) -> Iterator[Finding]:
    """Each frozen version's file at HEAD against every tag since it last left Draft."""
    events = [t.event for t in tags]
    by_version: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        by_version.setdefault((e.service, e.version), []).append(e)
    for sid, state in sorted(states.items()):
        for number, version in sorted(state.versions.items()):
            if not version.status.frozen:
                continue
            run = _since_draft(by_version[sid, number])
            path = version_file(sid, number)
            if path not in head:
                yield Finding(path, 1, 1, CODE,
                              f"{sid} v{number} is {version.status.label} (tag "
                              f"{run[-1].tag}) but {path} is missing at HEAD",
                              f"restore it: `git show {run[-1].tag}:{path}`")
                continue
            wrong = [e.tag for e in run if e.digest != digest(head[path])]
            if wrong:
                names = ", ".join(wrong[:3]) + (f" and {len(wrong) - 3} more" * (len(wrong) > 3))
                yield Finding(path, 1, 1, CODE,
                              f"{sid} v{number} is {version.status.label} but {path} at HEAD "
                              f"is not the content tag{'s' * (len(wrong) > 1)} {names} "
                              "recorded; frozen versions never change",
                              f"restore it: `git show {run[-1].tag}:{path}`")


def _since_draft(events: list[Event]) -> list[Event]:
    ordered = sorted(events, key=lambda e: e.seq)
    reverts = [i for i, e in enumerate(ordered) if e.kind is Kind.REVERTED]
    return ordered[reverts[-1] + 1:] if reverts else ordered


def recorded(branches: Sequence[BranchFact]) -> dict[str, tuple[str, str | None]]:
    """Every tag the branches record: name -> (where it is recorded, its tag object id,
    None for entries written before ids were recorded). The first recording wins."""
    found: dict[str, tuple[str, str | None]] = {}
    for b in branches:
        for commit, ledger in reversed(b.entries):
            ids = ledger.objects if len(ledger.objects) == len(ledger.tags) else ()
            for i, name in enumerate(ledger.tags):
                found.setdefault(name, (f"{b.ref} commit {commit[:12]}",
                                        ids[i] if ids else None))
    return found


def _branches(facts: Facts) -> Iterator[Finding]:
    yield from vouch(facts.tags, facts.branches)
    for ref, other in facts.diverged:
        yield Finding(ref, 1, 1, CODE,
                      f"{ref} and {other} have diverged: the history of one was rewritten",
                      "compare them with `git log` and restore the one that was rewritten")


def vouch(tag_facts: Sequence[TagFact], branches: Sequence[BranchFact]) -> Iterator[Finding]:
    """The branch ``minisvc/<service>`` lists every lifecycle tag, by name and by tag object
    id: a tag pushed by hand, moved, or deleted, or a branch deleted, is E310. Every command
    that reads the record holds it to this, not only `verify`."""
    by_service: dict[str, list[BranchFact]] = {}
    for b in branches:
        by_service.setdefault(b.service, []).append(b)
    tags: dict[str, dict[str, TagFact]] = {}
    for t in tag_facts:
        tags.setdefault(t.event.service, {})[t.event.tag] = t
    for sid in sorted(set(tags) | set(by_service)):
        branch = f"{BRANCH_PREFIX}{sid}"
        recorded_here = recorded(by_service.get(sid, []))
        if sid not in by_service:
            yield Finding(branch, 1, 1, CODE,
                          f"{sid} has lifecycle tags but no branch {branch} records them "
                          "(deleted, or not fetched)",
                          "fetch it: `git fetch origin 'refs/heads/minisvc/*:refs/remotes/"
                          "origin/minisvc/*'`; if the remote has none, restore it from a "
                          "clone")
            continue
        for name, t in sorted(tags.get(sid, {}).items()):
            if name not in recorded_here:
                yield Finding(_ref(name), 1, 1, CODE,
                              f"tag {name} is not recorded on {branch}: it was not written "
                              f"by minisvc apply ({version_file(sid, t.event.version)})",
                              f"ask who made it; delete it only once you know: `git tag -d "
                              f"{name}`")
            elif (was := recorded_here[name][1]) is not None and was != t.object:
                yield Finding(_ref(name), 1, 1, CODE,
                              f"tag {name} moved: {recorded_here[name][0]} "
                              f"recorded tag object {was[:12]}, the tag is now "
                              f"{t.object[:12]} ({version_file(sid, t.event.version)})",
                              "restore the original tag from a clone that has it")
        for name, (where, _) in sorted(recorded_here.items()):
            if name not in tags.get(sid, {}):
                yield Finding(_ref(name), 1, 1, CODE,
                              f"tag {name}, written by minisvc apply ({where}), is missing: "
                              "lifecycle tags are never deleted",
                              f"fetch it (`git fetch origin tag {name}`); where an apply "
                              "that wrote it was killed, `minisvc apply` restores it from "
                              "the tag object; else restore it from a clone that has it")


def _remote(facts: Facts) -> Iterator[Finding]:
    remote = facts.remote
    if remote is None:
        return
    here = {t.event.tag: t for t in facts.tags}
    for name, t in sorted(here.items()):
        there = remote.tags.get(name)
        where = version_file(t.event.service, t.event.version)
        if there is None:
            yield Finding(_ref(name), 1, 1, CODE,
                          f"tag {name} is missing on {remote.name} ({where}): deleted there, "
                          "or applied here without --push",
                          f"push it if it was applied here: `git push {remote.name} "
                          f"refs/tags/{name}`")
        elif there != t.object:
            yield Finding(_ref(name), 1, 1, CODE,
                          f"tag {name} moved: it is tag object {t.object[:12]} here and "
                          f"{there[:12]} on {remote.name} ({where})",
                          "find out which is the original; lifecycle tags never move")
    for name in sorted(set(remote.tags) - set(here)):
        yield Finding(_ref(name), 1, 1, UNFETCHED,
                      f"{remote.name} has tag {name}, which this clone has not fetched",
                      f"fetch (`git fetch {remote.name} --tags`) and verify again")
    for sid, relation in sorted(remote.branches.items()):
        ref = f"{BRANCH_PREFIX}{sid}"
        if relation == "diverged":
            yield Finding(ref, 1, 1, CODE,
                          f"{ref} on {remote.name} and here have diverged: the history of "
                          "one was rewritten",
                          "compare them with `git log` and restore the one rewritten")
        elif relation == "unknown":
            yield Finding(ref, 1, 1, UNFETCHED,
                          f"{ref} on {remote.name} has commits this clone has not fetched",
                          f"fetch (`git fetch {remote.name}`) and verify again")
