"""The edge to the disk for readers: find the repo, read its input files."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..errors import UserError
from ..load.limits import MAX_FILE_BYTES
from ..model.findings import Finding
from ..model.paths import is_input


def find_root(start: Path) -> Path:
    for candidate in (start, *start.parents):
        if (candidate / "services").is_dir():
            return candidate
    raise UserError(f"no services/ folder in {start} or above; run minisvc inside the repo "
                    "or pass --repo DIR")


def read_inputs(root: Path, services: Collection[str] | None = None
                ) -> tuple[dict[str, bytes], list[Finding]]:
    """Bytes of every input file by repo-relative path; an input must be a regular file.
    ``services``: read only the shared files (directly in services/) and these service
    folders (the diff-sized gate, :mod:`compiler.engine.gate_inputs`).

    A link leaving the repo is judged wherever it is (a file or a folder, an input or
    not), so a linked folder cannot silently hide a service and a link cannot make the
    build read /etc/passwd. A link inside the repo is refused where it would be read (an
    input file, a folder, services/ itself): git stores the link, not the content, so
    every reader of a commit (`check`'s base, `verify`, the tags' digests, a reviewer's
    diff) would see something else than this work tree; git's side skips it alike
    (:meth:`compiler.git.tree.GitRoot.files_at`). Files are read only up to one byte past
    the size limit.
    """
    files: dict[str, bytes] = {}
    problems: list[Finding] = []
    real_root = root.resolve()
    for path in _walk(root / "services", services):
        rel = path.relative_to(root).as_posix()
        if not _utf8(rel):  # bytes no encoding could name; reported once, at the odd name
            if not _utf8(path.name):
                problems.append(Finding(
                    rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
                    1, 1, "E120", "the file or folder name is not valid UTF-8",
                    "rename it in UTF-8, as git and every editor expect"))
            continue
        linked = path.is_symlink() or path.is_file()  # a file may sit in a linked folder
        target, problem = _resolve(path, real_root) if linked else (path, None)
        if problem is not None:
            problems.append(Finding(rel, 1, 1, "E121", problem,
                                    "replace the symlink with the file or folder itself"))
            continue
        read = path.is_file() and (is_input(rel) or rel.endswith(".yml"))
        if read and target != real_root / rel:  # a link, or in a linked services/
            problems.append(Finding(rel, 1, 1, "E121", *_LINKED_FILE))
            continue
        if path.is_symlink() and path.is_dir():
            problems.append(Finding(rel, 1, 1, "E121", *_LINKED_FOLDER))
            continue
        if not read:
            continue
        try:
            with path.open("rb") as fh:
                files[rel] = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(Finding(rel, 1, 1, "E121", f"cannot read the file: {exc.strerror}",
                                    "check the file's permissions"))
    return files, problems


def _walk(folder: Path, services: Collection[str] | None) -> list[Path]:
    if services is None:
        return sorted(folder.rglob("*"))
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        found.append(entry)
        if entry.name in services and entry.is_dir() and not entry.is_symlink():
            found.extend(entry.rglob("*"))
    return sorted(found)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _resolve(path: Path, real_root: Path) -> tuple[Path, str | None]:
    """Where ``path`` leads, or why that is refused: nowhere, or outside the repo."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path, "a link to nothing (its target is missing or it loops)"
    if not target.is_relative_to(real_root):
        return target, "a link pointing outside the repository"
    return target, None


# A link inside the repo where an input is read: git stores the link, not what it leads to.
_LINKED_FILE = ("a symlink, not a regular file: git stores the link, not the content, so a "
                "commit holds something else than this work tree shows",
                "replace the link with the file itself")
_LINKED_FOLDER = ("a symlink, not a folder: git stores the link, not the files in it, so a "
                  "commit holds something else than this work tree shows",
                  "replace the link with the folder itself")
