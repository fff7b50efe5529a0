"""A version is published in the locales its title is written in; resolution negotiates
among the files of the version it picks (issue 15: a locale added to a service reaches a
frozen version's users never, a new version's when it is released translated)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run

HOME = "services/home/service.yaml"


def added_malay(repo: Path) -> None:
    text = (repo / HOME).read_text(encoding="utf-8")
    (repo / HOME).write_text(text.replace(", ar-SA]", ", ar-SA, ms-MY]"), encoding="utf-8")


def test_a_new_locale_is_no_file_of_a_version_whose_title_lacks_it(repo: Path,
                                                                   run: Run) -> None:
    added_malay(repo)
    assert run(repo, "build").exit_code == 0
    manifest = json.loads((repo / "dist/home/manifest.json").read_text())
    assert "ms-MY" in manifest["locales"]
    assert "ms-MY" not in manifest["released"]["files"]
    assert not list((repo / "dist/home/v1").glob("ms-MY*"))
    assert list((repo / "dist/home/v1").glob("en-US*"))


def test_a_device_in_a_locale_the_version_lacks_gets_its_fallback(repo: Path,
                                                                  run: Run) -> None:
    added_malay(repo)
    assert run(repo, "build").exit_code == 0
    out = run(repo, "resolve", "home", "--user", "u1", "--locale", "ms-MY", "--format", "json")
    assert out.exit_code == 0, out.output
    answer = json.loads(out.output)
    assert (answer["version"], answer["locale"]) == (1, "en-US")


def test_a_version_whose_title_has_the_locale_publishes_it(repo: Path, run: Run) -> None:
    added_malay(repo)
    v1 = repo / "services/home/versions/1.yaml"
    v1.write_text(v1.read_text(encoding="utf-8").replace(
        "  ar-SA: الخدمات المصغرة\n", "  ar-SA: الخدمات المصغرة\n  ms-MY: Perkhidmatan Mini\n"),
        encoding="utf-8")
    assert run(repo, "build").exit_code == 0
    manifest = json.loads((repo / "dist/home/manifest.json").read_text())
    assert (repo / "dist/home" / manifest["released"]["files"]["ms-MY"]["path"]).is_file()
    out = run(repo, "resolve", "home", "--user", "u1", "--locale", "ms-MY", "--format", "json")
    assert json.loads(out.output)["locale"] == "ms-MY"
