"""The next version number of a service: never one that was ever used.

Pure. A number counts as used if a version file has it now, if any git ref mentions it
(the lifecycle refs and tags, whatever their exact scheme, name ``<service>/v<N>``), or
if a version file with it appears anywhere in git history (a deleted Draft, a Draft on
a colleague's branch). Reusing a number would give two different contents one name in
refs, dist/ and the clients' caches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model.paths import version_of


def numbers_in_refs(service: str, refnames: Iterable[str]) -> set[int]:
    pattern = re.compile(rf"(?:^|/){re.escape(service)}/v([1-9][0-9]*)(?![0-9])")
    return {int(m[1]) for name in refnames for m in pattern.finditer(name)}


def numbers_in_paths(service: str, paths: Iterable[str]) -> set[int]:
    """Numbers of the service's version files among ``paths`` (from any folder: the path
    ends in ``services/<service>/versions/<N>.yaml``)."""
    found = (version_of("/".join(path.strip().split("/")[-4:])) for path in paths)
    return {number for version in found if version is not None and version[0] == service
            for number in [version[1]]}


def next_version(service: str, files: Iterable[int], refnames: Iterable[str] = (),
                 history: Iterable[str] = ()) -> int:
    used = {*files, *numbers_in_refs(service, refnames), *numbers_in_paths(service, history)}
    return max(used, default=0) + 1
