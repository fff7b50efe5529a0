"""Where things live in a repository: the input files' paths, and THE version-path pattern.

Every module that names a version file or reads a number out of a path uses these; a
second spelling of the pattern is how ``3.yml`` or ``03.yaml`` once meant different
things to different commands.
"""

from __future__ import annotations

import re

CATALOG = "services/catalog.yaml"
FREEZE = "services/freeze.yaml"
VERSION_NUMBER = "[1-9][0-9]{0,8}"
"""A version number as a file name spells it: no sign, no leading zero, at most 9 digits."""

# Always fullmatch: "$" also matches before a trailing newline, so "3\n" would be version 3.
SERVICE_FILE = re.compile(r"services/([^/]+)/(service|release)\.yaml")
VERSION_LIKE = re.compile(r"services/([^/]+)/versions/([^/]+)\.ya?ml")
"""Any file in a versions/ folder, well named or not (a misnamed one is reported)."""
VERSION_PATH = re.compile(rf"services/(?P<service>[^/]+)/versions/(?P<number>{VERSION_NUMBER})"
                          r"\.yaml")
"""THE version-path pattern: ``services/<service>/versions/<N>.yaml``."""


def service_file(service: str) -> str:
    return f"services/{service}/service.yaml"


def release_file(service: str) -> str:
    return f"services/{service}/release.yaml"


def version_file(service: str, number: int) -> str:
    return f"services/{service}/versions/{number}.yaml"


def version_of(path: str) -> tuple[str, int] | None:
    """(service, number) of a repo-relative version file path; None for anything else."""
    m = VERSION_PATH.fullmatch(path)
    return (m["service"], int(m["number"])) if m else None


def is_version_number(name: str) -> bool:
    return re.fullmatch(VERSION_NUMBER, name) is not None


def is_input(path: str) -> bool:
    """Whether a repo-relative path is one of the files the compiler reads."""
    return path in (CATALOG, FREEZE) or bool(SERVICE_FILE.fullmatch(path)
                                             or VERSION_LIKE.fullmatch(path))
