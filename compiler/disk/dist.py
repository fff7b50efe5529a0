"""The edge to the disk: find the repo, read its input files, write dist/ atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import checks, crashpoints
from .compile import Channels
from .findings import Finding
from .project import Project, assemble, is_input
from .rename_exchange import exchange
from .status import Statuses
from .yamldoc import MAX_FILE_BYTES


class UserError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback and exits 1."""


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


@dataclass
class Workspace:
    root: Path
    project: Project
    statuses: Statuses
    channels: dict[str, Channels]
    read_problems: list[Finding]

    def findings(self) -> list[Finding]:
        return checks.run(self.project, self.statuses, self.read_problems)


def open_workspace(root: Path) -> Workspace:
    files, problems = read_inputs(root)
    project = assemble(files)
    statuses, channels, more = lifecycle(root, project, files)
    return Workspace(root, project, statuses, channels, [*problems, *more])


def lifecycle(root: Path, project: Project, files: Mapping[str, bytes]
              ) -> tuple[Statuses, dict[str, Channels], list[Finding]]:
    """Every service's statuses and channels, and problems found on the way: THE seam.

    It may use each service's service.yaml, release.yaml and version file numbers from
    ``project``, and any file's bytes from ``files``, but no parsed version content:
    ``compiler.incremental`` calls it with only those loaded.

    Statuses and channels come from lifecycle refs when the repo has them
    (docs/lifecycle.md); otherwise from the state `apply --bootstrap` would record from
    release.yaml (the version it names in its stage, lower ones Released/Archived).
    """
    from . import applied as lifecycle_refs  # GitPython is loaded only for git repos
    from .bootstrap import adopt
    from .lifecycle import ServiceState
    from .lifecycle import statuses as statuses_of

    applied = lifecycle_refs.read(root)
    if applied is not None:
        return lifecycle_refs.view(applied, project, files)
    states = adopt(project)
    numbers = {sid: tree.version_files for sid, tree in project.services.items()}
    channels = {sid: states.get(sid, ServiceState(sid)).channels() for sid in project.services}
    return statuses_of(states, numbers), channels, []


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` as the whole of ``out``, swapped in only once complete.

    The new tree is written beside ``out`` and swapped with it in one system call, so a
    reader, or a process killed at any moment, finds the old tree or the new one; a
    half-written sibling left by a killed run is removed next time. ``out`` stays a plain
    folder (no symlink), for any reader and for CI's artifact uploads.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            crashpoints.reached("dist: file written")
        crashpoints.reached("dist: staged")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_tree_if_changed(out: Path, files: Mapping[str, bytes]) -> bool:
    """:func:`write_tree`, unless ``out`` already holds exactly ``files``; True if written.

    A no-op build then leaves dist/ (and its timestamps, and whatever syncs it) alone.
    """
    out = out.absolute()
    _recover(out)
    if out.is_dir():
        present = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if not p.is_dir()}
        if present.keys() == files.keys() and all(
                p.is_file() and not p.is_symlink() and p.read_bytes() == files[rel]
                for rel, p in present.items()):
            return False
    write_tree(out, files)
    return True


def check_replaceable(out: Path) -> None:
    """Refuse an output folder that is neither new, empty nor a previous build output.

    The commands call it before :func:`write_tree` for a folder a person names (`--out`):
    `--out services` or `--out .` would otherwise swap the sources, or the whole
    repository with its .git, for the build.
    """
    if not _replaceable(out.absolute()):
        raise UserError(f"{out} exists and is not a minisvc build output (it has no "
                        "index.json); refusing to replace it: pick a new or empty folder")


def _replaceable(out: Path) -> bool:
    if not out.exists():
        return True
    if not out.is_dir() or out.is_symlink():
        return False
    index = out / "index.json"  # every build writes it; sources and repositories have none
    return not any(out.iterdir()) or (index.is_file() and not index.is_symlink())


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if exchange(new, out):
        crashpoints.reached("dist: swapped")
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old tree
        return
    # No atomic exchange here (not Linux, or NFS): for an instant there is no ``out``;
    # a run killed in that instant is finished by the next one (_recover).
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)
    crashpoints.reached("dist: old moved aside")
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Finish or undo a swap that a killed process left half done."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        os.rename(old, out)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
