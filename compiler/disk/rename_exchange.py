"""Swap two paths in one system call: Linux's ``renameat2(RENAME_EXCHANGE)``.

It is what lets dist/ stay a plain folder and still be replaced atomically: a reader (or
a process killed at any moment) sees the old tree or the new one, never a mix and never
nothing. Python has no binding for it; the PyPI wrapper `renameat2` is unmaintained since
2022, and the call is a few lines of ctypes. Where the kernel, the C library or the file
system lacks it (macOS, Windows, NFS), :func:`exchange` answers False and the caller
falls back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


@functools.cache
def _renameat2() -> Renameat2 | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)  # glibc >= 2.28, musl >= 1.2.3
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap what ``a`` and ``b`` name (both must exist); False if unsupported."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))
