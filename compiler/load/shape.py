"""Plain data -> typed model, or findings with stable E1xx codes.

pydantic does the checking (extra="forbid", discriminated unions, constraints); this
module only translates its errors into findings a person can act on: the dotted path,
what is wrong, how to fix it, and a ``loc`` into the document for the position.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..model import inputs as models
from ..model.findings import Finding, Loc, finding

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "datetime_type": "a date-time",
}
_RANGE_TYPES = {
    "greater_than", "greater_than_equal", "less_than", "less_than_equal", "too_short",
    "too_long", "string_too_short", "string_too_long",
}
_PATTERN_HELP = {
    models.SLUG_PATTERN: "a slug: lower-case letters, digits and single dashes, e.g. daily-picks",
    models.APP_ID_PATTERN: "1 to 64 letters, digits, '_' or '-', quoted, e.g. \"3000000000000001\"",
    models.LOCALE_PATTERN: "a BCP 47 locale tag, e.g. en-US or zh-Hant-HK",
    models.EMAIL_PATTERN: "an email address: a name, an @ and a domain",
    models.PAGE_PATTERN: "a page path inside the mini program, e.g. pages/index?from=home "
                         "(no leading /, no backslash, no %-escapes before the ?)",
    models.TEXT_PATTERN: "one line of text without control characters (newline, tab, ESC) "
                         "or bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069)",
}

_TEXT_FIX = ("remove the character; right-to-left text needs no override: use the marks "
             "U+200F (RLM) or U+200E (LRM) where the order must be forced")


def _all_field_names() -> set[str]:
    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            names.update(obj.model_fields)
    return names


_FIELD_NAMES = sorted(_all_field_names())


def validate(model: type[M], data: Any, file: str) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, list(_translate(exc, data, file))


# A "did you mean" costs ~0.1 ms (difflib); a hostile file of 49,000 unknown keys would
# spend seconds on hints nobody reads (a report keeps 20 findings per code). The first
# ones of a file get it, the rest "remove it".
MAX_SUGGESTIONS = 200


def _translate(exc: ValidationError, data: Any, file: str) -> Iterator[Finding]:
    suggestions = 0
    for err in exc.errors(include_url=False):
        loc = data_loc(data, err["loc"])
        if err["type"] == "extra_forbidden":
            suggestions += 1
        yield _finding(err, loc, file, data, suggest=suggestions <= MAX_SUGGESTIONS)


def data_loc(data: Any, pyd_loc: tuple[int | str, ...]) -> Loc:
    """Drop the union tags pydantic inserts, keeping only steps that exist in the data."""
    out: list[str | int] = []
    node = data
    for i, step in enumerate(pyd_loc):
        if _has(node, step):
            out.append(step)
            node = node[step]
        elif i == len(pyd_loc) - 1 and isinstance(step, str):
            out.append(step)  # a missing key: keep it for the message
        # anything else is a union tag pydantic inserted (e.g. "custom"); skip it
    return tuple(out)


def _has(node: Any, step: int | str) -> bool:
    if isinstance(node, dict):
        return isinstance(step, str) and step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def dotted(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "document"


def _finding(err: ErrorDetails, loc: Loc, file: str, data: Any, suggest: bool) -> Finding:
    kind = err["type"]
    where = dotted(loc)
    field = next((s for s in reversed(loc) if isinstance(s, str)), "")
    value = err.get("input")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, _FIELD_NAMES, n=1) if suggest else []
        hint = f'did you mean "{close[0]}"?' if close else "remove it"
        return finding(file, loc, "E110", f'unknown field "{field}" at {dotted(loc[:-1])}', hint)
    if kind == "missing":
        return finding(file, loc, "E111", f'{dotted(loc[:-1])} is missing the field "{field}"',
                       f"add `{field}:`")
    if kind in _TYPE_NAMES:
        return finding(file, loc, "E112",
                       f"{where} must be {_TYPE_NAMES[kind]}, not {_describe(value)}",
                       'quote numbers that are ids, e.g. "3000000000000001"'
                       if kind == "string_type" and isinstance(value, int) else
                       "fix the value's type")
    if kind == "string_pattern_mismatch":
        pattern = str((err.get("ctx") or {}).get("pattern", ""))
        if pattern == models.HTTPS_PATTERN:
            return finding(file, loc, "E115", f"{where} must be an https URL, not {value!r}",
                           "use https://host.name/path with a DNS host name (no user@, IP or "
                           "localhost) and %-escapes for spaces and non-ASCII; http, data:, "
                           "javascript: and relative URLs are refused")
        help_ = _PATTERN_HELP.get(pattern, f"text matching {pattern}")
        if pattern == models.EMAIL_PATTERN:  # CI logs are read widely: never echo an address
            return finding(file, loc, "E114", f"{where} must be {help_}", "fix the value")
        return finding(file, loc, "E114", f"{where} is {value!r}; it must be {help_}",
                       _TEXT_FIX if pattern == models.TEXT_PATTERN else "fix the value")
    if kind in ("union_tag_invalid", "union_tag_not_found", "literal_error", "enum"):
        code = "E116" if kind.startswith("union_tag") else "E113"
        return finding(file, loc, code, f"{where}: {err['msg']}", "use one of the listed values")
    if kind in _RANGE_TYPES:
        return finding(file, loc, "E113", f"{where}: {err['msg'].lower()}",
                       "change the value to fit the limit")
    if kind == "value_error" and field in ("start", "end"):
        return finding(file, loc, "E118", f"{where} {err['msg'].removeprefix('Value error, ')}",
                       "write it as 2026-11-01T00:00:00+08:00")
    return finding(file, loc, "E119", f"{where}: {err['msg']}", "fix the value")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value)
