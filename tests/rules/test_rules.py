"""Every semantic rule, driven by the bad/good examples that also make docs/rules.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.rules import RULES, Rule
from compiler.rules.docs import render
from tests.conftest import ROOT, Run, write


def _marked_line(text: str) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if "# <-" in line]
    assert len(lines) == 1, "each bad example marks exactly one line"
    return lines[0]


def _findings(run: Run, repo: Path) -> list[dict[str, object]]:
    import json

    result = run(repo, "validate", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.output))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_bad_example_reports_code_file_and_line(rule: Rule, repo: Path, run: Run) -> None:
    write(repo, rule.file, rule.bad)
    hits = [f for f in _findings(run, repo) if f["code"] == rule.code]
    assert hits, f"{rule.code} not reported for its bad example"
    assert {(f["file"], f["line"]) for f in hits} == {(rule.file, _marked_line(rule.bad))}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_good_example_is_clean_of_that_code(rule: Rule, repo: Path, run: Run) -> None:
    write(repo, rule.file, rule.good)
    assert not [f for f in _findings(run, repo) if f["code"] == rule.code]


def test_all_findings_of_a_run_are_reported(repo: Path, run: Run) -> None:
    bad = {r.file: r.bad for r in RULES if r.file.endswith("9.yaml")}
    assert len(bad) == 1
    # several broken files at once: every one of them is reported
    write(repo, "services/home/versions/7.yaml", next(r.bad for r in RULES if r.code == "E211"))
    write(repo, "services/home/versions/8.yaml", next(r.bad for r in RULES if r.code == "E214"))
    write(repo, "services/home/release.yaml", next(r.bad for r in RULES if r.code == "E216"))
    found = {(f["code"], f["file"]) for f in _findings(run, repo)}
    assert {("E211", "services/home/versions/7.yaml"), ("E214", "services/home/versions/8.yaml"),
            ("E216", "services/home/release.yaml")} <= found


def test_rule_codes_are_unique_and_documented() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.why for r in RULES)


def test_docs_rules_md_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `minisvc rules --markdown > docs/rules.md`")


def test_badge_length_counts_graphemes_not_code_points(repo: Path, run: Run) -> None:
    example = next(r for r in RULES if r.code == "E214").good
    # a family emoji is 7 code points but one character: 5 of them fit the limit
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    write(repo, "services/home/versions/9.yaml", example.replace("NEW", family * 5))
    assert not [f for f in _findings(run, repo) if f["code"] == "E214"]
    write(repo, "services/home/versions/9.yaml", example.replace("NEW", family * 6))
    assert [f for f in _findings(run, repo) if f["code"] == "E214"]


def test_offline_program_is_allowed_in_a_frozen_version(repo: Path, run: Run) -> None:
    version = next(r for r in RULES if r.code == "E209").bad.replace("   # <-", "")
    write(repo, "services/home/versions/2.yaml", version)  # v2 is releasing in the sample
    assert not [f for f in _findings(run, repo) if f["code"] == "E209"]
