"""Rules meet frozen versions: nothing may ask for an edit that no one may make.

A frozen version's file never changes, so a rule finding in it can only come from a file
it shares (service.yaml, the catalog) or be one nobody can act on. What becomes of each:

* Archived versions are not served and can only be duplicated (the copy, a Draft, is
  judged in full): rules do not judge them.
* Warnings about frozen versions (an untranslated text after a locale was added) are
  dropped: the fix is a new version, and ``--strict`` must stay passable.
* Errors that a shared-file edit causes in a live version (Testing, Releasing, Released)
  are reported at that edit, as the lifecycle refusal they are: E312 a locale removed
  that a live version serves, E313 a default locale a live version lacks, E314 an app
  deleted from the catalog that a live version recommends. The version files themselves
  stay clean.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..load.project import Project
from ..model.findings import Finding, finding
from ..model.paths import CATALOG, service_file, version_of
from ..model.status import Status, Statuses
from .base import RULES

SHARED = {"E204": "E313", "E205": "E312", "E208": "E314"}
ABOUT_A_SERVICE = frozenset({"E314"})
"""Codes reported in the catalog that depend on one service's versions (the per-service
engine keeps them with that service's unit)."""


@dataclass(frozen=True)
class _Live:
    service: str
    version: int
    status: Status

    def __str__(self) -> str:
        return f"{self.service} v{self.version} ({self.status.label})"


def settle(findings: Iterable[Finding], project: Project, statuses: Statuses) -> list[Finding]:
    rule_codes = {r.code for r in RULES}
    kept: list[Finding] = []
    moved: dict[str, list[tuple[_Live, Finding]]] = {}
    frozen: dict[str, _Live | None] = {}  # by file: a hostile one has 49,000 findings
    for f in findings:
        if f.file not in frozen:
            where = version_of(f.file)
            status = statuses.get(where[0], {}).get(where[1], Status.DRAFT) if where else None
            frozen[f.file] = _Live(*where, status) if where is not None and \
                status is not None and status.frozen else None
        live = frozen[f.file]
        if live is None or f.code not in rule_codes:
            kept.append(f)
        elif live.status is Status.ARCHIVED or not f.is_error:
            continue
        elif f.code in SHARED:
            moved.setdefault(SHARED[f.code], []).append((live, f))
        else:
            kept.append(f)
    return [*kept, *_refusals(moved, project)]


def _refusals(moved: Mapping[str, list[tuple[_Live, Finding]]],
              project: Project) -> Iterator[Finding]:
    locales: dict[tuple[str, str], list[_Live]] = {}
    for live, f in moved.get("E312", []):
        _add(locales.setdefault((live.service, str(f.loc[-1])), []), live)
    for (sid, locale), versions in sorted(locales.items()):
        yield finding(service_file(sid), ("locales",), "E312",
                      f"{locale} is no longer in {sid}'s locales, but {_list(versions)} "
                      f"serve{'s' * (len(versions) == 1)} it: a frozen version cannot change, "
                      "so its users would lose the locale with no test or ratio step",
                      f"keep {locale} in locales until no live version serves it: release a "
                      "new version without it first, then remove it")
    defaults: dict[str, list[_Live]] = {}
    for live, _f in moved.get("E313", []):
        _add(defaults.setdefault(live.service, []), live)
    for sid, versions in sorted(defaults.items()):
        service = project.services[sid].service
        assert service is not None
        yield finding(service_file(sid), ("default_locale",), "E313",
                      f"default_locale {service.default_locale} is missing from texts of "
                      f"{_list(versions)}: a frozen version cannot change, and its fallback "
                      "chains would end in nothing",
                      "keep the default locale until a version with it in every text is "
                      "released (a Draft: `minisvc new`, translate, test, release)")
    apps: dict[tuple[str, str], list[_Live]] = {}  # one per service: units see one each
    for live, f in moved.get("E314", []):
        app = f.message.split("'")[1] if "'" in f.message else "?"
        _add(apps.setdefault((app, live.service), []), live)
    for (app, _sid), versions in sorted(apps.items()):
        yield finding(CATALOG, ("mini_programs",), "E314",
                      f"app_id {app!r} was deleted from the catalog, but {_list(versions)} "
                      f"recommend{'s' * (len(versions) == 1)} it: a frozen version cannot "
                      "change",
                      "set it `status: offline` instead (live versions then leave it out for "
                      "all users, as the plan shows); delete it once no live version names it")


def _add(versions: list[_Live], live: _Live) -> None:
    if live not in versions:
        versions.append(live)


def _list(versions: list[_Live]) -> str:
    return ", ".join(map(str, sorted(versions, key=lambda v: (v.service, v.version))))
