"""The published output never carries an email address; testers are entries of tokens
that, with the backend's key, only the backend can make."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from compiler.runtime import rollout
from compiler.runtime.rollout import resolve
from tests.conftest import Run, snapshot, write

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TESTERS = ["alice@example.com", "Bob.Builder+qa@Example.COM", "carol@sub.example.co.uk",
           "dave_99@example.org"]


def test_email_regex_finds_what_it_must() -> None:
    assert EMAIL.search('{"x":"Bob.Builder+qa@Example.COM"}')


def test_no_email_anywhere_under_dist(repo: Path, run: Run) -> None:
    write(repo, "services/wallet/release.yaml",
          f"version: 2\nstage: testing\ntesters: [{', '.join(TESTERS)}]\n")
    write(repo, "services/home/release.yaml",
          "version: 2\nstage: testing\ntesters: [erin@example.net]\n")
    result = run(repo, "build")
    assert result.exit_code == 0, result.output
    files = [p for p in (repo / "dist").rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        text = path.read_bytes().decode("utf-8")
        assert not EMAIL.search(text), f"{path} has {EMAIL.search(text)}"
        for email in [*TESTERS, "erin@example.net"]:
            assert email.lower() not in text.lower(), path
            assert email.split("@")[0].lower() not in text.lower(), path

    manifest = json.loads((repo / "dist" / "wallet" / "manifest.json").read_bytes())
    testing = manifest["testing"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in testing["testers"])
    public = bytes.fromhex(testing["public_token_key"])  # a build without the backend key
    expected = sorted(rollout.tester_entry(testing["salt"], rollout.tester_token(public, e))
                      for e in TESTERS)
    assert sorted(testing["testers"]) == expected
    for email in TESTERS:  # with the key published, a client can tell from the email
        res = resolve(manifest, "u1", f" {email.upper()} ", "en-US")
        assert res is not None and res.version == 2
    other = resolve(manifest, "u1", "mallory@example.com", "en-US")
    assert other is not None and other.version == 1  # not a tester: the Released version


BACKEND_KEY = "5a" * 32


def test_with_the_backend_key_a_list_of_addresses_finds_nobody(
        repo: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The threat of docs/rollout.md section 4: the manifest is public, so is a list of
    addresses; without the key neither the public key nor plain hashes find a tester."""
    monkeypatch.setenv("MINISVC_TESTER_KEY", BACKEND_KEY)
    assert run(repo, "build").exit_code == 0
    manifest = json.loads((repo / "dist" / "wallet" / "manifest.json").read_bytes())
    testing = manifest["testing"]
    assert testing["public_token_key"] is None
    key = bytes.fromhex(BACKEND_KEY)
    sample = ["alice@example.com", "bob@example.com"]
    assert sorted(testing["testers"]) == sorted(
        rollout.tester_entry(testing["salt"], rollout.tester_token(key, e)) for e in sample)
    public = bytes.fromhex(rollout.PUBLIC_TOKEN_KEY)
    for email in sample:
        guesses = {rollout.tester_entry(testing["salt"], rollout.tester_token(public, email)),
                   rollout.tester_entry(testing["salt"], rollout.normalize_email(email)),
                   hashlib.sha256(f"{testing['salt']}:{email}".encode()).hexdigest()}
        assert not guesses & set(testing["testers"])
        res = resolve(manifest, "u1", email, "en-US")
        assert res is not None and res.version == 1  # the email alone: no tester
        issued = rollout.tester_token(key, f" {email.upper()} ")  # what the backend sends
        res = resolve(manifest, "u1", None, "en-US", issued)
        assert res is not None and res.version == 2


def test_the_key_changes_nothing_but_the_tester_entries(
        repo: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(repo, "build").exit_code == 0
    public = snapshot(repo / "dist")
    monkeypatch.setenv("MINISVC_TESTER_KEY", BACKEND_KEY)
    assert run(repo, "build").exit_code == 0
    keyed = snapshot(repo / "dist")
    assert keyed.keys() == public.keys()
    assert [rel for rel in keyed if keyed[rel] != public[rel]] == ["wallet/manifest.json"]


@pytest.mark.parametrize(("value", "says"), [("not-hex", "not hexadecimal"),
                                             ("abcd", "has 2 bytes")])
def test_a_bad_tester_key_is_refused_before_anything_is_written(
        value: str, says: str, repo: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINISVC_TESTER_KEY", value)
    result = run(repo, "build")
    assert result.exit_code == 1 and says in result.output
    assert "Traceback" not in result.output and value not in result.output
    assert not (repo / "dist").exists()
