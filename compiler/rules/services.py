"""Rules on service.yaml and the catalog."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding, finding
from ..model.paths import CATALOG
from .base import Context, rule


@rule("E201", "service-id-matches-folder", file="services/home/service.yaml", bad="""
id: main   # <-
default_locale: en-US
locales: [en-US]
""", good="""
id: home
default_locale: en-US
locales: [en-US]
""")
def service_id_matches_folder(ctx: Context) -> Iterator[Finding]:
    """The folder name is the service's id in refs, paths and dist/; the two must agree."""
    for sid, tree in sorted(ctx.project.services.items()):
        if tree.service is not None and tree.service.id != sid:
            yield finding(tree.file, ("id",), "E201",
                          f"service id {tree.service.id!r} differs from its folder {sid!r}",
                          f"set `id: {sid}` or rename the folder")


@rule("E202", "catalog-app-ids-unique", file=CATALOG, bad="""
mini_programs:
  - app_id: "3000000000000001"
    name: {en-US: Ride}
    icon: https://cdn.example.com/icons/ride.png
  - app_id: "3000000000000001"   # <-
    name: {en-US: Food}
    icon: https://cdn.example.com/icons/food.png
""", good="""
mini_programs:
  - app_id: "3000000000000001"
    name: {en-US: Ride}
    icon: https://cdn.example.com/icons/ride.png
  - app_id: "3000000000000002"
    name: {en-US: Food}
    icon: https://cdn.example.com/icons/food.png
""")
def catalog_app_ids_unique(ctx: Context) -> Iterator[Finding]:
    """Sections refer to mini programs by app_id; two entries with one id are ambiguous."""
    catalog = ctx.project.catalog
    if catalog is None:
        return
    seen: set[str] = set()
    for i, program in enumerate(catalog.mini_programs):
        if program.app_id in seen:
            yield finding(CATALOG, ("mini_programs", i, "app_id"), "E202",
                          f"app_id {program.app_id!r} is listed twice in the catalog",
                          "remove or renumber one of the entries")
        seen.add(program.app_id)


@rule("E203", "service-locales-consistent", file="services/home/service.yaml", bad="""
id: home
default_locale: fr-FR   # <-
locales: [en-US, zh-CN]
""", good="""
id: home
default_locale: en-US
locales: [en-US, zh-CN]
fallbacks: {zh-CN: [en-US]}
""")
def service_locales_consistent(ctx: Context) -> Iterator[Finding]:
    """Every locale the service names (default, fallbacks) must be one it publishes."""
    for _sid, tree in sorted(ctx.project.services.items()):
        service = tree.service
        if service is None:
            continue
        locales = set(service.locales)
        if service.default_locale not in locales:
            yield finding(tree.file, ("default_locale",), "E203",
                          f"default_locale {service.default_locale} is not in locales",
                          f"add {service.default_locale} to locales")
        first_at: dict[str, int] = {}
        for i, locale in enumerate(service.locales):
            # tags are case-insensitive, and en-US.json / en-us.json collide on many disks
            if (j := first_at.setdefault(locale.lower(), i)) != i:
                first = service.locales[j]
                same = "" if first == locale else f" (as {first}; tags ignore case)"
                yield finding(tree.file, ("locales", i), "E203",
                              f"locale {locale} is listed twice{same}", "remove the duplicate")
        for key, targets in service.fallbacks.items():
            for j, target in enumerate(targets):
                if target not in locales:
                    yield finding(tree.file, ("fallbacks", key, j), "E203",
                                  f"fallback {target} of {key} is not one of the locales",
                                  f"add {target} to locales or remove the fallback")
            if key not in locales:
                yield finding(tree.file, ("fallbacks", key), "E203",
                              f"fallbacks name {key}, which is not one of the locales",
                              f"add {key} to locales or remove its fallbacks")
