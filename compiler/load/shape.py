"""Plain data -> typed model, or findings with stable E1xx codes.

pydantic does the checking (extra="forbid", discriminated unions, constraints); this
module only translates its errors into findings a person can act on: the dotted path,
what is wrong, how to fix it, and a ``loc`` into the document for the position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..model import inputs as models
from ..model.findings import Finding, Loc, finding
from ..model.names import did_you_mean

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


_UNION_TAGS = {"carousel", "banner", "favorites", "recently_used", "custom", "text", "image",
               "mini_program", "url"}


def data_loc(data: Any, pyd_loc: tuple[int | str, ...]) -> Loc:
    """pydantic's path as a path into the data: without the union tags it inserts (the
    section's or badge's ``type``, a link's kind), which may be spelled like a real key
    (a ``url`` link's ``url``), and without the ``[key]`` of a bad mapping key."""
    out: list[str | int] = []
    node = data
    for i, step in enumerate(pyd_loc):
        if step == "[key]":
            continue
        if _is_tag(node, step) and i < len(pyd_loc) - 1:
            continue
        if _has(node, step):
            out.append(step)
            node = node[step]
        elif i == len(pyd_loc) - 1 and isinstance(step, str):
            out.append(step)  # a missing key: keep it for the message
        # anything else is a union tag pydantic inserted (e.g. "custom"); skip it
    return tuple(out)


def _is_tag(node: Any, step: int | str) -> bool:
    """Whether ``step`` is the tag of the union ``node`` was validated as."""
    if not isinstance(node, dict) or step not in _UNION_TAGS:
        return False
    return node.get("type") == step or models.link_kind(node) == step and (
        "url" in node or "app_id" in node)


def _has(node: Any, step: int | str) -> bool:
    if isinstance(node, dict):
        return isinstance(step, str) and step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def dotted(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "document"


def _choices(text: str) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" as ['a', 'b', 'c']."""
    return re.findall(r"'([^']*)'", text)


def _one_of(where: str, value: Any, choices: list[str]) -> tuple[str, str]:
    listed = ", ".join(choices)
    shown = _describe(value)
    hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
    return f"{where} is {shown}; it must be one of {listed}", hint or f"use one of {listed}"


def _finding(err: ErrorDetails, loc: Loc, file: str, data: Any, suggest: bool) -> Finding:
    kind = err["type"]
    where = dotted(loc)
    field = next((s for s in reversed(loc) if isinstance(s, str)), "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        hint = (did_you_mean(field, _FIELD_NAMES) if suggest else "") or "remove it"
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
        return _pattern(file, loc, where, value, str(ctx.get("pattern", "")), err)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = str(ctx.get("discriminator", "")).strip("'")
        choices = _choices(str(ctx.get("expected_tags", "")))
        at = (*loc, discriminator) if discriminator.isidentifier() else loc
        if kind == "union_tag_not_found":
            return finding(file, loc, "E116",
                           f'{where} is missing the field "{discriminator}"',
                           f"add `{discriminator}:` with one of {', '.join(choices)}")
        message, hint = _one_of(dotted(at), ctx.get("tag"), choices)
        return finding(file, loc, "E116", message, hint)
    if kind in ("literal_error", "enum"):
        message, hint = _one_of(where, value, _choices(str(ctx.get("expected", ""))))
        return finding(file, loc, "E113", message, hint)
    if kind in _LIMITS:
        return finding(file, loc, "E113", f"{where} {_limit(kind, ctx, value)}",
                       "change the value to fit the limit")
    if kind == "value_error" and field in ("start", "end"):
        return finding(file, loc, "E118", f"{where} {_plain(err['msg'])}",
                       "write it as 2026-11-01T00:00:00+08:00")
    return finding(file, loc, "E119", f"{where}: {_plain(err['msg'])}", "fix the value")


def _pattern(file: str, loc: Loc, where: str, value: Any, pattern: str,
             err: ErrorDetails) -> Finding:
    if pattern == models.HTTPS_PATTERN:
        return finding(file, loc, "E115", f"{where} must be an https URL, not {value!r}",
                       "use https://host.name/path with a DNS host name (no user@, IP or "
                       "localhost) and %-escapes for spaces and non-ASCII; http, data:, "
                       "javascript: and relative URLs are refused")
    help_ = _PATTERN_HELP.get(pattern, f"text matching {pattern}")
    if pattern == models.EMAIL_PATTERN:  # CI logs are read widely: never echo an address
        return finding(file, loc, "E114", f"{where} must be {help_}", "fix the value")
    if "[key]" in err["loc"]:
        fixed = str(value).replace("_", "-")
        hint = (f'did you mean "{fixed}"?' if re.fullmatch(pattern, fixed) else
                "rename the key")
        return finding(file, loc, "E114", f"{dotted(loc[:-1])} has the key {value!r}; a key "
                                          f"there must be {help_}", hint)
    return finding(file, loc, "E114", f"{where} is {value!r}; it must be {help_}",
                   _TEXT_FIX if pattern == models.TEXT_PATTERN else "fix the value")


_LIMITS = {
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "too_short": "must have at least {min_length} {items}, not {actual_length}",
    "too_long": "must have at most {max_length} {items}, not {actual_length}",
    "string_too_short": "must have at least {min_length} {characters}",
    "string_too_long": "must have at most {max_length} {characters}",
}


def _limit(kind: str, ctx: dict[str, Any], value: Any) -> str:
    """A limit in words, with the value it was given (pydantic's own words stay out)."""
    size = ctx.get("min_length", ctx.get("max_length", 0))
    words = {k: (format(v, "g") if isinstance(v, float) else v) for k, v in ctx.items()}
    words.setdefault("actual_length", len(value) if hasattr(value, "__len__") else "?")
    words["items"] = ("entry" if size == 1 else "entries") if isinstance(value, dict) else \
        ("item" if size == 1 else "items")
    words["characters"] = "character" if size == 1 else "characters"
    text = _LIMITS[kind].format(**words)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        text += f", not {_describe(value)}"
    return text


def _plain(message: str) -> str:
    """pydantic's words for a custom validator's error, without its prefix."""
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


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
