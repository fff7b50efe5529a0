"""clients/js, the reference web client: its own suite under `node --test`; bin/resolve.js
printing what `minisvc resolve --format json` prints, on 1,000 generated users; and the
client end to end against `minisvc serve` on 127.0.0.1, in Node and in a Chromium page."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler.cli.group import cli
from compiler.runtime import client as reference
from compiler.runtime.bucketing_vectors import TRICKY_IDS
from compiler.runtime.rollout import PUBLIC_TOKEN_KEY, resolve
from compiler.runtime.rollout import tester_token as token_of
from tests.conftest import ROOT, copy_sample

pytestmark = pytest.mark.slow

KEY = "4d" * 32
LOCALES = ["en-US", "en-GB", "zh-CN", "zh-Hant-MO", "zh-MO", "zh_hant_hk", "zh-TW", "zh-SG",
           "zh", "zh-Hant", "id-ID", "in", "th", "th-TH", "ar", "ar-EG", "he", "iw-IL",
           "vi-VN", "vi", "fr-FR", "sr-Latn-RS", "yue-HK", "", "  ", "x", "../../etc", "EN_us"]
TIMES = ["2026-10-31T15:59:59Z", "2026-10-31T16:00:00Z", "2026-11-05T00:00:00+08:00",
         "2026-11-11T15:59:59.999999Z", "2026-11-11T16:00:00Z", "2027-01-01T00:00:00Z",
         "2026-11-01T00:00:00.5-05:30"]
EMAILS = [None, None, None, "alice@example.com", " ALICE@Example.com ", "bob@example.com",
          "mallory@example.com", ""]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built twice: without the backend's key (public) and with it (keyed)."""
    repo = copy_sample(tmp_path_factory.mktemp("js") / "repo")
    out = {}
    for name, key in (("public", None), ("keyed", KEY)):
        result = CliRunner(env={"MINISVC_TESTER_KEY": key}).invoke(
            cli, ["--repo", str(repo), "build", "--out", str(repo / name)])
        assert result.exit_code == 0, result.output
        out[name] = repo / name
    return out


