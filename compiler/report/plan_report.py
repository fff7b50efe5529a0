"""A plan (and the findings beside it) -> text, JSON records or a markdown job summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..lifecycle.events import count
from ..lifecycle.machine import Transition
from ..model.findings import Finding
from . import reporters


def text(steps: Sequence[Transition]) -> str:
    if not steps:
        return "plan: nothing to apply"
    return "\n".join(["plan:", *(f"  {s.describe()}" for s in steps)])


def records(steps: Sequence[Transition]) -> list[dict[str, Any]]:
    return [{"service": s.service, "version": s.version, "event": s.kind.value,
             "from": s.before.value, "to": s.after.value,
             "ratio": s.new_ratio, "testers": s.tester_count,
             "bootstrap": s.bootstrap, "text": s.describe()} for s in steps]


def report(findings: Sequence[Finding], steps: Sequence[Transition], fmt: str) -> str:
    """Findings first (in the format asked), then the plan."""
    if fmt == "json":
        return json.dumps({"findings": json.loads(reporters.as_json(findings)),
                           "plan": records(steps)}, ensure_ascii=False, indent=2)
    return f"{reporters.REPORTERS[fmt](findings)}\n{text(steps)}"


def markdown(findings: Sequence[Finding], steps: Sequence[Transition]) -> str:
    """The job summary GitHub shows on the run's page."""
    lines = ["## minisvc plan", ""]
    if steps:
        lines += ["| service | version | change |", "|---|---|---|"]
        for s in steps:
            how = " (adopted at bootstrap)" if s.bootstrap else ""
            lines.append(f"| {s.service} | v{s.version} | {_md(s.change('→'))}{how} |")
    else:
        lines.append("Nothing to apply: no lifecycle change.")
    if findings:
        errors = sum(f.is_error for f in findings)
        counts = [count(errors, "error")] if errors else []
        if len(findings) > errors:
            counts.append(count(len(findings) - errors, "warning"))
        lines += ["", f"### {', '.join(counts)}", ""]
        lines += [f"- `{f.file}:{f.line}` **{f.code}** {_md(f.message)}"
                  + (f" — fix: {_md(f.hint)}" if f.hint else "") for f in findings]
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
