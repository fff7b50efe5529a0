"""The edge to git: lifecycle refs, file trees at any commit, the record `verify` reads.

GitPython costs ~35 ms to import and a folder that is not in git never touches it, so
``git`` is registered here as a lazily executed module (the standard library's
``importlib.util.LazyLoader``) that the modules below take with ``from . import git``
(an ``import git`` statement would execute it at once: the import system reads its
``__spec__``); GitPython runs on the first use of one of its names.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def _lazy(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return importlib.import_module(name)  # fails with the import's own message
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


git = _lazy("git")
