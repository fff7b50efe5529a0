"""The one ruamel.yaml round-trip set-up, for the loader and for the authoring edits.

Round trip keeps comments, key order, quoting (``preserve_quotes``) and flow style, so
an edit rewrites only the lines whose values changed; long lines are not re-wrapped and
a duplicate key is an error. YAML 1.2 is ruamel's default for files without a ``%YAML``
directive; ``version`` is left unset because setting it writes that directive.

What the callers genuinely vary is a parameter: the indentation an editor detected (the
defaults are release.yaml's), the width release.yaml has always been wrapped at, and
the loader's own composer and constructor (limits, plain data only). Settings that only
matter for writing (width, indentation) do nothing when a caller only reads.
"""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor

WIDTH = 1_000_000  # never re-wrap a long line


def roundtrip(*, mapping: int = 2, sequence: int = 4, offset: int = 2, width: int = WIDTH,
              composer: type[Composer] | None = None,
              constructor: type[RoundTripConstructor] | None = None) -> YAML:
    """A configured round-trip YAML. Build one per use: ruamel keeps the composer, the
    constructor and their counts on it."""
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = width
    y.allow_duplicate_keys = False
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    if composer is not None:
        y.Composer = composer
    if constructor is not None:
        y.Constructor = constructor
    return y
