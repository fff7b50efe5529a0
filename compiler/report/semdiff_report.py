"""Semantic diffs -> text, Markdown (the PR's job summary) or JSON. Nothing here prints.

Every change becomes one row: section, what changed, locale, before, after. Markdown puts
the rows of one comparison in one table, the section named only on its first row, so a
reviewer reads the page from top to bottom.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .semdiff import Change, Kind, Value

NONE = "—"


@dataclass(frozen=True)
class Comparison:
    """Two versions of one service and what changed between them.

    ``names`` maps app_ids to display names and ``locale`` picks the text shown when a
    whole translated text is added or removed (both from the service and the catalog).
    ``note`` replaces the table when there is nothing to compare (a deleted version, a
    file with errors).
    """

    service: str
    before: str
    after: str
    changes: Sequence[Change]
    names: Mapping[str, str] = field(default_factory=dict)
    locale: str = ""
    note: str = ""

    @property
    def title(self) -> str:
        if not self.before:
            return f"{self.service} {self.after}"
        return f"{self.service} {self.before} → {self.after}"


Row = tuple[str, str, str, str, str]


def summary(changes: Sequence[Change]) -> str:
    """"2 sections edited, 1 program added": what changed, counted by kind."""
    counts: dict[str, set[tuple[str, ...]]] = {}

    def count(label: str, *key: str) -> None:
        counts.setdefault(label, set()).add(key)

    whole = {c.section for c in changes
             if c.kind in (Kind.SECTION_ADDED, Kind.SECTION_REMOVED)}
    for c in changes:
        if c.kind is Kind.CHANGED and not c.section:
            count(f"{c.field} changed", c.field, c.locale)
        elif c.kind in _NOUNS:
            noun, verb = _NOUNS[c.kind]
            count(f"{noun} {verb}", c.section, c.item)
        if c.kind is Kind.CHANGED and c.field == "badge" and c.section:
            count("badge changed", c.section, c.item)
        if c.section and c.section not in whole and c.kind is not Kind.SECTION_MOVED:
            count("section edited", c.section)
    parts = []
    for label in [*(k for k in counts if k not in _ORDER), *_ORDER]:  # page fields first
        if n := len(counts.get(label, ())):
            noun, verb = label.split(" ")
            if noun in ("section", "program", "slide", "badge"):
                parts.append(f"{n} {noun}{'s' * (n != 1)} {verb}")
            else:
                localized = any(key[1] for key in counts[label])
                parts.append(f"{noun} changed"
                             + (f" in {n} locale{'s' * (n != 1)}" if localized else ""))
    return ", ".join(parts) or "no changes"


_NOUNS = {
    Kind.SECTION_ADDED: ("section", "added"), Kind.SECTION_REMOVED: ("section", "removed"),
    Kind.SECTION_MOVED: ("section", "moved"), Kind.SLIDE_ADDED: ("slide", "added"),
    Kind.SLIDE_REMOVED: ("slide", "removed"), Kind.SLIDE_MOVED: ("slide", "moved"),
    Kind.PROGRAM_ADDED: ("program", "added"), Kind.PROGRAM_REMOVED: ("program", "removed"),
    Kind.PROGRAM_MOVED: ("program", "moved"),
}
_ORDER = ["section added", "section removed", "section moved",
          "section edited", "slide added", "slide removed", "slide moved", "program added",
          "program removed", "program moved", "badge changed"]


class _Shower:
    """Values as short human text; Markdown marks ids with backticks."""

    def __init__(self, cmp: Comparison, md: bool) -> None:
        self.names, self.locale, self.md = cmp.names, cmp.locale, md

    def id(self, value: str) -> str:
        return f"`{value}`" if self.md else value

    def program(self, app_id: str) -> str:
        name = self.names.get(app_id)
        if not name:
            return self.id(app_id)
        return f"{name} `{app_id}`" if self.md else f"{name} ({app_id})"

    def text(self, texts: Mapping[str, str]) -> str:
        """A whole translated text, shown in the service's default locale."""
        return f'"{texts.get(self.locale) or next(iter(texts.values()), "")}"'

    def value(self, kind: Kind, name: str, value: Value) -> str:
        if value is None:
            return NONE
        if kind in (Kind.SECTION_ADDED, Kind.SECTION_REMOVED):
            return self.section(value)
        if kind in (Kind.SLIDE_ADDED, Kind.SLIDE_REMOVED):
            return self.slide(value)
        if kind in (Kind.PROGRAM_ADDED, Kind.PROGRAM_REMOVED):
            badge = value.get("badge")
            return f"with badge {self.badge(badge)}" if badge else ""
        if name == "link":
            return self.link(value)
        if name == "badge":
            return self.badge(value)
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return self.text(value)
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return str(value)

    def link(self, link: Mapping[str, Any]) -> str:
        if "url" in link:
            return str(link["url"])
        page = link.get("page")
        return self.program(str(link.get("app_id"))) + (f" › {page}" if page else "")

    def badge(self, badge: Mapping[str, Any]) -> str:
        if badge.get("type") == "text":
            return f"text {self.text(badge.get('text', {}))}"
        return f"image {badge.get('style')}"

    def slide(self, slide: Mapping[str, Any]) -> str:
        link = slide.get("link")
        return str(slide["image"]) + (f" → {self.link(link)}" if link else "")

    def section(self, section: Mapping[str, Any]) -> str:
        out = str(section["type"])
        if "name" in section:
            out += f" {self.text(section['name'])}"
        if "slides" in section:
            n = len(section["slides"])
            out += f", {n} slide{'s' * (n != 1)}"
        if "image" in section:
            out += f", {section['image']}"
        if "max_items" in section:
            out += f", max {section['max_items']}"
        programs = section.get("mini_programs")
        if programs:
            out += ": " + ", ".join(self.program(p["app_id"]) for p in programs)
        return out


