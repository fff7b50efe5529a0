"""Every rule's findings in a version file need only that file, its service.yaml, the
catalog and the version's status: what lets the PR gate count the version files a PR
leaves alone instead of reading them (compiler/engine/affected.py `trusted`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.engine.incremental import Repo
from compiler.model.findings import Finding
from compiler.rules import RULES, Rule
from tests.conftest import write

HOME = "services/home/"
VERSIONS = [r for r in RULES if "/versions/" in r.file]


def in_home(findings: list[Finding], leaving: set[str]) -> list[Finding]:
    return [f for f in findings if f.file.startswith(HOME) and f.file not in leaving]


@pytest.mark.parametrize("rule", VERSIONS, ids=lambda r: f"{r.code}-{r.name}")
def test_a_version_file_is_judged_the_same_without_its_siblings(
        rule: Rule, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule's bad example twice (two Drafts), beside the sample's Archived, Released
    and Draft versions: each version read alone, the others only counted, gets exactly
    the findings the whole service gets in it, and so do service.yaml and release.yaml."""
    monkeypatch.setenv("MINISVC_CACHE", "0")  # a cached whole unit would answer for it
    bad = rule.bad.replace("   # <-", "")
    write(repo, "services/home/versions/8.yaml", bad)
    write(repo, "services/home/versions/9.yaml", bad)
    whole = Repo(repo).evaluate().findings
    assert any(f.code == rule.code and f.file.endswith("/9.yaml") for f in whole), whole
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / HOME / "versions").iterdir())
    assert len(files) == 5
    for alone in files:
        others = set(files) - {alone}
        narrow = Repo(repo).evaluate(only={"home"}, trusted=others).findings
        assert in_home(narrow, set()) == in_home(whole, others), alone


def test_a_trusted_version_is_counted_not_read(repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A release may name it and the channels serve it: it is there, unread, and a
    broken one says nothing (base was gated with it)."""
    monkeypatch.setenv("MINISVC_CACHE", "0")
    write(repo, "services/home/versions/2.yaml", "title: {en-US: [broken\n")
    whole = Repo(repo).evaluate(only={"home"}).findings
    assert any(f.file == "services/home/versions/2.yaml" for f in whole)
    narrow = Repo(repo).evaluate(only={"home"},
                                 trusted={"services/home/versions/2.yaml"}).findings
    assert not in_home(narrow, set()), narrow
    (repo / "services/home/versions/2.yaml").unlink()  # released, and gone: still said
    whole = Repo(repo).evaluate(only={"home"}).findings
    gone = Repo(repo).evaluate(only={"home"},
                               trusted={"services/home/versions/1.yaml"}).findings
    assert in_home(gone, set()) == in_home(whole, set())
    assert "E215" in {f.code for f in in_home(gone, set())}
