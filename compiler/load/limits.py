"""What a YAML file may be, enforced while ruamel reads it.

Limits (documented in docs/rules.md) keep hostile files from hanging or exhausting memory:
the size of a file, the number of nodes after alias expansion (alias bombs), the depth,
the keys of one mapping. ruamel reads some 25,000 nodes a second, so a file that needs it
(one the libyaml fast path cannot vouch for: anchors, tags, tabs, a YAML error, ...) may
hold fewer nodes: ``MAX_RUAMEL_NODES``, about a fifth of a second of reading. Keys count
as nodes on both paths.

Only plain data is read: tags beyond the core ones are refused, and a value Python cannot
build is a positioned finding, not a bare error from ruamel.

The limits are read from this module when they are applied, so a test may lower them.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_RUAMEL_NODES = 5_000
MAX_DEPTH = 64
# Every mapping minisvc reads is a record of named fields or a locale map: a few dozen
# keys (the benchmark corpus: 12 at most). A file of thousands of keys is refused at the
# first key past this, not judged key by key (a finding each).
MAX_KEYS = 1_000

Position = tuple[int, int]  # 1-based line, col

_ALIAS_HINT = "avoid anchors/aliases that expand to huge trees; write the data out"


class Refused(Exception):
    """A limit or rule was hit at ``pos``; the parser turns this into a finding."""

    def __init__(self, code: str, message: str, pos: Position, hint: str = _ALIAS_HINT) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


def too_many_keys(pos: Position) -> Refused:
    """The refusal of the key after the :data:`MAX_KEYS` th, at ``pos``, on either path."""
    return Refused("E103", f"a mapping has more than {MAX_KEYS:,} keys", pos,
                   "a mapping here is a record of fields or a locale map; remove the "
                   "extra keys (a list holds many items)")


class LimitedComposer(Composer):
    """Stops reading at the node, depth and key limits, before a huge file is parsed to the end.

    Parsing costs ~50 us a node, so a 2 MiB file of tiny nodes would otherwise take
    minutes before the walker could refuse it. Aliases are counted by the walker.
    """

    slow = ""  # what sent the file past the fast path (see ``for_slow``); "" for none

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nodes = 0
        self.levels = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            return super().compose_node(parent, index)
        if index is None and isinstance(parent, MappingNode) and len(parent.value) == MAX_KEYS:
            mark = self.parser.peek_event().start_mark
            raise too_many_keys((mark.line + 1, mark.column + 1))
        self.nodes += 1
        self.levels += 1
        cap = min(MAX_NODES, MAX_RUAMEL_NODES) if self.slow else MAX_NODES
        if self.nodes > cap or self.levels > MAX_DEPTH + 1:
            mark = self.parser.peek_event().start_mark
            pos = (mark.line + 1, mark.column + 1)
            if self.levels > MAX_DEPTH + 1 and self.nodes <= cap:
                raise Refused("E103", f"nesting is deeper than {MAX_DEPTH} levels", pos,
                              "flatten the document")
            if cap < MAX_NODES:
                raise Refused("E103", f"document has more than {cap} nodes, the most for a "
                              f"file the fast YAML reader cannot take (this one has "
                              f"{self.slow})", pos, "remove what needs the slower reader, "
                              "or split the content")
            raise Refused("E103", f"document has more than {MAX_NODES} nodes", pos,
                          "split the content or remove what is not needed")
        node = super().compose_node(parent, index)
        self.levels -= 1
        return node


def for_slow(why: str) -> type[LimitedComposer]:
    """The composer for a file the fast path stepped aside for, because of ``why``."""
    return type("SlowComposer", (LimitedComposer,), {"slow": why})


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}


class PlainConstructor(RoundTripConstructor):
    """Values YAML resolves but Python cannot build (``2026-02-30``, ``!!int x``, an int of
    5,000 digits, ``!!bool maybe``) become a positioned finding instead of a bare error from
    ruamel; tags beyond plain data (``!!omap``, ``!!binary``, ``!custom``) are refused."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = str(node.tag)
        if tag not in _PLAIN_TAGS:
            raise Refused("E101", f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is "
                          "not supported here", pos, "remove the tag; write plain values")
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, AttributeError, TypeError, KeyError,
                IndexError) as exc:
            kind = tag.rsplit(":", 1)[-1]
            value = str(node.value) if isinstance(node, ScalarNode) else f"this {kind}"
            shown = value if len(value) <= 40 else value[:37] + "..."
            why = f": {str(exc).split(';')[0]}" if isinstance(exc, ValueError) else ""
            raise Refused("E101", f"{shown!r} is not a valid {kind}{why}", pos,
                          "quote the value if it is text, or fix it") from None
