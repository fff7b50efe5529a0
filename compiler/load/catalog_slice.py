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

# The grammar of one line. Runs of characters are matched possessively (``++``, ``*++``):
# each character is read once, which keeps a whole catalog's check to a few milliseconds.
_ID = r"[A-Za-z0-9_-]{1,64}"
_DQ = r'"(?:[^"\\\n]++|\\[^\n])*+"'
_PLAIN = (r"[A-Za-z0-9_./+-]"  # then no quote, bracket or "#"; ": " would be a key, and
          r"(?:[^'\"{}\[\]#\n: ]++|:(?=[^ \n])|[ ]++(?=[^ #\n]))*+")  # " #" a comment
_FLOW = (rf"\{{(?:[^\"'{{}}\[\]#\n]++|{_DQ})*+\}}"
         rf"|\[(?:[^\"'{{}}\[\]#\n]++|{_DQ})*+\]")
_VALUE = rf"(?:{_DQ}|{_FLOW}|{_PLAIN})"
_KEY = r'(?:[A-Za-z0-9_-]+|"[A-Za-z0-9_ -]*")'
_END = r"(?:[ ]+#[^\n]*)?[ ]*\n"
_ITEM = rf'  - app_id: (?:"{_ID}"|{_ID}){_END}'
_BODY = rf" {{4,}}(?:- )?(?:{_KEY}:(?: +{_VALUE})?|{_VALUE}){_END}"
_QUIET = r"[ ]*(?:#[^\n]*)?\n"  # a blank or comment line
_HEAD = re.compile(rf"(?:(?:#[^\n]*)?\n)*+mini_programs:{_END}")  # comments at column 0
# After the header: quiet lines (the header's too), then items, each an item line and its
# body and quiet lines. Possessive: no line is matched twice.
_ITEMS = re.compile(rf"(?:{_QUIET})*+((?:{_ITEM}(?:{_BODY}|{_QUIET})*+)++)")
_START = re.compile(rf'^  - app_id: (?:"({_ID})"|({_ID}))', re.MULTILINE)
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
    head = _HEAD.match(text)
    if head is None:
        return None
    at = head.end()
    rest = _ITEMS.fullmatch(text, at)  # one pass in C over every line after the header
    if rest is None:
        return None
    starts = [(m.start(), m[1] or m[2]) for m in _START.finditer(text, rest.start(1))]
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return Entries(text[:rest.start(1)],
                   tuple((app, text[start:end]) for (start, app), end in zip(starts, ends,
                                                                              strict=True)))
