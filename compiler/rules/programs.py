"""Rules on the mini programs a version refers to."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding, Loc, finding
from ..model.inputs import Custom, MiniProgramLink, ProgramStatus, Version
from ..model.status import Status
from .base import Context, rule
from .texts import version_example


def app_refs(version: Version) -> Iterator[tuple[Loc, str]]:
    """Every app_id a version refers to: custom sections and mini program links."""
    for i, section in enumerate(version.sections):
        if isinstance(section, Custom):
            for j, program in enumerate(section.mini_programs):
                yield ("sections", i, "mini_programs", j, "app_id"), program.app_id
        link = getattr(section, "link", None)
        if isinstance(link, MiniProgramLink):
            yield ("sections", i, "link", "app_id"), link.app_id
        for j, slide in enumerate(getattr(section, "slides", [])):
            if isinstance(slide.link, MiniProgramLink):
                yield ("sections", i, "slides", j, "link", "app_id"), slide.link.app_id


@rule("E208", "app-in-catalog", file="services/home/versions/9.yaml",
      bad=version_example().replace('"3000000000000001"', '"3999999999999999"   # <-'),
      good=version_example())
def app_in_catalog(ctx: Context) -> Iterator[Finding]:
    """The app gets names and icons from the catalog; an unknown app_id has neither."""
    if ctx.project.catalog is None:
        return
    known = ctx.project.app_ids()
    for tree, _service, number, version in ctx.versions():
        for loc, app_id in app_refs(version):
            if app_id not in known:
                yield finding(tree.version_file(number), loc, "E208",
                              f"app_id {app_id!r} is not in services/catalog.yaml",
                              "add it to the catalog, or search it: minisvc catalog search NAME")


@rule("E209", "no-offline-app-in-draft", file="services/home/versions/9.yaml",
      bad=version_example().replace('"3000000000000001"', '"3000000000000024"   # <-'),
      good=version_example())
def no_offline_app_in_draft(ctx: Context) -> Iterator[Finding]:
    """An offline mini program cannot be opened; a new Draft may not recommend it.

    Frozen versions that already list it are left alone: they cannot change.
    """
    if ctx.project.catalog is None:
        return
    offline = {p.app_id for p in ctx.project.catalog.mini_programs
               if p.status is ProgramStatus.OFFLINE}
    for tree, _service, number, version in ctx.versions():
        if ctx.status(tree.id, number) is not Status.DRAFT:
            continue
        for loc, app_id in app_refs(version):
            if app_id in offline:
                yield finding(tree.version_file(number), loc, "E209",
                              f"mini program {app_id!r} is offline", "pick an online program")