def test_the_node_suite_passes(js_client: Path) -> None:
    """The conformance suite, the vectors, the client against a local server, the CLI."""
    done = subprocess.run(["node", "--test", "test/conformance.test.js", "test/client.test.js",
                           "test/rollout.test.js", "test/cli.test.js"],
                          cwd=js_client, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout


def generated(dists: dict[str, Path], n: int) -> list[tuple[list[str], dict[str, str]]]:
    """``n`` argument lists for `resolve`, and the environment of each (some stand in for
    the backend with MINISVC_TESTER_KEY)."""
    rng = random.Random(20261111)
    ids = [*TRICKY_IDS, *(f"user-{i}" for i in range(300)), "", "", "42", "user-\ud800"]
    tokens = [token_of(bytes.fromhex(KEY), "alice@example.com"),
              token_of(bytes.fromhex(PUBLIC_TOKEN_KEY), "bob@example.com"), "f" * 64, ""]
    out = []
    for _ in range(n):
        argv = ["--dist", str(dists[rng.choice(["public", "keyed"])]),
                "--service", rng.choice(["home", "wallet"]), "--user", rng.choice(ids),
                "--locale", rng.choice(LOCALES), "--now", rng.choice(TIMES)]
        email = rng.choice(EMAILS)
        if email is not None:
            argv += ["--email", email]
        if rng.random() < 0.15:
            argv += ["--tester-token", rng.choice(tokens)]
        out.append((argv, {"MINISVC_TESTER_KEY": KEY} if rng.random() < 0.2 else {}))
    return out


def python_resolve(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    """`minisvc resolve SERVICE ...` for the arguments of `resolve.js --service SERVICE ...`
    (the generated lists put --dist first, --service second)."""
    assert argv[2] == "--service"
    result = CliRunner(env={"MINISVC_TESTER_KEY": env.get("MINISVC_TESTER_KEY")}).invoke(
        cli, ["resolve", argv[3], *argv[:2], *argv[4:], "--format", "json"])
    return result.exit_code, result.stdout


def test_resolve_js_prints_what_minisvc_resolve_prints_for_1000_users(
        js_client: Path, dists: dict[str, Path]) -> None:
    cases = generated(dists, 1000)
    batch = subprocess.run(["node", "test/batch.mjs"], cwd=js_client, capture_output=True,
                           text=True, input=json.dumps([{"argv": a, "env": e} for a, e in cases]))
    assert batch.returncode == 0, batch.stderr
    answers = json.loads(batch.stdout)
    channels = set()
    for (argv, env), js in zip(cases, answers, strict=True):
        code, out = python_resolve(argv, env)
        assert (js["code"], js["out"]) == (code, out), (argv, env, js["err"])
        channels.add(json.loads(out)["channel"] if code == 0 else f"exit {code}")
    assert channels == {"released", "releasing", "testing", "exit 2"}  # every kind was met


def test_the_commands_print_the_same_bytes_as_processes(js_client: Path,
                                                        dists: dict[str, Path]) -> None:
    for argv, env in generated(dists, 6):
        if any("\x00" in a or "\ud800" in a for a in argv):
            continue
        python = subprocess.run(
            [sys.executable, "-m", "compiler", "resolve", argv[3], *argv[:2], *argv[4:],
             "--format", "json"], cwd=ROOT, capture_output=True, env={**_clean_env(), **env})
        node = subprocess.run(["node", str(js_client / "bin" / "resolve.js"), *argv],
                              capture_output=True, env={**_clean_env(), **env})
        assert (node.returncode, node.stdout) == (python.returncode, python.stdout), argv


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "MINISVC_TESTER_KEY"}


# end to end: a live `minisvc serve`, and the client in Node and in Chromium


@pytest.fixture(scope="module")
def served(dists: dict[str, Path]) -> Iterator[tuple[str, Path]]:
    """`minisvc serve` of the keyed dist, as a process on 127.0.0.1; stopped by its handle."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "compiler", "serve", "--port", "0", "--dist",
         str(dists["keyed"])], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=_clean_env())
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("serving "), first + (proc.stderr.read() if proc.stderr else "")
        yield first.split(" at ")[1].split(" ")[0], dists["keyed"]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)


def users() -> list[dict[str, Any]]:
    alice = token_of(bytes.fromhex(KEY), "alice@example.com")
    out = [{"service": "home", "user_id": f"user-{i}", "email": None, "tester_token": None,
            "locale": loc, "now": now}
           for i, (loc, now) in enumerate(zip(LOCALES, TIMES * 4, strict=False))]
    out += [
        {"service": "home", "user_id": "", "email": None, "tester_token": None,
         "locale": "ar-EG", "now": TIMES[2]},
        {"service": "wallet", "user_id": "7", "email": "alice@example.com", "tester_token": None,
         "locale": "iw", "now": TIMES[2]},  # keyed: the email alone is no tester
        {"service": "wallet", "user_id": "7", "email": None, "tester_token": alice,
         "locale": "iw", "now": TIMES[2]},
        {"service": "wallet", "user_id": "用户-42", "email": None, "tester_token": None,
         "locale": "zh-HK", "now": TIMES[5]},
    ]
    return out


def expected(dist: Path, user: dict[str, Any]) -> dict[str, Any] | None:
    manifest = json.loads((dist / user["service"] / "manifest.json").read_bytes())
    res = resolve(manifest, user["user_id"], user["email"], user["locale"], user["tester_token"])
    if res is None:
        return None
    doc = reference.verified((dist / user["service"] / res.path).read_bytes(), res.sha256)
    slides = reference.visible_slides(doc, reference.parse_instant(user["now"]))
    return {"channel": res.channel.value, "version": res.version, "locale": res.locale,
            "path": res.path, "slides": slides, "title": doc["title"], "stale": False}


def check(answer: dict[str, Any], dist: Path) -> None:
    wanted = [expected(dist, u) for u in users()]
    assert answer["results"] == wanted
    assert {r["channel"] for r in wanted if r} == {"released", "releasing", "testing"}
    assert answer["refreshed"] == {"home": "not-modified", "wallet": "not-modified"}


def test_the_client_in_node_against_minisvc_serve(js_client: Path,
                                                  served: tuple[str, Path]) -> None:
    url, dist = served
    done = subprocess.run(["node", "test/e2e-node.mjs", url], cwd=js_client,
                          capture_output=True, text=True, input=json.dumps(users()))
    assert done.returncode == 0, done.stderr
    check(json.loads(done.stdout), dist)


PAGE = """<!doctype html><meta charset="utf-8"><title>minisvc client</title>
<script type="module">
  import { e2e } from "./bundle.js";
  window.run = (url, users) => e2e(url, users, window.crypto);
  window.ready = true;
</script>"""


@pytest.fixture(scope="module")
def page_origin(js_client: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The client bundled for browsers (esbuild, as a web app would), on a second local
    server: another origin than `minisvc serve`, so the page really goes cross-origin."""
    folder = tmp_path_factory.mktemp("page")
    bundled = subprocess.run(
        [str(js_client / "node_modules" / ".bin" / "esbuild"), "test/e2e.mjs", "--bundle",
         "--format=esm", f"--outfile={folder / 'bundle.js'}", "--log-level=warning"],
        cwd=js_client, capture_output=True, text=True)
    assert bundled.returncode == 0, bundled.stderr
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    handler = partial(_Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def test_the_client_in_a_chromium_page_against_minisvc_serve(
        served: tuple[str, Path], page_origin: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.preview.test_preview_browser import find_chromium

    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium binary: set MINISVC_CHROMIUM or install Debian's chromium "
                    "(.ci/install-browser)")
    url, dist = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(page_origin)
            page.wait_for_function("window.ready === true")
            answer = page.evaluate("([url, users]) => window.run(url, users)", [url, users()])
            assert errors == []
        finally:
            browser.close()
    check(answer, dist)
