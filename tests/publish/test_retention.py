"""The publish log's arithmetic: which manifests count as served within the retention
period, also when the target was filled by another tool or a run died half way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from compiler.disk.folder_store import FolderStore
from compiler.publish import retention as ret
from compiler.publish.plan import FILE, Put
from compiler.publish.run import publish
from tests.publish.conftest import CATALOG_RENAME, build

T0 = dt.datetime.now(dt.UTC)  # files are written now: prune also looks at their age
DAY = dt.timedelta(days=1)


def entry(service: str, when: dt.datetime, body: bytes) -> ret.Entry:
    parsed = ret.Entry.parse(ret.entry_key(service, when, 0, body))
    assert parsed is not None
    return parsed


def test_an_entry_is_served_until_the_next_one() -> None:
    a, b, c = (entry("home", T0 + n * DAY, bytes([n])) for n in (0, 10, 20))
    kept, gone = ret.served_within([a, b, c], since=T0 + 15 * DAY)
    assert (kept, gone) == ({b, c}, {a})
    kept, gone = ret.served_within([a, b, c], since=T0 + 100 * DAY)
    assert kept == {c}  # the newest is served now, whatever its age


def test_entries_of_one_run_keep_their_order() -> None:
    keys = [ret.entry_key("home", T0, tick, bytes([tick])) for tick in range(3)]
    assert [e.key for e in ret.entries(reversed(keys))] == keys


def test_keys_that_are_no_entries_are_ignored() -> None:
    assert ret.entries([".minisvc/published/home/junk.json", "home/manifest.json"]) == []


def _files(store: FolderStore) -> set[str]:
    return {k for k in store.list() if FILE.fullmatch(k)}


def test_a_manifest_another_tool_published_is_adopted_before_it_is_replaced(
        sample: Path, tmp_path: Path) -> None:
    """A target filled by `aws s3 sync` has no log: the manifest found there is
    recorded when publish replaces it, so its files get the full retention period."""
    store = FolderStore(tmp_path / "site")
    first = build(sample)
    for key, data in first.items():  # as a plain sync would have put them
        store.put(Put(key, data, "public, max-age=60"))
    second = build(sample, CATALOG_RENAME)
    report = publish(second, store, T0)
    home = next(steps for steps in report.plan.manifests if steps[-1].key == "home/manifest.json")
    assert [put.data for put in home] == [first["home/manifest.json"],
                                          second["home/manifest.json"],
                                          second["home/manifest.json"]]
    old = {k for k in first if FILE.fullmatch(k)} - set(second)
    assert old and old <= _files(store)
    publish(second, store, T0 + 29 * DAY, prune=True)
    assert old <= _files(store)
    publish(second, store, T0 + 31 * DAY, prune=True)
    assert not old & _files(store)


def test_a_run_killed_after_its_log_entry_does_not_cut_the_old_manifests_time_short(
        sample: Path, tmp_path: Path) -> None:
    """Killed between the entry and the manifest: the log names a manifest never served.
    The next run records the one still served again, so it counts as served until then."""
    store = FolderStore(tmp_path / "site")
    first = build(sample)
    publish(first, store, T0)
    second = build(sample, CATALOG_RENAME)
    raw = second["home/manifest.json"]
    store.put(Put(ret.entry_key("home", T0 + DAY, 0, raw), raw, "no-store"))  # then the kill
    report = publish(second, store, T0 + 20 * DAY)
    home = next(steps for steps in report.plan.manifests if steps[-1].key == "home/manifest.json")
    assert json.loads(home[0].data) == json.loads(first["home/manifest.json"])
    old = {k for k in first if FILE.fullmatch(k) and k.startswith("home/")} - set(second)
    publish(second, store, T0 + 45 * DAY, prune=True)  # 25 days after it stopped being served
    assert old <= _files(store)
    publish(second, store, T0 + 51 * DAY, prune=True)
    assert not old & _files(store)
