"""The console script's process ends with its command: Python's final full collection
over everything the command loaded would free memory the process is giving back."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.mainprobe import after_main


def test_the_final_collection_has_nothing_to_walk() -> None:
    seen, said = after_main(ROOT, "validate", report='{"frozen": gc.get_freeze_count(), '
                                                      '"left to walk": len(gc.get_objects())}')
    assert seen["code"] == 0, said
    assert seen["frozen"] > 10_000  # what validating the sample loaded
    assert seen["left to walk"] < 100  # the probe's own few objects


def test_the_collector_does_not_walk_the_loaded_files_again_and_again() -> None:
    """Reading a repository allocates hundreds of thousands of objects that live until the
    command ends; at Python's default thresholds the collector walked them every 700
    allocations (a third of a cold validate of the benchmark corpus)."""
    seen, said = after_main(ROOT, "validate", report='{"stats": gc.get_stats(), '
                                                      '"thresholds": gc.get_threshold()}')
    assert seen["code"] == 0, said
    assert seen["thresholds"][0] >= 10_000
    young = seen["stats"][0]["collections"]
    assert young < 100, young  # each one before main() raised the threshold, at import
