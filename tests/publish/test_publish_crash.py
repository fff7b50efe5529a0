"""minisvc publish killed with SIGKILL after each write it makes (MINISVC_CRASH_AT), against
moto's S3 server on 127.0.0.1 and against a folder: every manifest at the target, served or
in the publish log, still names files that are there with their bytes, and the next run
finishes the same publish."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.disk.folder_store import FolderStore, read_tree
from compiler.publish.run import Store, publish
from tests.killing import crash_at, trace
from tests.publish.conftest import (
    CATALOG_RENAME,
    RELEASE_50,
    WALLET_RETEST,
    Bucket,
    add_service,
    build,
)
from tests.publish.test_publish import whole

pytestmark = pytest.mark.slow


@dataclass
class Target:
    """One kind of target: a fresh one, the arguments that reach it, its store."""

    fresh: Callable[[], str]
    args: Callable[[str], list[str]]
    store: Callable[[str], Store]


@pytest.fixture(params=["s3", "folder"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "folder":
        return Target(lambda: str(tmp_path / "sites" / uuid.uuid4().hex),
                      lambda where: ["--to", where], lambda where: FolderStore(Path(where)))
    bucket: Bucket = request.getfixturevalue("bucket")

    def fresh() -> str:
        name = f"crash-{uuid.uuid4().hex[:16]}"
        bucket.client.create_bucket(Bucket=name)
        return f"s3://{name}/mini"

    from compiler.publish.bucket import S3Store

    return Target(fresh, lambda where: ["--to", where, "--endpoint-url", bucket.endpoint],
                  lambda where: S3Store(where, bucket.endpoint))


@pytest.fixture
def release(tmp_path: Path) -> tuple[Path, dict[str, bytes], Path]:
    """A repo with dist-a (published before) and dist-b (the release being published:
    a ratio step, a catalog change, a retest and a new service)."""
    from tests.conftest import copy_sample

    repo = copy_sample(tmp_path / "repo")
    first = build(repo, out="dist-a")
    add_service(repo)
    build(repo, RELEASE_50, CATALOG_RENAME, WALLET_RETEST, out="dist-b")
    return repo, first, repo / "dist-b"


def objects(store: Store) -> dict[str, bytes]:
    return {key: store.get(key) or b"" for key in store.list()}


def served(found: dict[str, bytes]) -> dict[str, bytes]:
    """What clients read: everything but the publish log (its names carry times)."""
    return {k: v for k, v in found.items() if not k.startswith(".minisvc/")}


def assert_consistent(found: dict[str, bytes], where: str) -> None:
    assert whole(found) == [], where
    if "index.json" in found:
        for sid in json.loads(found["index.json"])["services"]:
            assert f"{sid}/manifest.json" in found, where


def test_publish_killed_after_every_write_leaves_every_manifest_whole(
        target: Target, release: tuple[Path, dict[str, bytes], Path]) -> None:
    repo, first, dist_b = release
    args = ["publish", "--dist", str(dist_b)]
    probe = target.fresh()
    publish(first, target.store(probe), dt.datetime.now(dt.UTC))
    points = trace(repo, *args, *target.args(probe))
    expected = served(objects(target.store(probe)))
    assert expected != served(dict(first)) and len(points.labels) > 10
    assert points.labels[-1] == "publish: index uploaded"
    for point in points.representative():
        where = target.fresh()
        publish(first, target.store(where), dt.datetime.now(dt.UTC))
        crash_at(repo, point, *args, *target.args(where))
        after_kill = objects(target.store(where))
        assert_consistent(after_kill, f"killed at {point}: {points.labels[point - 1]}")
        publish(read_tree(dist_b), target.store(where), dt.datetime.now(dt.UTC))
        final = objects(target.store(where))
        assert served(final) == expected, f"after a kill at {point}, the re-run differs"
        assert_consistent(final, f"re-run after {point}")
        if not where.startswith("s3://"):  # the temp files of writes the kill cut short
            assert not list(Path(where).rglob("*.tmp")), point


def test_prune_killed_after_every_delete_leaves_every_manifest_whole(
        target: Target, release: tuple[Path, dict[str, bytes], Path]) -> None:
    repo, first, dist_b = release
    args = ["publish", "--dist", str(dist_b), "--prune", "--retention-days", "0"]
    template = target.fresh()
    store = target.store(template)
    publish(first, store, dt.datetime.now(dt.UTC))
    publish(read_tree(dist_b), store, dt.datetime.now(dt.UTC))
    before = objects(store)
    probe = _copy(target, before)
    points = trace(repo, *args, *target.args(probe))
    pruned = objects(target.store(probe))
    assert set(pruned) < set(before) and "publish: deleted" in points.labels
    for point in points.representative():
        where = _copy(target, before)
        crash_at(repo, point, *args, *target.args(where))
        assert_consistent(objects(target.store(where)), f"prune killed at {point}")


def _copy(target: Target, contents: dict[str, bytes]) -> str:
    """A fresh target holding ``contents`` (written now, so prune's age test passes
    only with --retention-days 0, as the test asks)."""
    from compiler.publish.plan import Put

    where = target.fresh()
    store = target.store(where)
    for key, data in contents.items():
        store.put(Put(key, data, "no-store"))
    return where
