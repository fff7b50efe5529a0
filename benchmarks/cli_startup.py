"""How fast `minisvc` starts, as ratios to `python -c "import click"` in the same run.

Each row is a fresh process of the same interpreter (and the `minisvc` script next to
it), and the rows alternate: every round runs each row once, in an order rotated by one
per round, so load on a shared machine falls on all rows alike. The table gives each
row's median and fastest wall time and their ratios to the click baseline (what any
click CLI pays to start), and `validate`'s to `python -c "import pydantic"`. `validate`
runs on a copy of the sample in a plain folder (as the issue measured) and in a git
checkout of it (GitPython is then loaded to read the lifecycle refs).

    python -m benchmarks.cli_startup                  # 30 rounds
    python -m benchmarks.cli_startup --rounds 5       # a quick look
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.compile import machine

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0  # `minisvc --help` at most this many times the click baseline
VALIDATE_TARGET = 0.25  # seconds: `validate` of the sample, no cache, idle 2-core machine


@dataclass
class Row:
    name: str
    argv: list[str]
    env: dict[str, str]
    walls: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def best(self) -> float:
        return min(self.walls)


def run_once(row: Row, cwd: Path, ok: Sequence[int] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(row.argv, cwd=cwd, env=row.env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode not in ok:
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise SystemExit(f"{row.name} failed ({done.returncode}): {' '.join(row.argv)}\n{tail}")
    return wall


def script() -> str:
    """The `minisvc` console script of this interpreter's environment."""
    path = Path(sys.executable).parent / "minisvc"
    if not path.is_file():
        raise SystemExit(f"no minisvc script next to {sys.executable}: pip install -e .")
    return str(path)


def rows(work: Path) -> list[Row]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINISVC_")}
    env["XDG_CACHE_HOME"] = str(work / "user-cache")  # the cache secret: not the user's
    cold = {**env, "MINISVC_CACHE": "0"}
    py, exe = sys.executable, script()
    return [
        Row('python -c "import click" (baseline)', [py, "-c", "import click"], env),
        Row("minisvc --help", [exe, "--help"], env),
        Row("minisvc validate --help", [exe, "validate", "--help"], env),
        Row('python -c "import pydantic"', [py, "-c", "import pydantic"], env),
        Row("minisvc validate, no cache (MINISVC_CACHE=0)", [exe, "validate"], cold),
        Row("minisvc validate, no cache, in a git checkout",
            [exe, "--repo", str(work / "git-repo"), "validate"], cold),
        Row("minisvc validate, warm cache", [exe, "validate"], env),
    ]


def measure(rounds: int, work: Path) -> list[Row]:
    repo = work / "repo"
    for folder in ("services", "schema"):
        shutil.copytree(ROOT / folder, repo / folder)
        shutil.copytree(ROOT / folder, work / "git-repo" / folder)
    git = ["git", "-C", str(work / "git-repo"), "-c", "user.name=bench",
           "-c", "user.email=bench@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "sample"]):
        subprocess.run([*git, *args], check=True, stdout=subprocess.DEVNULL)
    table = rows(work)
    run_once(table[-1], repo)  # fills the cache the warm row reads (not reported)
    for i in range(rounds):
        for row in table[i % len(table):] + table[:i % len(table)]:
            row.walls.append(run_once(row, repo))
    return table


def report(table: list[Row]) -> str:
    click, helps, pydantic = table[0], table[1], table[3]
    lines = ["| step | median ms | min ms | median x click | min x click |",
             "|---|---:|---:|---:|---:|"]
    for row in table:
        lines.append(f"| {row.name} | {row.median * 1000:.1f} | {row.best * 1000:.1f} | "
                     f"{row.median / click.median:.2f} | {row.best / click.best:.2f} |")
    lines += ["", "| ratio | median | min |", "|---|---:|---:|"]
    for row in table[4:]:
        lines.append(f"| {row.name} / import pydantic | {row.median / pydantic.median:.2f} | "
                     f"{row.best / pydantic.best:.2f} |")
    ratio = helps.median / click.median
    met = "yes" if ratio <= TARGET else "NO"
    lines += ["", f"`minisvc --help` <= {TARGET:g}x the click baseline (median): "
                  f"{ratio:.2f}x, met: {met}"]
    for row in table[4:6]:
        met = "yes" if row.median <= VALIDATE_TARGET else "NO"
        lines.append(f"`{row.name}` <= {VALIDATE_TARGET:g} s (median): "
                     f"{row.median:.3f} s, met: {met}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30,
                        help="fresh processes per row, alternating (default: 30)")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"interpreter: {sys.executable}; rounds: {args.rounds}")
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="minisvc-startup-") as work:
        table = measure(max(1, args.rounds), Path(work))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(report(table))


if __name__ == "__main__":
    main()
