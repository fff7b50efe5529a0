"""plan_report, pure: steps and findings -> plan text, JSON records, a markdown job summary."""

from __future__ import annotations

import json

import pytest

from compiler.lifecycle.machine import Kind, Transition
from compiler.model.findings import Finding
from compiler.model.status import Status
from compiler.report import plan_report

D, T, RG, RD = Status.DRAFT, Status.TESTING, Status.RELEASING, Status.RELEASED
TESTERS = ("alice@example.com", "bob@example.com")

TEST = Transition("home", 3, Kind.TESTING, D, testers=TESTERS)
RETEST = Transition("home", 3, Kind.RETEST, T, testers=TESTERS[:1])
RAISE = Transition("home", 3, Kind.RELEASING, RG, ratio=50, group="home/v3", was_ratio=12.5)
RELEASE = Transition("home", 3, Kind.RELEASED, RG, ratio=50, testers=TESTERS, was_ratio=50)
ARCHIVE = Transition("home", 2, Kind.ARCHIVED, RD)
ADOPT = Transition("wallet", 1, Kind.RELEASED, D, bootstrap=True)

ERROR = Finding("services/home/release.yaml", 4, 8, "E304", "the ratio only goes up",
                "set a ratio above 20")
WARNING = Finding("services/wallet/release.yaml", 2, 1, "W300", "apply will refuse this")


def test_no_steps_is_nothing_to_apply() -> None:
    assert plan_report.text([]) == "plan: nothing to apply"


def test_the_plan_lists_one_indented_line_per_step() -> None:
    assert plan_report.text([RAISE, RELEASE, ARCHIVE, ADOPT]).splitlines() == [
        "plan:",
        "  home v3: Releasing 12.5% -> Releasing 50%",
        "  home v3: Releasing 50% -> Released",
        "  home v2: Released -> Archived",
        "  wallet v1: Draft -> Released (adopted at bootstrap)",
    ]


def test_records_carry_each_step_with_its_text() -> None:
    [test, adopt] = plan_report.records([TEST, ADOPT])
    assert test == {"service": "home", "version": 3, "event": "testing", "from": "draft",
                    "to": "testing", "ratio": None, "testers": 2, "bootstrap": False,
                    "text": "home v3: Draft -> Testing (2 testers)"}
    assert (adopt["event"], adopt["from"], adopt["to"], adopt["bootstrap"]) == (
        "released", "draft", "released", True)


def test_records_give_a_ratio_only_to_releasing_and_a_count_only_to_tests() -> None:
    got = [(r["event"], r["ratio"], r["testers"])
           for r in plan_report.records([RETEST, RAISE, RELEASE, ARCHIVE])]
    assert got == [("retest", None, 1), ("releasing", 50, None), ("released", None, None),
                   ("archived", None, None)]


def test_records_are_json() -> None:
    records = plan_report.records([TEST, RAISE])
    assert json.loads(json.dumps(records)) == records


def test_the_json_report_holds_the_findings_and_the_plan() -> None:
    out = json.loads(plan_report.report([ERROR, WARNING], [TEST], "json"))
    assert list(out) == ["findings", "plan"]
    assert [(f["file"], f["line"], f["col"], f["code"], f["severity"]) for f in out["findings"]
            ] == [(ERROR.file, 4, 8, "E304", "error"), (WARNING.file, 2, 1, "W300", "warning")]
    assert out["findings"][0]["hint"] == "set a ratio above 20"
    assert out["plan"] == plan_report.records([TEST])


def test_the_json_report_keeps_non_ascii_text_as_is() -> None:
    finding = Finding("services/home/release.yaml", 1, 1, "E304", "比例只升不降")
    out = plan_report.report([finding], [], "json")
    assert "比例只升不降" in out
    assert json.loads(out) == {"findings": [{
        "file": finding.file, "line": 1, "col": 1, "code": "E304", "severity": "error",
        "message": "比例只升不降", "hint": ""}], "plan": []}


