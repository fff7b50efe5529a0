"""minisvc init: a config repository where the lifecycle works right after the first commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from compiler import __version__
from compiler.build.schemas import all_files
from compiler.commands import scaffold
from tests.conftest import ROOT, Run, snapshot
from tests.gitutil import (
    commit_all,
    git,
    isolated_git,  # noqa: F401  (autouse: no global git config)
    with_remote,
)


def first_line_target(repo: Path, rel: str) -> Path:
    first = (repo / rel).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), (rel, first)
    return ((repo / rel).parent / first.split("$schema=", 1)[1]).resolve()


def test_init_writes_a_repository_that_validates_builds_and_bootstraps(tmp_path: Path,
                                                                       run: Run) -> None:
    page = tmp_path / "page"
    result = run(tmp_path, "init", str(page), "--default-locale", "zh-CN",
                 "--locale", "zh-CN", "--locale", "en-US")
    assert result.exit_code == 0, result.output
    files = snapshot(page)
    assert {"services/catalog.yaml", "services/my-service/service.yaml",
            "services/my-service/release.yaml", "services/my-service/versions/1.yaml",
            ".github/workflows/ci.yml", ".github/workflows/pr-check.yml",
            ".github/workflows/release.yml", ".gitignore", ".pre-commit-config.yaml",
            "README.md"} <= set(files)
    assert {f"schema/{n}": d for n, d in all_files().items()}.items() <= files.items()
    assert b"locales: [zh-CN, en-US]" in files["services/my-service/service.yaml"]
    for rel in (p for p in files if p.startswith("services/")):
        assert first_line_target(page, rel).is_file(), rel
    git(page, "init", "-q", "-b", "main")
    commit_all(page, "The Mini Service page")
    with_remote(page, tmp_path / "remote.git")
    for args in (["validate", "--strict"], ["build"], ["check", "--base", "origin/main"],
                 ["apply", "--bootstrap", "--push", "origin"], ["schema", "--check"],
                 ["preview", "my-service", "1"], ["status"]):
        done = run(page, *args)
        assert done.exit_code == 0, (args, done.output)
    assert git(page, "status", "--porcelain") == ""  # dist/ and dist-preview/ are ignored


def test_init_with_sample_copies_the_projects_sample(tmp_path: Path, run: Run) -> None:
    assert run(tmp_path, "init", str(tmp_path / "page"), "--sample").exit_code == 0
    written = snapshot(tmp_path / "page/services")
    assert written == snapshot(ROOT / "services")


@pytest.mark.parametrize("there", ["services/catalog.yaml", "README.md", ".gitignore"])
def test_init_refuses_a_folder_that_has_any_of_its_files(tmp_path: Path, run: Run,
                                                         there: str) -> None:
    page = tmp_path / "page"
    (page / there).parent.mkdir(parents=True, exist_ok=True)
    (page / there).write_text("ours\n")
    before = snapshot(page)
    result = run(tmp_path, "init", str(page))
    assert result.exit_code == 1 and "already has" in result.output
    assert "Traceback" not in result.output
    assert snapshot(page) == before


@pytest.mark.parametrize("args", [["--service", "My Service"], ["--locale", "en_US!"],
                                  ["--default-locale", "en-US", "--locale", "zh-CN",
                                   "--locale", "zh-CN"]])
def test_init_with_bad_ids_writes_nothing_or_settles_the_locales(tmp_path: Path, run: Run,
                                                                 args: list[str]) -> None:
    result = run(tmp_path, "init", str(tmp_path / "page"), *args)
    if "zh-CN" in args:  # the default first, each locale once
        assert result.exit_code == 0, result.output
        service = (tmp_path / "page/services/my-service/service.yaml").read_text("utf-8")
        assert "locales: [en-US, zh-CN]" in service
    else:
        assert result.exit_code == 1 and not (tmp_path / "page").exists(), result.output


def test_the_scaffolded_workflows_install_this_version_never_the_checkout() -> None:
    files = scaffold.repository_files()
    for name in ("ci.yml", "pr-check.yml", "release.yml"):
        text = files[f".github/workflows/{name}"].decode()
        assert f'pip install --disable-pip-version-check "minisvc=={__version__}"' in text
        assert "install --disable-pip-version-check .\n" not in text
        assert "RUNNER_TEMP/gate" not in text
        YAML(typ="safe").load(text)
    shipped = (ROOT / ".github/workflows/release.yml").read_text("utf-8")
    assert scaffold.pinned(shipped).replace(f"minisvc {__version__}\n", "minisvc\n").replace(
        f'"minisvc=={__version__}"', ".").replace("(minisvc's docs/", "(docs/") == shipped
    assert f"rev: v{__version__}" in files[".pre-commit-config.yaml"].decode()
    assert "id: minisvc-validate" in files[".pre-commit-config.yaml"].decode()
    assert "id: minisvc-validate" in (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")


def test_the_teams_readme_names_only_commands_there_are() -> None:
    from compiler.cli.table import COMMANDS

    readme = scaffold.repository_files()["README.md"].decode()
    named = {line.split()[1] for line in readme.splitlines() if line.startswith("minisvc ")}
    assert named and named <= set(COMMANDS), named - set(COMMANDS)
    assert f"minisvc=={__version__}" in readme
