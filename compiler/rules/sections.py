"""Rules on the sections of a version."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding, Loc, finding
from ..model.inputs import DEFAULT_SECTION_TYPES, Custom, Link, MiniProgramLink
from .base import Context, rule
from .texts import version_example

_TWO_BANNERS = """
title: {en-US: Mini Services}
sections:
  - id: banner
    type: banner
    image: https://cdn.example.com/b.png
  - id: banner-2
    type: banner   # <-
    image: https://cdn.example.com/b2.png
"""


@rule("E206", "default-sections-once", file="services/home/versions/9.yaml",
      bad=_TWO_BANNERS, good="\n".join(_TWO_BANNERS.strip().splitlines()[:5]))
def default_sections_once(ctx: Context) -> Iterator[Finding]:
    """Carousel, banner, favorites and recently used are the page's fixed slots."""
    for tree, _service, number, version in ctx.versions():
        seen: set[str] = set()
        for i, section in enumerate(version.sections):
            if section.type in DEFAULT_SECTION_TYPES and section.type in seen:
                yield finding(tree.version_file(number), ("sections", i, "type"), "E206",
                              f"a second {section.type} section; there can be only one",
                              "merge it into the first one or remove it")
            seen.add(section.type)


@rule("E207", "section-ids-unique", file="services/home/versions/9.yaml", bad="""
title: {en-US: Mini Services}
sections:
  - {id: picks, type: favorites, name: {en-US: Mine}, max_items: 4}
  - {id: picks, type: recently_used, name: {en-US: Recent}, max_items: 4}   # <-
""", good="""
title: {en-US: Mini Services}
sections:
  - {id: favorites, type: favorites, name: {en-US: Mine}, max_items: 4}
  - {id: recent, type: recently_used, name: {en-US: Recent}, max_items: 4}
""")
def section_ids_unique(ctx: Context) -> Iterator[Finding]:
    """Commands, diffs and the app address sections by id."""
    for tree, _service, number, version in ctx.versions():
        seen: set[str] = set()
        for i, section in enumerate(version.sections):
            if section.id in seen:
                yield finding(tree.version_file(number), ("sections", i, "id"), "E207",
                              f"section id {section.id!r} is used twice",
                              "give each section its own id")
            seen.add(section.id)


@rule("E210", "custom-within-max-items", file="services/home/versions/9.yaml", bad="""
title: {en-US: Mini Services}
sections:
  - id: picks
    type: custom
    name: {en-US: Daily picks}
    max_items: 1   # <-
    mini_programs:
      - app_id: "3000000000000001"
      - app_id: "3000000000000002"
""", good=version_example())
def custom_within_max_items(ctx: Context) -> Iterator[Finding]:
    """max_items is the console's "Mini Program Number": the section shows no more."""
    for tree, _service, number, version in ctx.versions():
        for i, section in enumerate(version.sections):
            if isinstance(section, Custom) and len(section.mini_programs) > section.max_items:
                yield finding(tree.version_file(number), ("sections", i, "max_items"), "E210",
                              f"section {section.id!r} lists {len(section.mini_programs)} "
                              f"mini programs; max_items is {section.max_items}",
                              "raise max_items or remove programs")


@rule("E211", "program-once-per-section", file="services/home/versions/9.yaml", bad="""
title: {en-US: Mini Services}
sections:
  - id: picks
    type: custom
    name: {en-US: Daily picks}
    max_items: 4
    mini_programs:
      - app_id: "3000000000000001"
      - app_id: "3000000000000001"   # <-
""", good=version_example())
def program_once_per_section(ctx: Context) -> Iterator[Finding]:
    """Showing one mini program twice in a section is always a mistake."""
    for tree, _service, number, version in ctx.versions():
        for i, section in enumerate(version.sections):
            if not isinstance(section, Custom):
                continue
            seen: set[str] = set()
            for j, program in enumerate(section.mini_programs):
                if program.app_id in seen:
                    yield finding(tree.version_file(number),
                                  ("sections", i, "mini_programs", j, "app_id"), "E211",
                                  f"app_id {program.app_id!r} is listed twice in "
                                  f"{section.id!r}", "remove the second entry")
                seen.add(program.app_id)


_SLIDE = """
title: {{en-US: Mini Services}}
sections:
  - id: carousel
    type: carousel
    slides:
      - image: https://cdn.example.com/c1.png
        start: 2026-11-12T00:00:00+08:00
        end: {end}
"""


@rule("E212", "window-start-before-end", file="services/home/versions/9.yaml",
      bad=_SLIDE.format(end="2026-11-01T00:00:00+08:00   # <-"),
      good=_SLIDE.format(end="2026-11-20T00:00:00+08:00"))
def window_start_before_end(ctx: Context) -> Iterator[Finding]:
    """A slide whose window ends before it starts would never show."""
    for tree, _service, number, version in ctx.versions():
        for i, section in enumerate(version.sections):
            for j, slide in enumerate(getattr(section, "slides", [])):
                if slide.start is not None and slide.end is not None and slide.start >= slide.end:
                    yield finding(tree.version_file(number),
                                  ("sections", i, "slides", j, "end"), "E212",
                                  f"slide ends ({slide.end.isoformat()}) before it starts "
                                  f"({slide.start.isoformat()})", "swap or fix the dates")


_PAGE = """
title: {{en-US: Mini Services}}
sections:
  - id: banner
    type: banner
    image: https://cdn.example.com/b.png
    link:
      app_id: "3000000000000001"
      page: {page}
"""


@rule("E218", "page-path-safe", file="services/home/versions/9.yaml",
      bad=_PAGE.format(page="pages/../../admin   # <-"), good=_PAGE.format(page="pages/index"))
def page_path_safe(ctx: Context) -> Iterator[Finding]:
    """A page path stays inside its mini program: no '..' segments or empty segments."""
    for tree, _service, number, version in ctx.versions():
        for i, section in enumerate(version.sections):
            links: list[tuple[Loc, Link | None]] = [(("sections", i, "link"),
                                                     getattr(section, "link", None))]
            links += [(("sections", i, "slides", j, "link"), s.link)
                      for j, s in enumerate(getattr(section, "slides", []))]
            for loc, link in links:
                if not isinstance(link, MiniProgramLink) or link.page is None:
                    continue
                segments = link.page.split("?", 1)[0].split("/")
                if ".." in segments or "." in segments or "" in segments:
                    yield finding(tree.version_file(number), (*loc, "page"), "E218",
                                  f"page {link.page!r} leaves its mini program or has an empty "
                                  "segment", "write the page relative to the mini program root")
