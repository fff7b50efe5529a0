"""Project + channels -> the whole dist/ tree as {relative path: bytes} (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..load.project import Project
from ..model.channels import Channels
from .compile import compile_version, locale_path, manifest, serialize, testers


def build(project: Project, channels: Mapping[str, Channels],
          previews: Mapping[str, Iterable[int]] | None = None) -> dict[str, bytes]:
    """Compile every version users can get, plus ``previews`` (e.g. a Draft), per service.

    The project must be free of errors; the caller checks that first.
    """
    out: dict[str, bytes] = {}
    previews = previews or {}
    for sid in sorted(project.services):
        out.update(build_service(project, sid, channels.get(sid, Channels()),
                                 previews.get(sid, ())))
    out.update(build_index(project.services))
    return out


def build_service(project: Project, sid: str, chan: Channels,
                  previews: Iterable[int] = ()) -> dict[str, bytes]:
    """One service's files (its versions and manifest): a unit that compiles on its own."""
    assert project.catalog is not None
    tree = project.services[sid]
    assert tree.service is not None
    out: dict[str, bytes] = {}
    files: dict[int, dict[str, bytes]] = {}
    for number in sorted(set(chan.versions()) | set(previews)):
        compiled = compile_version(sid, number, tree.service, tree.versions[number],
                                   project.catalog)
        files[number] = {locale: serialize(c.doc) for locale, c in compiled.items()}
        for locale, data in files[number].items():
            out[f"{sid}/{locale_path(number, locale, data)}"] = data
    out[f"{sid}/manifest.json"] = serialize(manifest(sid, tree.service, chan, files))
    return out


def build_index(services: Iterable[str]) -> dict[str, bytes]:
    return {"index.json": serialize({"format": 1, "services": sorted(services)})}


def with_tester_key(files: Mapping[str, bytes], channels: Mapping[str, Channels],
                    key: bytes | None) -> dict[str, bytes]:
    """The tree with every Testing entry hashed under the backend's tester-token key.

    A separate pass, not a parameter of :func:`build_service`: the engine caches what it
    builds by the inputs, and the key is a secret that is no input (nor belongs in a
    cache). ``key`` None: the tree as built (the public key).
    """
    out = dict(files)
    for sid, chan in sorted(channels.items()):
        rel = f"{sid}/manifest.json"
        if key is None or chan.testing is None or rel not in out:
            continue
        doc = json.loads(out[rel])
        doc["testing"].update(testers(sid, chan.testing.version, chan.testing.testers, key))
        out[rel] = serialize(doc)
    return out
