"""No email address in dist/ or in what the commands print at default verbosity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.rules.privacy import EMAIL
from tests.conftest import Run, snapshot, write

RELEASE = "services/wallet/release.yaml"


def addresses(text: str) -> list[str]:
    return [m[0] for m in EMAIL.finditer(text)]


def test_the_sample_with_testers_leaks_no_address(repo: Path, run: Run) -> None:
    testers = addresses((repo / RELEASE).read_text())
    assert len(testers) >= 2, "the sample must have testers for this test to mean anything"
    printed = [run(repo, "validate", "--strict", "--format", fmt).output
               for fmt in ("text", "json", "github")]
    build = run(repo, "build", "--service", "wallet", "--version", "1")
    assert build.exit_code == 0, build.output
    printed.append(build.output)
    assert addresses("\n".join(printed)) == []
    dist = snapshot(repo / "dist")
    assert [p for p, data in dist.items() if addresses(data.decode())] == []
    testing = json.loads(dist["wallet/manifest.json"])["testing"]
    assert len(testing["testers"]) == len(testers)  # published, but only as hashes


@pytest.mark.parametrize("bad", ["alice@@example.com", "alice.example.com", "alice@example",
                                 "alice smith@example.com"])
def test_a_malformed_tester_is_reported_without_echoing_it(bad: str, repo: Path,
                                                           run: Run) -> None:
    write(repo, RELEASE,
          f"version: 2\nstage: testing\ntesters: [bob@example.com, {json.dumps(bad)}]\n")
    for fmt in ("text", "json", "github"):
        out = run(repo, "validate", "--format", fmt).output
        assert "testers" in out and "E114" in out
        assert "alice" not in out and "bob" not in out, out


@pytest.mark.parametrize(("file", "old", "new", "line"), [
    ("services/home/versions/3.yaml", "pages/index?from=carousel",
     "pages/index?ref=alice@example.com", 17),
    ("services/home/versions/3.yaml", "https://example.com/promo/topup",
     "https://example.com/promo/alice@example.com", 27),
    ("services/home/versions/3.yaml", "Top up and win", "Write to alice@example.com", 26),
    ("services/catalog.yaml", "https://cdn.example.com/icons/ride.png",
     "https://cdn.example.com/alice@example.com/ride.png", 7),
])
def test_an_address_in_published_content_is_refused(file: str, old: str, new: str, line: int,
                                                    repo: Path, run: Run) -> None:
    path = repo / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    result = run(repo, "validate", "--format", "json")
    assert ("E240", file, line) in {(f["code"], f["file"], f["line"])
                                    for f in json.loads(result.output)}
    assert "alice" not in result.output
