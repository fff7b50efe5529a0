"""minisvc service add | remove: a whole service, with the authoring commands' guarantees.

`add` writes services/ID/ (service.yaml, a release.yaml asking for nothing, version 1 as a
Draft) only when the repository then has no new error; their editor lines name schemas
that are there (:mod:`.modelines`). `remove` deletes a service only while every version
of it is a Draft: one that ever reached testers or users has a history the lifecycle
refs keep, and its page must not vanish from under them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from ..errors import UserError
from ..load.project import assemble
from ..model.inputs import LOCALE_PATTERN, SLUG_PATTERN
from ..model.status import Status
from ..report.reporters import REPORTERS
from ..rules import checks
from . import modelines, scaffold
from .editing import apply, open_repo


def checked_id(service: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, service):
        raise UserError(f"{service!r} is not a service id: lower-case letters and digits, "
                        "words joined by '-' (e.g. my-service)")
    return service


def checked_locales(default_locale: str, locales: Sequence[str]) -> list[str]:
    """The service's locales, the default first when --locale does not list it."""
    chosen = list(dict.fromkeys(locales or [default_locale]))
    if default_locale not in chosen:
        chosen.insert(0, default_locale)
    for locale in chosen:
        if not re.fullmatch(LOCALE_PATTERN, locale):
            raise UserError(f"{locale!r} is not a locale tag (BCP 47, e.g. en-US, zh-Hant-TW)")
    return chosen


def refuse_invalid(files: Mapping[str, bytes]) -> None:
    """Refuse (write nothing) when new files alone would not validate."""
    errors = [f for f in checks.run(assemble(files), {}) if f.is_error]
    if errors:
        click.echo(REPORTERS["text"](errors), err=True)
        raise UserError("refused: these files would not validate; nothing was written")


def add(root: Path, service: str, default_locale: str, locales: Sequence[str],
        fmt: str) -> int:
    repo = open_repo(root)
    checked_id(service)
    chosen = checked_locales(default_locale, locales)
    if repo.ws.project.services.get(service) is not None or (root / "services" / service
                                                               ).exists():
        raise UserError(f"services/{service}/ is already there; pick another id, or edit "
                        f"it (minisvc new {service})")
    files = scaffold.service_files(service, default_locale, chosen)
    changes, schemas = modelines.settle(repo.root, dict(files))
    code = apply(repo, changes, f"{service}: new service in {', '.join(chosen)}, "
                 f"v1 a Draft (services/{service}/)", fmt)
    if code == 0:
        modelines.write_schemas(repo.root, schemas)
    return code


def remove(root: Path, service: str, fmt: str) -> int:
    repo = open_repo(root)
    tree = repo.service(service)
    went_live = sorted(n for n, status in repo.ws.statuses.get(service, {}).items()
                       if status is not Status.DRAFT)
    if went_live:
        listed = ", ".join(f"v{n} is {repo.status(service, n).label}" for n in went_live)
        raise UserError(f"{service} cannot be removed: {listed}. Only a service that never "
                        "went live can be removed; take its pages out of the app instead")
    prefix = f"services/{service}/"
    gone = sorted(p for p in repo.files if p.startswith(prefix))
    code = apply(repo, dict.fromkeys(gone), f"{service}: removed ({len(gone)} files, "
                 f"versions {', '.join(map(str, sorted(tree.version_files))) or 'none'})", fmt)
    if code == 0:
        for folder in sorted({(root / p).parent for p in gone}, key=lambda p: -len(p.parts)):
            for empty in (folder, *folder.parents):
                if empty == root / "services" or not empty.is_dir() or any(empty.iterdir()):
                    break
                empty.rmdir()
    return code
