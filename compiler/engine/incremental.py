"""validate and build of a whole repository, one service at a time: cached and parallel.

A *unit* is one service folder (service.yaml, release.yaml, versions/) checked and
compiled against the catalog; the catalog is a unit of its own. Every rule's findings
about a service depend only on that service's files, the catalog, and the service's
statuses and channels (``tests/engine/test_incremental.py`` holds every rule to this), so a
unit's result (its located findings and its dist/ files) is cached under an HMAC of
exactly those inputs. An unchanged repository is then read, hashed and answered from
the cache; a one-file edit recomputes one unit. Units that missed run in parallel
(forked workers) when there is enough work to pay for the processes.

Statuses and channels still come from the lifecycle seam
(:func:`compiler.engine.workspace.lifecycle`), called with
a project in which only service.yaml and release.yaml are loaded; its own problems are
recomputed on every run (they may depend on refs), never cached.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..build.tree import build_index, build_service
from ..disk.inputs import read_inputs
from ..lifecycle.view import View
from ..load import catalog_slice, fastload, yamldoc
from ..load.project import Parser, Project, ServiceTree, assemble
from ..model.channels import Channels
from ..model.findings import Finding, Loc, fails, locate
from ..model.inputs import Catalog
from ..model.paths import CATALOG, FREEZE, version_file
from ..model.status import Status, Statuses
from ..rules import checks
from ..rules.frozen import ABOUT_A_SERVICE
from .cache import content_hash, open_cache
from .parser import CachedParser
from .workspace import lifecycle

PARALLEL_MIN_BYTES = 4 * 1024 * 1024  # below this, starting workers costs more than it saves
Seam = Callable[[Path, Project, Mapping[str, bytes]], View]
_NOT_LOADED = Finding("", 1, 1, "E000", "not loaded for the skeleton")


@dataclass
class Result:
    findings: list[Finding]
    files: dict[str, bytes] | None  # the whole dist/ tree, when no unit has an error


@dataclass
class _Context:
    """What a unit needs; set before workers fork, so they inherit it instead of a pickle."""

    files: Mapping[str, bytes]
    parse: CachedParser
    catalog: Catalog | None
    entries: catalog_slice.Entries | None  # a gated catalog: each unit gets its entries
    statuses: Statuses
    channels: Mapping[str, Channels]
    previews: Mapping[str, tuple[int, ...]]
    trusted: Collection[str] = ()  # version files counted, not read: base's findings


_CTX: _Context | None = None


class Repo:
    """One repository's inputs, hashed, with the skeleton and its statuses and channels."""

    def __init__(self, root: Path,
                 inputs: tuple[dict[str, bytes], list[Finding]] | None = None,
                 seam: Seam | None = None) -> None:
        """``inputs``: read_inputs(root) when the caller has it already; ``seam``: where
        statuses and channels come from, :func:`.workspace.lifecycle` unless given (``check``
        judges head against base's state)."""
        self.root = root
        self.files, self.read_problems = inputs if inputs is not None else read_inputs(root)
        self.cache = open_cache(root)
        self.parse = CachedParser(self.cache)
        self.hashes = {path: content_hash(raw) for path, raw in self.files.items()}
        self.by_unit: dict[str, list[tuple[str, str]]] = {}
        for path in sorted(self.files):
            self.by_unit.setdefault(_unit_of(path), []).append((path, self.hashes[path]))
        self.skeleton = skeleton(self.files, self.parse)
        self.lifecycle = (seam or _answering_anyway)(root, self.skeleton, self.files)
        self.statuses: Statuses = self.lifecycle.statuses
        self.channels: Mapping[str, Channels] = self.lifecycle.channels

    @property
    def services(self) -> dict[str, ServiceTree]:
        """Trees with service, release and version_files loaded (not the versions)."""
        return self.skeleton.services

    def _unit_key(self, sid: str, previews: tuple[int, ...]) -> str:
        assert self.cache is not None
        inputs = self.by_unit.get(sid, [])
        statuses = sorted((n, s.value) for n, s in self.statuses.get(sid, {}).items())
        return self.cache.key("unit", sid, self.hashes.get(CATALOG, "-"), json.dumps(inputs),
                              json.dumps(statuses), repr(self.channels.get(sid, Channels())),
                              repr(previews))

    def evaluate(self, previews: Mapping[str, tuple[int, ...]] | None = None,
                 jobs: int | None = None, only: set[str] | None = None,
                 gated_catalog: bool = False, trusted: Collection[str] = ()) -> Result:
        """Findings of the whole repo and, when it has no errors, its dist/ tree.
        ``only``: the services to judge (the diff-sized gate, :mod:`.affected`); no dist/
        tree is made. ``gated_catalog``: the catalog is base's, which was gated, so it is
        not judged again, and each service is judged against the entries it names
        (:mod:`compiler.load.catalog_slice`) when the catalog's text allows it.
        ``trusted``: version files whose findings are base's (:func:`.affected.trusted`):
        counted as there, not read; their units are judged, not built, and not cached."""
        global _CTX
        previews = previews or {}
        units = ["", *sorted(s for s in self.services if only is None or s in only)]
        keys = {u: self._unit_key(u, previews.get(u, ())) for u in units} if self.cache else {}
        results: dict[str, dict[str, Any]] = {}
        for unit in units:
            hit = self.cache.get("units", keys[unit]) if self.cache else None
            if isinstance(hit, dict):
                results[unit] = hit
        if gated_catalog:
            results[""] = {"findings": [], "files": None}
        missed = [u for u in units if u not in results]
        if missed:
            catalog, entries = None, None
            if CATALOG in self.files and gated_catalog:
                entries = catalog_slice.entries(self.files[CATALOG])
            if CATALOG in self.files and entries is None:
                catalog = assemble({CATALOG: self.files[CATALOG]}, self.parse).catalog
            _CTX = _Context(self.files, self.parse, catalog, entries, self.statuses,
                            self.channels, previews, frozenset(trusted))
            try:
                computed = _run_units(missed, self._work(missed), jobs)
            finally:
                _CTX = None
            for unit, result in computed.items():
                results[unit] = result
                if self.cache is not None and not gated_catalog and not trusted:
                    self.cache.put("units", keys[unit], result)
        if self.cache is not None:
            self.cache.keep("files", (self.cache.key("file", h) for h in self.hashes.values()))
            self.cache.prune()
        return self._merge(units, results, build=only is None)

    def locate(self, file: str, loc: Loc) -> tuple[int, int]:
        """Positions for the few findings made outside units (units place their own)."""
        parsed = fastload.parse(file, self.files[file]) if file in self.files else None
        return parsed.locate(loc) if isinstance(parsed, yamldoc.Document) else (1, 1)

    def _work(self, units: list[str]) -> dict[str, int]:
        return {u: sum(len(self.files[p]) for p, _ in self.by_unit.get(u, [])) for u in units}

    def _merge(self, units: list[str], results: Mapping[str, dict[str, Any]],
               build: bool = True) -> Result:
        found = [*self.read_problems, *self.lifecycle.problems]  # never cached: may use refs
        for unit in units:
            found += [Finding(f[0], f[1], f[2], f[3], f[4], f[5], tuple(f[6]))
                      for f in results[unit]["findings"]]
        findings = locate(found, self.locate)
        if fails(findings, strict=False):
            return Result(findings, None)
        unbuilt = [unit for unit in units[1:] if results[unit]["files"] is None]
        if unbuilt:  # no error said why: a version the channels serve has no file
            return Result(locate([*findings, *self._unserved(unbuilt)], self.locate), None)
        if not build:
            return Result(findings, None)
        files: dict[str, bytes] = {}
        for unit in units[1:]:
            files.update({rel: text.encode() for rel, text in results[unit]["files"].items()})
        files.update(build_index(self.services))
        return Result(findings, dict(sorted(files.items())))

    def _unserved(self, units: list[str]) -> list[Finding]:
        """Why units without an error built nothing: a served version's file is gone (a
        frozen file deleted or renamed that no lifecycle problem reported). Never a guess:
        if that is not it either, it is a bug and says so."""
        found = []
        for unit in units:
            tree = self.services.get(unit)
            present = tree.version_files if tree is not None else set()
            missing = sorted(set(self.channels.get(unit, Channels()).versions()) - present)
            if not missing:
                raise RuntimeError(f"service {unit} has no output although it has no error")
            for n in missing:
                path = version_file(unit, n)
                found.append(Finding(path, 1, 1, "E301",
                                     f"{unit} v{n} is served to users but its file is "
                                     "missing; a frozen version's file is never deleted or "
                                     "renamed",
                                     f"restore {path} (`minisvc history {unit}` names the "
                                     "tags that recorded it; `git show TAG:PATH`)"))
        return found


