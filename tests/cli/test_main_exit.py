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
