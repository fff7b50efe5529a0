"""How `minisvc serve` holds a burst: req/s and latency percentiles, against a baseline.

The shipped sample is built into a temp dir and served twice, on 127.0.0.1 only, by
the same server code in a fresh process each: once with main's old socket settings
(Python's default listen backlog of 5, Nagle's algorithm on) as the baseline, once as
it ships. Each gets the same fixed load: ``--clients`` threads together send
``--requests`` requests, every request on a new connection (what many phones opening
the page at once look like), a mix of ``/v1`` resolutions, manifests and locale files.
The kernel's listen-queue overflow counter (TcpExt ListenOverflows in
/proc/net/netstat, machine-wide) is read before and after each run.

    python -m benchmarks.serve_load                        # 32 clients, 2,000 requests
    python -m benchmarks.serve_load --clients 4 --requests 40   # a quick look
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.compile import machine

ROOT = Path(__file__).resolve().parent.parent
P99_TARGET = 0.100  # seconds
BACKLOG_TARGET = 128
PATHS = [
    "/v1/home?user={i}&locale=en-US", "/v1/wallet?user={i}&locale=zh-Hant-HK",
    "/v1/home?user={i}&email=tester{i}%40example.com&locale=ar-SA", "/home/manifest.json",
    "/wallet/manifest.json", "/home/v1/th-TH.{hash}.json", "/index.json",
]


def paths(dist: Path) -> list[str]:
    """PATHS with the content hash of the built locale file (its name is its content)."""
    built = next((dist / "home" / "v1").glob("th-TH.*.json")).name.split(".")[1]
    return [p.replace("{hash}", built) for p in PATHS]


@dataclass
class Run:
    name: str
    backlog: int
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    overflows: int | None = None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def listen_overflows() -> int | None:
    """The kernel's count of connections dropped from full listen queues (all sockets)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=False))
            return int(table["ListenOverflows"]) if "ListenOverflows" in table else None
    return None


def serve(dist: Path, baseline: bool) -> None:
    """The server process: print the port, serve until stdin closes."""
    from compiler.serve import server

    if baseline:  # main's settings before this change
        server.DistServer.request_queue_size = 5
        server._Handler.disable_nagle_algorithm = False
    with open(os.devnull, "w") as log:
        httpd = server.make_server(dist, "127.0.0.1", 0, log=log)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        print(httpd.server_address[1], httpd.request_queue_size, flush=True)
        sys.stdin.read()
        httpd.shutdown()
        httpd.server_close()


def one_request(port: int, path: str) -> float:
    """One GET on a new connection, read to the end; raw bytes keep the client cheap, so
    the two cores go to the server rather than to 32 http.client instances."""
    raw = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    took = time.perf_counter() - start
    if not reply.startswith(b"HTTP/1.1 200 "):
        raise OSError(f"{path}: {reply[:40]!r}")
    return took


def load(run: Run, port: int, clients: int, requests: int, urls: list[str]) -> None:
    work: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(requests):
        work.put(i)
    lock = threading.Lock()

    def client() -> None:
        while True:
            try:
                i = work.get_nowait()
            except queue.Empty:
                return
            try:
                took = one_request(port, urls[i % len(urls)].format(i=i))
            except OSError:
                with lock:
                    run.errors += 1
                continue
            with lock:
                run.latencies.append(took)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before = listen_overflows()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.wall = time.perf_counter() - start
    after = listen_overflows()
    run.overflows = after - before if before is not None and after is not None else None


def measure(name: str, dist: Path, baseline: bool, clients: int, requests: int) -> Run:
    argv = [sys.executable, "-m", "benchmarks.serve_load", "--serve", str(dist)]
    proc = subprocess.Popen(argv + (["--baseline"] if baseline else []), cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        port, backlog = (int(x) for x in proc.stdout.readline().split())
        run = Run(name, backlog)
        one_request(port, "/index.json")  # the process is up and warm
        load(run, port, clients, requests, paths(dist))
        proc.stdin.close()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return run


def build_sample(work: Path) -> Path:
    repo = work / "repo"
    shutil.copytree(ROOT / "services", repo / "services")
    env = {**os.environ, "MINISVC_CACHE": "0", "XDG_CACHE_HOME": str(work / "user-cache")}
    subprocess.run([sys.executable, "-m", "compiler", "--repo", str(repo), "build"],
                   check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return repo / "dist"


def report(runs: list[Run], clients: int, requests: int) -> str:
    base, now = runs
    lines = [f"{clients} clients, {requests} requests each run, a new connection each",
             "", "| server | backlog | req/s | p50 ms | p99 ms | max ms | errors | "
             "listen overflows |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        over = "n/a" if r.overflows is None else str(r.overflows)
        lines.append(f"| {r.name} | {r.backlog} | {r.rate:.0f} | "
                     f"{statistics.median(r.latencies) * 1000:.1f} | "
                     f"{r.percentile(0.99) * 1000:.1f} | {max(r.latencies) * 1000:.1f} | "
                     f"{r.errors} | {over} |")
    p99 = now.percentile(0.99)
    lines += ["", "| ratio (this server / baseline) | value |", "|---|---:|",
              f"| req/s | {now.rate / base.rate:.2f} |",
              f"| p99 | {p99 / base.percentile(0.99):.3f} |", "",
              "| target | measured | met |", "|---|---:|---|",
              f"| listen backlog >= {BACKLOG_TARGET} | {now.backlog} | "
              f"{'yes' if now.backlog >= BACKLOG_TARGET else 'NO'} |",
              f"| p99 <= {P99_TARGET * 1000:.0f} ms | {p99 * 1000:.1f} ms | "
              f"{'yes' if p99 <= P99_TARGET else 'NO'} |",
              f"| no listen-queue overflow | {now.overflows} | "
              f"{'yes' if now.overflows == 0 else 'NO' if now.overflows else 'n/a'} |",
              f"| every request answered | {now.errors} errors | "
              f"{'yes' if now.errors == 0 else 'NO'} |"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.baseline)
        return
    print(f"machine: {machine()}")
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="minisvc-serve-") as work:
        dist = build_sample(Path(work))
        runs = [measure("baseline (backlog 5, Nagle on: main)", dist, True, args.clients,
                        args.requests),
                measure("minisvc serve", dist, False, args.clients, args.requests)]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(report(runs, args.clients, args.requests))


if __name__ == "__main__":
    main()
