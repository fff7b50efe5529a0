"""check --base reads only what the diff and the refs require, and answers as before.

The base side: only blobs that differ from head are read from git, and the result is
exactly :meth:`GitRoot.files_at`. The head side: the per-service engine, so services a
PR does not touch come from the cache, and their findings are still reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.engine import incremental
from compiler.git.tree import blob_id, open_root
from tests.conftest import Run, write
from tests.gitutil import (
    bootstrapped,
    commit_all,
    count_git_calls,
    git,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)

HOME_V3 = "services/home/versions/3.yaml"
WALLET_V3 = "services/wallet/versions/3.yaml"


pytestmark = pytest.mark.usefixtures("own_cache_secret")


@pytest.fixture
def units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    computed: list[str] = []
    real = incremental._unit

    def unit(name: str) -> dict[str, Any]:
        computed.append(name)
        return real(name)

    monkeypatch.setattr(incremental, "_unit", unit)
    return computed


def test_blob_id_is_gits(tmp_path: Path) -> None:
    repo = init_sample(tmp_path / "repo")
    raw = (repo / HOME_V3).read_bytes()
    assert blob_id(raw).hex() == git(repo, "hash-object", HOME_V3).strip()


def test_files_like_is_files_at_reading_only_what_differs(tmp_path: Path) -> None:
    repo = init_sample(tmp_path / "repo")
    (repo / HOME_V3).write_text((repo / HOME_V3).read_text() + "# edited\n")
    (repo / "services/wallet/versions/2.yaml").unlink()
    write(repo, WALLET_V3, "title: {en-US: New}\n")
    write(repo, "services/home/versions/notes.yml", "ignored: by read_inputs? no\n")
    head = {p.relative_to(repo).as_posix(): p.read_bytes()
            for p in (repo / "services").rglob("*") if p.is_file()}
    root = open_root(repo)
    like = root.files_like("HEAD", head)
    assert like == root.files_at("HEAD")
    shared = {rel for rel, raw in like.items() if raw is head.get(rel)}
    assert set(like) - shared == {HOME_V3, "services/wallet/versions/2.yaml"}


def test_a_one_file_pr_judges_one_service_and_full_reports_the_others(
        tmp_path: Path, run: Run, units: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Base was gated: a service the PR does not touch keeps base's findings, so the gate
    computes and reports only the PR's; ``--full`` reports a main broken past the gate."""
    repo, _ = bootstrapped(tmp_path, run)
    # main already carries a broken Draft in wallet, a service the PR does not touch
    write(repo, WALLET_V3, (repo / "services/wallet/versions/2.yaml").read_text()
          + "unknown_field: 1\n")
    commit_all(repo, "a broken wallet draft")
    validated = run(repo, "validate")
    assert validated.exit_code == 1
    wallet_lines = [line for line in validated.output.splitlines()
                    if line.startswith(WALLET_V3)]
    assert wallet_lines
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / HOME_V3).write_text((repo / HOME_V3).read_text() + "# a one-line edit\n")
    commit_all(repo, "the PR")
    units.clear()
    warm = run(repo, "check", "--base", "main")
    assert units == ["home"]
    assert warm.exit_code == 0 and WALLET_V3 not in warm.output, warm.output
    full = run(repo, "check", "--base", "main", "--full")
    assert full.exit_code == 1
    assert [line for line in full.output.splitlines()
            if line.startswith(WALLET_V3)] == wallet_lines
    monkeypatch.setenv("MINISVC_CACHE", "0")
    units.clear()
    cold = run(repo, "check", "--base", "main")
    assert units == ["home"]  # the PR's service: not wallet, nor the catalog base gated
    assert (cold.exit_code, cold.output) == (warm.exit_code, warm.output)


def test_the_gate_asks_git_for_each_commit_once(tmp_path: Path, run: Run,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: base's name resolved three times, HEAD's twice, and each id git had just given
    resolved again, 15 git processes for a one-file PR (each a few ms of the gate)."""
    repo, _ = bootstrapped(tmp_path, run)
    git(repo, "checkout", "-q", "-b", "pr")
    write(repo, HOME_V3, (repo / HOME_V3).read_text().replace("Mini", "Mini mini", 1))
    commit_all(repo, "one word")
    calls = count_git_calls(monkeypatch)
    result = run(repo, "check", "--base", "main")
    assert result.exit_code == 0, result.output
    resolved = [str(call[-1]) for call in calls if call[1:3] == ("rev-parse", "--verify")]
    assert sorted(resolved) == ["HEAD^{commit}", "main^{commit}"]
