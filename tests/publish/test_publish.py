"""minisvc publish against a real S3 API (moto's server on 127.0.0.1) and a folder:
headers, order, idempotence, retention, and the refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from compiler.cli.group import cli
from compiler.disk.folder_store import FolderStore
from compiler.publish.bucket import S3Store
from compiler.publish.plan import IMMUTABLE, JSON, SHORT
from compiler.publish.run import publish
from tests.conftest import ROOT
from tests.publish.conftest import (
    CATALOG_RENAME,
    RELEASE_50,
    WALLET_RETEST,
    Bucket,
    add_service,
    build,
)

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)
FILE = re.compile(r"[a-z]+/v\d+/[A-Za-z-]+\.[0-9a-f]{32}\.json")


def cli_publish(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--repo", str(repo), "publish", *args],
                              catch_exceptions=False)


def whole(objects: dict[str, bytes]) -> list[str]:
    """Every manifest there (served, or in the publish log) names files that are there
    with their bytes; the problems, if any."""
    problems = []
    for key, body in sorted(objects.items()):
        if not (key.endswith("/manifest.json") or key.startswith(".minisvc/published/")):
            continue
        manifest = json.loads(body)
        for channel in ("released", "releasing", "testing"):
            for ref in (manifest[channel] or {}).get("files", {}).values():
                named = f"{manifest['service']}/{ref['path']}"
                if hashlib.sha256(objects.get(named, b"")).hexdigest() != ref["sha256"]:
                    problems.append(f"{key} names {named}: missing or other bytes")
    return problems


class Recorder:
    """The writes a store's client completed, in order (boto3's own event hooks: the key
    is noted when a request is sent, the write counted when its answer came back)."""

    def __init__(self, store: S3Store) -> None:
        self.calls: list[tuple[str, str]] = []
        store.client.meta.events.register("before-call.s3.*", self._sent)
        store.client.meta.events.register("after-call.s3.*", self._done)

    @staticmethod
    def _sent(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["minisvc_key"] = params["url_path"].lstrip("/")

    def _done(self, event_name: str, context: dict[str, Any], **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[1]
        if operation in ("PutObject", "DeleteObjects"):
            self.calls.append((operation, context.get("minisvc_key", "")))

    def puts(self) -> list[str]:
        return [key.removeprefix("mini/") for op, key in self.calls if op == "PutObject"]


def test_files_go_up_immutable_and_manifests_with_a_short_cache(sample: Path,
                                                                bucket: Bucket) -> None:
    dist = build(sample)
    result = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint)
    assert result.exit_code == 0, result.output
    assert "uploaded 24 files, 2 manifests, index.json" in result.output
    objects = bucket.objects()
    assert {k: v for k, v in objects.items() if not k.startswith(".minisvc/")} == dist
    for key in objects:
        head = bucket.client.head_object(Bucket=bucket.name, Key=f"mini/{key}")
        assert head["ContentType"] == JSON
        expected = (IMMUTABLE if FILE.fullmatch(key) else
                    "no-store" if key.startswith(".minisvc/") else SHORT)
        assert head["CacheControl"] == expected, key
    assert whole(objects) == []


def test_manifests_go_up_after_every_file_they_name_and_the_index_last(
        sample: Path, bucket: Bucket) -> None:
    bucket_before = build(sample)
    publish(bucket_before, bucket.store(), NOW)
    store = bucket.store()
    calls = Recorder(store)
    add_service(sample)
    second = build(sample, RELEASE_50, CATALOG_RENAME, WALLET_RETEST)
    publish(second, store, NOW + DAY)
    puts = calls.puts()
    manifests = [i for i, key in enumerate(puts) if key.endswith("/manifest.json")]
    files = [i for i, key in enumerate(puts) if FILE.fullmatch(key)]
    assert sorted(puts[i] for i in files) == sorted(
        k for k in set(second) - set(bucket_before) if FILE.fullmatch(k))
    assert len(files) > 10 and len(manifests) == 3
    assert max(files) < min(manifests)
    assert puts[-1] == "index.json"
    for i in manifests:  # the log records the manifest before it is served
        assert puts[i - 1].startswith(f".minisvc/published/{puts[i].split('/')[0]}/")


def test_a_second_run_uploads_nothing(sample: Path, bucket: Bucket) -> None:
    build(sample)
    first = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint)
    assert first.exit_code == 0
    store = bucket.store()
    calls = Recorder(store)
    report = publish(build(sample), store, NOW, prune=True)
    assert calls.calls == [] and report.plan.uploads() == 0
    again = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint)
    assert "up to date: nothing to upload (24 files there already)" in again.output


def test_a_ratio_step_uploads_one_manifest_and_its_log_entries(sample: Path,
                                                               bucket: Bucket) -> None:
    publish(build(sample), bucket.store(), NOW)
    store = bucket.store()
    calls = Recorder(store)
    publish(build(sample, RELEASE_50), store, NOW + DAY)
    assert [k.split("/")[-1] if not k.startswith(".") else ".log" for k in calls.puts()] == [
        ".log", "manifest.json"]


def test_files_of_a_replaced_manifest_stay_for_the_retention_period(sample: Path,
                                                                    bucket: Bucket) -> None:
    first = build(sample)
    publish(first, bucket.store(), NOW)
    second = build(sample, CATALOG_RENAME)
    publish(second, bucket.store(), NOW + DAY)
    old = sorted(k for k in first if FILE.fullmatch(k) and k not in second)
    assert old  # a catalog change renames the files that show the program

    kept = publish(second, bucket.store(), NOW + 30 * DAY, prune=True)
    assert kept.pruned is not None and kept.pruned.delete == []
    assert set(old) <= set(bucket.objects()) and whole(bucket.objects()) == []

    pruned = publish(second, bucket.store(), NOW + 32 * DAY, prune=True)
    assert pruned.pruned is not None
    deleted = [key for key, _why in pruned.pruned.delete]
    assert sorted(k for k in deleted if FILE.fullmatch(k)) == old
    assert [k for k in deleted if k.startswith(".minisvc/")]  # the old manifest's entry
    objects = bucket.objects()
    assert not set(old) & set(objects) and whole(objects) == []
    assert all(objects[k] == v for k, v in second.items())
    lines = "\n".join(pruned.lines())
    assert f"deleted {old[0]} (no manifest served within the retention period names it)" \
        in lines


def test_prune_keeps_a_new_file_no_manifest_names_yet(sample: Path, bucket: Bucket) -> None:
    """A publish under way (or killed) has uploaded files its manifest does not name yet."""
    dist = build(sample)
    publish(dist, bucket.store(), NOW)
    orphan = "home/v9/en-US." + "a" * 32 + ".json"
    bucket.client.put_object(Bucket=bucket.name, Key=f"mini/{orphan}", Body=b"{}")
    bucket.client.put_object(Bucket=bucket.name, Key="mini/notes.txt", Body=b"ours?")
    soon = publish(dist, bucket.store(), NOW + DAY, prune=True)
    assert soon.pruned is not None and (soon.pruned.delete, soon.pruned.kept_recent) == ([], 1)
    late = publish(dist, bucket.store(), NOW + 31 * DAY, prune=True)
    assert late.pruned is not None and [k for k, _ in late.pruned.delete] == [orphan]
    assert "notes.txt" in bucket.objects()  # not a file publish makes: never touched


def test_a_service_gone_from_dist_keeps_its_manifest_and_files(sample: Path,
                                                               bucket: Bucket) -> None:
    dist = build(sample)
    publish(dist, bucket.store(), NOW)
    shutil.rmtree(sample / "services" / "wallet")
    report = publish(build(sample), bucket.store(), NOW + 40 * DAY, prune=True)
    assert "left as it is: wallet/manifest.json (its service is not in dist/)" in report.lines()
    assert report.pruned is not None and report.pruned.delete == []
    assert bucket.objects()["wallet/manifest.json"] == dist["wallet/manifest.json"]


def test_dry_run_writes_nothing(sample: Path, bucket: Bucket) -> None:
    build(sample)
    result = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint,
                         "--dry-run", "--prune")
    assert result.exit_code == 0 and "would upload 24 files" in result.output
    assert bucket.objects() == {}


def test_a_prefix_is_optional_and_kept_apart(sample: Path, bucket: Bucket) -> None:
    dist = build(sample)
    assert cli_publish(sample, "--to", bucket.url(""), "--endpoint-url",
                       bucket.endpoint).exit_code == 0
    assert cli_publish(sample, "--to", bucket.url("a/b/"), "--endpoint-url",
                       bucket.endpoint).exit_code == 0
    everything = {o["Key"] for o in bucket.client.list_objects_v2(
        Bucket=bucket.name)["Contents"]}
    assert {f"a/b/{k}" for k in dist} | set(dist) <= everything


def test_testers_hashed_with_the_public_key_are_refused(sample: Path, bucket: Bucket) -> None:
    build(sample, key=None)
    args = ["--to", bucket.url(), "--endpoint-url", bucket.endpoint]
    refused = cli_publish(sample, *args)
    assert refused.exit_code == 1 and "wallet/manifest.json: v2's testers are hashed with " \
        "the public development key" in refused.output and "Traceback" not in refused.output
    assert bucket.objects() == {}
    assert cli_publish(sample, *args, "--allow-public-testers").exit_code == 0


@pytest.mark.parametrize(("damage", "says"), [
    ("drop", "which dist/ lacks; rebuild it"),
    ("edit", "its bytes are not the ones home/manifest.json names; rebuild"),
    ("format", "not a format 2 manifest"),
    ("index", "no index.json"),
    ("listing", "index.json lists ['home'], dist/ has manifests of ['home', 'wallet']"),
])
def test_a_damaged_dist_is_refused(damage: str, says: str, sample: Path,
                                   bucket: Bucket) -> None:
    dist = build(sample)
    manifest = json.loads(dist["home/manifest.json"])
    named = sample / "dist" / "home" / manifest["released"]["files"]["en-US"]["path"]
    if damage == "drop":
        named.unlink()
    elif damage == "edit":
        named.write_bytes(named.read_bytes().replace(b"Mini", b"Maxi"))
    elif damage == "format":
        (sample / "dist/home/manifest.json").write_text(json.dumps({**manifest, "format": 1}))
    elif damage == "listing":
        (sample / "dist/index.json").write_text('{"format": 1, "services": ["home"]}')
    else:
        (sample / "dist/index.json").unlink()
    result = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint)
    assert result.exit_code == 1 and says in result.output, result.output
    assert "Traceback" not in result.output and bucket.objects() == {}


def test_target_problems_are_clear_messages(sample: Path, bucket: Bucket,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    build(sample)
    cases = [
        (["--to", f"s3://{bucket.name}-nope/x", "--endpoint-url", bucket.endpoint],
         "the bucket does not exist"),
        (["--to", bucket.url(), "--endpoint-url", "http://127.0.0.1:1"],
         "Could not connect to the endpoint URL"),
        (["--to", "s3://Not_A_Bucket"], "is not s3://BUCKET[/PREFIX]"),
        (["--to", "s3://ok-bucket/a/../b"], "has an empty, '.' or '..' part"),
        (["--to", "gs://bucket"], "give s3://BUCKET[/PREFIX] or a folder"),
        (["--to", str(sample / "dist" / "home")], "overlap"),
        (["--to", str(sample / "x"), "--endpoint-url", bucket.endpoint],
         "--endpoint-url goes with an s3:// target"),
    ]
    for args, says in cases:
        result = cli_publish(sample, *args)
        assert result.exit_code == 1 and says in result.output, (args, result.output)
        assert "Traceback" not in result.output
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = cli_publish(sample, "--to", bucket.url(), "--endpoint-url", bucket.endpoint)
    assert result.exit_code == 1 and "no AWS credentials" in result.output


def test_a_folder_target_gets_the_same_order_and_retention(sample: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build(sample)
    result = cli_publish(sample, "--to", str(site))
    assert result.exit_code == 0 and "uploaded 24 files" in result.output
    assert cli_publish(sample, "--to", str(site)).output.count("up to date") == 1
    second = build(sample, CATALOG_RENAME)
    publish(second, FolderStore(site), NOW + DAY)
    objects = {k: FolderStore(site).get(k) or b"" for k in FolderStore(site).list()}
    assert set(first) | set(second) <= set(objects) and whole(objects) == []
    report = publish(second, FolderStore(site), NOW + 32 * DAY, prune=True)
    assert report.pruned is not None
    renamed = {k for k in set(first) - set(second) if FILE.fullmatch(k)}
    assert {k for k, _ in report.pruned.delete if FILE.fullmatch(k)} == renamed
    left = {k: FolderStore(site).get(k) or b"" for k in FolderStore(site).list()}
    assert {k: v for k, v in left.items() if not k.startswith(".minisvc/")} == second
    assert whole(left) == []


def test_a_published_folder_is_served_with_immutable_files(sample: Path, tmp_path: Path) -> None:
    from compiler.serve.server import static

    site = tmp_path / "site"
    build(sample)
    assert cli_publish(sample, "--to", str(site)).exit_code == 0
    manifest = json.loads((site / "home/manifest.json").read_bytes())
    rel = manifest["released"]["files"]["en-US"]["path"]
    assert static(site, f"/home/{rel}").headers["Cache-Control"] == IMMUTABLE
    assert static(site, "/.minisvc/published").status == 404  # the log is not served


def test_the_publish_commands_in_the_docs_run_as_written(
        sample: Path, bucket: Bucket, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    commands = [line.split("  #")[0].strip() for line in docs.splitlines()
                if line.startswith("minisvc publish ")]
    assert len(commands) == 4
    build(sample)
    bucket.client.create_bucket(Bucket="my-cdn-origin")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", bucket.endpoint)  # boto3 reads it
    monkeypatch.chdir(sample)
    try:
        for command in commands:
            result = CliRunner().invoke(cli, shlex.split(command)[1:], catch_exceptions=False)
            assert result.exit_code == 0, (command, result.output)
    finally:
        store = S3Store("s3://my-cdn-origin", bucket.endpoint)
        store.delete(list(store.list()))
        bucket.client.delete_bucket(Bucket="my-cdn-origin")
    assert (sample.parent / "mini-site" / "index.json").is_file()