def rows(cmp: Comparison, md: bool) -> list[Row]:
    show = _Shower(cmp, md)
    out: list[Row] = []
    for c in cmp.changes:
        where = show.id(c.section) if c.section else "page"
        before = show.value(c.kind, c.field, c.before)
        after = show.value(c.kind, c.field, c.after)
        if c.old_pos is not None:
            before = " ".join(v for v in (f"#{c.old_pos}", before) if v and v != NONE)
        if c.new_pos is not None:
            after = " ".join(v for v in (f"#{c.new_pos}", after) if v and v != NONE)
        program = c.item and not c.item.startswith("slide ")
        item = show.program(c.item) if program else c.item
        if c.kind is Kind.CHANGED:
            what = f"{item} {c.field}" if item else c.field
        elif program:
            what = f"{item} {_NOUNS[c.kind][1]}"
        else:
            what = " ".join(_NOUNS[c.kind])
        out.append((where, what, c.locale, before, after))
    return out


def text(comparisons: Sequence[Comparison]) -> str:
    lines = []
    for cmp in comparisons:
        if cmp.note:
            lines.append(f"{cmp.title}: {cmp.note}")
            continue
        lines.append(f"{cmp.title}: {summary(cmp.changes)}")
        for where, what, locale, before, after in rows(cmp, md=False):
            tag = f" [{locale}]" if locale else ""
            lines.append(f"  {where}: {what}{tag}: {before} → {after}")
    return "\n".join(lines) if lines else "no versions changed"


def markdown(comparisons: Sequence[Comparison], heading: str = "") -> str:
    out = [f"## {heading}", ""] if heading else []
    if not comparisons:
        out.append("No version of any service changed.")
    for cmp in comparisons:
        out += [f"### {_cell(cmp.title)}", ""]
        if cmp.note:
            out += [_cell(cmp.note), ""]
            continue
        out += [f"**{summary(cmp.changes)}**", ""]
        if not cmp.changes:
            continue
        out.append(f"| section | change | locale | {_cell(cmp.before or 'before')} "
                   f"| {_cell(cmp.after)} |")
        out.append("|---|---|---|---|---|")
        last = None
        for where, what, locale, before, after in rows(cmp, md=True):
            shown = "" if where == last else where
            last = where
            out.append("| " + " | ".join(_cell(v) for v in (shown, what, locale, before, after))
                       + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def as_json(comparisons: Sequence[Comparison]) -> str:
    return json.dumps([
        {"service": c.service, "before": c.before, "after": c.after, "note": c.note,
         "summary": summary(c.changes),
         "changes": [{k: v for k, v in asdict(ch).items() if v not in ("", None)}
                     for ch in c.changes]}
        for c in comparisons
    ], ensure_ascii=False, indent=2)


def _cell(value: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, newlines or raw HTML."""
    return (value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\r", " ").replace("\n", " "))


RENDERERS: dict[str, Callable[[Sequence[Comparison]], str]] = {
    "text": text, "markdown": markdown, "json": as_json,
}
