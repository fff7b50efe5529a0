"""The editor line of a file minisvc writes names a schema that is there.

Input files start with ``# yaml-language-server: $schema=<path>``, relative to the file,
so editors complete and check them as people type. A line naming a file that is not
there is worse than none: the editor reports line 1 of every file as broken. A new
repository has no schema/ until `minisvc schema` runs, and a copied version carries its
source's line, whatever it names. So every command that writes an input file (`init`,
`new`, `duplicate`, `service add`) passes its files through :func:`settle`: a line naming
one of minisvc's schemas that is missing gets the schema written beside the file (from
this minisvc's models, as `minisvc schema` writes it); a line naming a file that is
neither there nor one of minisvc's is replaced by minisvc's own line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

import click

from ..build.schemas import all_files, filename
from ..disk.atomic import write_file
from ..model.paths import CATALOG, SERVICE_FILE, VERSION_PATH

PREFIX = "# yaml-language-server: $schema="
_LINE = re.compile(rb"^(\xef\xbb\xbf)?# yaml-language-server: \$schema=(\S+)[^\n]*(\n|$)")


def kind_of(path: str) -> str | None:
    """Which schema an input path is checked against: catalog, service, release, version."""
    if path == CATALOG:
        return "catalog"
    if m := SERVICE_FILE.fullmatch(path):
        return m[2]
    return "version" if VERSION_PATH.fullmatch(path) else None


def modeline(path: str) -> str:
    """minisvc's own editor line for the input file at ``path`` (repo-relative)."""
    kind = kind_of(path)
    assert kind is not None, path
    up = "../" * path.count("/")
    return f"{PREFIX}{up}schema/{filename(kind)}"


def settle(root: Path, changes: Mapping[str, bytes | None]
           ) -> tuple[dict[str, bytes | None], dict[str, bytes]]:
    """``changes`` with every editor line naming a file that will be there, and the
    schema files (repo-relative path -> bytes) to write for them."""
    shipped = {f"schema/{name}": data for name, data in all_files().items()}
    settled: dict[str, bytes | None] = {}
    schemas: dict[str, bytes] = {}
    for path, data in changes.items():
        m = _LINE.match(data) if data is not None and kind_of(path) else None
        if data is None or m is None:
            settled[path] = data
            continue
        target = m[2].decode("utf-8", "replace")
        named = _named(path, target)
        if "://" in target or (named is not None and named not in shipped
                               and (root / named).is_file()):
            settled[path] = data  # a URL, or a file of the team's own that is there
            continue
        if named is None or named not in shipped:  # names nothing there: ours instead
            data = (m[1] or b"") + modeline(path).encode() + m[3] + data[m.end():]
            named = _named(path, modeline(path).removeprefix(PREFIX))
            assert named is not None
        settled[path] = data
        if not (root / named).is_file():
            schemas[named] = shipped[named]
    return settled, schemas


def _named(path: str, target: str) -> str | None:
    """The repo-relative path a relative schema reference in ``path`` names, or None when
    it leaves the repository."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    return None if joined.startswith("../") or joined == ".." or joined.startswith("/") \
        else joined


def write_schemas(root: Path, schemas: Mapping[str, bytes]) -> None:
    """Write the schemas :func:`settle` asked for, after the files naming them."""
    for path, data in sorted(schemas.items()):
        write_file(root / path, data)
        click.echo(f"wrote {path}, which the new file's editor line names (commit it too)")
