"""Resolutions per second, next to Unleash's own gradual-rollout code in the same run.

    python -m benchmarks.resolve                 # 1M users (about half a minute)
    python -m benchmarks.resolve --users 10000   # quick

(From the repository's root, so that `compiler` is this checkout's folder.)

Absolute times depend on the machine, so the table shows each row relative to
UnleashClient's ``normalized_hash`` (the Python gradual-rollout hash) on the same users.
Every decision is cross-checked; any disagreement makes the exit status 1:

- minisvc ``in_rollout`` == UnleashClient ``normalized_hash(id, group, 10000) <= 100 * r``;
- minisvc ``resolve`` gives Releasing exactly to those users (testers aside);
- Unleash's engine (``flexibleRollout``, 1% steps) enables a user at a whole ratio ``r``
  exactly when ``(bucket - 1) % 100 < r``: the same hash of the same bytes, coarser
  normalizer, so it picks a different (equally large) set of users; docs/rollout.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from UnleashClient.utils import normalized_hash
from yggdrasil_engine.engine import UnleashEngine

from compiler.build.tree import build
from compiler.engine.workspace import open_workspace
from compiler.model.channels import Channels, Releasing, Testing
from compiler.runtime.rollout import Channel, bucket, in_rollout, resolve, threshold

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["en-US", "zh-Hant-MO", "zh_CN", "ar-EG", "th-TH", "id", "en-GB", "fr-FR"]
T = TypeVar("T")


def sample_manifest(ratio: float, testers: Sequence[str]) -> dict[str, Any]:
    ws = open_workspace(ROOT, unknown_record="note")  # any clone of this repo, shallow too
    channels = Channels(released=1, releasing=Releasing(2, ratio),
                        testing=Testing(3, tuple(testers)))
    return dict(json.loads(build(ws.project, {"home": channels})["home/manifest.json"]))


def timed(label: str, fn: Callable[[], list[T]]) -> tuple[str, float, list[T]]:
    start = time.perf_counter()
    out = fn()
    return label, time.perf_counter() - start, out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--ratio", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    users = [f"{rng.getrandbits(128):032x}" for _ in range(args.users)]
    testers = [f"tester{i}@example.com" for i in range(100)]
    emails = [testers[i % 100] if i % 1000 == 0 else None for i in range(args.users)]
    locales = [LOCALES[i % len(LOCALES)] for i in range(args.users)]
    manifest = sample_manifest(args.ratio, testers)
    group, ratio, top = manifest["releasing"]["group"], args.ratio, threshold(args.ratio)

    rows = [
        timed("UnleashClient normalized_hash", lambda: [
            normalized_hash(u, group, normalizer=10000) <= top for u in users]),
        timed("minisvc in_rollout", lambda: [in_rollout(group, u, ratio) for u in users]),
        timed("minisvc resolve (tester, bucket, locale)", lambda: [
            resolve(manifest, u, e, loc)
            for u, e, loc in zip(users, emails, locales, strict=True)]),
    ]
    whole = ratio == int(ratio)
    if whole:
        engine = UnleashEngine()
        engine.take_state(json.dumps({"version": 2, "features": [{
            "name": "home", "enabled": True, "strategies": [{
                "name": "flexibleRollout",
                "parameters": {"rollout": str(int(ratio)), "stickiness": "userId",
                               "groupId": group}}]}]}))
        rows.append(timed("Unleash engine flexibleRollout (1% steps)", lambda: [
            engine.is_enabled("home", {"userId": u}).is_enabled for u in users]))

    reference = rows[0][2]
    problems = []
    if rows[1][2] != reference:
        problems.append("in_rollout disagrees with UnleashClient normalized_hash")
    for res, email, want in zip(rows[2][2], emails, reference, strict=True):
        got = res is not None and res.channel is Channel.RELEASING
        if email is None and got != want:
            problems.append("resolve disagrees with UnleashClient normalized_hash")
            break
        if email is not None and (res is None or res.channel is not Channel.TESTING):
            problems.append("resolve missed a tester")
            break
    if whole and rows[3][2] != [(bucket(group, u) - 1) % 100 < ratio for u in users]:
        problems.append("Unleash engine does not bucket by the same hash")

    base = rows[0][1]
    print(f"{len(users):,} users, group {group}, ratio {ratio}% (buckets 1..{top})")
    print(f"{'':44} {'per second':>12} {'vs Unleash':>11} {'inside':>8}")
    for label, seconds, out in rows:
        inside = sum(1 for x in out if x is True or getattr(x, "channel", None) == "releasing")
        print(f"{label:44} {len(users) / seconds:12,.0f} {base / seconds:10.2f}x "
              f"{100 * inside / len(users):7.2f}%")
    if whole:
        same = sum(a == b for a, b in zip(rows[3][2], reference, strict=True))
        print(f"the engine's 1%-step set and the 0.01%-step set agree on "
              f"{100 * same / len(users):.1f}% of users (same size, different users)")
    for problem in problems:
        print(f"DISAGREEMENT: {problem}", file=sys.stderr)
    if not problems:
        print("every decision agrees")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
