"""How fast minisvc is, as ratios measured in one run on one generated corpus.

Every step runs in its own process, so each starts cold (imports included, as a user
or CI sees it) and its peak memory and CPU time are its own (``os.wait4``). Ratios
compare steps of the same run on the same machine, which makes them meaningful where
absolute times are not (a shared machine, another CPU).

    python -m benchmarks.compile                      # the issue's corpus, at 1x and 4x
    python -m benchmarks.compile -S 4 -V 3 -K 5 -P 3 -C 50 --scales 1   # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import Size, generate, size_from, size_options

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Step:
    name: str
    wall: float
    cpu: float
    rss_mb: float


def measure(name: str, argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
            ok: Sequence[int] = (0,)) -> Step:
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU and peak memory
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{name} failed ({code}): {' '.join(argv)}\n{tail}")
    return Step(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def floor(root: Path) -> None:
    """The floor: every input read by the fastest C parser, every output json.dumps'ed.

    The outputs are the runtime files a build writes: for each service, the version
    release.yaml names, once per locale (the floor dumps the parsed version as is).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = {p.relative_to(root).as_posix(): yaml.load(p.read_bytes(), Loader=loader)
            for p in sorted((root / "services").rglob("*.yaml"))}
    dumped = 0
    for path, doc in data.items():
        if path.endswith("/release.yaml"):
            base = path.rsplit("/", 1)[0]
            version = data[f"{base}/versions/{doc['version']}.yaml"]
            for locale in data[f"{base}/service.yaml"]["locales"]:
                dumped += len(json.dumps({"locale": locale, **version}, ensure_ascii=False,
                                         separators=(",", ":"), default=str))
    print(f"{len(data)} files read, {dumped} bytes of output")


def minisvc(root: Path, *args: str) -> list[str]:
    """The installed package, as users run it (in a checkout: the editable install)."""
    return [sys.executable, "-m", "minisvc", "--repo", str(root), *args]


def peer(root: Path) -> list[str]:
    """check-jsonschema on the same files, one call per schema, in one shell process."""
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or \
        shutil.which("check-jsonschema")
    if exe is None:
        raise SystemExit("check-jsonschema is not installed: pip install -e '.[bench]'")
    calls = [f"{exe} --schemafile schema/{kind}.schema.json {pattern}" for kind, pattern in (
        ("catalog", "services/catalog.yaml"), ("service", "services/*/service.yaml"),
        ("release", "services/*/release.yaml"), ("version", "services/*/versions/*.yaml"))]
    return ["sh", "-c", " && ".join(calls)]


def edit_one_version(root: Path) -> Path:
    """A one-file change: a word changes in a version file of one service."""
    services = sorted(p for p in (root / "services").iterdir() if p.is_dir())
    folder = services[len(services) // 2]
    release = (folder / "release.yaml").read_text()
    versions = sorted(int(p.stem) for p in (folder / "versions").glob("*.yaml"))
    in_flight = int(release.split("version:")[1].split()[0])
    draft = next((n for n in reversed(versions) if n != in_flight), versions[-1])
    path = folder / "versions" / f"{draft}.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: {en-US: ", "title: {en-US: Edited ", 1))
    return path


def edit_one_draft(root: Path) -> Path:
    """A legal one-file PR: a word changes in a Draft version (above the version
    release.yaml names, or that version when its stage is draft) of one service."""
    services = sorted(p for p in (root / "services").iterdir() if p.is_dir())
    middle = len(services) // 2
    for folder in services[middle:] + services[:middle]:
        release = (folder / "release.yaml").read_text()
        named = int(release.split("version:")[1].split()[0])
        versions = sorted(int(p.stem) for p in (folder / "versions").glob("*.yaml"))
        drafts = [n for n in versions if n > named or n == named and "stage: draft" in release]
        if drafts:
            path = folder / "versions" / f"{drafts[-1]}.yaml"
            path.write_text(path.read_text().replace("title: {en-US: ",
                                                     "title: {en-US: Reviewed ", 1))
            return path
    raise SystemExit("the corpus has no Draft version to edit")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)


def commit_corpus(root: Path) -> None:
    """The corpus as a repository on branch main (no lifecycle refs: check judges the PR
    as if base's release.yaml were applied, which reads the same files a bootstrap
    would record)."""
    (root / ".gitignore").write_text("/dist/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")


def check_one_file_pr(root: Path) -> Step:
    """`check --base main` of a PR changing one Draft version file, as a developer runs
    it before pushing: main was validated before (its cache is there), the PR's edit was
    never seen."""
    git(root, "checkout", "-q", "-f", "main")
    measure("validate, on main (not reported)", minisvc(root, "validate"), root)
    git(root, "checkout", "-q", "-b", "pr")
    edit_one_draft(root)
    git(root, "commit", "-q", "-a", "-m", "a one-file PR")
    step = measure("check --base, one-file PR", minisvc(root, "check", "--base", "main"),
                   root)
    git(root, "checkout", "-q", "main")
    git(root, "branch", "-q", "-D", "pr")
    return step


