"""release.yaml bytes + the Release wanted -> new bytes, editing in place (pure).

ruamel.yaml's round trip keeps comments, key order, quoting and flow style, so the diff
a person reviews is only the lines whose values changed.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..load.roundtrip import roundtrip
from ..model.inputs import Release, Stage
from . import keys

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


def _put(doc: CommentedMap, key: str, value: Any) -> None:
    keys.put(doc, key, value, _ORDER)


def _put_list(doc: CommentedMap, key: str, values: list[str]) -> None:
    current = doc.get(key)
    if isinstance(current, CommentedSeq):
        if list(current) != values:
            lines = keys.following(doc, key)
            current[:] = values
            current.ca.items.clear()
            keys.append_comment(doc, key, lines)
        return
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    _put(doc, key, seq)


def _drop(doc: CommentedMap, key: str) -> None:
    keys.drop(doc, key)