def _answering_anyway(root: Path, project: Project, files: Mapping[str, bytes]) -> View:
    """validate and build answer in a clone that may lack the record, with a caveat."""
    return lifecycle(root, project, files, unknown_record="note")


def skeleton(files: Mapping[str, bytes], parse: Parser = fastload.parse) -> Project:
    """The project with service.yaml and release.yaml loaded and version files only
    counted: all the lifecycle seam may look at, for a fraction of a full load."""

    def loaded(file: str, raw: bytes) -> yamldoc.Document | Finding:
        if file.endswith(("/service.yaml", "/release.yaml")) and file != CATALOG \
                or file == FREEZE:
            return parse(file, raw)
        return _NOT_LOADED

    return assemble(files, loaded)


def _unit_of(path: str) -> str:
    """The unit a repo-relative input path belongs to ("" for the catalog)."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 else ""


def _run_units(units: list[str], sizes: Mapping[str, int], jobs: int | None) -> dict[str, Any]:
    jobs = jobs or int(os.environ.get("MINISVC_JOBS", "0")) or os.cpu_count() or 1
    jobs = min(jobs, len(units))
    if jobs < 2 or sum(sizes.values()) < PARALLEL_MIN_BYTES:
        return {unit: _unit(unit) for unit in units}
    import multiprocessing  # only when there is work for workers: ~8 ms to import

    if "fork" not in multiprocessing.get_all_start_methods():
        return {unit: _unit(unit) for unit in units}
    biggest_first = sorted(units, key=lambda u: -sizes[u])
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs)
    except OSError:  # no processes to be had (limits, sandbox): the same work, serially
        return {unit: _unit(unit) for unit in units}
    with pool:
        return dict(zip(biggest_first, pool.map(_unit, biggest_first, chunksize=1),
                        strict=True))


def _unit(unit: str) -> dict[str, Any]:
    """One unit's located findings and, when it has no error, its dist/ files (as text)."""
    ctx = _CTX
    assert ctx is not None
    if unit == "":
        project = assemble({p: r for p, r in ctx.files.items() if p in (CATALOG, FREEZE)},
                           ctx.parse)
        findings = checks.run(project, {})
        return {"findings": [_row(f) for f in findings], "files": None}
    prefix = f"services/{unit}/"
    own = {p: r for p, r in ctx.files.items() if p.startswith(prefix)}
    read = [r for p, r in own.items() if p not in ctx.trusted]
    project = assemble(own, _counting(ctx.parse, ctx.trusted))
    project = replace(project, catalog=_catalog_of(ctx, read),
                      findings=[f for f in project.findings
                                if f.file != CATALOG and f is not _NOT_LOADED])
    statuses: dict[str, Mapping[int, Status]] = {unit: ctx.statuses.get(unit, {})}
    findings = [f if f.file != CATALOG else replace(f, line=0, col=0)  # placed in _merge
                for f in checks.run(project, statuses)
                if f.file != CATALOG or f.code in ABOUT_A_SERVICE]
    files = None
    chan = ctx.channels.get(unit, Channels())
    wanted = set(chan.versions()) | set(ctx.previews.get(unit, ()))
    tree = project.services.get(unit)
    if (not fails(findings, strict=False) and project.catalog is not None and tree
            and tree.service is not None):
        if len(read) < len(own) and wanted <= tree.version_files:
            files = {}  # judged only: each version users get has its file
        elif len(read) == len(own) and wanted <= set(tree.versions):
            built = build_service(project, unit, chan, ctx.previews.get(unit, ()))
            files = {rel: data.decode() for rel, data in built.items()}
    return {"findings": [_row(f) for f in findings], "files": files}


def _counting(parse: Parser, skip: Collection[str]) -> Parser:
    """``parse``, except that the files in ``skip`` are only counted (as a skeleton's)."""
    return lambda file, raw: _NOT_LOADED if file in skip else parse(file, raw)


def _catalog_of(ctx: _Context, files: Collection[bytes]) -> Catalog | None:
    """The catalog a service unit is judged against: its slice of a gated catalog."""
    part = ctx.entries.slice(files) if ctx.entries is not None else None
    if part is not None:
        return assemble({CATALOG: part}, fastload.parse).catalog
    if ctx.catalog is None and ctx.entries is not None:  # a backslash: the whole of it
        ctx.catalog = assemble({CATALOG: ctx.files[CATALOG]}, ctx.parse).catalog
    return ctx.catalog


def _row(f: Finding) -> list[Any]:
    return [f.file, f.line, f.col, f.code, f.message, f.hint, list(f.loc)]


def open_repo(root: Path) -> Repo:
    return Repo(root)


__all__ = ["Repo", "Result", "Seam", "open_repo", "skeleton"]
