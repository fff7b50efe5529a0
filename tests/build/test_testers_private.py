"""The published output never carries an email address; testers are salted hashes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from compiler.runtime import rollout
from compiler.runtime.rollout import resolve
from tests.conftest import Run, write

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
    expected = sorted(rollout.tester_hash(e, testing["salt"]) for e in TESTERS)
    assert sorted(testing["testers"]) == expected
    for email in TESTERS:  # a client hashing the signed-in email finds the tester
        res = resolve(manifest, "u1", f" {email.upper()} ", "en-US")
        assert res is not None and res.version == 2
    other = resolve(manifest, "u1", "mallory@example.com", "en-US")
    assert other is not None and other.version == 1  # not a tester: the Released version
