"""What users of live versions would notice: compiled output before and after (pure).

A change to a shared file (the catalog, service.yaml) reaches every version built from
it, frozen ones too: renaming an app renames it on a Released page. For every live
version (Testing, Releasing, Released) this compares the runtime documents built with the
files before and after, per locale, and says what a user would see differ: a locale file
added or removed, an app renamed or re-iconed, an app no longer shown (offline, deleted)
or shown again, a string now taken from another locale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..load.project import Project, assemble
from ..model.inputs import Catalog, ProgramStatus
from ..model.paths import CATALOG, service_file, version_file
from ..model.status import Status
from .compile import Compiled, compile_version

LIVE = (Status.TESTING, Status.RELEASING, Status.RELEASED)


@dataclass(frozen=True, order=True)
class OutputChange:
    service: str
    version: int
    status: str      # the version's status label
    locale: str      # "" for a change of the whole version
    what: str        # locale-added | locale-removed | renamed | icon | dropped | shown | fallback
    detail: str

    def text(self) -> str:
        where = f" {self.locale}" if self.locale else ""
        return f"{self.service} v{self.version} ({self.status}){where}: {self.detail}"

    def record(self) -> dict[str, Any]:
        return {"service": self.service, "version": self.version, "status": self.status,
                "locale": self.locale or None, "change": self.what, "text": self.detail}


def output_plan(before: Project, after: Project,
                statuses: Mapping[str, Mapping[int, Status]]) -> list[OutputChange]:
    """Every change users of a live version would notice between ``before`` and ``after``
    (both fully loaded; a version must shape in both to be compared)."""
    changes: list[OutputChange] = []
    for sid in sorted(statuses):
        for number, status in sorted(statuses[sid].items()):
            if status in LIVE:
                changes += _version(before, after, sid, number, status)
    return sorted(changes)


def between(before: Mapping[str, bytes], after: Mapping[str, bytes],
            statuses: Mapping[str, Mapping[int, Status]]) -> list[OutputChange]:
    """:func:`output_plan` of two sets of input files, loading only what can differ: a
    live version's file never changes, so only services whose service.yaml changed are
    compiled, and of those only the live versions; after a catalog edit, the live versions
    whose file names an entry it changed (or holds a backslash, which could spell one)."""
    edited = before.get(CATALOG) != after.get(CATALOG)
    catalogs = [assemble({CATALOG: f[CATALOG]} if CATALOG in f else {}).catalog
                for f in (before, after)] if edited else None
    apps = _changed_apps(*catalogs) if catalogs else set()

    def reached(sid: str, number: int) -> bool:
        if before.get(service_file(sid)) != after.get(service_file(sid)) or apps is None:
            return True
        if not apps:  # neither its service.yaml nor a catalog entry changed
            return False
        raws = [f.get(version_file(sid, number), b"") for f in (before, after)]
        return any(b"\\" in raw or any(app.encode() in raw for app in apps) for raw in raws)

    live = {sid: reach for sid, found in statuses.items()
            if (reach := {n: s for n, s in found.items() if s in LIVE and reached(sid, n)})}
    keep = {CATALOG, *(service_file(sid) for sid in live),
            *(version_file(sid, n) for sid in live for n in live[sid])}

    def load(files: Mapping[str, bytes], side: int) -> Project:
        if catalogs is None:
            return assemble({p: b for p, b in files.items() if p in keep})
        return replace(assemble({p: b for p, b in files.items() if p in keep - {CATALOG}}),
                       catalog=catalogs[side])

    return output_plan(load(before, 0), load(after, 1), live) if live else []


def _changed_apps(before: Catalog | None, after: Catalog | None) -> set[str] | None:
    """The apps whose entry a catalog edit added, removed or changed; None when a catalog
    does not shape (every version is compared then, and shows no change)."""
    if before is None or after is None:
        return None
    old = {p.app_id: p for p in before.mini_programs}
    new = {p.app_id: p for p in after.mini_programs}
    return {app for app in old.keys() | new.keys() if old.get(app) != new.get(app)}


def _compiled(project: Project, sid: str, number: int) -> dict[str, Compiled] | None:
    tree = project.services.get(sid)
    if (tree is None or tree.service is None or project.catalog is None
            or number not in tree.versions):
        return None
    return compile_version(sid, number, tree.service, tree.versions[number], project.catalog)


def _version(before: Project, after: Project, sid: str, number: int,
             status: Status) -> Iterator[OutputChange]:
    old, new = _compiled(before, sid, number), _compiled(after, sid, number)
    if old is None or new is None:
        return
    label = status.label
    for locale in sorted(new.keys() - old.keys()):
        yield OutputChange(sid, number, label, locale, "locale-added",
                           f"adds {locale}: users with that locale get this page in it")
    for locale in sorted(old.keys() - new.keys()):
        yield OutputChange(sid, number, label, locale, "locale-removed",
                           f"removes {locale}: its users fall back to another locale")
    common = sorted(old.keys() & new.keys())
    if not common:
        return
    tree = after.services[sid]
    main = tree.service.default_locale if tree.service and tree.service.default_locale \
        in common else common[0]
    catalog = {p.app_id: p for p in after.catalog.mini_programs} if after.catalog else {}
    for what, detail in _apps(old[main].doc, new[main].doc, catalog):
        yield OutputChange(sid, number, label, "", what, detail)
    for locale in common:
        for what, detail in _texts(old[locale], new[locale]):
            yield OutputChange(sid, number, label, locale, what, detail)


def _programs(doc: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {(s["id"], p["app_id"]): p for s in doc["sections"]
            for p in s.get("mini_programs", ())}


def _apps(old: Mapping[str, Any], new: Mapping[str, Any],
          catalog: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """What is the same in every locale: apps left out, shown again, icons."""
    before, after = _programs(old), _programs(new)
    for section, app in sorted(before.keys() - after.keys()):
        program = catalog.get(app)
        why = ("it went offline" if program is not None
               and program.status is ProgramStatus.OFFLINE else "it left the catalog")
        yield "dropped", (f"{app} ({before[section, app]['name']}) removed from {section} "
                          f"for all users: {why}")
    for section, app in sorted(after.keys() - before.keys()):
        yield "shown", f"{app} ({after[section, app]['name']}) shown again in {section}"
    for key in sorted(before.keys() & after.keys()):
        if before[key]["icon"] != after[key]["icon"]:
            yield "icon", f"{key[1]} ({after[key]['name']}) icon changed in {key[0]}"


def _texts(old: Compiled, new: Compiled) -> Iterator[tuple[str, str]]:
    """What a user of one locale reads differently: names, and where strings come from."""
    before, after = _programs(old.doc), _programs(new.doc)
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key]["name"], after[key]["name"]
        if was != now:
            yield "renamed", f"{key[1]} renamed {was!r} -> {now!r} in {key[0]}"
    was_from, now_from = _sources(old), _sources(new)
    for where in sorted(was_from.keys() | now_from.keys()):
        if where[1] and (where[:2] not in before or where[:2] not in after):
            continue  # a program left out or shown again: said once for the version
        a, b = was_from.get(where), now_from.get(where)
        if a != b:
            yield "fallback", (f"{_name(where)} now shown in {b or 'its own locale'} "
                               f"(was {a or 'its own locale'})")


def _sources(compiled: Compiled) -> dict[tuple[str, str, str], str]:
    """The fallback map keyed by what a string is (section, app, field), not by its
    position, which moves when a program is left out."""
    found = {}
    for pointer, locale in compiled.fell_back.items():
        found[_meaning(compiled.doc, pointer)] = locale
    return found


def _meaning(doc: Mapping[str, Any], pointer: str) -> tuple[str, str, str]:
    parts = pointer.strip("/").split("/")
    if parts[0] != "sections":
        return ("", "", "/".join(parts))
    section = doc["sections"][int(parts[1])]
    if len(parts) > 3 and parts[2] == "mini_programs":
        return (section["id"], section["mini_programs"][int(parts[3])]["app_id"],
                "/".join(parts[4:]))
    return (section["id"], "", "/".join(parts[2:]))


def _name(where: tuple[str, str, str]) -> str:
    section, app, field = where
    if not section:
        return field
    return f"{section}/{app + '/' if app else ''}{field}"
