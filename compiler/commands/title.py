"""minisvc title set/unset: the page title of a Draft, one locale at a time."""

from __future__ import annotations

from pathlib import Path

from ..edit import sections as edit
from .editing import edit_version


def run_set(root: Path, service: str, locale: str | None, text: str, version: int | None,
            fmt: str) -> int:
    return edit_version(root, service, version, lambda doc, ctx: edit.set_title(
        doc, ctx, locale or ctx.default_locale, text), fmt)


def run_unset(root: Path, service: str, locale: str, version: int | None, fmt: str) -> int:
    return edit_version(root, service, version,
                        lambda doc, ctx: edit.unset_title(doc, ctx, locale), fmt)
