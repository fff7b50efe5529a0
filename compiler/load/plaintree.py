"""ruamel's round-trip tree -> plain, JSON-like data, with the position of every node.

The data handed on is plain (dict, list, str, int, float, bool, None; timestamps as ISO
strings) so the pydantic models and the JSON Schemas judge exactly the same input. The
positions (path -> line, col) are kept beside it for error messages. The walk counts
every node it copies, so an alias used many times counts each time (alias bombs), and
refuses text that no UTF-8 writer could write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.findings import Loc
from . import limits
from .limits import Position, Refused


class Walker:
    """Copy ruamel's tree into plain data, recording positions and enforcing limits."""

    def __init__(self) -> None:
        self.positions: dict[Loc, Position] = {}
        self.nodes = 0

    def plain(self, node: Any, loc: Loc, depth: int, pos: Position) -> Any:
        self.nodes += 1
        if self.nodes > limits.MAX_NODES:
            raise Refused("E103", f"document expands to more than {limits.MAX_NODES} nodes", pos)
        if depth > limits.MAX_DEPTH:
            raise Refused("E103", f"nesting is deeper than {limits.MAX_DEPTH} levels", pos)
        self.positions.setdefault(loc, pos)
        if isinstance(node, Mapping):
            out: dict[str, Any] = {}
            for i, (key, value) in enumerate(node.items()):
                kpos = _entry_position(node, key, pos)
                if i == limits.MAX_KEYS:  # past the composer's count: keys merged in (<<)
                    raise limits.too_many_keys(kpos)
                if not isinstance(key, str):
                    raise Refused("E106", f"key {key!r} is not text", kpos, "quote the key")
                key = _text(key, kpos)
                out[key] = self.plain(value, (*loc, key), depth + 1, kpos)
            return out
        if isinstance(node, Sequence) and not isinstance(node, str):
            items = []
            for i, value in enumerate(node):
                ipos = _entry_position(node, i, pos)
                items.append(self.plain(value, (*loc, i), depth + 1, ipos))
            return items
        return _text(node, pos) if isinstance(node, str) else scalar(node)


def _text(value: str, pos: Position) -> str:
    """Text must be encodable: "\\ud800" escapes a lone surrogate, which is no character
    and would break every UTF-8 writer downstream. An escaped pair (JSON writes emoji as
    "\\ud83d\\ude00") is joined into the one character it stands for."""
    try:
        value.encode("utf-8")
        return str(value)  # plain str, not ruamel's LiteralScalarString & co.
    except UnicodeEncodeError:
        pass
    joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    try:
        joined.encode("utf-8")
        return joined
    except UnicodeEncodeError as exc:
        raise Refused("E100", f"text contains \\u{ord(joined[exc.start]):04x}, half of a "
                      "surrogate pair, which is not a character", pos,
                      "remove the escape, or write the character itself") from None


def _entry_position(node: Any, entry: Any, parent: Position) -> Position:
    """Map entries point at their key, list entries at their item: the line a person reads,
    for scalars and blocks alike. Without ruamel's line data, the parent's position."""
    lc: Any = getattr(node, "lc", None)
    try:
        line, col = lc.key(entry) if isinstance(node, Mapping) else lc.item(entry)
    except (AttributeError, KeyError, TypeError, IndexError):
        return parent
    return (line + 1, col + 1)


def scalar(node: Any) -> Any:
    """A scalar from ruamel's constructor as the plain Python value (ISO text for times)."""
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)
