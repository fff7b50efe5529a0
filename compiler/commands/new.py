"""minisvc new: a new Draft with the next version number.

It starts from what users have: the newest Released or Archived version, else (a
service never released) the newest version. The copy opens with a comment naming its
source (so does `duplicate`'s; `history` reads it back); without it a byte-identical copy
of a Draft or an in-flight version would be exactly what `minisvc check` refuses as an
illegal Duplicate (E306).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..edit import yamledit
from ..edit.programs import drop_links, drop_programs
from ..git.tree import open_root_if_any
from ..lifecycle.numbering import next_version
from ..load import yamldoc
from ..model.findings import Finding
from ..model.inputs import ProgramStatus
from ..model.paths import version_file
from ..model.status import Status
from . import modelines
from .editing import Repo, apply, open_repo


def run(root: Path, service: str, fmt: str) -> int:
    repo = open_repo(root)
    tree = repo.service(service)
    live = [n for n in tree.version_files
            if repo.status(service, n) in (Status.RELEASED, Status.ARCHIVED)]
    source = max(live or tree.version_files, default=None)
    return copy_into_new_draft(repo, service, source, fmt)


def with_source_note(data: bytes, source: int, command: str = "new") -> bytes:
    """The copy's head: the editor's schema line, then ``# started from vN (minisvc
    CMD)``. The source's own header comments (every comment line above its first key)
    described the source ("Double 11: carousel added"), not the copy: they go."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    lines = data[len(bom):].splitlines(keepends=True)
    eol = b"\r\n" if lines and lines[0].endswith(b"\r\n") else b"\n"
    head = [lines.pop(0)] if lines and lines[0].startswith(b"# yaml-language-server:") else []
    while lines and (lines[0].lstrip().startswith(b"#") or not lines[0].strip()):
        lines.pop(0)
    note = f"# started from v{source} (minisvc {command})".encode() + eol
    return bom + b"".join([*head, note, *lines])


def copy_into_new_draft(repo: Repo, service: str, source: int | None, fmt: str,
                        command: str = "new") -> int:
    """Write version ``source`` (comments and all) as the service's next version."""
    tree = repo.service(service)
    git_root = open_root_if_any(repo.root)
    number = next_version(service, tree.version_files,
                          git_root.ref_names() if git_root else (),
                          git_root.version_paths_in_history(service) if git_root else ())
    if source is None:
        data, origin = skeleton(repo, service), "an empty page"
    else:
        data, origin = repo.files[version_file(service, source)], f"v{source}"
        data = with_source_note(data, source, command)
    data, dropped = without_offline(repo, data, service)
    for what in dropped:
        click.echo(f"note: dropped {what}", err=True)
    changes, schemas = modelines.settle(repo.root, {version_file(service, number): data})
    code = apply(repo, changes, f"{service} v{number}: new Draft from {origin} "
                 f"({version_file(service, number)})", fmt)
    if code == 0:
        modelines.write_schemas(repo.root, schemas)
    return code


def without_offline(repo: Repo, data: bytes, service: str) -> tuple[bytes, list[str]]:
    """A new Draft may not recommend or link to offline programs: drop them from the
    copy's custom sections and the links to them from its slides and banner."""
    catalog = repo.ws.project.catalog
    offline = {p.app_id for p in catalog.mini_programs
               if p.status is ProgramStatus.OFFLINE} if catalog else set()
    if not offline or isinstance(yamldoc.parse("copy", data), Finding):
        return data, []
    doc, style, _exact = yamledit.load(data.decode("utf-8"))
    dropped = [f"offline mini program {what}" for what in drop_programs(doc, offline)]
    dropped += drop_links(doc, offline, service)
    if not dropped:
        return data, []
    return yamledit.dump(doc, style).encode("utf-8"), dropped


def skeleton(repo: Repo, service: str) -> bytes:
    ctx = repo.context(service)
    return (f"{modelines.modeline(version_file(service, 1))}\n"
            f"title: {{{ctx.default_locale}: {service.replace('-', ' ').title()}}}\n"
            f"sections: []\n").encode()
