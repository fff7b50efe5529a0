"""Findings -> text, JSON or GitHub workflow commands. The only place findings print."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from ..model.findings import Finding

# Messages quote the user's keys and values. Control characters could forge lines
# ("\n::error ..." is a workflow command to a CI runner), drive the terminal (ESC) or
# reorder what a reader sees (bidi overrides), so they print as escapes; so does half a
# surrogate pair, which no UTF-8 writer accepts.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def _safe(value: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", value)


def _where(f: Finding) -> str:
    """``file:line:col``; just ``file`` for a finding in text that is not on disk (line 0:
    what a refused command would have written)."""
    return _safe(f.file) + (f":{f.line}:{f.col}" if f.line else "")


def text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{_where(f)}: {f.code} {_safe(f.message)}")
        if f.hint:
            lines.append(f"    fix: {_safe(f.hint)}")
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} error{'s' * (errors != 1)}, "
                 f"{warnings} warning{'s' * (warnings != 1)}" if findings else "no problems")
    return "\n".join(lines)


def as_json(findings: Sequence[Finding]) -> str:
    return _json_escaped_surrogates(json.dumps([
        {"file": f.file, "line": f.line or None, "col": f.col or None, "code": f.code,
         "severity": f.severity.value, "message": f.message, "hint": f.hint}
        for f in findings
    ], ensure_ascii=False, indent=2))


def _json_escaped_surrogates(text: str) -> str:
    """Half a surrogate pair as its JSON escape (still valid JSON), not as a raw character."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _escape_data(value: str) -> str:
    return _safe(value).replace("%", "%25")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """Workflow commands: GitHub turns each into an annotation on the PR's line."""
    lines = []
    for f in findings:
        kind = "error" if f.is_error else "warning"
        where = f",line={f.line},col={f.col}" if f.line else ""
        props = f"file={_escape_property(f.file)}{where},title={_escape_property(f.code)}"
        message = f"{f.message}" + (f" — fix: {f.hint}" if f.hint else "")
        lines.append(f"::{kind} {props}::{_escape_data(message)}")
    lines.append(text(findings).splitlines()[-1])
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text, "json": as_json, "github": github,
}
