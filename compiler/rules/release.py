"""Rules on release.yaml at the level of one file (the lifecycle checks moves)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding, finding
from ..model.inputs import Stage
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
