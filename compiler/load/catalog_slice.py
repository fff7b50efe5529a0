"""The entries of a gated catalog that one service names, without parsing the catalog.

The PR gate (:mod:`compiler.engine.gate_inputs`) validates the services a PR can affect
against base's catalog when the PR leaves it as base has it. Parsing all of it (2,000
entries, 0.8 MB: a fifth of a second) would cost more than the service itself; a
service's findings depend only on the entries it names (:mod:`compiler.engine.affected`
rests on the same fact), so each unit is judged against a slice: the header and the
entries whose ``app_id`` is a token of the unit's files.

A slice is made only when the catalog's text proves that its lines alone give its
structure: ``mini_programs:`` and then items that start with ``  - app_id: ID`` and go on
in lines indented four or more, each line complete in itself (plain, double-quoted or
one-line flow values; no single quotes, block scalars, anchors, aliases, tags, tabs or
carriage returns; comments and blank lines anywhere). In such a text no scalar or
collection spans lines, so every item line starts an entry and the entry ends where the
next one starts, exactly as a YAML parser would split it. Anything else gives ``None``
and the whole catalog is used.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_ID = r"[A-Za-z0-9_-]{1,64}"
_DQ = r'"(?:[^"\\\n]|\\[^\n])*"'
_PLAIN = r"[A-Za-z0-9_./+-](?:[^'\"{}\[\]#\n:]|:(?=[^ \n]))*"  # ": " would be a key
_FLOW = rf"\{{(?:{_DQ}|[^\"'{{}}\[\]#\n])*\}}|\[(?:{_DQ}|[^\"'{{}}\[\]#\n])*\]"
_VALUE = rf"(?:{_DQ}|{_FLOW}|{_PLAIN})"
_KEY = r'(?:[A-Za-z0-9_-]+|"[A-Za-z0-9_ -]*")'
_END = r"(?:[ ]+#[^\n]*)?[ ]*"
_ITEM = re.compile(rf'  - app_id: (?:"({_ID})"|({_ID})){_END}')
_BODY = re.compile(rf" {{4,}}(?:- )?(?:{_KEY}:(?: +{_VALUE})?|{_VALUE}){_END}")
_QUIET = re.compile(r"[ ]*(?:#[^\n]*)?")  # a blank or comment line
_HEAD = re.compile(rf"mini_programs:{_END}")
_TOKEN = re.compile(rb"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Entries:
    """A catalog split into its header and its entries (id, text), in file order."""

    head: str
    items: tuple[tuple[str, str], ...]

    def slice(self, files: Collection[bytes]) -> bytes | None:
        """The catalog with only the entries whose id is a token of ``files``, or None
        when a file has a backslash (an escape could spell an id)."""
        tokens: set[bytes] = set()
        for raw in files:
            if b"\\" in raw:
                return None
            tokens.update(_TOKEN.findall(raw))
        kept = [text for app, text in self.items if app.encode() in tokens]
        return (self.head + "".join(kept or [self.items[0][1]])).encode()


def entries(raw: bytes) -> Entries | None:
    """The catalog's entries, or None unless its lines alone prove its structure."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text or "\t" in text or not text.endswith("\n"):
        return None
    lines = text.splitlines(keepends=True)
    at = 0
    while at < len(lines) and not _HEAD.fullmatch(lines[at][:-1]):
        if not _QUIET.fullmatch(lines[at][:-1]) or lines[at].startswith(" "):
            return None
        at += 1
    head, items, current, app = "".join(lines[:at + 1]), [], "", ""
    for line in lines[at + 1:]:
        item = _ITEM.fullmatch(line[:-1])
        if item:
            if app:
                items.append((app, current))
            app, current = item[1] or item[2], line
        elif _QUIET.fullmatch(line[:-1]) or (app and _BODY.fullmatch(line[:-1])):
            if app:
                current += line
            else:
                head += line
        else:
            return None
    if app:
        items.append((app, current))
    return Entries(head, tuple(items)) if items else None
