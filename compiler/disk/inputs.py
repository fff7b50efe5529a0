"""The edge to the disk for readers: find the repo, read its input files."""

from __future__ import annotations

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


def read_inputs(root: Path) -> tuple[dict[str, bytes], list[Finding]]:
    """Bytes of every input file by repo-relative path; links leaving the repo are refused.

    A link is judged wherever it is (a file or a folder, an input or not), so a linked
    folder cannot silently hide a service and a link cannot make the build read
    /etc/passwd. Files are read only up to one byte past the size limit.
    """
    files: dict[str, bytes] = {}
    problems: list[Finding] = []
    real_root = root.resolve()
    services = root / "services"
    for path in sorted(services.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not _utf8(rel):  # bytes no encoding could name; reported once, at the odd name
            if not _utf8(path.name):
                problems.append(Finding(
                    rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
                    1, 1, "E120", "the file or folder name is not valid UTF-8",
                    "rename it in UTF-8, as git and every editor expect"))
            continue
        linked = path.is_symlink() or path.is_file()  # a file may sit in a linked folder
        if linked and (problem := _link_problem(path, real_root)):
            problems.append(Finding(rel, 1, 1, "E121", problem,
                                    "replace the symlink with the file or folder itself"))
            continue
        if not path.is_file() or not (is_input(rel) or rel.endswith(".yml")):
            continue
        try:
            with path.open("rb") as fh:
                files[rel] = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(Finding(rel, 1, 1, "E121", f"cannot read the file: {exc.strerror}",
                                    "check the file's permissions"))
    return files, problems


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _link_problem(path: Path, real_root: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a link to nothing (its target is missing or it loops)"
    if not target.is_relative_to(real_root):
        return "a link pointing outside the repository"
    return None
