"""release.yaml bytes + the Release wanted -> new bytes, editing in place (pure).

ruamel.yaml's round trip keeps comments, key order, quoting and flow style, so the diff
a person reviews is only the lines whose values changed.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..load.roundtrip import roundtrip
from ..model.inputs import Release, Stage

HEADER = "# yaml-language-server: $schema=../../schema/release.schema.json\n"
_ORDER = ("version", "stage", "testers", "ratio", "group")
_WIDTH = 4096  # release.yaml has always wrapped here (a long testers list); kept so it still does


def edit(raw: bytes | None, release: Release) -> bytes:
    """``raw`` must already parse as a mapping (the caller validated it) or be None."""
    doc: Any = roundtrip(width=_WIDTH).load(raw.decode("utf-8-sig")) if raw else None
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    _put(doc, "version", release.version)
    _put(doc, "stage", release.stage.value)
    if release.stage is Stage.TESTING:
        _put_list(doc, "testers", list(release.testers))
    else:
        _drop(doc, "testers")
    if release.stage is Stage.RELEASING and release.ratio is not None:
        ratio = release.ratio
        _put(doc, "ratio", int(ratio) if ratio == int(ratio) else ratio)
    else:
        _drop(doc, "ratio")
    out = io.StringIO()
    if not raw:
        out.write(HEADER)
    roundtrip(width=_WIDTH).dump(doc, out)
    return out.getvalue().encode()


def _position(doc: CommentedMap, key: str) -> int:
    """Where a missing key goes: after the keys that come before it in _ORDER."""
    earlier = _ORDER[:_ORDER.index(key)]
    keys = list(doc.keys())
    return max((keys.index(k) + 1 for k in earlier if k in keys), default=0)


def _put(doc: CommentedMap, key: str, value: Any) -> None:
    if key in doc:
        if doc[key] != value or type(doc[key]) is not type(value):
            doc[key] = value
    else:
        doc.insert(_position(doc, key), key, value)


def _put_list(doc: CommentedMap, key: str, values: list[str]) -> None:
    current = doc.get(key)
    if isinstance(current, CommentedSeq):
        if list(current) != values:
            following = _following(doc, key)
            current[:] = values
            current.ca.items.clear()
            _append_comment(doc, key, following)
        return
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    _put(doc, key, seq)


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


def _following(doc: CommentedMap, key: str) -> str:
    token = _token(doc, key)
    text = token.value if token is not None else ""
    return text.split("\n", 1)[1] if "\n" in text else ""


def _append_comment(doc: CommentedMap, key: str, lines: str) -> None:
    if lines:
        token = _token(doc, key, create=True)
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines


def _drop(doc: CommentedMap, key: str) -> None:
    """Remove a key; comment lines that followed it (about the next key) stay."""
    if key not in doc:
        return
    keys = list(doc.keys())
    following = _following(doc, key)
    del doc[key]
    doc.ca.items.pop(key, None)
    i = keys.index(key)
    if i > 0:
        _append_comment(doc, keys[i - 1], following)
