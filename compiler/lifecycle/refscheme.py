"""The ref scheme (docs/lifecycle.md), as pure text: names and messages, both ways.

Tags (never moved, never deleted), one per event, pointing at the commit applied:

    <service>/v<N>/<seq>-<event>        e.g. home/v3/04-releasing-20

(``git tag -l --sort=v:refname`` lists them in order: v9 before v10.)

Branch (moves; the service's current in-flight state, and the lock racing applies
contend for):

    minisvc/<service>                   e.g. refs/heads/minisvc/home

Messages are a human subject line, a blank line and ``Key: value`` trailers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .events import Event, Kind, event_label, format_ratio
from .machine import Transition

TAG_PREFIX = "refs/tags/"
BRANCH_PREFIX = "refs/heads/minisvc/"
_TAG = re.compile(
    r"^(?P<service>[a-z0-9]+(?:-[a-z0-9]+)*)/v(?P<version>[1-9][0-9]*)/"
    r"(?P<seq>[0-9]{2,})-(?P<kind>testing|retest|released|archived|reverted|"
    r"releasing-(?P<ratio>[0-9]+(?:\.[0-9]+)?))$")


def tag_name(service: str, version: int, seq: int, kind: Kind, ratio: float | None) -> str:
    event = f"{kind.value}-{format_ratio(ratio)}" if kind is Kind.RELEASING and ratio else kind
    return f"{service}/v{version}/{seq:02d}-{event}"


def branch_ref(service: str) -> str:
    return f"{BRANCH_PREFIX}{service}"


def is_lifecycle_tag(name: str) -> bool:
    return _TAG.match(name) is not None


def _subject(e: Event) -> str:
    label = event_label(e.kind, e.ratio, e.testers)
    return f"{e.service} v{e.version}: {label}" + (" (adopted at bootstrap)" * e.bootstrap)


def tag_message(e: Event) -> str:
    trailers = [("Event", e.kind.value), ("Service", e.service), ("Version", str(e.version)),
                ("Ratio", format_ratio(e.ratio) if e.ratio is not None else ""),
                ("Group", e.group or ""),
                ("Testers", str(e.testers) if e.testers is not None else ""),
                ("Digest", e.digest), ("Actor", e.actor), ("Time", e.time),
                ("Commit", e.commit), ("Bootstrap", "yes" if e.bootstrap else ""),
                ("Planned", e.planned)]
    body = "\n".join(f"{k}: {v}" for k, v in trailers if v)
    return f"{_subject(e)}\n\n{body}\n"


def trailers(message: str) -> dict[str, str]:
    out = {}
    for line in message.splitlines()[1:]:
        key, sep, value = line.partition(": ")
        if sep and key and " " not in key:
            out[key] = value.strip()
    return out


def parse_tag(name: str, message: str) -> Event | str:
    """The event a tag records, or why it is not a well-formed lifecycle tag."""
    m = _TAG.match(name)
    if m is None:
        return "the name is not <service>/v<N>/<seq>-<event>"
    t = trailers(message)
    kind = Kind(m["kind"].split("-")[0])
    ratio = float(m["ratio"]) if m["ratio"] else None
    expected = {"Event": kind.value, "Service": m["service"], "Version": m["version"]}
    if ratio is not None:
        expected["Ratio"] = format_ratio(ratio)
    wrong = sorted(k for k, v in expected.items() if t.get(k) != v)
    if wrong:
        return f"its message does not match its name ({', '.join(wrong)})"
    if not t.get("Digest", "").startswith("sha256:"):
        return "its message has no content digest"
    if kind is Kind.RELEASING and not 0 < (ratio or 0) < 100:
        return "its ratio is not between 0 and 100"
    testers = t.get("Testers")
    return Event(service=m["service"], version=int(m["version"]), seq=int(m["seq"]),
                 kind=kind, ratio=ratio, group=t.get("Group") or None,
                 testers=int(testers) if testers and testers.isdigit() else None,
                 digest=t["Digest"], actor=t.get("Actor", ""), time=t.get("Time", ""),
                 commit=t.get("Commit", ""), bootstrap=t.get("Bootstrap") == "yes", tag=name,
                 planned=t.get("Planned", ""))


@dataclass(frozen=True)
class Ledger:
    """One commit of a service's branch: the state it moved to in one apply."""

    service: str
    version: int | None
    stage: str
    testers: tuple[str, ...]
    events: int
    tags: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()  # the tag objects' ids, in the order of ``tags``


def ledger_message(entry: Ledger, steps: Iterable[Transition], apply_id: str = "") -> str:
    """``apply_id`` makes each apply's commit unique, so two racing applies of the same
    plan can never both push: the second is refused by the branch lease. The ids of the
    tag objects written make the branch a record that `minisvc verify` checks tags
    against: a tag re-made under the same name no longer matches it."""
    subject = "; ".join(s.describe() for s in steps) or f"{entry.service}: no change"
    trailer = [("Service", entry.service),
               ("Version", str(entry.version) if entry.version is not None else ""),
               ("Stage", entry.stage), ("Testers", ", ".join(entry.testers)),
               ("Events", str(entry.events)), ("Tags", " ".join(entry.tags)),
               ("Tag-Objects", " ".join(entry.objects)), ("Apply", apply_id)]
    body = "\n".join(f"{k}: {v}" for k, v in trailer if v)
    return f"{subject}\n\n{body}\n"


def parse_ledger(message: str) -> Ledger | None:
    t = trailers(message)
    if "Service" not in t or not t.get("Events", "").isdigit():
        return None
    version = t.get("Version", "")
    testers = tuple(x.strip() for x in t.get("Testers", "").split(",") if x.strip())
    return Ledger(t["Service"], int(version) if version.isdigit() else None,
                  t.get("Stage", ""), testers, int(t["Events"]),
                  tuple(t.get("Tags", "").split()), tuple(t.get("Tag-Objects", "").split()))