def corpus_steps(root: Path, full: bool, repeat: int = 1) -> list[Step]:
    """All steps on the first corpus; at other scales only what memory needs.

    With ``repeat`` > 1 the whole sequence runs that many times, interleaved, and each
    step keeps its fastest run (the least disturbed by other load) and its largest
    peak memory. check-jsonschema, the slowest by far, runs once.
    """
    cache, dist = root / ".minisvc-cache", root / "dist"
    if full:
        commit_corpus(root)

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(dist, ignore_errors=True)

    def sequence() -> list[Step]:
        steps = [measure("floor", [sys.executable, "-m", "benchmarks.compile", "--floor",
                                    str(root)], ROOT)]
        cold()
        steps.append(measure("validate, cold", minisvc(root, "validate"), root))
        if full:
            cold()
            steps.append(measure("validate, cold, 1 process", minisvc(root, "validate"),
                                 root, {"MINISVC_JOBS": "1"}))
        cold()
        steps.append(measure("build, cold", minisvc(root, "build"), root))
        if full:
            steps.append(measure("build, nothing changed", minisvc(root, "build"), root))
            edit_one_version(root)
            steps.append(measure("build, one version file changed", minisvc(root, "build"),
                                 root))
            steps.append(check_one_file_pr(root))
        return steps

    rounds = [sequence() for _ in range(max(1, repeat))]
    best = [min(runs, key=lambda s: s.wall) for runs in zip(*rounds, strict=True)]
    for i, runs in enumerate(zip(*rounds, strict=True)):
        best[i] = Step(best[i].name, best[i].wall, best[i].cpu, max(s.rss_mb for s in runs))
    if full:
        best.append(measure("check-jsonschema", peer(root), root))
    return best


TARGETS = [  # (step, against, at most, label)
    ("validate, cold", "floor", 2.0, "cold validate <= 2x floor"),
    ("build, cold", "floor", 3.0, "cold build <= 3x floor"),
    ("validate, cold", "check-jsonschema", 0.2, "validate >= 5x faster than check-jsonschema"),
    ("build, nothing changed", "build, cold", 0.10, "no-op build <= 10% of cold"),
    ("build, one version file changed", "build, cold", 0.15, "one-file change <= 15% of cold"),
    ("check --base, one-file PR", "validate, cold", 0.10,
     "check --base of a one-file PR <= 10% of validate"),
]


def table(by_scale: dict[int, list[Step]]) -> str:
    lines = ["| scale | step | wall s | x floor | CPU s | peak RSS MB |",
             "|---|---|---:|---:|---:|---:|"]
    for scale, steps in by_scale.items():
        base = steps[0].wall
        for s in steps:
            lines.append(f"| {scale}x | {s.name} | {s.wall:.2f} | {s.wall / base:.2f} | "
                         f"{s.cpu:.2f} | {s.rss_mb:.0f} |")
    lines += ["", "| target | measured | met |", "|---|---:|---|"]
    first = by_scale[min(by_scale)]
    named = {s.name: s for s in first}
    for step, against, limit, label in TARGETS:
        if step in named and against in named:
            ratio = named[step].wall / named[against].wall
            lines.append(f"| {label} | {ratio:.3f} | {'yes' if ratio <= limit else 'NO'} |")
    if len(by_scale) > 1:
        lo, hi = min(by_scale), max(by_scale)
        for name in ("floor", "validate, cold", "build, cold"):
            a = next(s for s in by_scale[lo] if s.name == name)
            b = next(s for s in by_scale[hi] if s.name == name)
            linear = b.rss_mb <= a.rss_mb * hi / lo
            lines.append(f"| peak RSS of {name}, {hi}x / {lo}x (corpus {hi // lo}x) | "
                         f"{b.rss_mb / a.rss_mb:.2f} | {'yes' if linear else 'NO'} |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size_options(parser)
    parser.add_argument("--scales", default="1,4",
                        help="corpus sizes to run, as multiples of the services (memory)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the sequence N times; keep each step's fastest run")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.floor)
        return
    base: Size = size_from(args)
    scales = [int(s) for s in args.scales.split(",")]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="minisvc-bench-"))
    print(f"machine: {machine()}")
    print(f"load average before: {os.getloadavg()[0]:.2f}; repeat: {args.repeat}")
    by_scale: dict[int, list[Step]] = {}
    try:
        for scale in scales:
            root = work / f"corpus-{scale}x"
            size = base.scaled(scale)
            generate(root, size)
            shutil.copytree(ROOT / "schema", root / "schema")
            print(f"{scale}x: {size}", flush=True)
            by_scale[scale] = corpus_steps(root, full=scale == scales[0], repeat=args.repeat)
            for s in by_scale[scale]:
                print(f"  {s.name}: {s.wall:.2f} s", flush=True)
            shutil.rmtree(root)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(table(by_scale))


if __name__ == "__main__":
    main()
