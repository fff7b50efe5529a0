"""Round-trip YAML for the authoring commands: text -> editable tree -> text.

Pure (strings in, strings out). The tree is ruamel.yaml's round-trip tree, so comments,
key order, quoting and flow style survive. Two things ruamel does not do for us:

* guess the file's indentation: we pick the indentation that reproduces the untouched
  file exactly (:func:`load` says whether one did);
* keep full-line comments with the entry below them when entries move or go: ruamel
  stores the comment lines between two entries on the *previous* entry's last line.
  :func:`detach_leads` / :func:`attach_leads` lift those lines off, keyed by entry, so a
  caller can reorder a block collection and put every comment back above its entry.
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..load.roundtrip import roundtrip

_BOM = "\ufeff"


@dataclass(frozen=True)
class Style:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    bom: bool = False
    crlf: bool = False


_CANDIDATES = list(dict.fromkeys((m, o + 2, o) for m in (2, 4, 3) for o in (2, 0, m)))


def _yaml(style: Style) -> YAML:
    return roundtrip(mapping=style.mapping, sequence=style.sequence, offset=style.offset)


def load(text: str) -> tuple[CommentedMap, Style, bool]:
    """The tree, the style to write it back with, and whether that style is exact.

    Not exact means writing the tree back unchanged would still reformat some lines.
    """
    bom = text.startswith(_BOM)
    body = text.removeprefix(_BOM)
    crlf = "\r\n" in body
    plain = body.replace("\r\n", "\n")
    first: Style | None = None
    for mapping, sequence, offset in _CANDIDATES:
        style = Style(mapping, sequence, offset, bom, crlf)
        tree = _yaml(style).load(plain)
        if first is None:
            first = style
        if _dump(tree, style) == plain:
            return tree, style, True
    assert first is not None
    return _yaml(first).load(plain), first, False


def _dump(tree: Any, style: Style) -> str:
    out = io.StringIO()
    _yaml(style).dump(tree, out)
    return out.getvalue()


def dump(tree: Any, style: Style) -> str:
    text = _dump(tree, style)
    if style.crlf:
        text = text.replace("\n", "\r\n")
    return (_BOM if style.bom else "") + text


# --- comments between entries -------------------------------------------------------


def is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


Slot = tuple[CommentedBase, Any, int]


def _tail_slot(node: Any, index: int) -> Slot:
    """Where the comment after entry ``index`` of ``node`` lives: its deepest last line."""
    key = list(node)[index] if isinstance(node, CommentedMap) else index
    value = node[key]
    if is_block(value) and value:
        return _tail_slot(value, len(value) - 1)
    return node, key, 2 if isinstance(node, CommentedMap) else 0


def _nested(node: Any, index: int) -> list[CommentedBase]:
    """The block collections that end where entry ``index`` ends, innermost first.

    ruamel sometimes keeps the comment lines after an entry as the ``end`` of one of
    them instead of on the last line's token.
    """
    key = list(node)[index] if isinstance(node, CommentedMap) else index
    value = node[key]
    if is_block(value) and value:
        return [*_nested(value, len(value) - 1), value]
    return []


def _take_ends(collections: list[CommentedBase]) -> str:
    text = ""
    for collection in collections:
        text += _text(getattr(collection.ca, "end", None) or [])
        collection.ca.end = None
    return text


def _read(where: Slot) -> str:
    container, key, slot = where
    entry = container.ca.items.get(key)
    token = entry[slot] if entry is not None and len(entry) > slot else None
    return token.value if isinstance(token, CommentToken) else ""


def _write(where: Slot, value: str) -> None:
    container, key, slot = where
    entry = container.ca.items.get(key)
    token = entry[slot] if entry is not None and len(entry) > slot else None
    if value in ("", "\n"):
        if entry is not None and len(entry) > slot:
            entry[slot] = None
    elif isinstance(token, CommentToken):
        token.value = value
    else:
        if entry is None:
            entry = container.ca.items[key] = [None] * (4 if slot == 2 else 2)
        entry[slot] = CommentToken(value, CommentMark(0))


def _split(value: str) -> tuple[str, str]:
    """A tail is the end-of-line comment, then full-line comments and blank lines."""
    cut = value.find("\n")
    return (value, "") if cut < 0 else (value[: cut + 1], value[cut + 1 :])


def _text(tokens: list[CommentToken]) -> str:
    """Comment tokens kept apart from a line (column separate) as the lines they were."""
    return "".join(t.value if t.value.startswith("\n") else " " * t.column + t.value
                   for t in tokens)


def _read_first(parent: CommentedMap, key: Any) -> str:
    """Comment lines between ``key:`` and its first entry (ruamel keeps them as tokens)."""
    entry = parent.ca.items.get(key)
    return _text(entry[3] if entry is not None and len(entry) > 3 and entry[3] else [])


def _tokens(text: str) -> list[CommentToken]:
    tokens = []
    for line in text.splitlines(keepends=True):
        body = line.lstrip(" ")
        column = 0 if not line.strip() else len(line) - len(body)
        tokens.append(CommentToken(body if line.strip() else "\n", CommentMark(column)))
    return tokens


def _write_first(parent: CommentedMap, key: Any, text: str) -> None:
    tokens = _tokens(text)
    entry = parent.ca.items.get(key)
    if entry is None and tokens:
        entry = parent.ca.items[key] = [None, None, None, None]
    if entry is not None:
        entry[3] = tokens or None
    child = parent[key]
    if isinstance(child, CommentedBase):
        child.ca.comment = [None, tokens] if tokens else None


@dataclass
class Leads:
    """Comment lines above each entry of one block collection, and those after the last."""

    above: dict[Hashable, str]
    after: str


def _ident(node: Any, index: int) -> Hashable:
    return list(node)[index] if isinstance(node, CommentedMap) else id(node[index])


def detach_leads(parent: CommentedMap, key: Any) -> Leads:
    """Lift the comment lines off the entries of ``parent[key]`` (a block map or list).

    List entries are told apart by identity, so they must be collections (as sections
    and mini programs are), not scalars.
    """
    node = parent[key]
    if not is_block(node) or not node:
        return Leads({}, "")
    above: dict[Hashable, str] = {}
    carry = _read_first(parent, key)
    _write_first(parent, key, "")
    for i in range(len(node)):
        above[_ident(node, i)] = carry + _take_before(node, i)
        eol, rest = _split(_read(_tail_slot(node, i)))
        _write(_tail_slot(node, i), eol)
        last = i + 1 == len(node)
        carry = rest + _take_ends(_nested(node, i) + ([node] if last else []))
    return Leads(above, carry)


def _take_before(node: Any, index: int) -> str:
    """Comment lines that ruamel kept on the container, just above entry ``index``."""
    key = list(node)[index] if isinstance(node, CommentedMap) else index
    entry = node.ca.items.get(key)
    if entry is None or len(entry) < 2 or not entry[1]:
        return ""
    text = _text(entry[1])
    entry[1] = None
    return text


def attach_leads(parent: CommentedMap, key: Any, leads: Leads) -> None:
    """Put the comment lines back above their entries, wherever those now are.

    Entries that are gone lose their lines; new entries get none.
    """
    node = parent[key]
    if not node:  # an empty list is written `[]`: the lines follow it
        slot: Slot = (parent, key, 2)
        _write(slot, (_split(_read(slot))[0] or "\n") + leads.after)
        return
    if not is_block(node):
        return
    _write_first(parent, key, leads.above.get(_ident(node, 0), ""))
    for i in range(len(node)):
        below = (leads.above.get(_ident(node, i + 1), "") if i + 1 < len(node)
                 else leads.after)
        eol, _ = _split(_read(_tail_slot(node, i)))
        _write(_tail_slot(node, i), (eol or "\n") + below)
