"""A plan (and the findings beside it) -> text, JSON records or a markdown job summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..build.output_plan import OutputChange
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


def report(findings: Sequence[Finding], steps: Sequence[Transition], fmt: str,
           outputs: Sequence[OutputChange] | None = None) -> str:
    """Findings first (in the format asked), then the plan, then (when computed) what
    users of live versions will notice."""
    if fmt == "json":
        doc: dict[str, Any] = {"findings": json.loads(reporters.as_json(findings)),
                               "plan": records(steps)}
        if outputs is not None:
            doc["output"] = [o.record() for o in outputs]
        return json.dumps(doc, ensure_ascii=False, indent=2)
    shown = f"{reporters.REPORTERS[fmt](findings)}\n{text(steps)}"
    return shown if outputs is None else f"{shown}\n{output_text(outputs)}"


def output_text(outputs: Sequence[OutputChange]) -> str:
    if not outputs:
        return "output: no change for users of live versions"
    return "\n".join(["output (what users of live versions will notice):",
                      *(f"  {o.text()}" for o in outputs)])


def output_markdown(outputs: Sequence[OutputChange]) -> list[str]:
    lines = ["", "### What users of live versions will notice", ""]
    if not outputs:
        return [*lines, "Nothing: every live version's output stays as it is."]
    lines += ["| service | version | locale | change |", "|---|---|---|---|"]
    return [*lines, *(f"| {o.service} | v{o.version} ({o.status}) | {o.locale or 'all'} | "
                      f"{_md(o.detail)} |" for o in outputs)]


def markdown(findings: Sequence[Finding], steps: Sequence[Transition],
             outputs: Sequence[OutputChange] | None = None,
             timeline: Sequence[tuple[str, str, str, str]] = ()) -> str:
    """The job summary GitHub shows on the run's page; ``timeline``: the scheduled steps
    (version, what, when, state), shown when there are any."""
    lines = ["## minisvc plan", ""]
    if steps:
        lines += ["| service | version | change |", "|---|---|---|"]
        for s in steps:
            how = " (adopted at bootstrap)" if s.bootstrap else ""
            lines.append(f"| {s.service} | v{s.version} | {_md(s.change('→'))}{how} |")
    else:
        lines.append("Nothing to apply: no lifecycle change.")
    if timeline:
        lines += ["", "### Schedule", "", "| version | step | at (UTC) | |", "|---|---|---|---|"]
        lines += [f"| {v} | {what} | {at} | {_md(state)} |" for v, what, at, state in timeline]
    if findings:
        errors = sum(f.is_error for f in findings)
        counts = [count(errors, "error")] if errors else []
        if len(findings) > errors:
            counts.append(count(len(findings) - errors, "warning"))
        lines += ["", f"### {', '.join(counts)}", ""]
        lines += [f"- `{f.file}:{f.line}` **{f.code}** {_md(f.message)}"
                  + (f" — fix: {_md(f.hint)}" if f.hint else "") for f in findings]
    if outputs is not None:
        lines += output_markdown(outputs)
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
