"""The fast path of :mod:`compiler.load.yamldoc`: libyaml for the data, ruamel only when needed.

ruamel.yaml's round-trip loader is the reference (YAML 1.2, positions, precise errors)
but pure Python, some ten times slower than libyaml (PyYAML's C parser), which loads a
file here; positions are needed only where a finding is, so a :class:`LazyDocument`
reads them (libyaml's marks) on first use.

libyaml speaks YAML 1.1, so nothing of PyYAML's 1.1 schema is used: every plain scalar
is resolved with ruamel's own YAML 1.2 table, and scalars other than text, null, bool
and plain decimals are converted by ruamel's own constructor. Anything the fast path
cannot prove it reads the same way (aliases, merge keys, duplicate keys, explicit tags,
directives, tabs, non-text keys, any libyaml error) makes it step aside and the file
goes through :func:`compiler.load.yamldoc.parse`, under the lower node limit of that
slower reader (:data:`limits.MAX_RUAMEL_NODES`: at most ~0.2 s of ruamel). The node,
depth and key limits, and a document that is not a mapping, are judged here as ruamel's
path judges them; the parity tests hold the two paths to the same data, findings and
positions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode as RuamelScalar
from ruamel.yaml.resolver import VersionedResolver

from ..model.findings import Finding, Loc
from . import limits, plaintree, yamldoc
from .roundtrip import roundtrip

try:
    from yaml._yaml import CParser

    HAVE_LIBYAML = True
except ImportError:  # PyYAML built without libyaml: the ruamel path is still correct
    HAVE_LIBYAML = False

# Tags this module gives; compared by identity, so no tag written in a file can pass.
_STR, _NULL, _BOOL, _INT = "fast:str", "fast:null", "fast:bool", "fast:int"
_SEQ, _MAP = "fast:seq", "fast:map"
_OTHER = "fast:other"  # merge keys and the like: only ruamel handles them
_RUAMEL = "fast:ruamel:"  # prefix: convert with ruamel's constructor (int forms, float, timestamp)
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)\Z")
# Text that libyaml and ruamel could read differently: tabs, YAML 1.1's extra line
# breaks (NEL, LS, PS), a directive line; a cheap scan sends these files to ruamel.
_UNSAFE = re.compile("[\t\x85\u2028\u2029]|^%", re.MULTILINE)


class Fallback(Exception):
    """The fast path cannot vouch for this file; use the ruamel path. The message says
    what in the file needs ruamel, for the finding when the file is too big for it."""


@dataclass
class LazyDocument(yamldoc.Document):
    """A document whose positions are read only when a finding needs one. ``vouched``:
    this process's fast path read it (a cached one may come from either path)."""

    source: bytes = field(default=b"", repr=False)
    vouched: bool = field(default=False, repr=False)
    _located: bool = field(default=False, repr=False)

    def locate(self, loc: Loc) -> limits.Position:
        if not self._located:
            self._located = True
            self.positions = positions(self.file, self.source, self.vouched)
        return super().locate(loc)


def positions(file: str, raw: bytes, vouched: bool = False) -> dict[Loc, limits.Position]:
    """Every node's position: from libyaml's marks when the fast path vouches for the file
    (the same as ruamel's, at C speed), else from ruamel's path."""
    text = raw.decode("utf-8-sig")
    try:
        root = _compose(text)
        if not vouched:
            _built(root, text)
    except Fallback as why:
        full = yamldoc.parse(file, raw, slow=str(why))
        return full.positions if isinstance(full, yamldoc.Document) else {}
    except limits.Refused:
        return {}
    return _marks(root)


def _marks(root: Any) -> dict[Loc, limits.Position]:
    """Map entries at their key, list items at the item, as ruamel's path places them; for
    a tree the builder took (text keys, no shared node)."""
    positions: dict[Loc, limits.Position] = {}
    stack: list[tuple[Any, Loc, limits.Position]] = [(root, (), (1, 1))]
    while stack:
        node, loc, pos = stack.pop()
        positions.setdefault(loc, pos)
        if node.tag is _MAP:
            stack.extend((value, (*loc, key.value),
                          (key.start_mark.line + 1, key.start_mark.column + 1))
                         for key, value in reversed(node.value))
        elif node.tag is _SEQ:
            stack.extend((item, (*loc, i), (item.start_mark.line + 1, item.start_mark.column + 1))
                         for i, item in reversed(list(enumerate(node.value))))
    return positions


_SHORT = {
    "tag:yaml.org,2002:null": _NULL,
    "tag:yaml.org,2002:bool": _BOOL,
    "tag:yaml.org,2002:int": _INT,
    "tag:yaml.org,2002:float": _RUAMEL + "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp": _RUAMEL + "tag:yaml.org,2002:timestamp",
}


def _table() -> dict[str, tuple[tuple[str, Callable[[str], Any]], ...]]:
    """ruamel's YAML 1.2 implicit resolvers, first character -> ((our tag, match), ...)."""
    resolvers = VersionedResolver(version=(1, 2)).versioned_resolver
    return {first: tuple((_SHORT.get(tag, _OTHER), re.compile(rx.pattern, rx.flags).match)
                         for tag, rx in pairs)
            for first, pairs in resolvers.items()}


_TABLE = _table()


if HAVE_LIBYAML:

    class _Composer(CParser):
        """libyaml's parser and composer, with ruamel's tag resolution and no constructor."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            """Decide a tag exactly as ruamel's 1.2 resolver does (plain scalars only)."""
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, match in _TABLE.get(value[:1], ()):
                        if match(value):
                            return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass  # no path resolvers

        def ascend_resolver(self) -> None:
            pass