def test_the_text_report_puts_the_findings_before_the_plan() -> None:
    assert plan_report.report([ERROR], [TEST], "text").splitlines() == [
        "services/home/release.yaml:4:8: E304 the ratio only goes up",
        "    fix: set a ratio above 20",
        "1 error, 0 warnings",
        "plan:",
        "  home v3: Draft -> Testing (2 testers)",
    ]
    assert plan_report.report([], [], "text") == "no problems\nplan: nothing to apply"


def test_the_github_report_annotates_then_prints_the_plan() -> None:
    lines = plan_report.report([WARNING], [ARCHIVE], "github").splitlines()
    assert lines[0].startswith("::warning file=services/wallet/release.yaml,line=2,col=1,")
    assert lines[1:] == ["0 errors, 1 warning", "plan:", "  home v2: Released -> Archived"]


def test_the_summary_tables_each_step() -> None:
    assert plan_report.markdown([], [TEST, RETEST, RAISE, RELEASE, ARCHIVE]) == (
        "## minisvc plan\n"
        "\n"
        "| service | version | change |\n"
        "|---|---|---|\n"
        "| home | v3 | Draft → Testing (2 testers) |\n"
        "| home | v3 | Testing → Testing (new list, 1 tester) |\n"
        "| home | v3 | Releasing 12.5% → Releasing 50% |\n"
        "| home | v3 | Releasing 50% → Released |\n"
        "| home | v2 | Released → Archived |\n")


def test_the_summary_shows_the_ratio_a_step_starts_from() -> None:
    """Issue: "Releasing 10% -> Releasing 30%", not "Releasing -> Releasing 30%"."""
    step = Transition("home", 3, Kind.RELEASING, RG, ratio=30, group="home/v3", was_ratio=10)
    assert "| home | v3 | Releasing 10% → Releasing 30% |" in plan_report.markdown([], [step])


def test_the_summary_marks_an_adopted_step() -> None:
    assert "| wallet | v1 | Draft → Released (adopted at bootstrap) |" in plan_report.markdown(
        [], [ADOPT])


def test_a_releasing_step_without_ratio_shows_no_percentage() -> None:
    bare = Transition("home", 3, Kind.RELEASING, T)
    assert "| home | v3 | Testing → Releasing |" in plan_report.markdown([], [bare])


def test_the_summary_of_an_empty_plan_says_so() -> None:
    assert plan_report.markdown([], []) == (
        "## minisvc plan\n\nNothing to apply: no lifecycle change.\n")


def test_the_summary_counts_and_lists_the_findings_after_the_plan() -> None:
    out = plan_report.markdown([ERROR, WARNING], [ARCHIVE])
    assert out.endswith(
        "| home | v2 | Released → Archived |\n"
        "\n"
        "### 1 error, 1 warning\n"
        "\n"
        "- `services/home/release.yaml:4` **E304** the ratio only goes up"
        " — fix: set a ratio above 20\n"
        "- `services/wallet/release.yaml:2` **W300** apply will refuse this\n")


@pytest.mark.parametrize(("findings", "heading"), [
    ([ERROR], "### 1 error"), ([ERROR, ERROR], "### 2 errors"),
    ([WARNING], "### 1 warning"), ([WARNING, WARNING, ERROR], "### 1 error, 2 warnings"),
])
def test_the_summary_heading_counts_errors_and_warnings(findings: list[Finding],
                                                        heading: str) -> None:
    lines = plan_report.markdown(findings, []).splitlines()
    assert lines[lines.index("Nothing to apply: no lifecycle change.") + 2] == heading


def test_the_summary_escapes_what_would_break_its_markdown() -> None:
    tricky = Finding("services/home/release.yaml", 1, 1, "E113", "a | b\nc", "use x|y\nor z")
    [line] = [ln for ln in plan_report.markdown([tricky], []).splitlines()
              if ln.startswith("- ")]
    assert line == "- `services/home/release.yaml:1` **E113** a \\| b c — fix: use x\\|y or z"


def test_the_summary_has_no_findings_heading_without_findings() -> None:
    assert "###" not in plan_report.markdown([], [TEST])
