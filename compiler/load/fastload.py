"""The fast path of :mod:`compiler.load.yamldoc`: libyaml for the data, ruamel only when needed.

ruamel.yaml's round-trip loader is the reference (YAML 1.2, positions, precise errors)
but it is pure Python and some ten times slower than libyaml. Positions are only needed
for files that have findings, so a file is loaded here with libyaml (PyYAML's C parser)
and given a :class:`LazyDocument` that re-reads positions with ruamel on first use.

libyaml speaks YAML 1.1, so nothing of PyYAML's 1.1 schema is used: every plain scalar
is resolved with ruamel's own YAML 1.2 table, and scalars other than text, null, bool
and plain decimals are converted by ruamel's own constructor. Anything the fast path
cannot prove it reads the same way (aliases, merge keys, duplicate keys, explicit tags,
directives, tabs, non-text keys, the size limits, any libyaml error) makes it step aside
and the file goes through :func:`compiler.load.yamldoc.parse` unchanged; the parity tests
hold the two paths to the same data and findings.
"""

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
    """The fast path cannot vouch for this file; use the ruamel path."""


@dataclass
class LazyDocument(yamldoc.Document):
    """A document whose positions are read (with ruamel) only when a finding needs one."""

    source: bytes = field(default=b"", repr=False)
    _located: bool = field(default=False, repr=False)

    def locate(self, loc: Loc) -> limits.Position:
        if not self._located:
            self._located = True
            full = yamldoc.parse(self.file, self.source)
            if isinstance(full, yamldoc.Document):
                self.positions = full.positions
        return super().locate(loc)


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
        raise Fallback from exc


class _Builder:
    """libyaml nodes -> plain data, refusing what only the ruamel path handles well."""

    def __init__(self, shared: bool) -> None:
        self.nodes = 0
        self.shared = shared  # aliases possible: watch for a node seen twice
        self.seen: set[int] = set()

    def plain(self, node: Any, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > limits.MAX_NODES or depth > limits.MAX_DEPTH:
            raise Fallback
        if self.shared:
            if id(node) in self.seen:
                raise Fallback  # an alias: ruamel counts its expansion against the limits
            self.seen.add(id(node))
        tag = node.tag
        if tag is _STR:
            return node.value
        if tag is _MAP:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag is not _STR or key_node.value in out:
                    raise Fallback  # a non-text key (E106) or a duplicate key (E102)
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
        raise Fallback  # an explicit tag, a merge key, or a tag we do not know


def load(text: str) -> Any:
    """Plain data of one YAML document, or :class:`Fallback`."""
    if not HAVE_LIBYAML or _UNSAFE.search(text):
        raise Fallback
    try:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except (yaml.YAMLError, RecursionError) as exc:
        raise Fallback from exc
    if root is None:
        raise Fallback
    try:
        return _Builder(shared="&" in text).plain(root, 0)
    except (ValueError, OverflowError):  # e.g. a 5,000-digit int: ruamel's path reports it
        raise Fallback from None


def parse(file: str, raw: bytes) -> yamldoc.Document | Finding:
    """:func:`compiler.load.yamldoc.parse`, with the same results, mostly at libyaml's speed."""
    text = yamldoc.decode(file, raw)
    if isinstance(text, Finding):
        return text
    try:
        data = load(text)
    except Fallback:
        return yamldoc.parse(file, raw)
    if not isinstance(data, dict):
        return yamldoc.parse(file, raw)  # empty or not a mapping: its exact finding
    return LazyDocument(file=file, data=data, source=raw)
