"""The README's ten-minute tour, run as written, in order, in a fresh clone.

Every command of the tour's ``sh`` blocks runs: `minisvc` in-process (the same entry
point as `.venv/bin/minisvc`), `git` for real, against a clone whose origin is a bare
repository holding the shipped sample on main. `minisvc serve` runs as a process and is
asked the URL its comment names, then stopped; its port is the one free here (8000 may be
taken on a CI machine), the only change to what the README says. The tour must leave
main on the origin as it was: its edits travel on a branch, as a pull request's do.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run
from tests.gitutil import (
    clone,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
)

MINISVC = ".venv/bin/minisvc"


def tour_blocks() -> list[list[list[str]]]:
    """The tour's sh blocks, each a list of commands (argv), `&&` chains split."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = text.split("## A ten-minute tour", 1)[1].split("\n## ", 1)[0]
    blocks = []
    for block in re.findall(r"```sh\n(.*?)```", tour, flags=re.DOTALL):
        commands: list[list[str]] = []
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            while words:
                cut = words.index("&&") if "&&" in words else len(words)
                commands.append(words[:cut])
                words = words[cut + 1:]
        blocks.append(commands)
    return blocks


def test_the_tour_is_what_this_test_runs() -> None:
    """So the test cannot pass by finding nothing: the tour's steps, in order."""
    names = [" ".join(c[:3]) for block in tour_blocks() for c in block]
    assert names == [
        "git switch -c", f"{MINISVC} program add", f"{MINISVC} section move",
        f"{MINISVC} slide edit", f"{MINISVC} catalog search", f"{MINISVC} validate",
        f"{MINISVC} build", f"{MINISVC} preview home", f"{MINISVC} release home",
        "git commit -am", "git push -u", f"{MINISVC} release home",
        f"{MINISVC} test home", f"{MINISVC} status", f"{MINISVC} history home",
        "git tag -l", f"{MINISVC} resolve home", f"{MINISVC} serve --port"]


def fresh_clone(tmp_path: Path) -> tuple[Path, Path]:
    """The project's sample as a fresh clone of a remote (what a new operator has)."""
    source = tmp_path / "project"
    for folder in ("services", "schema"):
        shutil.copytree(ROOT / folder, source / folder)
    for name in (".gitignore", "README.md"):
        shutil.copy(ROOT / name, source / name)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "the project")
    remote = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(remote))
    return clone(remote, tmp_path / "tour"), remote


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(tour: Path, args: list[str]) -> None:
    """`minisvc serve` as written (but on a free port): it answers, then stops on Ctrl-C."""
    port = str(free_port())
    argv = [sys.executable, "-m", "minisvc", *[port if a == "8000" else a for a in args]]
    proc = subprocess.Popen(argv, cwd=tour, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("serving "), first + (proc.stderr.read() if proc.stderr else "")
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
        conn.request("GET", "/v1/home?user=42&locale=ar-SA")  # the README's own example
        reply = conn.getresponse()
        assert reply.status == 200 and b'"locale":"ar-SA"' in reply.read()
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_readme_tour_runs_as_written_in_a_fresh_clone(tmp_path: Path, run: Run,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    tour, remote = fresh_clone(tmp_path)
    main = git(remote, "rev-parse", "main").strip()
    monkeypatch.chdir(tour)
    outputs: list[str] = []
    for command in (c for block in tour_blocks() for c in block):
        if command[0] == MINISVC and command[1] == "serve":
            serve(tour, command[1:])
        elif command[0] == MINISVC:
            result = run(tour, *command[1:])
            assert result.exit_code == 0, f"{shlex.join(command)}:\n{result.output}"
            outputs.append(result.output)
        else:
            assert command[0] == "git", command
            outputs.append(git(tour, *command[1:]))
        if command[:2] == ["git", "push"]:
            gate = run(tour, "check", "--base", "origin/main")  # what the PR's CI runs
            assert gate.exit_code == 0, gate.output
            assert "plan:\n  home v2: Releasing 20% -> Releasing 50%\n" in gate.output
    assert git(remote, "rev-parse", "main").strip() == main  # main only moves by merges
    pushed = git(remote, "show", "home-v3-travel:services/home/versions/3.yaml")
    assert "Parking" not in pushed  # by app id: the catalog names it
    assert '- app_id: "3000000000000012"' in pushed
    assert "end: 2026-12-14T00:00:00+08:00" in pushed
    assert "ratio: 50" in git(remote, "show", "home-v3-travel:services/home/release.yaml")
    assert any("home v3: Draft -> Testing (1 tester)" in out for out in outputs)
