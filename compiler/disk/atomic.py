"""The one way minisvc replaces a file: whole or not at all, keeping the file's mode."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def write_file(path: Path, data: bytes | None, *, mode: int | None = None,
               sync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, or delete it when ``data`` is None.

    The bytes go to a temp file in the same folder (so the rename stays on one file
    system), which is then renamed over ``path``: a reader, or a process killed at any
    moment, sees the old file or the new one, never a part. On any failure the temp file
    is removed and ``path`` is left as it was.

    Mode: a replaced file keeps its permission bits; a new one gets what ``open`` would
    give it (0o666 less the umask, or a folder's default ACL), as the temp file is
    created 0o666 and the kernel decides: ``tempfile.mkstemp`` would make it 0o600,
    unreadable to a web server or a colleague. ``mode`` sets the bits outright instead
    (e.g. 0o600 for a secret). The owner is not kept: that needs root.

    fsync: by default the data is flushed to the disk before the rename. Without it a
    power cut soon after the rename can leave an empty file where the file system commits
    the rename before the data (XFS; ext4 mounted noauto_da_alloc): the very half-written
    file the rename is meant to rule out. The folder is not fsynced: a power cut may then
    undo the rename, which leaves the old file, whole; that is acceptable. ``sync=False``
    skips the flush, for derived data where an empty file is just a miss (the cache) and
    speed matters more.
    """
    if data is None:
        path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = _mode_of(path) if mode is None else mode
    fd, temp = _create_temp(path, 0o666 if keep is None else keep & 0o777)
    try:
        with os.fdopen(fd, "wb") as out:
            if keep is not None:
                os.fchmod(out.fileno(), keep)
            out.write(data)
            if sync:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int | None:
    """The permission bits of the file ``path`` names (through a link), None if none."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _create_temp(path: Path, mode: int) -> tuple[int, str]:
    """A new, empty file beside ``path``, created with ``mode`` less the umask.

    Never wider than the file it becomes, not even for the instant before the fchmod: a
    reader who opened it then could read the data written after.
    """
    while True:
        temp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, _FLAGS, mode), temp
        except FileExistsError:
            continue
