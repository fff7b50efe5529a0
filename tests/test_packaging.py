"""What pyproject.toml promises the wheel holds: one package, `minisvc`, built from the
folder compiler/, with every subpackage, and the console script pointing into it.

The wheel itself is built, installed and used in tests/test_adopt_wheel.py (slow)."""

from __future__ import annotations

import tomllib
from typing import Any

import compiler
from tests.conftest import ROOT


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_folder_compiler_is_the_package_minisvc() -> None:
    setuptools = pyproject()["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"minisvc": "compiler", "minisvc.sample": "services",
                                         "minisvc.workflows": ".github/workflows"}
    folders = sorted(p.parent.relative_to(ROOT / "compiler").as_posix()
                     for p in (ROOT / "compiler").glob("*/__init__.py"))
    assert setuptools["packages"] == ["minisvc", *(f"minisvc.{f}" for f in folders),
                                      "minisvc.sample", "minisvc.workflows"]


def test_the_console_script_runs_the_cli_of_that_package() -> None:
    assert pyproject()["project"]["scripts"] == {"minisvc": "minisvc.cli.main:main"}
    assert (ROOT / "compiler/cli/main.py").is_file()
    assert callable(__import__("compiler.cli.main", fromlist=["main"]).main)


def test_the_version_is_written_once_in_the_package() -> None:
    meta = pyproject()
    assert "version" not in meta["project"] and meta["project"]["dynamic"] == ["version"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "minisvc.__version__"}
    assert isinstance(compiler.__version__, str)


def test_package_data_carries_what_runs_at_run_time() -> None:
    setuptools = pyproject()["tool"]["setuptools"]
    for package, patterns in setuptools["package-data"].items():
        for pattern in patterns:
            folder = ROOT / setuptools["package-dir"][package]
            assert list(folder.glob(pattern)), (package, pattern)
    sample = setuptools["package-data"]["minisvc.sample"]
    assert sorted(p for pattern in sample for p in (ROOT / "services").glob(pattern)) == \
        sorted(p for p in (ROOT / "services").rglob("*") if p.is_file())


def test_the_cli_prints_the_version_and_the_changelog_has_its_entry() -> None:
    from click.testing import CliRunner

    from compiler.cli.group import cli

    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"minisvc, version {compiler.__version__}\n"
    headings = [line[3:] for line in (ROOT / "CHANGELOG.md").read_text("utf-8").splitlines()
                if line.startswith("## ")]
    assert headings[0] in ("Unreleased", compiler.__version__)
    assert compiler.__version__ in headings
    assert (ROOT / "docs/releasing.md").is_file()
