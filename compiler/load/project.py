"""The typed repository: every input file parsed and shaped, with its findings.

:func:`assemble` is pure: it takes the files' bytes by repo-relative path, so the same
code reads the working tree (``compiler.disk.inputs``) and any git commit (the PR gate).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.findings import Finding, Loc
from ..model.inputs import SLUG_PATTERN, Catalog, Release, Service, Version
from ..model.paths import (
    CATALOG,
    FREEZE,
    SERVICE_FILE,
    VERSION_LIKE,
    is_version_number,
    release_file,
    service_file,
    version_file,
)
from ..model.schedule import Freeze
from . import fastload, shape, yamldoc

_FOLDER_NAME = re.compile(SLUG_PATTERN)


@dataclass
class ServiceTree:
    id: str
    service: Service | None = None
    release: Release | None = None
    versions: dict[int, Version] = field(default_factory=dict)
    version_files: set[int] = field(default_factory=set)

    @property
    def file(self) -> str:
        return service_file(self.id)

    @property
    def release_file(self) -> str:
        return release_file(self.id)

    def version_file(self, number: int) -> str:
        return version_file(self.id, number)


@dataclass
class Project:
    catalog: Catalog | None
    services: dict[str, ServiceTree]
    documents: dict[str, yamldoc.Document]
    findings: list[Finding]
    freeze: Freeze | None = None
    """services/freeze.yaml, when there is one and it shaped."""

    def locate(self, file: str, loc: Loc) -> tuple[int, int]:
        doc = self.documents.get(file)
        return doc.locate(loc) if doc is not None else (1, 1)

    def app_ids(self) -> set[str]:
        return {p.app_id for p in self.catalog.mini_programs} if self.catalog else set()


Parser = Callable[[str, bytes], "yamldoc.Document | Finding"]


def assemble(files: Mapping[str, bytes], parse: Parser = fastload.parse) -> Project:
    """The typed project; ``parse`` may be swapped for one that remembers (a cache)."""
    findings: list[Finding] = []
    documents: dict[str, yamldoc.Document] = {}
    services: dict[str, ServiceTree] = {}

    def shaped(path: str, model: type[Any]) -> Any:
        parsed = parse(path, files[path])
        if isinstance(parsed, Finding):
            findings.append(parsed)
            return None
        documents[path] = parsed
        result, problems = shape.validate(model, parsed.data, path)
        findings.extend(problems)
        return result

    catalog = shaped(CATALOG, Catalog) if CATALOG in files else None
    if catalog is None and CATALOG not in files:
        findings.append(Finding(CATALOG, 1, 1, "E120", "the catalog file is missing",
                                "create services/catalog.yaml with `mini_programs:`"))
    freeze = shaped(FREEZE, Freeze) if FREEZE in files else None
    for path in sorted(files):
        if m := SERVICE_FILE.fullmatch(path):
            tree = services.setdefault(m[1], ServiceTree(m[1]))
            if m[2] == "service":
                tree.service = shaped(path, Service)
            else:
                tree.release = shaped(path, Release)
        elif m := VERSION_LIKE.fullmatch(path):
            tree = services.setdefault(m[1], ServiceTree(m[1]))
            if not is_version_number(m[2]) or path.endswith(".yml"):
                findings.append(Finding(path, 1, 1, "E120",
                                        f"version file name {m[2]!r} is not a version number",
                                        "name version files N.yaml, with N = 1, 2, 3 ..."))
                continue
            number = int(m[2])
            tree.version_files.add(number)
            version = shaped(path, Version)
            if version is not None:
                tree.versions[number] = version
    for tree in services.values():
        if not _FOLDER_NAME.fullmatch(tree.id) or len(tree.id) > 64:
            findings.append(Finding(
                min(p for p in files if p.startswith(f"services/{tree.id}/")), 1, 1, "E122",
                f"service folder name {tree.id!r} is not a slug; it names refs, paths and "
                "dist/ folders", "rename the folder: lower-case letters, digits and single "
                "dashes, e.g. home or wallet-hk"))
        if service_file(tree.id) not in files:
            findings.append(Finding(service_file(tree.id), 1, 1, "E120",
                                    f"service {tree.id!r} has no service.yaml",
                                    "add service.yaml with id, default_locale and locales"))
    return Project(catalog=catalog, services=services, documents=documents, findings=findings,
                   freeze=freeze)
