"""Shared helpers: a copy of the shipped sample in a temp dir, and the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from compiler.cli.group import cli

ROOT = Path(__file__).resolve().parent.parent

# Property-based tests (tests/test_hostile_input.py). "ci" is the default: a fixed budget and
# a fixed seed, so CI is reproducible; a failure prints the @reproduce_failure blob. For a
# long exploratory run with fresh random seeds (docs/security.md):
#   .venv/bin/python -m pytest tests/test_hostile_input.py --hypothesis-profile=long
_COMMON: dict[str, Any] = {"deadline": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=5_000, **_COMMON)
settings.load_profile("ci")


def copy_sample(dest: Path) -> Path:
    for folder in ("services", "schema"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A writable copy of the shipped sample (services/ and schema/), no git."""
    return copy_sample(tmp_path / "repo")


Run = Callable[..., Result]


@pytest.fixture
def own_cache_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own cache secret, outside the repo, as a user's would be."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("MINISVC_CACHE", raising=False)
    monkeypatch.delenv("MINISVC_JOBS", raising=False)


@pytest.fixture
def run() -> Run:
    """Run `minisvc ARGS` in-process against a repo; returns click's Result."""

    def invoke(repo: Path, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--repo", str(repo), *args], input=input,
                                  catch_exceptions=False)

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes: to assert a failed command changed nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()
            and ".git" not in p.parts and ".minisvc-cache" not in p.parts}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(output: str) -> list[str]:
    return [line.split(": ")[1].split(" ")[0] for line in output.splitlines()
            if line.count(":") >= 3 and not line.startswith(" ")]


__all__: Sequence[str] = ["copy_sample", "snapshot", "write", "codes", "ROOT"]


def locale_rel(paths: Any, service: str, version: int, locale: str) -> str:
    """The one content-addressed name ``<service>/v<N>/<locale>.<hash>.json`` among
    ``paths`` (a dist/ snapshot's keys, or any iterable of relative paths)."""
    prefix = f"{service}/v{version}/{locale}."
    found = [p for p in paths if p.startswith(prefix) and p.endswith(".json")
             and len(p[len(prefix):]) == 32 + len(".json")]
    assert len(found) == 1, (prefix, sorted(paths))
    return str(found[0])


def locale_file(dist: Path, service: str, version: int, locale: str) -> Path:
    """The built file of one (version, locale) in ``dist``, whatever its hash."""
    paths = [p.relative_to(dist).as_posix() for p in (dist / service).glob(f"v{version}/*")]
    return dist / locale_rel(paths, service, version, locale)
