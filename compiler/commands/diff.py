"""minisvc diff: what changes for users between two versions, or in every changed version.

``A`` and ``B`` are version numbers of the working tree, or ``REF:N`` for version N as it
is at a git ref (``origin/main:3``). With ``--base REF`` and no versions, every version
file that differs between the fork point with REF and the working tree is compared: an
edited version with itself at the fork point, a new one with the nearest lower version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from ..disk.inputs import read_inputs
from ..errors import UserError
from ..git.tree import open_root
from ..load.project import Project, ServiceTree, assemble
from ..model.inputs import Catalog, Service, Version
from ..report.semdiff import Change, diff_versions
from ..report.semdiff_report import RENDERERS, Comparison, markdown
from ..runtime import locales

_SPEC = re.compile(r"^(?:(?P<ref>.+):)?v?(?P<number>[1-9][0-9]{0,8})$")
EMPTY = Version.model_construct(title={}, sections=[])


@dataclass(frozen=True)
class Side:
    ref: str | None
    number: int

    @property
    def label(self) -> str:
        return f"v{self.number}" + (f" at {self.ref}" if self.ref else "")


def parse_side(raw: str) -> Side:
    """``3``, ``v3`` or ``REF:3`` (git refs cannot contain a colon, so the last one splits)."""
    m = _SPEC.match(raw)
    if not m:
        raise click.BadParameter(f"{raw!r} is not a version: use N, vN or REF:N "
                                 "(e.g. 3 or origin/main:3)")
    return Side(m["ref"], int(m["number"]))


class _Projects:
    """Each side's project, loaded once: the working tree or the files at a git ref."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str | None, Project] = {}

    def at(self, ref: str | None) -> Project:
        if ref not in self._cache:
            files = read_inputs(self.root)[0] if ref is None else open_root(self.root).files_at(ref)
            self._cache[ref] = assemble(files)
        return self._cache[ref]


def run_pair(root: Path, service: str, a: Side, b: Side, fmt: str) -> int:
    projects = _Projects(root)
    before = _version(projects.at(a.ref), service, a)
    after_project = projects.at(b.ref)
    after = _version(after_project, service, b)
    cmp = _comparison(after_project, service, a.label, b.label, diff_versions(before, after))
    click.echo(RENDERERS[fmt]([cmp]), nl=fmt != "markdown")
    return 0


def run_changed(root: Path, base: str, fmt: str, name_only: bool) -> int:
    git_root = open_root(root)
    old_files = git_root.files_at(git_root.merge_base(base))
    new_files = read_inputs(root)[0]
    old, new = assemble(old_files), assemble(new_files)
    comparisons: list[Comparison] = []
    for sid in sorted(set(old.services) | set(new.services)):
        old_tree = old.services.get(sid, ServiceTree(sid))
        new_tree = new.services.get(sid, ServiceTree(sid))
        for n in sorted(old_tree.version_files | new_tree.version_files):
            path = new_tree.version_file(n)
            if old_files.get(path) == new_files.get(path):
                continue
            if name_only:
                if n in new_tree.versions:
                    click.echo(f"{sid} {n}")
                continue
            comparisons.append(_changed(new, sid, n, old_tree, new_tree, base))
    if not name_only:
        rendered = (markdown(comparisons, f"Semantic diff against {base}")
                    if fmt == "markdown" else RENDERERS[fmt](comparisons))
        click.echo(rendered, nl=fmt != "markdown")
    return 0


def _changed(project: Project, sid: str, n: int, old: ServiceTree, new: ServiceTree,
             base: str) -> Comparison:
    here = f"v{n}"
    if n not in new.version_files:
        return Comparison(sid, "", here, [], note=f"deleted (it existed at {base})")
    if n not in new.versions:
        return _broken(sid, here, new.version_file(n))
    if n in old.version_files:
        if n not in old.versions:
            return _broken(sid, here, f"{old.version_file(n)} at {base}")
        return _comparison(project, sid, f"v{n} at {base}", here,
                           diff_versions(old.versions[n], new.versions[n]))
    lower = [m for m in new.versions if m < n]
    if not lower:
        return _comparison(project, sid, "", f"{here} (new)",
                           diff_versions(EMPTY, new.versions[n]))
    prev = max(lower)
    return _comparison(project, sid, f"v{prev}", f"{here} (new)",
                       diff_versions(new.versions[prev], new.versions[n]))


def _broken(sid: str, label: str, where: str) -> Comparison:
    return Comparison(sid, "", label, [],
                      note=f"not compared: {where} has errors (run `minisvc validate`)")


def _version(project: Project, sid: str, side: Side) -> Version:
    where = f" at {side.ref}" if side.ref else ""
    tree = project.services.get(sid)
    if tree is None:
        known = ", ".join(sorted(project.services)) or "none"
        raise UserError(f"no service {sid!r}{where} (services: {known})")
    if side.number not in tree.version_files:
        known = ", ".join(str(n) for n in sorted(tree.version_files)) or "none"
        raise UserError(f"{sid} has no version {side.number}{where} (versions: {known})")
    version = tree.versions.get(side.number)
    if version is None:
        raise UserError(f"{tree.version_file(side.number)}{where} has errors; "
                        "run `minisvc validate` to see them")
    return version


def _comparison(project: Project, sid: str, before: str, after: str,
                changes: Sequence[Change]) -> Comparison:
    tree = project.services.get(sid)
    service = tree.service if tree else None
    return Comparison(sid, before, after, changes, names=program_names(project.catalog, service),
                      locale=service.default_locale if service else "")


def program_names(catalog: Catalog | None, service: Service | None) -> dict[str, str]:
    """Each mini program's name in the service's default locale, along its fallback chain."""
    if catalog is None:
        return {}
    default = service.default_locale if service else "en-US"
    chain = locales.chain(default, default, service.fallbacks if service else {})
    names = {}
    for program in catalog.mini_programs:
        found = next((program.name[k] for k in chain if k in program.name), None)
        names[program.app_id] = found or next(iter(program.name.values()))
    return names
