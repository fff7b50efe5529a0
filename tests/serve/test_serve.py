"""minisvc serve: a real server on 127.0.0.1 and a real HTTP client."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from compiler.runtime.rollout import bucket
from compiler.runtime.rollout import tester_token as token_of
from compiler.serve.server import IMMUTABLE, PERSONAL, SHORT, make_server
from tests.conftest import Run, locale_file


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> dict[str, object]:
        return dict(json.loads(self.body))


@dataclass
class Server:
    dist: Path
    port: int
    log: io.StringIO

    def get(self, path: str, method: str = "GET", **headers: str) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers=headers)
            resp = conn.getresponse()
            return Reply(resp.status, resp.headers, resp.read())
        finally:
            conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(tmp_path_factory.mktemp("serve") / "repo")


def serving(repo: Path, release: dict[str, str] | None = None) -> Iterator[Server]:
    """Build a copy of the sample (release.yaml texts replaced per service) and serve it."""
    from click.testing import CliRunner

    from compiler.cli.group import cli
    from tests.conftest import copy_sample

    copy_sample(repo)
    for service, text in (release or {}).items():
        (repo / "services" / service / "release.yaml").write_text(text)
    assert CliRunner().invoke(cli, ["--repo", str(repo), "build"]).exit_code == 0
    log = io.StringIO()
    httpd = make_server(repo / "dist", "127.0.0.1", 0, log=log)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(repo / "dist", httpd.server_address[1], log)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def user(inside: bool) -> str:
    return next(f"u{i}" for i in range(10_000) if (bucket("home/v2", f"u{i}") <= 2000) == inside)


def test_manifest_has_etag_short_cache_and_304(server: Server) -> None:
    reply = server.get("/home/manifest.json")
    body = (server.dist / "home" / "manifest.json").read_bytes()
    assert reply.status == 200 and reply.body == body
    assert reply.headers["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert reply.headers["Cache-Control"] == SHORT
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    again = server.get("/home/manifest.json", **{"If-None-Match": reply.headers["ETag"]})
    assert (again.status, again.body) == (304, b"")
    assert again.headers["ETag"] == reply.headers["ETag"]
    weak = server.get("/home/manifest.json", **{"If-None-Match": f'"x", W/{reply.headers["ETag"]}'})
    assert weak.status == 304
    assert server.get("/home/manifest.json", **{"If-None-Match": '"other"'}).status == 200


def test_version_file_is_immutable_under_its_content_addressed_name(server: Server) -> None:
    manifest = json.loads((server.dist / "home" / "manifest.json").read_bytes())
    named = manifest["releasing"]["files"]["ar-SA"]
    hashed = server.get(f"/home/{named['path']}")
    assert hashed.status == 200 and hashed.headers["Cache-Control"] == IMMUTABLE
    assert hashlib.sha256(hashed.body).hexdigest() == named["sha256"]
    assert named["path"] == f"v2/ar-SA.{named['sha256'][:32]}.json"


def test_a_file_whose_bytes_are_not_its_name_is_not_immutable(tmp_path: Path) -> None:
    """A hand-edited file under a content-addressed name must not be cached for a year."""
    for srv in serving(tmp_path / "repo"):
        manifest = json.loads((srv.dist / "home" / "manifest.json").read_bytes())
        rel = manifest["released"]["files"]["en-US"]["path"]
        (srv.dist / "home" / rel).write_bytes(b'{"edited": true}\n')
        assert srv.get(f"/home/{rel}").headers["Cache-Control"] == SHORT


def test_v1_answers_with_the_resolved_file(server: Server) -> None:
    reply = server.get(f"/v1/home?user={user(True)}&locale=zh-Hant-MO")
    expected = locale_file(server.dist, "home", 2, "zh-Hant-HK").read_bytes()
    assert reply.status == 200 and reply.body == expected
    assert reply.headers["Cache-Control"] == PERSONAL
    assert reply.headers["X-Minisvc-Channel"] == "releasing"
    assert reply.headers["X-Minisvc-Version"] == "2"
    served = locale_file(server.dist, "home", 2, "zh-Hant-HK").relative_to(server.dist)
    assert reply.headers["Content-Location"] == f"/{served}"
    assert server.get(reply.headers["Content-Location"]).headers["Cache-Control"] == IMMUTABLE
    assert reply.headers["ETag"] == f'"{hashlib.sha256(expected).hexdigest()}"'
    again = server.get(f"/v1/home?user={user(True)}&locale=zh-Hant-MO",
                       **{"If-None-Match": reply.headers["ETag"]})
    assert again.status == 304


def test_v1_tester_gets_testing_in_their_language(server: Server) -> None:
    email = quote(" Alice@Example.com")
    reply = server.get(f"/v1/wallet?user=7&email={email}&locale=iw-IL")
    assert reply.status == 200
    assert reply.body == locale_file(server.dist, "wallet", 2, "he-IL").read_bytes()
    assert reply.json()["dir"] == "rtl"
    other = server.get("/v1/wallet?user=7&email=carol%40example.com")
    assert other.status == 200 and other.json()["version"] == 1  # not a tester: Released


def test_v1_user_outside_the_ratio_gets_the_released_version(server: Server) -> None:
    reply = server.get(f"/v1/home?user={user(False)}&locale=en-US")
    assert reply.status == 200
    assert reply.body == locale_file(server.dist, "home", 1, "en-US").read_bytes()


def test_v1_user_with_nothing_published_gets_404_json(tmp_path: Path) -> None:
    never_released = {"home": "version: 1\nstage: releasing\nratio: 20\n"}
    for srv in serving(tmp_path / "repo", never_released):
        outside = next(f"u{i}" for i in range(10_000) if bucket("home/v1", f"u{i}") > 2000)
        reply = srv.get(f"/v1/home?user={outside}&locale=en-US")
        assert reply.status == 404 and "no version for this user" in str(reply.json()["error"])
        assert reply.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("path", "status"), [
    ("/v1/home?locale=en-US", 400),                  # user is required
    ("/v1/home?user=1&user=2", 400),                 # ambiguous
    ("/v1/home?user=%ff", 400),                      # not UTF-8
    ("/v1/nope?user=1", 404),
    ("/v1/..%2F..?user=1", 404),
    ("/../pyproject.toml", 404),
    ("/%2e%2e/%2e%2e/pyproject.toml", 404),
    ("/home/..%2f..%2fpyproject.toml", 404),
    ("/.dist.old/index.json", 404),
    ("/home", 404),                                  # no directory listings
])
def test_bad_requests_are_refused(server: Server, path: str, status: int) -> None:
    reply = server.get(path)
    assert reply.status == status and "error" in reply.json()


def test_index_and_head(server: Server) -> None:
    index = server.get("/")
    assert index.status == 200 and index.json()["services"] == ["home", "wallet"]
    head = server.get("/home/manifest.json", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert int(head.headers["Content-Length"]) == len(server.get("/home/manifest.json").body)


def test_logs_never_show_emails_tokens_or_user_ids(server: Server) -> None:
    server.get("/v1/wallet?user=secret-user-9&email=alice%40example.com&locale=he")
    server.get(f"/v1/wallet?user=secret-user-9&token={'7' * 64}")
    log = server.log.getvalue()
    assert "GET /v1/wallet?…" in log
    assert "alice" not in log and "secret-user-9" not in log and "7777" not in log


def test_a_browser_on_another_origin_may_revalidate_and_read_the_etag(server: Server) -> None:
    preflight = server.get("/home/manifest.json", method="OPTIONS",
                           Origin="http://app.example", **{
                               "Access-Control-Request-Method": "GET",
                               "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    reply = server.get("/home/manifest.json", Origin="http://app.example")
    exposed = reply.headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "X-Minisvc-Channel" in exposed


def test_v1_takes_the_backends_tester_token(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Built with the backend's key: an email proves nothing, the token does; a server
    holding the key (standing in for the backend) turns the email into the token."""
    key = bytes.fromhex("5a" * 32)
    monkeypatch.setenv("MINISVC_TESTER_KEY", key.hex())
    for srv in serving(tmp_path / "repo"):
        by_email = srv.get("/v1/wallet?user=7&email=alice%40example.com")
        assert by_email.json()["version"] == 1
        token = token_of(key, "alice@example.com")
        assert srv.get(f"/v1/wallet?user=7&token={token}").json()["version"] == 2
        keyed = make_server(srv.dist, "127.0.0.1", 0, log=None, key=key)
        thread = threading.Thread(target=keyed.serve_forever, daemon=True)
        thread.start()
        try:
            backend = Server(srv.dist, keyed.server_address[1], io.StringIO())
            assert backend.get("/v1/wallet?user=7&email=alice%40example.com").json()[
                "version"] == 2
        finally:
            keyed.shutdown()
            keyed.server_close()
            thread.join()


# the command


def test_serve_command_runs_until_interrupted(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", "--repo", str(repo), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("serving "), first + (proc.stderr.read() if proc.stderr else "")
        url = urlsplit(first.split(" at ")[1].split(" ")[0])
        conn = http.client.HTTPConnection("127.0.0.1", url.port, timeout=10)
        conn.request("GET", "/wallet/manifest.json")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_without_a_build_says_what_to_do(repo: Path, run: Run) -> None:
    result = run(repo, "serve", "--port", "0")
    assert result.exit_code == 1 and "run `minisvc build`" in result.output


def test_serve_on_a_busy_port_is_a_user_error(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    busy = make_server(repo / "dist", "127.0.0.1", 0, log=None)
    try:
        result = run(repo, "serve", "--port", str(busy.server_address[1]))
        assert result.exit_code == 1 and "pick another --port" in result.output
    finally:
        busy.server_close()
