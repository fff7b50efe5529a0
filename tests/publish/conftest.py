"""A real S3 API on 127.0.0.1 for the publish tests: moto's server, started in-process by
the fixture and stopped by its handle; and built dists of the sample to publish."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto.server import ThreadedMotoServer

from compiler.cli.group import cli
from compiler.disk.folder_store import read_tree
from compiler.publish.bucket import S3Store
from tests.conftest import copy_sample

TESTER_KEY = "3c" * 32
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
           "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials for moto, and nothing read from this machine's ~/.aws."""
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Bucket:
    name: str
    endpoint: str

    @property
    def client(self) -> Any:
        return boto3.client("s3", endpoint_url=self.endpoint)

    def url(self, prefix: str = "mini") -> str:
        return f"s3://{self.name}/{prefix}" if prefix else f"s3://{self.name}"

    def store(self, prefix: str = "mini") -> S3Store:
        return S3Store(self.url(prefix), self.endpoint)

    def objects(self, prefix: str = "mini") -> dict[str, bytes]:
        """Every object under the prefix, by key relative to it."""
        store = self.store(prefix)
        return {key: store.get(key) or b"" for key in store.list()}


@pytest.fixture
def bucket(s3_endpoint: str, aws: None) -> Bucket:
    made = Bucket(f"minisvc-{uuid.uuid4().hex[:16]}", s3_endpoint)
    made.client.create_bucket(Bucket=made.name)
    return made


def build(repo: Path, *edits: tuple[str, bytes, bytes], key: str | None = TESTER_KEY,
          out: str = "dist") -> dict[str, bytes]:
    """Build the repo (after ``edits``: path, old, new) with the backend's key; the dist."""
    for rel, old, new in edits:
        path = repo / rel
        assert old in path.read_bytes(), (rel, old)
        path.write_bytes(path.read_bytes().replace(old, new))
    env = {"MINISVC_TESTER_KEY": key or ""}
    result = CliRunner(env=env).invoke(cli, ["--repo", str(repo), "build", "--out",
                                             str(repo / out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return read_tree(repo / out)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "repo")


RELEASE_50 = ("services/home/release.yaml", b"ratio: 20", b"ratio: 50")
CATALOG_RENAME = ("services/catalog.yaml", b"en-US: Ride,", b"en-US: Rides,")
WALLET_RETEST = ("services/wallet/release.yaml", b"bob@example.com", b"carol@example.com")


def add_service(repo: Path, sid: str = "shop") -> None:
    """A third service, a copy of wallet: new files, a new manifest, a new index."""
    import shutil

    shutil.copytree(repo / "services" / "wallet", repo / "services" / sid)
    service = repo / "services" / sid / "service.yaml"
    service.write_text(service.read_text().replace("id: wallet", f"id: {sid}"))
