"""Bytes a phone downloads per locale file: as written (UTF-8) against ``\\u`` escapes.

Builds the shipped sample and a small generated corpus with all 12 benchmark locales
(several scripts, RTL and CJK among them) with ``minisvc build``, then, for every
locale file of dist/, compares its size with the same JSON written ASCII-only
(``json.dumps(..., ensure_ascii=True)``, what a ``\\u``-escaping writer produces). It also
checks that no output file (locale files, manifests, index.json) holds a ``\\u`` escape.

    python -m benchmarks.payload
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from benchmarks.compile import machine
from benchmarks.corpus import Size, generate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Size(services=3, versions=2, locales=12, sections=12, programs=12, catalog=60)


def build(repo: Path, work: Path) -> Path:
    env = {**os.environ, "MINISVC_CACHE": "0", "XDG_CACHE_HOME": str(work / "user-cache")}
    subprocess.run([sys.executable, "-m", "compiler", "--repo", str(repo), "build"],
                   check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return repo / "dist"


def escaped(data: bytes) -> int:
    text = json.dumps(json.loads(data), ensure_ascii=True, separators=(",", ":")) + "\n"
    return len(text.encode())


def measure(dist: Path) -> tuple[dict[str, list[tuple[int, int]]], list[str]]:
    """Per locale: (UTF-8 bytes, escaped bytes) of each file; files holding an escape."""
    by_locale: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with_escapes = []
    for path in sorted(dist.rglob("*.json")):
        data = path.read_bytes()
        if b"\\u" in data:
            with_escapes.append(path.relative_to(dist).as_posix())
        if path.parent.name.startswith("v"):
            by_locale[path.name.split(".", 1)[0]].append((len(data), escaped(data)))
    return by_locale, with_escapes


def report(name: str, by_locale: dict[str, list[tuple[int, int]]],
           with_escapes: list[str]) -> str:
    lines = [f"{name}: files with a \\u escape: {len(with_escapes)}"
             + (f" ({', '.join(with_escapes[:5])})" if with_escapes else ""), "",
             "| locale | files | UTF-8 bytes (mean) | \\u-escaped bytes (mean) | escaped / UTF-8 |",
             "|---|---:|---:|---:|---:|"]
    for locale, sizes in sorted(by_locale.items(), key=lambda kv: -kv[1][0][1] / kv[1][0][0]):
        utf8 = sum(s for s, _ in sizes) / len(sizes)
        esc = sum(e for _, e in sizes) / len(sizes)
        lines.append(f"| {locale} | {len(sizes)} | {utf8:.0f} | {esc:.0f} | {esc / utf8:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="minisvc-payload-") as tmp:
        work = Path(tmp)
        sample = work / "sample"
        shutil.copytree(ROOT / "services", sample / "services")
        corpus = generate(work / "corpus", CORPUS)
        for name, repo in (("shipped sample", sample), (f"corpus {CORPUS}", corpus)):
            by_locale, with_escapes = measure(build(repo, work))
            print()
            print(report(name, by_locale, with_escapes))


if __name__ == "__main__":
    main()
