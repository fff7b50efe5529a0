"""Running minisvc as a real process and killing it: at a chosen crash point (the
MINISVC_CRASH_AT hook, compiler/crashpoints.py) or at a random moment, the way a CI
runner dies: SIGKILL to the whole process group, git children included."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT

CRASH = "MINISVC_CRASH_AT"


def start(repo: Path, *args: str, crash: str | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != CRASH}
    if crash is not None:
        env[CRASH] = crash
    return subprocess.Popen([sys.executable, "-m", "compiler", "--repo", str(repo), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


@dataclass(frozen=True)
class Points:
    """The crash points one uninterrupted run passed, in order (from the trace)."""

    labels: list[str]

    def representative(self) -> list[int]:
        """Every point, except that a run of the same label (one per dist/ file) is
        represented by its first, middle and last point."""
        chosen: set[int] = set()
        start_ = 0
        for i in range(1, len(self.labels) + 1):
            if i == len(self.labels) or self.labels[i] != self.labels[start_]:
                chosen |= {start_ + 1, (start_ + i + 1) // 2, i}
                start_ = i
        return sorted(chosen)


def trace(repo: Path, *args: str) -> Points:
    proc = start(repo, *args, crash="trace")
    out, err = proc.communicate()
    assert proc.returncode == 0, out + err
    prefix = "minisvc crash point "
    labels = [line.split(": ", 1)[1] for line in err.splitlines() if line.startswith(prefix)]
    assert labels, err
    return Points(labels)


def crash_at(repo: Path, point: int, *args: str) -> None:
    """Run until crash point ``point`` and die there."""
    proc = start(repo, *args, crash=str(point))
    out, err = proc.communicate()
    _kill_group(proc.pid)
    assert proc.returncode == -signal.SIGKILL, f"did not die at point {point}:\n{out}{err}"


def kill_after(repo: Path, seconds: float, *args: str) -> bool:
    """Run and SIGKILL the process group after ``seconds``; False if it finished first."""
    proc = start(repo, *args)
    try:
        proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        return True
    _kill_group(proc.pid)
    return False


def _kill_group(pgid: int) -> None:
    """SIGKILL what is left of the group and wait until all of it has exited (a git child
    may outlive its parent by the system call it was in), without polling: a pidfd turns
    readable when its process exits."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return
    for pid in _members(pgid):
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            select.select([fd], [], [])
        finally:
            os.close(fd)


def _members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members
