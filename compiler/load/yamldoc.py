"""YAML text -> plain, JSON-like data plus the position of every node.

The data handed on is plain (dict, list, str, int, float, bool, None; timestamps as ISO
strings) so the pydantic models and the JSON Schemas judge exactly the same input. The
positions (path -> line, col) are kept beside the data for error messages; they are
computed from ruamel.yaml's round-trip tree, the only parser here that keeps them.

Limits (documented in docs/rules.md) keep hostile files from hanging or exhausting memory:
the size of a file, the number of nodes after alias expansion (alias bombs), the depth.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode

from ..model.findings import Finding, Loc
from .roundtrip import roundtrip

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Position = tuple[int, int]


@dataclass
class Document:
    file: str
    data: dict[str, Any]
    positions: dict[Loc, Position] = field(default_factory=dict, repr=False)

    def locate(self, loc: Loc) -> Position:
        """Position of the deepest node on ``loc`` that exists (1-based line, col)."""
        for end in range(len(loc), -1, -1):
            pos = self.positions.get(tuple(loc[:end]))
            if pos is not None:
                return pos
        return (1, 1)


_ALIAS_HINT = "avoid anchors/aliases that expand to huge trees; write the data out"


class _Refused(Exception):
    def __init__(self, code: str, message: str, pos: Position, hint: str = _ALIAS_HINT) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


class _Composer(Composer):
    """Stops reading at the node and depth limits, before a huge file is parsed to the end.

    Parsing costs ~30 us a node, so a 2 MiB file of tiny nodes would otherwise take half a
    minute before the walker could refuse it. Aliases are counted by the walker.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nodes = 0
        self.levels = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            return super().compose_node(parent, index)
        self.nodes += 1
        self.levels += 1
        if self.nodes > MAX_NODES or self.levels > MAX_DEPTH + 1:
            mark = self.parser.peek_event().start_mark
            raise _Refused("E103", f"document has more than {MAX_NODES} nodes"
                           if self.nodes > MAX_NODES else
                           f"nesting is deeper than {MAX_DEPTH} levels",
                           (mark.line + 1, mark.column + 1),
                           "split the content or remove what is not needed"
                           if self.nodes > MAX_NODES else "flatten the document")
        node = super().compose_node(parent, index)
        self.levels -= 1
        return node


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}


class _Constructor(RoundTripConstructor):
    """Values YAML resolves but Python cannot build (``2026-02-30``, ``!!int x``, an int of
    5,000 digits, ``!!bool maybe``) become a positioned finding instead of a bare error from
    ruamel; tags beyond plain data (``!!omap``, ``!!binary``, ``!custom``) are refused."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = str(node.tag)
        if tag not in _PLAIN_TAGS:
            raise _Refused("E101", f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is "
                           "not supported here", pos, "remove the tag; write plain values")
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, AttributeError, TypeError, KeyError,
                IndexError) as exc:
            kind = tag.rsplit(":", 1)[-1]
            value = str(node.value) if isinstance(node, ScalarNode) else f"this {kind}"
            shown = value if len(value) <= 40 else value[:37] + "..."
            why = f": {str(exc).split(';')[0]}" if isinstance(exc, ValueError) else ""
            raise _Refused("E101", f"{shown!r} is not a valid {kind}{why}", pos,
                           "quote the value if it is text, or fix it") from None


def _error(file: str, code: str, message: str, pos: Position, hint: str = "") -> Finding:
    return Finding(file=file, line=pos[0], col=pos[1], code=code, message=message, hint=hint)


def decode(file: str, raw: bytes) -> str | Finding:
    """Strict UTF-8 (a BOM is accepted and dropped); bad bytes are located precisely."""
    if len(raw) > MAX_FILE_BYTES:
        return _error(
            file, "E105", f"file is larger than the limit of {MAX_FILE_BYTES} bytes", (1, 1),
            "split the content or remove what is not needed",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return _error(
            file, "E100", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            (line, col), "save the file as UTF-8",
        )
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        return _error(file, "E100", "file contains a NUL character", (line, i - text.rfind(
            "\n", 0, i)), "remove the NUL byte; it is not allowed in YAML")
    return text


def parse(file: str, raw: bytes) -> Document | Finding:
    """Parse one YAML file whose top level must be a mapping."""
    text = decode(file, raw)
    if isinstance(text, Finding):
        return text
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return _error(file, "E104", "file is empty", (1, 1), "add the document's fields")
    try:
        tree = roundtrip(composer=_Composer, constructor=_Constructor).load(text)
    except _Refused as exc:
        return _error(file, exc.code, exc.message, exc.pos, exc.hint)
    except MarkedYAMLError as exc:
        return _from_yaml_error(file, exc)
    except YAMLError as exc:
        return _error(file, "E101", _first_line(str(exc)), (1, 1), "fix the YAML syntax")
    except RecursionError:
        return _error(file, "E103", f"nesting is deeper than {MAX_DEPTH} levels", (1, 1),
                      "flatten the document")
    except (ValueError, OverflowError) as exc:  # e.g. a plain date that does not exist
        return _error(file, "E101", f"invalid value: {exc}", _bad_date(text),
                      "fix the date or time, or quote the value if it is text")
    if not isinstance(tree, Mapping):
        kind = "a list" if isinstance(tree, Sequence) and not isinstance(tree, str) else (
            "a single value")
        return _error(file, "E104", f"the document must be a mapping of fields, not {kind}",
                      (1, 1), "write `field: value` lines at the top level")
    try:
        walker = _Walker()
        data = walker.plain(tree, (), 0, (1, 1))
    except _Refused as exc:
        return _error(file, exc.code, exc.message, exc.pos, exc.hint)
    return Document(file=file, data=data, positions=walker.positions)


_DATE = re.compile(r"(?<![\w.-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
                   r"(?:[Tt ]+([0-9]{1,2}):([0-9]{2}):([0-9]{2}))?")


def _bad_date(text: str) -> Position:
    """Where the first date that does not exist is (ruamel's error has no position)."""
    for m in _DATE.finditer(text):
        try:
            y, mo, d, h, mi, sec = (int(part) for part in m.groups(default="0"))
            dt.datetime(y, mo, d, h, mi, sec)
        except ValueError:
            return (text.count("\n", 0, m.start()) + 1,
                    m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1)
    return (1, 1)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "invalid YAML"


def _from_yaml_error(file: str, exc: MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "duplicate key" in problem:
        return _error(file, "E102", problem.split(" with value")[0].strip(), pos,
                      "each key may appear once in a mapping; remove or rename one")
    if "\t" in problem or "tab" in problem.lower():
        return _error(file, "E101", problem, pos, "indent with spaces, not tabs")
    context = f" {exc.context.strip()}" if exc.context and exc.problem else ""
    return _error(file, "E101", f"YAML syntax error{context}: {problem}", pos,
                  "check indentation, colons and quotes on this line")


class _Walker:
    """Copy ruamel's tree into plain data, recording positions and enforcing limits."""

    def __init__(self) -> None:
        self.positions: dict[Loc, Position] = {}
        self.nodes = 0

    def plain(self, node: Any, loc: Loc, depth: int, pos: Position) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused("E103", f"document expands to more than {MAX_NODES} nodes", pos)
        if depth > MAX_DEPTH:
            raise _Refused("E103", f"nesting is deeper than {MAX_DEPTH} levels", pos)
        self.positions.setdefault(loc, pos)
        if isinstance(node, Mapping):
            out: dict[str, Any] = {}
            for key, value in node.items():
                kpos = _key_position(node, key, pos)
                if not isinstance(key, str):
                    raise _Refused("E106", f"key {key!r} is not text", kpos, "quote the key")
                key = _text(key, kpos)
                out[key] = self.plain(value, (*loc, key), depth + 1, kpos)
            return out
        if isinstance(node, Sequence) and not isinstance(node, str):
            items = []
            for i, value in enumerate(node):
                ipos = _item_position(node, i, pos)
                items.append(self.plain(value, (*loc, i), depth + 1, ipos))
            return items
        return _text(node, pos) if isinstance(node, str) else _scalar(node)


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
        raise _Refused("E100", f"text contains \\u{ord(joined[exc.start]):04x}, half of a "
                       "surrogate pair, which is not a character", pos,
                       "remove the escape, or write the character itself") from None


def _key_position(node: Any, key: Any, parent: Position) -> Position:
    """Entries point at their key: the line a person reads, for scalars and blocks alike."""
    lc = getattr(node, "lc", None)
    try:
        line, col = lc.key(key)  # type: ignore[union-attr]
    except (AttributeError, KeyError, TypeError):
        return parent
    return (line + 1, col + 1)


def _item_position(node: Any, i: int, parent: Position) -> Position:
    lc = getattr(node, "lc", None)
    try:
        line, col = lc.item(i)  # type: ignore[union-attr]
    except (AttributeError, KeyError, TypeError, IndexError):
        return parent
    return (line + 1, col + 1)


def _scalar(node: Any) -> Any:
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
