"""Every target of the speed issue, measured in one run: one table, measured vs target.

Runs, one after another in this process tree on the same machine: `cli_startup`
(start-up and `validate` on the sample), `hostile` (hostile files, s/MB), `serve_load`
(the 32-connection burst, main's socket settings as the baseline), `payload` (bytes per
locale file), `compile` (the benchmark corpus at each scale) and `gate` (`check --base`
in a fresh clone with no cache, at each scale). Each prints its own
table; the last table gathers the targets. Ratios compare rows of the same run.

    python -m benchmarks.targets                 # the issue's sizes (about 10 minutes)
    python -m benchmarks.targets --quick         # a smoke run: tiny corpus, one round
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import cli_startup, compile, gate, hostile, payload, serve_load
from benchmarks.corpus import Size, generate


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def startup_rows(table: list[cli_startup.Row]) -> list[str]:
    click, helps, pydantic = table[0], table[1], table[3]
    out = [f"| 2 | `minisvc --help` / `python -c \"import click\"` (median) | "
           f"{helps.median / click.median:.2f}x | <= {cli_startup.TARGET:g}x | "
           f"{_met(helps.median / click.median <= cli_startup.TARGET)} |"]
    for row in table[4:6]:
        out.append(f"| 2 | {row.name} (median; {row.median / pydantic.median:.2f}x "
                   f"`import pydantic`) | {row.median:.3f} s | "
                   f"<= {cli_startup.VALIDATE_TARGET:g} s | "
                   f"{_met(row.median <= cli_startup.VALIDATE_TARGET)} |")
    return out


def hostile_rows(table: list[cli_startup.Row], sizes: dict[str, int]) -> list[str]:
    base = table[0].median
    out = []
    for row in table[1:]:
        per = max(0.0, row.median - base) / (sizes[row.name] / 1e6)
        out.append(f"| 3 | {row.name} ({sizes[row.name] / 1e6:.2f} MB) | {per:.2f} s/MB | "
                   f"<= {hostile.TARGET:g} s/MB | {_met(per <= hostile.TARGET)} |")
    return out


def serve_rows(base: serve_load.Run, now: serve_load.Run) -> list[str]:
    p99 = now.percentile(0.99)
    return [
        f"| 4 | listen backlog | {now.backlog} (main: {base.backlog}) | "
        f">= {serve_load.BACKLOG_TARGET} | {_met(now.backlog >= serve_load.BACKLOG_TARGET)} |",
        f"| 4 | burst p99, {len(now.latencies) + now.errors} requests (main: "
        f"{base.percentile(0.99) * 1000:.0f} ms) | {p99 * 1000:.1f} ms | <= 100 ms | "
        f"{_met(p99 <= serve_load.P99_TARGET)} |",
        f"| 4 | listen-queue overflows during the burst (main: {base.overflows}) | "
        f"{now.overflows} | 0 | {_met(now.overflows == 0)} |",
        f"| 4 | req/s (main: {base.rate:.0f}) | {now.rate:.0f} | reported | - |",
    ]


def payload_rows(by_locale: dict[str, list[tuple[int, int]]], escapes: list[str]) -> list[str]:
    out = [f"| 6 | output files holding a `\\u` escape | {len(escapes)} | 0 | "
           f"{_met(not escapes)} |"]
    for locale in ("ar-SA", "he-IL", "th-TH", "zh-CN", "ja-JP", "en-US"):
        if locale in by_locale:
            utf8 = sum(s for s, _ in by_locale[locale]) / len(by_locale[locale])
            esc = sum(e for _, e in by_locale[locale]) / len(by_locale[locale])
            out.append(f"| 6 | {locale} file, mean bytes (escaped: {esc:.0f}) | {utf8:.0f} | "
                       f"UTF-8 | {_met(utf8 <= esc)} |")
    return out


def compile_rows(by_scale: dict[int, list[compile.Step]]) -> list[str]:
    named = {s.name: s for s in by_scale[min(by_scale)]}
    out = []
    for step, against, limit, label in compile.TARGETS:
        if step in named and against in named:
            ratio = named[step].wall / named[against].wall
            note = " (a developer's machine: main's cache there)" if step.startswith("check") \
                else ""
            out.append(f"| - | {label}{note} | {ratio:.3f} | <= {limit:g} | "
                       f"{_met(ratio <= limit)} |")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else 30
    print(f"machine: {compile.machine()}")
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    rows = ["| # | target | measured | target | met |", "|---|---|---:|---:|---|"]
    with tempfile.TemporaryDirectory(prefix="minisvc-targets-") as tmp:
        work = Path(tmp)
        startup = cli_startup.measure(rounds, work / "startup")
        print("\n" + cli_startup.report(startup), flush=True)
        rows += startup_rows(startup)
        hostile_table, sizes = hostile.measure(1 if args.quick else 5, work / "hostile")
        print("\n" + hostile.report(hostile_table, sizes), flush=True)
        rows += hostile_rows(hostile_table, sizes)
        clients, requests = (4, 40) if args.quick else (32, 2000)
        dist = serve_load.build_sample(work / "serve")
        runs = [serve_load.measure("baseline (backlog 5, Nagle on: main)", dist, True,
                                   clients, requests),
                serve_load.measure("minisvc serve", dist, False, clients, requests)]
        print("\n" + serve_load.report(runs, clients, requests), flush=True)
        rows += serve_rows(*runs)
        size = payload.CORPUS if not args.quick else Size(2, 1, 12, 3, 2, 10)
        corpus = generate(work / "payload", size)
        by_locale, escapes = payload.measure(payload.build(corpus, work))
        print("\n" + payload.report(f"corpus {size}", by_locale, escapes), flush=True)
        rows += payload_rows(by_locale, escapes)
        base = Size(4, 3, 12, 5, 3, 50) if args.quick else Size()
        by_scale: dict[int, list[compile.Step]] = {}
        for scale in (1,) if args.quick else (1, 4):
            root = work / f"corpus-{scale}x"
            generate(root, base.scaled(scale))
            shutil.copytree(compile.ROOT / "schema", root / "schema")
            by_scale[scale] = compile.corpus_steps(root, full=scale == 1)
            shutil.rmtree(root)
        print("\n" + compile.table(by_scale), flush=True)
        gates = {scale: gate.at_size(base.scaled(scale), work / f"gate-{scale}x")
                 for scale in by_scale}
        print("\n" + gate.table(gates), flush=True)
        rows += gate.rows(gates)
        rows += compile_rows(by_scale)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
