"""Project + channels -> the whole dist/ tree as {relative path: bytes} (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .compile import Channels, compile_version, locale_path, manifest, serialize
from .project import Project


def build(project: Project, channels: Mapping[str, Channels],
          previews: Mapping[str, Iterable[int]] | None = None) -> dict[str, bytes]:
    """Compile every version users can get, plus ``previews`` (e.g. a Draft), per service.

    The project must be free of errors; the caller checks that first.
    """
    assert project.catalog is not None
    out: dict[str, bytes] = {}
    previews = previews or {}
    for sid in sorted(project.services):
        tree = project.services[sid]
        assert tree.service is not None
        chan = channels.get(sid, Channels())
        numbers = sorted(set(chan.versions()) | set(previews.get(sid, ())))
        files: dict[int, dict[str, bytes]] = {}
        for number in numbers:
            compiled = compile_version(sid, number, tree.service, tree.versions[number],
                                       project.catalog)
            files[number] = {locale: serialize(c.doc) for locale, c in compiled.items()}
            for locale, data in files[number].items():
                out[f"{sid}/{locale_path(number, locale)}"] = data
        out[f"{sid}/manifest.json"] = serialize(manifest(sid, tree.service, chan, files))
    out["index.json"] = serialize({"format": 1, "services": sorted(project.services)})
    return out
