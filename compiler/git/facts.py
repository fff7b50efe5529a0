"""What the authoring commands read from git: ref names and version files in history.

An edge: it runs ``git``. Outside a git repository, or without git installed, there is
nothing to read and both functions return nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> list[str]:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        return []
    return done.stdout.splitlines() if done.returncode == 0 else []


def ref_names(root: Path) -> list[str]:
    """Every ref (branches, remote-tracking branches, tags)."""
    return _git(root, "for-each-ref", "--format=%(refname)")


def version_paths_in_history(root: Path, service: str) -> list[str]:
    """Paths of the service's version files in any commit reachable from any ref."""
    return _git(root, "log", "--all", "--no-renames", "--format=", "--name-only", "--",
                f"services/{service}/versions/")
