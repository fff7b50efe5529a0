"""Resolution: tester -> Testing, in bucket -> Releasing, else Released; locale by chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.build.tree import build
from compiler.engine.workspace import open_workspace
from compiler.model.channels import Channels, Releasing
from compiler.model.channels import Testing as InTesting  # not a test class
from compiler.runtime.rollout import Channel, Resolution, bucket, resolve
from compiler.runtime.rollout import tester_token as token_of
from tests.conftest import ROOT, Run, locale_file, snapshot, write


def built_manifest(channels: Channels) -> dict[str, Any]:
    ws = open_workspace(ROOT, unknown_record="note")  # any clone of this repo, shallow too
    files = build(ws.project, {"home": channels})
    return dict(json.loads(files["home/manifest.json"]))


ALL = Channels(released=1, releasing=Releasing(2, 20), testing=InTesting(3, ("alice@example.com",)))


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return built_manifest(ALL)


def user(inside: bool, group: str = "home/v2", ratio: float = 20) -> str:
    """The first of u0, u1, ... that is inside (or outside) the ratio."""
    return next(f"u{i}" for i in range(10_000)
                if (bucket(group, f"u{i}") <= ratio * 100) == inside)


def test_tester_gets_the_testing_version(manifest: dict[str, Any]) -> None:
    res = resolve(manifest, user(False), "  Alice@Example.COM ", "en-US")
    named = manifest["testing"]["files"]["en-US"]
    assert named["path"].startswith("v3/en-US.")  # content-addressed: v3/en-US.<hash>.json
    assert res == Resolution(3, Channel.TESTING, named["path"], "en-US", named["sha256"])


def test_tester_wins_over_the_bucket(manifest: dict[str, Any]) -> None:
    res = resolve(manifest, user(True), "alice@example.com", "en-US")
    assert res is not None and res.channel is Channel.TESTING


def test_user_in_bucket_gets_releasing_others_released(manifest: dict[str, Any]) -> None:
    inside = resolve(manifest, user(True), "carol@example.com", "en-US")
    outside = resolve(manifest, user(False), None, "en-US")
    assert inside is not None and (inside.version, inside.channel) == (2, Channel.RELEASING)
    assert outside is not None and (outside.version, outside.channel) == (1, Channel.RELEASED)


def test_signed_out_user_gets_released(manifest: dict[str, Any]) -> None:
    res = resolve(manifest, "", None, "en-US")
    assert res is not None and res.channel is Channel.RELEASED


def test_nothing_published_for_the_user_is_none() -> None:
    only_releasing = built_manifest(Channels(releasing=Releasing(2, 20)))
    assert resolve(only_releasing, user(False), None, "en-US") is None
    assert resolve(only_releasing, user(True), None, "en-US") is not None
    assert resolve(built_manifest(Channels()), "u1", "alice@example.com", "en-US") is None


def test_custom_group_is_used() -> None:
    custom = built_manifest(Channels(releasing=Releasing(2, 20, "spring-promo")))
    assert custom["releasing"]["group"] == "spring-promo"
    assert resolve(custom, user(True, "spring-promo"), None, "en-US") is not None
    assert resolve(custom, user(False, "spring-promo"), None, "en-US") is None


@pytest.mark.parametrize(("asked", "got"), [
    ("zh-Hant-MO", "zh-Hant-HK"),   # CLDR parent
    ("zh_hant_mo", "zh-Hant-HK"),   # any case, either separator
    ("zh-HK", "zh-Hant-HK"),
    ("zh-TW", "zh-Hant-TW"),
    ("zh-CN", "zh-CN"),
    ("zh-SG", "zh-CN"),             # same language and script before the default
    ("ar-EG", "ar-SA"),
    ("ar", "ar-SA"),
    ("in-ID", "id-ID"),             # legacy code from old Android
    ("en-GB", "en-US"),
    ("fr-FR", "en-US"),             # nothing close: the default
    ("sr-Latn", "en-US"),
    ("", "en-US"),
    ("../../etc/passwd", "en-US"),
])
def test_locale_is_negotiated(manifest: dict[str, Any], asked: str, got: str) -> None:
    res = resolve(manifest, user(True), None, asked)
    assert res is not None and res.locale == got
    assert res.path == manifest["releasing"]["files"][got]["path"]


def test_configured_fallback_comes_before_cldr() -> None:
    manifest = built_manifest(Channels(released=2))
    manifest["fallbacks"] = {"zh-Hant-MO": ["zh-Hant-TW"]}
    res = resolve(manifest, "u1", None, "zh-Hant-MO")
    assert res is not None and res.locale == "zh-Hant-TW"


# the command


def test_resolve_command_prints_version_and_file(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    result = run(repo, "resolve", "home", "--user", user(True), "--locale", "zh-Hant-MO")
    assert result.exit_code == 0, result.output
    assert "home v2 (releasing)" in result.output
    assert str(locale_file(repo / "dist", "home", 2, "zh-Hant-HK")) in result.output
    assert "(asked zh-Hant-MO)" in result.output


def test_resolve_command_json(repo: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(repo, "build", "--out", str(out)).exit_code == 0
    result = run(repo, "resolve", "wallet", "--user", "42", "--email", "BOB@example.com",
                 "--locale", "he", "--dist", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["version"] == 2 and answer["channel"] == "testing"
    assert Path(answer["file"]) == locale_file(out, "wallet", 2, "he-IL")
    assert answer["path"] == f"v2/{Path(answer['file']).name}"


def test_resolve_command_when_user_gets_nothing(repo: Path, run: Run) -> None:
    write(repo, "services/home/release.yaml", "version: 1\nstage: releasing\nratio: 20\n")
    assert run(repo, "build").exit_code == 0
    outside = user(False, group="home/v1")
    result = run(repo, "resolve", "home", "--user", outside, "--locale", "en-US",
                 "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["version"] is None
    text = run(repo, "resolve", "home", "--user", outside, "--locale", "en-US").output
    assert "no version for this user" in text and "outside 20%" in text


def test_resolve_without_build_says_what_to_do(repo: Path, run: Run) -> None:
    before = snapshot(repo)
    result = run(repo, "resolve", "home", "--user", "1", "--locale", "en-US")
    assert result.exit_code == 1
    assert "run `minisvc build` first" in result.output and "Traceback" not in result.output
    assert snapshot(repo) == before


def test_resolve_rejects_a_broken_manifest(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    (repo / "dist" / "home" / "manifest.json").write_text('{"format": 2}')
    result = run(repo, "resolve", "home", "--user", "1", "--locale", "en-US")
    assert result.exit_code == 1 and "not a minisvc manifest" in result.output


def test_resolve_misuse_exits_2(repo: Path, run: Run) -> None:
    assert run(repo, "resolve", "home", "--locale", "en-US").exit_code == 2
    assert run(repo, "resolve", "--help").output.count("minisvc resolve") >= 1


def test_resolve_lists_the_slides_shown_at_a_time(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    args = ["resolve", "home", "--user", user(True), "--locale", "en-US", "--format", "json"]
    during = json.loads(run(repo, *args, "--now", "2026-11-05T00:00:00+08:00").output)
    after = json.loads(run(repo, *args, "--now", "2026-11-11T16:00:00Z").output)
    assert (during["slides"], after["slides"]) == (["carousel-1", "carousel-2"], ["carousel-2"])
    text = run(repo, *args[:-2], "--now", "2026-11-11T16:00:00Z").output
    assert "slides  carousel-2 at 2026-11-11T16:00:00Z" in text


@pytest.mark.parametrize("bad", ["2026-11-05T00:00:00", "2026-11-05", "tomorrow"])
def test_resolve_refuses_a_time_without_an_offset(repo: Path, run: Run, bad: str) -> None:
    assert run(repo, "build").exit_code == 0
    result = run(repo, "resolve", "home", "--user", "1", "--locale", "en-US", "--now", bad)
    assert result.exit_code == 2 and "RFC 3339" in result.output


def test_resolve_refuses_a_file_that_is_not_the_one_named(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    target = locale_file(repo / "dist", "home", 1, "en-US")
    target.write_bytes(target.read_bytes().replace(b"Mini", b"Maxi"))
    result = run(repo, "resolve", "home", "--user", user(False), "--locale", "en-US")
    assert result.exit_code == 1 and "its sha256 is not the one the manifest names" in \
        result.output and "Traceback" not in result.output


def test_resolve_with_the_backends_token_or_key(repo: Path, run: Run,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    key = "6b" * 32
    monkeypatch.setenv("MINISVC_TESTER_KEY", key)
    assert run(repo, "build").exit_code == 0
    args = ["resolve", "wallet", "--user", "7", "--locale", "en-US", "--format", "json"]
    assert json.loads(run(repo, *args, "--email", "alice@example.com").output)["version"] == 2
    monkeypatch.delenv("MINISVC_TESTER_KEY")
    alone = run(repo, *args[:-2], "--email", "alice@example.com")
    assert "wallet v1" in alone.output and "pass --tester-token" in alone.output
    token = token_of(bytes.fromhex(key), "alice@example.com")
    assert json.loads(run(repo, *args, "--tester-token", token).output)["version"] == 2
