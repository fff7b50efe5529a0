"""Every fix a lifecycle refusal suggests works in the state it is given in.

For each (status, action) pair the seed's table refuses, and each row of the refusal
table that names a command, the version is put in that status (the sample's release.yaml,
adopted as `apply --bootstrap` would record it) and every `minisvc ...` command of the
hint is run there: it must succeed. A hint that names no command is allowed; one that
names a command that then refuses is the bug this guards against (E308 on a Releasing
version suggesting `minisvc test`, E300 on a Testing one suggesting `minisvc duplicate`).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from compiler.lifecycle.refusals import ALLOWED, Action, refusal, refuse
from compiler.model.status import Status
from tests.conftest import Run, copy_sample, write
from tests.gitutil import (
    commit_all,
    init_sample,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)

HOME = "services/home/release.yaml"
NOTHING_IN_FLIGHT = "version: 2\nstage: released\n"  # v1 Archived, v2 Released, v3 Draft
V3_TESTING = "version: 3\nstage: testing\ntesters: [alice@example.com]\n"
V3_RELEASING = "version: 3\nstage: releasing\nratio: 20\n"
SAMPLE = None  # the shipped release.yaml: v2 Releasing 20%, v3 Draft

# Where a version of each status is, and in which release.yaml (None: the sample's own).
WHERE: dict[Status, list[tuple[str | None, int]]] = {
    Status.DRAFT: [(NOTHING_IN_FLIGHT, 3)],
    Status.TESTING: [(V3_TESTING, 3)],
    Status.RELEASING: [(V3_RELEASING, 3), (SAMPLE, 2)],
    Status.RELEASED: [(NOTHING_IN_FLIGHT, 2), (V3_TESTING, 2)],
    Status.ARCHIVED: [(NOTHING_IN_FLIGHT, 1), (V3_RELEASING, 1)],
}
FILL = {"EMAIL": "carol@example.com", "RATIO": "99", "N": "3"}


def commands(hint: str) -> list[list[str]]:
    """The `minisvc ...` commands a hint names, placeholders filled in."""
    found = re.findall(r"`(minisvc [^`]+)`", hint)
    return [[FILL.get(word, word) for word in shlex.split(c)][1:] for c in found]


def state(tmp_path: Path, release: str | None) -> Path:
    repo = copy_sample(tmp_path / f"repo-{len(list(tmp_path.iterdir()))}")
    if release is not None:
        write(repo, HOME, release)
    return repo


def bootstrapped_at(tmp_path: Path, run: Run, applied: str | None) -> Path:
    """The sample in git with ``applied`` recorded by `apply --bootstrap` (local refs)."""
    repo = init_sample(tmp_path / f"git-{len(list(tmp_path.iterdir()))}")
    if applied is not None:
        write(repo, HOME, applied)
        commit_all(repo, "the applied state")
    result = run(repo, "apply", "--bootstrap")
    assert result.exit_code == 0, result.output
    return repo


def refused_pairs() -> list[tuple[Status, Action, str | None, int]]:
    return [(status, action, release, version)
            for status in Status for action in Action if action not in ALLOWED[status]
            for release, version in WHERE[status]]


def test_the_states_are_what_the_table_is_tried_in(tmp_path: Path, run: Run) -> None:
    for status, places in WHERE.items():
        for release, version in places:
            out = run(state(tmp_path, release), "status", "home").output
            assert re.search(rf"^  v{version}\s+{status.label}\b", out, re.MULTILINE), out


NAMES = {NOTHING_IN_FLIGHT: "nothing-in-flight", V3_TESTING: "v3-testing",
         V3_RELEASING: "v3-releasing", SAMPLE: "sample"}


@pytest.mark.parametrize(("status", "action", "release", "version"), refused_pairs(),
                         ids=[f"{s.value}-{a.value}-{NAMES[r]}-v{v}"
                              for s, a, r, v in refused_pairs()])
def test_a_fix_of_the_seeds_table_works_in_its_state(status: Status, action: Action,
                                                     release: str | None, version: int,
                                                     tmp_path: Path, run: Run) -> None:
    refused = refuse("home", version, status, action)
    assert refused is not None
    for args in commands(refused.hint):
        result = run(state(tmp_path, release), *args)
        assert result.exit_code == 0, (refused.hint, args, result.output)


ROWS = [
    # (row, its values, the applied release.yaml, the release.yaml a PR asks for)
    ("one-in-flight", {"service": "home", "flight": 2, "version": 3, "status": "Releasing"},
     SAMPLE, V3_TESTING),
    ("ratio-down", {"service": "home", "version": 3, "was": "20", "ratio": "10"},
     V3_RELEASING, "version: 3\nstage: releasing\nratio: 10\n"),
    ("nothing-in-flight", {"service": "home", "action": "Retest"}, NOTHING_IN_FLIGHT,
     NOTHING_IN_FLIGHT),
]


@pytest.mark.parametrize(("name", "values", "applied", "asked"), ROWS, ids=[r[0] for r in ROWS])
def test_a_fix_of_the_refusal_table_works_in_its_state(name: str, values: dict[str, object],
                                                       applied: str | None, asked: str,
                                                       tmp_path: Path, run: Run) -> None:
    """The refusal is given where `check` gives it: the applied state (refs) and a
    release.yaml asking for an illegal move; the commands run on that same tree."""
    refused = refusal(name, **values)
    found = commands(refused.hint)
    assert found, refused.hint
    for args in found:
        repo = bootstrapped_at(tmp_path, run, applied)
        write(repo, HOME, asked)
        result = run(repo, *args)
        assert result.exit_code == 0, (refused.hint, args, result.output)


def test_the_hints_name_commands_at_all() -> None:
    """So the tests above cannot pass by the table naming nothing."""
    named = {c[0] for s, a, _r, v in refused_pairs()
             for c in commands(refuse("home", v, s, a).hint)}  # type: ignore[union-attr]
    assert named == {"revert", "new", "duplicate", "test", "retest", "release"}


@pytest.mark.parametrize(("args", "hint"), [
    (["retest", "home", "--tester", "erin@example.com"],
     "fix: a Releasing version has no testers to change: raise the ratio (`minisvc release "
     "home --ratio RATIO`), or revert it to Draft (`minisvc revert home`)"),
    (["test", "home", "2", "--tester", "erin@example.com"],
     "fix: a Releasing version does not go back to testing: raise the ratio (`minisvc "
     "release home --ratio RATIO`), or revert it to Draft (`minisvc revert home`) and test "
     "it again"),
])
def test_the_commands_give_the_tables_hint(args: list[str], hint: str, repo: Path,
                                           run: Run) -> None:
    result = run(repo, *args)
    assert result.exit_code == 1
    assert hint in result.output
