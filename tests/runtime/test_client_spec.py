"""schema/client-spec/: the Python reference passes every case, the suite is fresh, and a
client that makes one of the usual mistakes fails it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import mmh3
import pytest

from compiler.build import client_fixtures as fx
from compiler.build import client_spec
from compiler.build.schemas import all_files
from compiler.model.channels import Channels
from compiler.rules import checks
from compiler.runtime import client, locales, rollout
from tests.conftest import ROOT

SPEC = ROOT / "schema" / "client-spec"
NAMES = sorted(p.stem for p in SPEC.glob("*.json") if p.stem != "cldr")


def cases() -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for name in NAMES:
        doc = json.loads((SPEC / f"{name}.json").read_text(encoding="utf-8"))
        for case in doc["cases"]:
            yield name, doc["fixtures"][case["fixture"]], case


def run_case(fixture: dict[str, Any], case: dict[str, Any]) -> Any:
    files = {path: text.encode() for path, text in fixture["files"].items()}
    return client.answer(fixture["manifest"], files, case["context"])


def failures() -> list[str]:
    return [f"{name}: {case['name']}" for name, fixture, case in cases()
            if run_case(fixture, case) != case["expected"]]


def test_the_suite_has_the_cases_the_clients_need() -> None:
    assert NAMES == ["bucketing", "channels", "integrity", "locales", "slides", "testers"]
    names = " | ".join(case["name"] for _, _, case in cases())
    for topic in ("signed-out", "tester", "is the last inside", "is the first outside",
                  "keeps it", "'用户-42'", "'Jose\u0301'", "'😀'", "CLDR parent",
                  "explicit fallback", "a locale the service lacks", "at 2026-11-11T15:59:59Z",
                  "backend key", "public key", "sha256"):
        assert topic in names, topic
    assert len(list(cases())) >= 100


def test_python_resolve_passes_every_case() -> None:
    assert failures() == []


def test_the_committed_suite_is_what_the_generator_writes() -> None:
    generated = {name: data for name, data in all_files().items()
                 if name.startswith("client-spec/")}
    on_disk = {f"client-spec/{p.name}": p.read_bytes() for p in SPEC.glob("*.json")}
    assert generated == on_disk


def test_every_fixture_is_a_valid_manifest_naming_files_it_carries() -> None:
    schema = jsonschema.Draft202012Validator(
        json.loads((ROOT / "schema" / "manifest.schema.json").read_text()))
    runtime = jsonschema.Draft202012Validator(
        json.loads((ROOT / "schema" / "runtime.schema.json").read_text()))
    for name, fixture, _case in cases():
        schema.validate(fixture["manifest"])
        for channel in ("released", "releasing", "testing"):
            for named in (fixture["manifest"][channel] or {}).get("files", {}).values():
                data = fixture["files"][named["path"]].encode()
                runtime.validate(json.loads(data))
                if name != "integrity":
                    assert hashlib.sha256(data).hexdigest() == named["sha256"]


def test_the_made_up_services_are_valid_inputs() -> None:
    found = checks.run(fx.project(), {})
    assert [f for f in found if f.code.startswith("E")] == []


def test_the_slide_table_agrees_with_the_windows_as_written() -> None:
    for now, shown in client_spec.SLIDE_TIMES:
        when = dt.datetime.fromisoformat(now)
        assert [s.name for s in fx.SLIDES if s.shown(when)] == shown, now


def test_no_fixture_carries_an_email_address() -> None:
    for name in NAMES:
        text = (SPEC / f"{name}.json").read_text(encoding="utf-8")
        doc = json.loads(text)
        assert "@" not in json.dumps(doc["fixtures"]), name


def test_the_cldr_data_is_what_negotiation_reads() -> None:
    data = json.loads((SPEC / "cldr.json").read_text(encoding="utf-8"))
    assert data == locales.client_data()
    scripts = {tag: script for script, tags in data["likely_scripts"].items()
               for tag in tags.split()}
    assert scripts["zh-TW"] == "Hant" and scripts["zh"] == "Hans"
    assert data["parents"]["zh-Hant-MO"] == "zh-Hant-HK"


Mutant = Callable[[pytest.MonkeyPatch], None]


def _truncating(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(rollout, "threshold", lambda ratio: int(ratio * 100))


def _utf16(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(rollout, "bucket_hash", lambda group, uid: mmh3.hash(
        f"{group}:{uid}".encode("utf-16-le", "surrogatepass"), 0, signed=False))


def _signed_out_bucketed(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(rollout, "in_rollout", lambda g, u, r: rollout.bucket(g, u) <= r * 100)


def _no_cldr_parents(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(locales, "cldr_parent", lambda tag: None)
    locales.served_locale.cache_clear()


def _end_inclusive(mp: pytest.MonkeyPatch) -> None:
    def shown(slide: dict[str, Any], now: dt.datetime) -> bool:
        start, end = slide.get("start"), slide.get("end")
        return ((start is None or client.parse_instant(start) <= now)
                and (end is None or now <= client.parse_instant(end)))
    mp.setattr(client, "shown", shown)


def _ignoring_tokens(mp: pytest.MonkeyPatch) -> None:
    public = bytes.fromhex(rollout.PUBLIC_TOKEN_KEY)
    mp.setattr(rollout, "user_token", lambda testing, email, token: (
        rollout.tester_token(public, email) if email else None))


def _format_1_testers(mp: pytest.MonkeyPatch) -> None:
    """sha256(salt:email), as format 1 had it."""
    mp.setattr(rollout, "user_token", lambda testing, email, token: (
        rollout.normalize_email(email) if email else None))


def _no_hash_check(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(client, "verified", lambda data, sha256: dict(json.loads(data)))


def _trimming_ids(mp: pytest.MonkeyPatch) -> None:
    real = rollout.bucket_hash
    mp.setattr(rollout, "bucket_hash", lambda group, uid: real(group, uid.strip()))


@pytest.mark.parametrize("mutant", [_truncating, _utf16, _signed_out_bucketed,
                                    _no_cldr_parents, _end_inclusive, _ignoring_tokens,
                                    _format_1_testers, _no_hash_check, _trimming_ids],
                         ids=lambda m: m.__name__.strip("_"))
def test_a_client_with_a_usual_mistake_fails_the_suite(mutant: Mutant,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    mutant(monkeypatch)
    try:
        assert failures(), "the suite does not catch this mistake"
    finally:
        monkeypatch.undo()
        locales.served_locale.cache_clear()


def test_the_fixture_builder_uses_the_build() -> None:
    built = fx.fixture("mini", Channels(released=1))
    path = built["manifest"]["released"]["files"]["en-US"]["path"]
    assert path.startswith("v1/en-US.") and path in built["files"]
