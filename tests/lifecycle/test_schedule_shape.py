"""release.yaml's schedule and services/freeze.yaml: malformed entries are reported where
they are (file:line:col), through the same shape path as every other input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, write


def _found(run: Run, repo: Path) -> list[dict[str, object]]:
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.output))


RELEASE = """version: 2
stage: releasing
ratio: 20
schedule:
  - {ratio: 50, at: 2026-12-04T10:00:00+08:00}
  - {ratio: 100, at: 2026-12-06T10:00:00}
"""


def test_a_step_time_without_an_offset_is_reported_at_its_line(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml", RELEASE)
    hits = [f for f in _found(run, repo) if f["file"] == "services/home/release.yaml"]
    assert [(f["code"][:2], f["line"]) for f in hits] == [("E1", 6)], hits
    assert "offset" in str(hits[0]["message"])


def test_a_step_with_an_unknown_field_or_a_ratio_over_100(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml", RELEASE.replace(
        "{ratio: 50,", "{ratio: 150,").replace("06T10:00:00}", "06T10:00:00Z, when: x}"))
    hits = sorted((f["line"], f["code"][:2]) for f in _found(run, repo)
                  if f["file"] == "services/home/release.yaml")
    assert hits == [(5, "E1"), (6, "E1")]


def test_a_schedule_outside_releasing_is_refused(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml",
          RELEASE.replace("stage: releasing\nratio: 20\n", "stage: draft\n")
          .replace("06T10:00:00}", "06T10:00:00Z}"))
    hits = [f for f in _found(run, repo) if f["code"] == "E219"]
    assert [(f["line"], f["file"]) for f in hits] == [(3, "services/home/release.yaml")]


def test_ratios_and_times_must_increase_each_reported_at_its_step(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml", """version: 2
stage: releasing
ratio: 20
schedule:
  - {ratio: 10, at: 2026-12-04T10:00:00+08:00}
  - {ratio: 50, at: 2026-12-04T09:00:00+08:00}
""")
    hits = sorted((f["line"], f["col"]) for f in _found(run, repo) if f["code"] == "E219")
    assert [line for line, _ in hits] == [5, 6]


def test_a_malformed_freeze_window_is_reported_at_its_line(repo: Path, run: Run) -> None:
    write(repo, "services/freeze.yaml", """windows:
  - start: 2026-11-10T00:00:00+08:00
    end: 2026-11-12
    reason: Double 11
""")
    hits = [f for f in _found(run, repo) if f["file"] == "services/freeze.yaml"]
    assert [(f["code"][:2], f["line"]) for f in hits] == [("E1", 3)], hits


def test_a_well_formed_freeze_file_is_clean(repo: Path, run: Run) -> None:
    write(repo, "services/freeze.yaml", """windows:
  - {start: 2026-11-10T00:00:00+08:00, end: 2026-11-12T00:00:00+08:00, reason: Double 11}
""")
    assert not [f for f in _found(run, repo) if f["file"] == "services/freeze.yaml"]


def test_the_lifecycle_docs_commands_run_as_written(repo: Path, run: Run) -> None:
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    section = text.split("### Scheduled ratio steps and freeze windows", 1)[1].split("\n## ")[0]
    shown = [line.split("#")[0].split()[1:] for line in section.splitlines()
             if line.startswith("minisvc ")]
    assert len(shown) == 2
    for args in shown:
        result = run(repo, *args)
        assert result.exit_code == 0, result.output
