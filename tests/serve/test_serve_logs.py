"""serve's request log never carries an email or a user id, whatever the request holds.

Each request is sent as raw bytes on a socket (http.client would refuse to send most of
them) to a real server on 127.0.0.1, and the exact log line it leaves is checked.
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.serve.server import BACKLOG, logged_request, make_server
from tests.serve.test_serve import Server, serving

ADDRESS = b"alice@example.com"
CLOSE = b"Connection: close\r\n\r\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(tmp_path_factory.mktemp("serve-logs") / "repo")


def send(server: Server, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(raw)
        with contextlib.suppress(OSError):  # the server may have answered and closed
            sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def logged(server: Server, raw: bytes) -> list[str]:
    """The log lines one request leaves, without the client address and the date."""
    before = len(server.log.getvalue())
    reply = send(server, raw)
    assert reply, "no answer"
    lines = server.log.getvalue()[before:].splitlines()
    return [re.sub(r"^127\.0\.0\.1 \[[^]]+\] ", "", line) for line in lines]


REQUEST_LINES = [  # (what is sent before the headers, what the log shows)
    (b"GET /v1/home?user=1 &email=alice@example.com HTTP/1.1",
     ['error 400', '"GET /v1/home?… -" 400 -']),
    (b"GET /v1/home%3Fuser=1&email=alice@example.com HTTP/1.1",
     ['"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /v1/home%3fuser=1%26email=alice%40example.com HTTP/1.1",
     ['"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /v1/home;email=alice@example.com HTTP/1.1", ['"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /v1/home#email=alice@example.com HTTP/1.1", ['"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /alice@example.com HTTP/1.1", ['"GET /… HTTP/1.1" 404 -']),
    (b"GET /alice%40example.com HTTP/1.1", ['"GET /… HTTP/1.1" 404 -']),
    (b"GET http://alice@example.com/v1/home HTTP/1.1", ['"GET /… HTTP/1.1" 400 -']),
    (b"GET /v1/home?user=1 alice@example.com", ['error 400', '"GET /v1/home?… -" 400 -']),
    (b"GET /v1/home?user=1 HTTP/1.1 alice@example.com",
     ['error 400', '"GET /v1/home?… -" 400 -']),
    (b"ALICE@EXAMPLE.COM /v1/home HTTP/1.1", ['error 501', '"- /v1/home HTTP/1.1" 501 -']),
    (b"GET /v1/home\talice@example.com HTTP/1.1",
     ['error 400', '"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /v1/h\xc3\xa9?email=alice@example.com HTTP/1.1", ['"GET /v1/… HTTP/1.1" 400 -']),
    (b"GET /v1/home?email=alice@example.com HTTP/9.9",
     ['error 505', '"GET /v1/home?… HTTP/9.9" 505 -']),
]
# http.server reads at most 65,537 bytes of a request line; sending exactly that much
# lets it answer 414 and close without unread bytes (which would reset the connection).
TOO_LONG = b"GET /" + b"a" * (65_537 - 5 - len(ADDRESS)) + ADDRESS


@pytest.mark.parametrize(("line", "expected"), REQUEST_LINES,
                         ids=[str(i) for i in range(len(REQUEST_LINES))])
def test_a_malformed_request_line_logs_no_address(server: Server, line: bytes,
                                                  expected: list[str]) -> None:
    lines = logged(server, line + b"\r\n" + CLOSE)
    assert lines == expected
    assert "alice" not in "\n".join(lines).lower()


HEADERS = [  # header blocks carrying the address, and what the log shows
    (b"X-Email: alice@example.com\r\nReferer: https://x.example/?email=alice@example.com\r\n",
     ['"GET /v1/home?… HTTP/1.1" 400 -']),
    (b"X-Email: " + ADDRESS * 5_000 + b"\r\n", ['error 431', '"GET /v1/home?… HTTP/1.1" 431 -']),
    (b"".join(b"X-%d: alice@example.com\r\n" % i for i in range(120)),
     ['error 431', '"GET /v1/home?… HTTP/1.1" 431 -']),
    (b"alice@example.com\r\n", ['"GET /v1/home?… HTTP/1.1" 400 -']),
]


def test_a_request_line_too_long_logs_only_its_status(server: Server) -> None:
    assert len(TOO_LONG) == 65_537
    assert logged(server, TOO_LONG) == ['error 414', '"- - -" 414 -']


@pytest.mark.parametrize(("headers", "expected"), HEADERS,
                         ids=[str(i) for i in range(len(HEADERS))])
def test_header_values_never_reach_the_log(server: Server, headers: bytes,
                                           expected: list[str]) -> None:
    lines = logged(server, b"GET /v1/home?email=alice%40example.com HTTP/1.1\r\n" + headers
                   + CLOSE)
    assert lines == expected
    assert "alice" not in "\n".join(lines).lower()


def test_a_good_request_is_logged_by_its_path(server: Server) -> None:
    assert logged(server, b"GET /home/manifest.json HTTP/1.1\r\n" + CLOSE) == [
        '"GET /home/manifest.json HTTP/1.1" 200 -']
    name = next((server.dist / "home" / "v1").glob("zh-Hant-HK.*.json")).name
    assert logged(server, f"HEAD /home/v1/{name}?user=1 HTTP/1.1\r\n".encode() + CLOSE) == [
        f'"HEAD /home/v1/{name}?… HTTP/1.1" 200 -']


@pytest.mark.parametrize(("requestline", "shown"), [
    ("", "- - -"), ("GET", "GET - -"), ("GET /", "GET / -"), ("GET / HTTP/1.0", "GET / HTTP/1.0"),
    ("get /x HTTP/1.1", "- /x HTTP/1.1"), ("GET ?email=a@b.c HTTP/1.1", "GET ?… HTTP/1.1"),
    ("GET /a/b@c/d HTTP/1.1", "GET /a/… HTTP/1.1"), ("GET /a%2540b HTTP/1.1", "GET /… HTTP/1.1"),
])
def test_logged_request_keeps_only_safe_parts(requestline: str, shown: str) -> None:
    assert logged_request(requestline) == shown


def test_the_listen_backlog_holds_a_burst(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text("{}")
    httpd = make_server(tmp_path, "127.0.0.1", 0, log=None)
    try:
        assert httpd.request_queue_size == BACKLOG >= 128
        assert httpd.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    finally:
        httpd.server_close()
