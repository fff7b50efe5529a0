"""A local HTTP server for a built dist/: the files, and ``/v1/<service>`` that answers
with the file a given user loads (the decision is ``rollout.resolve``; this is the edge).

Caching follows what may change under a URL:

- a per-locale file is named by its content (``home/v2/en-US.<hash>.json``): a catalog
  change gives it a new name, never new bytes under the old one, so it is ``immutable``
  (when its bytes do match its name);
- manifests and ``index.json`` move with every release: short;
- ``/v1/...`` depends on the user (and may carry an email or a token): short, ``private``.

Every 200 has a strong ETag (the body's sha256) and a matching If-None-Match gets a 304.
Browsers on another origin may send If-None-Match (a preflight is answered) and read the
ETag and the X-Minisvc headers. Request logs drop the query string, so emails, tokens
and user ids never reach a log.

A request log line is built from parts that cannot carry an email or a user id, never
from the request line as sent: the method if it is a plain token, the path up to its
query (``?…``) or, at any other character outside ``[A-Za-z0-9._~/-]`` (a space, an
encoded ``%3F`` or ``%40``, ``@``, ``&``), up to the last ``/`` before it (``/…``); the
status code and size. Errors log their status code only (http.server's messages quote
the raw request). The listen backlog holds a burst of clients (Python's default is 5,
and the kernel drops what overflows it), and responses are sent without Nagle's delay.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import sys
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO, cast
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import UserError
from ..runtime.rollout import resolve, tester_token
from .published import SERVICE, inside, manifest_path, read_manifest

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
PERSONAL = "private, max-age=60"
NO_STORE = "no-store"

_VERSION_FILE = re.compile(r"[^/]+/v[0-9]+/[^/]+\.([0-9a-f]{32})\.json")
_ENDPOINT = re.compile(r"/v1/([^/]+)")
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Content-Location, X-Minisvc-Version, "
                                         "X-Minisvc-Channel, X-Minisvc-Locale"}
PREFLIGHT = {"Access-Control-Allow-Methods": "GET, HEAD",
             "Access-Control-Allow-Headers": "If-None-Match", "Access-Control-Max-Age": "600"}
_LOGGED_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")
_TOKEN = re.compile(r"[A-Z]{1,16}")
_VERSION = re.compile(r"HTTP/[0-9]\.[0-9]")
BACKLOG = 1024  # connections the kernel queues before accept (capped by net.core.somaxconn)


def logged_target(target: str) -> str:
    """The request target as a log may show it: no query, nothing that could be a value."""
    kept = _LOGGED_PATH.match(target)
    path = kept.group(0) if kept else ""
    rest = target[len(path):]
    if not rest:
        return path or "-"
    if rest.startswith("?"):
        return f"{path}?…"
    return f"{path[:path.rfind('/') + 1] or '/'}…"


def logged_request(requestline: str) -> str:
    """``METHOD target HTTP/x.y`` with each part kept only in its safe form."""
    parts = requestline.split(" ")
    method = parts[0] if parts and _TOKEN.fullmatch(parts[0]) else "-"
    target = logged_target(parts[1]) if len(parts) > 1 else "-"
    version = parts[-1] if len(parts) == 3 and _VERSION.fullmatch(parts[-1]) else "-"
    return f"{method} {target} {version}"


def etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()}"'


def cache_control(rel: str, body: bytes) -> str:
    named = _VERSION_FILE.fullmatch(rel)
    if named and hashlib.sha256(body).hexdigest().startswith(named.group(1)):
        return IMMUTABLE
    return SHORT


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match asks: ``W/`` prefixes are ignored."""
    if if_none_match is None:
        return False
    candidates = [c.strip().removeprefix("W/") for c in if_none_match.split(",")]
    return "*" in candidates or tag in candidates


