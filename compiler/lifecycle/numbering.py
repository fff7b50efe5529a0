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


def numbers_in_refs(service: str, refnames: Iterable[str]) -> set[int]:
    pattern = re.compile(rf"(?:^|/){re.escape(service)}/v([1-9][0-9]*)(?![0-9])")
    return {int(m[1]) for name in refnames for m in pattern.finditer(name)}


def numbers_in_paths(service: str, paths: Iterable[str]) -> set[int]:
    pattern = re.compile(rf"(?:^|/)services/{re.escape(service)}/versions/([1-9][0-9]*)\.ya?ml$")
    return {int(m[1]) for path in paths if (m := pattern.search(path.strip()))}


def next_version(service: str, files: Iterable[int], refnames: Iterable[str] = (),
                 history: Iterable[str] = ()) -> int:
    used = {*files, *numbers_in_refs(service, refnames), *numbers_in_paths(service, history)}
    return max(used, default=0) + 1
