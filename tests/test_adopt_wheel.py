"""The wheel, as a team outside this repository gets it (README "Use it in your own
repository", run as written).

The wheel is built from this checkout once per session and installed into a fresh venv;
everything after that runs from a temporary folder, with that venv's bin/ first on PATH
and no PYTHONPATH, so nothing of this checkout is importable. `pip install minisvc`
finds the wheel through PIP_FIND_LINKS (the dependencies come from the configured
index); `git@github.com:your-team/my-page.git` reaches a bare repository through git's
`url.<base>.insteadOf`. `minisvc serve` runs as a process, answers once and is stopped;
its port is a free one, the only change to what the README says.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
REMOTE_URL = "git@github.com:your-team/my-page.git"


def section_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use it in your own repository", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    commands: list[list[str]] = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            commands.append(words[:cut])
            words = words[cut + 1:]
    return commands


@pytest.fixture(scope="session")
def wheel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True, timeout=120)
    return out


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, wheel_dir: Path) -> dict[str, str]:
    """The environment of a machine with a fresh venv active and its own git config."""
    home = tmp_path_factory.mktemp("home")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=60)
    bare = home / "my-page.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    config = home / "gitconfig"
    config.write_text(f'[user]\n\tname = Team\n\temail = team@example.com\n'
                      f'[url "{bare.as_uri()}"]\n\tinsteadOf = {REMOTE_URL}\n')
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "GIT_", "MINISVC"))}
    found_links = os.environ.get("PIP_FIND_LINKS", "")
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", HOME=str(home),
               VIRTUAL_ENV=str(venv), GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1",
               PIP_FIND_LINKS=f"{wheel_dir} {found_links}".strip(),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(cwd: Path, env: dict[str, str], args: list[str]) -> dict[str, object]:
    port = str(free_port())
    proc = subprocess.Popen([*args[:-1], port] if args[-1] == "8000" else args, cwd=cwd,
                            env={**env, "PYTHONUNBUFFERED": "1"}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("serving "), first + (proc.stderr.read() if proc.stderr else "")
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
        conn.request("GET", "/v1/wallet?user=u1&locale=en-US&email=alice@example.com")
        response = conn.getresponse()
        body = json.loads(response.read())
        conn.close()
        assert response.status == 200, body
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        return dict(body)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_section_is_what_this_test_runs() -> None:
    names = [" ".join(c[:2]) for c in section_commands()]
    assert names[:3] == ["pip install", "minisvc init", "cd my-page"]
    assert {"minisvc check", "minisvc apply", "minisvc serve", "minisvc preview",
            "minisvc service", "git push"} <= set(names)


def test_the_readme_section_runs_as_written_from_the_wheel(tmp_path: Path,
                                                           world: dict[str, str]) -> None:
    cwd = tmp_path
    outputs: dict[str, str] = {}
    for command in section_commands():
        if command[0] == "cd":
            cwd = cwd / command[1]
            continue
        if command[:2] == ["minisvc", "serve"]:
            served = serve(cwd, world, command)
            continue
        done = subprocess.run(command, cwd=cwd, env=world, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{shlex.join(command)}:\n{done.stdout}{done.stderr}"
        outputs[" ".join(command[:2])] = done.stdout + done.stderr
    assert "wallet v1: Draft -> Testing (1 tester)" in outputs["minisvc check"]
    assert "Testing" in outputs["minisvc status"]
    assert served["version"] == 1, served
    pushed = subprocess.run(["git", "ls-remote", REMOTE_URL], cwd=cwd, env=world,
                            capture_output=True, text=True, check=True).stdout
    assert "wallet" in pushed.replace("refs/heads/wallet\n", "")  # the lifecycle refs
    ignored = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=cwd,
                             env=world, capture_output=True, text=True, check=True).stdout
    assert "!! dist/" in ignored and "!! dist-preview/" in ignored
    assert [line for line in ignored.splitlines() if not line.startswith("!!")] == []


def test_the_wheel_is_minisvc_only_and_carries_what_it_runs_on(
        tmp_path: Path, world: dict[str, str], wheel_dir: Path) -> None:
    [wheel] = wheel_dir.glob("minisvc-*.whl")
    subprocess.run(["pip", "install", "-q", str(wheel)], cwd=tmp_path, env=world, check=True,
                   capture_output=True, timeout=180)

    def python(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["python", "-c", code], cwd=tmp_path, env=world,
                              capture_output=True, text=True)

    assert "No module named 'compiler'" in python("import compiler").stderr
    assert python("import minisvc; print(minisvc.__file__)").stdout.startswith(
        str(Path(world["VIRTUAL_ENV"])))
    version = subprocess.run(["minisvc", "--version"], cwd=tmp_path, env=world,
                             capture_output=True, text=True, check=True).stdout
    assert version.strip() == f"minisvc, version {__version__}"
    done = subprocess.run(["minisvc", "init", "sample", "--sample"], cwd=tmp_path, env=world,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "sample/services/home/versions/3.yaml").read_bytes() == (
        ROOT / "services/home/versions/3.yaml").read_bytes()
    preview = subprocess.run(["minisvc", "preview", "home", "3"], cwd=tmp_path / "sample",
                             env=world, capture_output=True, text=True)
    assert preview.returncode == 0, preview.stderr