class Answer:
    """One response: status, body and headers, built before anything is sent."""

    def __init__(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        self.status, self.body, self.headers = status, body, dict(headers)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        body = (json.dumps({"error": message}, ensure_ascii=False) + "\n").encode()
        return cls(status, body, {"Cache-Control": NO_STORE,
                                  "Content-Type": "application/json; charset=utf-8"})


def static(dist: Path, path: str) -> Answer:
    rel = unquote(path).lstrip("/") or "index.json"
    found = inside(dist, rel)
    if found is None:
        return Answer.error(404, f"no file /{rel} in dist/")
    body = found.read_bytes()
    kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    if kind == "application/json":
        kind += "; charset=utf-8"
    return Answer(200, body, {"Content-Type": kind, "ETag": etag(body),
                              "Cache-Control": cache_control(rel, body)})


def endpoint(dist: Path, service: str, query: str, key: bytes | None = None) -> Answer:
    """``/v1/<service>?user=ID&email=E&token=T&locale=L``: the resolved file's content.

    ``key``: the backend's tester-token key, so that this server, standing in for the
    backend, can turn an email into a token; ``token`` is what a real backend issued.
    """
    try:
        params = parse_qs(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return Answer.error(400, "the query string is not UTF-8")
    repeated = sorted(k for k, v in params.items() if len(v) > 1)
    if repeated:
        return Answer.error(400, f"give each parameter once: {', '.join(repeated)}")
    if "user" not in params:
        return Answer.error(400, "user is required (the app's stable user id; "
                                 "empty for a signed-out user)")
    if not SERVICE.fullmatch(service) or not manifest_path(dist, service).is_file():
        return Answer.error(404, f"no service {service!r} in dist/")
    try:
        manifest = read_manifest(dist, service)
    except UserError as exc:
        return Answer.error(500, str(exc))
    user = params["user"][0]
    email = params.get("email", [""])[0] or None
    token = params.get("token", [""])[0] or (tester_token(key, email) if key and email else None)
    try:
        res = resolve(manifest, user, email, params.get("locale", [""])[0], token)
    except ValueError:
        return Answer.error(400, "user is not valid Unicode text")
    if res is None:
        return Answer.error(404, f"{service} has no version for this user yet")
    found = inside(dist, f"{service}/{res.path}")
    if found is None:
        return Answer.error(500, f"dist/ lacks {service}/{res.path}; rebuild it")
    body = found.read_bytes()
    return Answer(200, body, {
        "Content-Type": "application/json; charset=utf-8",
        "ETag": etag(body),
        "Cache-Control": PERSONAL,
        "Content-Location": f"/{service}/{res.path}",
        "X-Minisvc-Version": str(res.version),
        "X-Minisvc-Channel": res.channel.value,
        "X-Minisvc-Locale": res.locale,
    })


class DistServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, dist: Path, host: str, port: int, log: TextIO | None,
                 key: bytes | None = None) -> None:
        self.dist = dist.absolute()
        self.log = log
        self.key = key
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = cast(tuple[str, int], self.server_address[:2])
        return f"http://{host}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "minisvc"
    disable_nagle_algorithm = True  # headers and body leave at once, no 40 ms ACK wait

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_OPTIONS(self) -> None:  # noqa: N802
        """The CORS preflight a browser sends before a cross-origin If-None-Match."""
        self.send_response(204)
        for name, value in {**CORS, **PREFLIGHT}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, head: bool) -> None:
        server = cast(DistServer, self.server)
        url = urlsplit(self.path)
        match = _ENDPOINT.fullmatch(url.path)
        answer = (endpoint(server.dist, unquote(match.group(1)), url.query, server.key)
                  if match else static(server.dist, url.path))
        headers = {**answer.headers, **CORS, "X-Content-Type-Options": "nosniff"}
        status, body = answer.status, answer.body
        if status == 200 and not_modified(self.headers.get("If-None-Match"), headers["ETag"]):
            status, body = 304, b""
            headers.pop("Content-Type")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = code.value if isinstance(code, HTTPStatus) else code
        self.log_message('"%s" %s %s', logged_request(self.requestline), status, size)

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002 (base signature)
        """http.server's error messages quote the request; only the status is kept."""
        code = args[0] if args and isinstance(args[0], int) else None
        self.log_message("error %s", code if code is not None else "-")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (base signature)
        log = cast(DistServer, self.server).log
        if log is None:
            return
        line = format % args
        log.write(f"{self.address_string()} [{self.log_date_time_string()}] {line}\n")
        log.flush()


def make_server(dist: Path, host: str = "127.0.0.1", port: int = 8000,
                log: TextIO | None = sys.stderr, key: bytes | None = None) -> DistServer:
    """Bound and ready; the caller runs ``serve_forever()`` (port 0 picks a free one)."""
    return DistServer(dist, host, port, log, key)