@cache
def _ruamel_constructor() -> Any:
    return roundtrip().constructor


def _by_ruamel(tag: str, value: str) -> Any:
    """Convert one scalar exactly as the ruamel path does (constructor, then plain)."""
    constructor = _ruamel_constructor()
    node = RuamelScalar(tag, value)
    method: Callable[[Any], Any] = (constructor.construct_yaml_float
                                    if tag.endswith("float") else
                                    constructor.construct_yaml_timestamp
                                    if tag.endswith("timestamp") else
                                    constructor.construct_yaml_int)
    try:
        return plaintree.scalar(method(node))
    except Exception as exc:  # e.g. a date that does not exist: ruamel reports it
        raise Fallback(f"a {tag.rsplit(':', 1)[-1]} Python cannot build") from exc


def _mark(node: Any) -> limits.Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """libyaml nodes -> plain data, refusing what only the ruamel path handles well.

    Nodes are counted as ruamel's composer counts them (keys too, an alias not), in the
    same order, so the node and depth limits refuse the same node with the same finding.
    """

    def __init__(self, shared: bool) -> None:
        self.nodes = 0
        self.shared = shared  # aliases possible: watch for a node seen twice
        self.seen: set[int] = set()

    def count(self, node: Any, depth: int) -> None:
        if self.shared:
            if id(node) in self.seen:
                raise Fallback("anchors and aliases")  # ruamel counts their expansion
            self.seen.add(id(node))
        self.nodes += 1
        if self.nodes > limits.MAX_NODES:
            raise limits.Refused("E103", f"document has more than {limits.MAX_NODES} nodes",
                                 _mark(node), "split the content or remove what is not needed")
        if depth > limits.MAX_DEPTH:
            raise limits.Refused("E103", f"nesting is deeper than {limits.MAX_DEPTH} levels",
                                 _mark(node), "flatten the document")

    def plain(self, node: Any, depth: int) -> Any:
        self.count(node, depth)
        tag = node.tag
        if tag is _STR:
            return node.value
        if tag is _MAP:
            out: dict[str, Any] = {}
            for i, (key_node, value_node) in enumerate(node.value):
                if i == limits.MAX_KEYS:
                    raise limits.too_many_keys(_mark(key_node))
                self.count(key_node, depth + 1)
                if key_node.tag is not _STR:
                    raise Fallback("a key that is not text")  # E106, or a merge key
                if key_node.value in out:
                    raise Fallback("a duplicate key")  # E102 at its position
                out[key_node.value] = self.plain(value_node, depth + 1)
            return out
        if tag is _SEQ:
            return [self.plain(item, depth + 1) for item in node.value]
        value = node.value
        if tag is _NULL:
            return None
        if tag is _BOOL:
            return value[0] in "tT"
        if tag is _INT:
            return int(value) if _DECIMAL.match(value) else _by_ruamel(
                "tag:yaml.org,2002:int", value)
        if isinstance(tag, str) and tag.startswith(_RUAMEL):
            return _by_ruamel(tag[len(_RUAMEL):], value)
        raise Fallback("an explicit tag")  # or a merge key, or a tag we do not know


_UNSAFE_WHY = {"\t": "tabs", "\x85": "a NEL line break", "\u2028": "a line separator",
               "\u2029": "a paragraph separator", "%": "a % directive"}


def _compose(text: str) -> Any:
    """libyaml's node tree of the one document, or :class:`Fallback` with the reason."""
    if not HAVE_LIBYAML:
        raise Fallback("YAML (PyYAML has no libyaml here)")
    unsafe = _UNSAFE.search(text)
    if unsafe:
        raise Fallback(_UNSAFE_WHY[unsafe.group(0)])
    try:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise Fallback(f"YAML libyaml cannot read{where} "
                       f"({(exc.problem or exc.context or 'error').strip()})") from exc
    except yaml.YAMLError as exc:
        raise Fallback("YAML libyaml cannot read") from exc
    except RecursionError as exc:
        raise Fallback("nesting too deep for libyaml") from exc
    if root is None:
        raise Fallback("no document")
    return root


def _built(root: Any, text: str) -> tuple[Any, int]:
    """The plain data of ``root`` and how many nodes it has."""
    builder = _Builder(shared="&" in text)
    try:
        return builder.plain(root, 0), builder.nodes
    except (ValueError, OverflowError):  # e.g. a 5,000-digit int: ruamel's path reports it
        raise Fallback("a number too large to convert") from None


def load(text: str) -> Any:
    """Plain data of one YAML document, or :class:`Fallback`, or :class:`limits.Refused`."""
    return _built(_compose(text), text)[0]


# A document of more nodes (a big catalog, or hostile) keeps the positions of its one reading.
EAGER_POSITIONS = 20_000


def parse(file: str, raw: bytes) -> yamldoc.Document | Finding:
    """:func:`compiler.load.yamldoc.parse`, with the same results, mostly at libyaml's speed."""
    text = yamldoc.decode(file, raw)
    if isinstance(text, Finding):
        return text
    try:
        root = _compose(text)
        data, nodes = _built(root, text)
    except Fallback as why:
        return yamldoc.parse(file, raw, slow=str(why))
    except limits.Refused as exc:
        return Finding(file=file, line=exc.pos[0], col=exc.pos[1], code=exc.code,
                       message=exc.message, hint=exc.hint)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return Finding(file=file, line=1, col=1, code="E104",
                       message=f"the document must be a mapping of fields, not {kind}",
                       hint="write `field: value` lines at the top level")
    if nodes > EAGER_POSITIONS:
        return yamldoc.Document(file=file, data=data, positions=_marks(root))
    return LazyDocument(file=file, data=data, source=raw, vouched=True)
