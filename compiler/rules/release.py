"""Rules on release.yaml at the level of one file (the lifecycle checks moves)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding, finding
from ..model.inputs import Stage
from ..model.paths import FREEZE
from .base import Context, rule


@rule("E215", "release-version-exists", file="services/home/release.yaml", bad="""
version: 42   # <-
stage: testing
testers: [alice@example.com]
""", good="""
version: 2
stage: testing
testers: [alice@example.com]
""")
def release_version_exists(ctx: Context) -> Iterator[Finding]:
    """release.yaml must name a version file of the same service."""
    for _sid, tree in sorted(ctx.project.services.items()):
        release = tree.release
        if release is not None and release.version not in tree.version_files:
            yield finding(tree.release_file, ("version",), "E215",
                          f"{tree.id} has no version {release.version} (no file "
                          f"{tree.version_file(release.version)})",
                          "name an existing version")


@rule("E216", "testing-needs-testers", file="services/home/release.yaml", bad="""
version: 2
stage: testing   # <-
""", good="""
version: 2
stage: testing
testers: [alice@example.com]
""")
def testing_needs_testers(ctx: Context) -> Iterator[Finding]:
    """The console's Test asks for one or more tester emails; so does the file."""
    for _sid, tree in sorted(ctx.project.services.items()):
        release = tree.release
        if release is not None and release.stage is Stage.TESTING and not release.testers:
            yield finding(tree.release_file, ("stage",), "E216",
                          "stage testing needs at least one tester",
                          "add `testers: [alice@example.com]`")


@rule("E217", "ratio-fits-stage", file="services/home/release.yaml", bad="""
version: 2
stage: releasing
ratio: 100   # <-
""", good="""
version: 2
stage: releasing
ratio: 20
""")
def ratio_fits_stage(ctx: Context) -> Iterator[Finding]:
    """Releasing takes 0.01..99.99 percent (two decimals at most); 100 is stage released."""
    for _sid, tree in sorted(ctx.project.services.items()):
        release = tree.release
        if release is None:
            continue
        ratio = release.ratio
        if release.stage is Stage.RELEASING:
            if ratio is None or ratio >= 100:
                yield finding(tree.release_file, ("ratio",) if ratio else ("stage",), "E217",
                              "stage releasing needs a ratio below 100"
                              if ratio else "stage releasing needs a ratio",
                              "set `ratio: 1`..`99`, or `stage: released` for 100%")
            elif round(ratio, 2) != ratio:
                yield finding(tree.release_file, ("ratio",), "E217",
                              f"ratio {ratio} has more than two decimals",
                              "round it to a multiple of 0.01")
        elif release.stage is Stage.RELEASED and ratio not in (None, 100):
            yield finding(tree.release_file, ("ratio",), "E217",
                          f"stage released is 100%, not {ratio}",
                          "remove the ratio or set it to 100")
        elif release.stage in (Stage.DRAFT, Stage.TESTING) and ratio is not None:
            yield finding(tree.release_file, ("ratio",), "E217",
                          f"stage {release.stage} takes no ratio", "remove the ratio")


@rule("E219", "schedule-in-order", file="services/home/release.yaml", bad="""
version: 2
stage: releasing
ratio: 5
schedule:
  - {ratio: 20, at: 2026-12-04T10:00:00+08:00}
  - {ratio: 10, at: 2026-12-05T10:00:00+08:00}   # <-
""", good="""
version: 2
stage: releasing
ratio: 5
schedule:
  - {ratio: 20, at: 2026-12-04T10:00:00+08:00}
  - {ratio: 100, at: 2026-12-06T10:00:00+08:00}
""")
def schedule_in_order(ctx: Context) -> Iterator[Finding]:
    """A schedule only ever raises the ratio, later and later: each step's ratio above the
    one before it (the first above ``ratio``) and each time after the one before. It
    belongs to stage releasing, where apply carries its steps out as they come due."""
    for _sid, tree in sorted(ctx.project.services.items()):
        release = tree.release
        if release is None or not release.schedule:
            continue
        if release.stage is not Stage.RELEASING:
            yield finding(tree.release_file, ("schedule",), "E219",
                          f"a schedule needs stage releasing, not {release.stage.value}",
                          "remove the schedule, or set `stage: releasing` with a `ratio`")
            continue
        ratio, at = release.ratio or 0.0, None
        for i, step in enumerate(release.schedule):
            if step.ratio <= ratio:
                yield finding(tree.release_file, ("schedule", i, "ratio"), "E219",
                              f"schedule step {i + 1} goes to {step.ratio:g}%, not above "
                              f"{ratio:g}%", "give each step a higher ratio than the one "
                              "before it (the first above `ratio`)")
            elif step.ratio < 100 and round(step.ratio, 2) != step.ratio:
                yield finding(tree.release_file, ("schedule", i, "ratio"), "E219",
                              f"ratio {step.ratio} has more than two decimals",
                              "round it to a multiple of 0.01")
            if at is not None and step.at <= at:
                yield finding(tree.release_file, ("schedule", i, "at"), "E219",
                              f"schedule step {i + 1} is not after step {i}",
                              "give each step a later time than the one before it")
            ratio, at = max(ratio, step.ratio), step.at


@rule("E220", "freeze-window-order", file="services/freeze.yaml", bad="""
windows:
  - start: 2026-11-10T00:00:00+08:00
    end: 2026-11-09T00:00:00+08:00   # <-
    reason: Double 11
""", good="""
windows:
  - start: 2026-11-10T00:00:00+08:00
    end: 2026-11-12T00:00:00+08:00
    reason: Double 11
""")
def freeze_window_order(ctx: Context) -> Iterator[Finding]:
    """A freeze window ends after it starts: a window that never opens would let a
    release through on the day it was meant to stop."""
    freeze = ctx.project.freeze
    for i, window in enumerate(freeze.windows if freeze else []):
        if window.end <= window.start:
            yield finding(FREEZE, ("windows", i, "end"), "E220",
                          f"freeze window {window.reason!r} ends before it starts",
                          "set `end` after `start`")
