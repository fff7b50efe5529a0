"""Set, add and remove the keys of a block mapping, keeping each comment line with the
key it describes (pure).

ruamel.yaml stores the comment lines between two keys on the *earlier* key's end-of-line
token. A key inserted between them, or removed, would take those lines along to the
wrong place (or drop them); these helpers move them so they stay above the key below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


def put(doc: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key``; a new key goes after the keys that come before it in ``order``."""
    if key in doc:
        if doc[key] != value or type(doc[key]) is not type(value):
            doc[key] = value
        return
    earlier = order[:order.index(key)] if key in order else order
    keys = list(doc.keys())
    at = max((keys.index(k) + 1 for k in earlier if k in keys), default=0)
    following = take_following(doc, keys[at - 1]) if 0 < at < len(keys) else ""
    doc.insert(at, key, value)
    append_comment(doc, key, following)


def drop(doc: CommentedMap, key: str) -> None:
    """Remove a key; comment lines that followed it (about the next key) stay."""
    if key not in doc:
        return
    keys = list(doc.keys())
    following = take_following(doc, key)
    del doc[key]
    doc.ca.items.pop(key, None)
    i = keys.index(key)
    if i > 0:
        append_comment(doc, keys[i - 1], following)


def _token(doc: CommentedMap, key: str, create: bool = False) -> Any:
    """The comment token after ``key``'s value: comment lines that follow it live there."""
    value = doc[key]
    slot: dict[Any, Any]
    index: Any
    if isinstance(value, CommentedSeq) and len(value) and value.fa.flow_style() is False:
        slot, index, pos = value.ca.items, len(value) - 1, 0
    else:
        slot, index, pos = doc.ca.items, key, 2
    entry = slot.get(index)
    if entry is None and create:
        entry = slot[index] = [None, None, None, None]
    if entry is not None and entry[pos] is None and create:
        entry[pos] = CommentToken("\n", CommentMark(0), None)
    return entry[pos] if entry is not None else None


def following(doc: CommentedMap, key: str) -> str:
    """The full comment lines after ``key``'s line (not its end-of-line comment)."""
    token = _token(doc, key)
    text = token.value if token is not None else ""
    return text.split("\n", 1)[1] if "\n" in text else ""


def take_following(doc: CommentedMap, key: str) -> str:
    lines = following(doc, key)
    if lines:
        token = _token(doc, key)
        token.value = token.value[:len(token.value) - len(lines)]
    return lines


def append_comment(doc: CommentedMap, key: str, lines: str) -> None:
    if lines:
        token = _token(doc, key, create=True)
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines
