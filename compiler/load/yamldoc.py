"""YAML text -> a :class:`Document`: plain data plus the position of every node.

The one reading API: :func:`decode` (bytes -> text, strictly), :func:`parse` (text ->
document, or the one finding that says why not) and :meth:`Document.locate`. The tree
comes from ruamel.yaml's round-trip loader, the only parser here that keeps positions,
read within :mod:`.limits` and copied to plain data by :mod:`.plaintree`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..model.findings import Finding, Loc
from . import limits
from .limits import LimitedComposer, PlainConstructor, Position, Refused
from .plaintree import Walker
from .roundtrip import roundtrip


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


def _error(file: str, code: str, message: str, pos: Position, hint: str = "") -> Finding:
    return Finding(file=file, line=pos[0], col=pos[1], code=code, message=message, hint=hint)


def decode(file: str, raw: bytes) -> str | Finding:
    """Strict UTF-8 (a BOM is accepted and dropped); bad bytes are located precisely."""
    if len(raw) > limits.MAX_FILE_BYTES:
        return _error(
            file, "E105", f"file is larger than the limit of {limits.MAX_FILE_BYTES} bytes",
            (1, 1), "split the content or remove what is not needed",
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


def parse(file: str, raw: bytes, *, slow: str = "") -> Document | Finding:
    """Parse one YAML file whose top level must be a mapping. ``slow``: why the fast path
    sent it here (its nodes are then capped at ``limits.MAX_RUAMEL_NODES``)."""
    text = decode(file, raw)
    if isinstance(text, Finding):
        return text
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return _error(file, "E104", "file is empty", (1, 1), "add the document's fields")
    try:
        composer = limits.for_slow(slow) if slow else LimitedComposer
        tree = roundtrip(composer=composer, constructor=PlainConstructor).load(text)
    except Refused as exc:
        return _error(file, exc.code, exc.message, exc.pos, exc.hint)
    except MarkedYAMLError as exc:
        return _from_yaml_error(file, exc)
    except YAMLError as exc:
        return _error(file, "E101", _first_line(str(exc)), (1, 1), "fix the YAML syntax")
    except RecursionError:
        return _error(file, "E103", f"nesting is deeper than {limits.MAX_DEPTH} levels",
                      (1, 1), "flatten the document")
    except (ValueError, OverflowError) as exc:  # e.g. a plain date that does not exist
        return _error(file, "E101", f"invalid value: {exc}", _bad_date(text),
                      "fix the date or time, or quote the value if it is text")
    if not isinstance(tree, Mapping):
        kind = "a list" if isinstance(tree, Sequence) and not isinstance(tree, str) else (
            "a single value")
        return _error(file, "E104", f"the document must be a mapping of fields, not {kind}",
                      (1, 1), "write `field: value` lines at the top level")
    try:
        walker = Walker()
        data = walker.plain(tree, (), 0, (1, 1))
    except Refused as exc:
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
