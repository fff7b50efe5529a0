"""How fast hostile files within the limits are refused: seconds per MB, in one run.

The issue's three shapes (a mapping of 49,000 keys, 10,000 sections, a list of 99,000
ints), each put into a copy of the shipped sample as a Draft version file, and each once
more with a tab in a first-line comment, which sends the file to the slower ruamel
reader. Every row is a fresh ``minisvc validate`` (no cache), and the rows alternate
(every round runs each once, rotated), so load on a shared machine falls on all alike.
A file's cost is its row's median minus the sample's alone (same run); the target is
2 s per MB of the file.

    python -m benchmarks.hostile                 # 5 rounds
    python -m benchmarks.hostile --rounds 1      # a quick look
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.cli_startup import Row, run_once, script
from benchmarks.compile import machine

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0  # seconds per MB
DRAFT = "services/home/versions/9.yaml"
HEAD = b"title: {en-US: x}\nsections: []\n"


def shapes() -> dict[str, bytes]:
    keys = HEAD + b"".join(b"k%07d: 1\n" % i for i in range(49_000))
    sections = b"title: {en-US: x}\nsections:\n" + b"  - {id: a, type: banner}\n" * 10_000
    ints = (b"title: {en-US: x}\nsections: [" + b", ".join(b"%d" % i for i in range(99_000))
            + b"]\n")
    out = {"mapping of 49,000 keys": keys, "10,000 sections": sections,
           "list of 99,000 ints": ints}
    out.update({f"{name}, a tab (ruamel)": b"#\t\n" + raw for name, raw in list(out.items())})
    return out


def measure(rounds: int, work: Path) -> tuple[list[Row], dict[str, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINISVC_")}
    env.update(XDG_CACHE_HOME=str(work / "user-cache"), MINISVC_CACHE="0")
    sizes: dict[str, int] = {}
    table = []
    for i, (name, raw) in enumerate([("the sample alone (baseline)", b""), *shapes().items()]):
        repo = work / f"repo{i}"
        shutil.copytree(ROOT / "services", repo / "services")
        if raw:
            (repo / DRAFT).write_bytes(raw)
        sizes[name] = len(raw)
        table.append(Row(name, [script(), "--repo", str(repo), "validate"], env))
    for r in range(rounds):
        for row in table[r % len(table):] + table[:r % len(table)]:
            row.walls.append(run_once(row, work, ok=(0, 1)))
    return table, sizes


def report(table: list[Row], sizes: dict[str, int]) -> str:
    base = table[0]
    lines = ["| file | MB | median s | min s | file's cost s | s per MB | met (<= 2 s/MB) |",
             "|---|---:|---:|---:|---:|---:|---|",
             f"| {base.name} | - | {base.median:.2f} | {base.best:.2f} | - | - | - |"]
    for row in table[1:]:
        mb = sizes[row.name] / 1e6
        cost = max(0.0, row.median - base.median)
        per = cost / mb
        lines.append(f"| {row.name} | {mb:.2f} | {row.median:.2f} | {row.best:.2f} | "
                     f"{cost:.2f} | {per:.2f} | {'yes' if per <= TARGET else 'NO'} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5,
                        help="fresh processes per row, alternating (default: 5)")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"interpreter: {sys.executable}; rounds: {args.rounds}")
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="minisvc-hostile-") as work:
        table, sizes = measure(max(1, args.rounds), Path(work))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(report(table, sizes))


if __name__ == "__main__":
    main()
