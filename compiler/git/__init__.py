"""The edge to git: lifecycle refs, file trees at any commit, the record `verify` reads.

GitPython costs ~35 ms to import and a folder that is not in git never touches it, so
the modules below take ``git`` from here (``from . import git``): a stand-in that
imports GitPython on the first use of one of its names, with a plain ``import``.
"""

from __future__ import annotations

import importlib
from typing import Any


class _GitPython:
    """GitPython, imported when a name of it is first used."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("git"), name)


git = _GitPython()
