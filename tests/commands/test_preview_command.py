"""`minisvc preview`: which version and locales, where the page goes, clean failures."""

from __future__ import annotations

import json
import re
from pathlib import Path

from compiler.runtime.rollout import resolve
from tests.conftest import Run, snapshot, write
from tests.preview_samples import add_hostile_draft


def test_default_is_the_version_in_flight_written_under_dist_preview(repo: Path,
                                                                      run: Run) -> None:
    result = run(repo, "preview", "home")
    assert result.exit_code == 0, result.output
    page = repo / "dist-preview" / "home-v2.html"
    assert result.output == f"{page}\n"
    html = page.read_text(encoding="utf-8")
    assert "home</span> v2" in html and 'class="status">Releasing<' in html
    assert html.count('<div class="phone" ') == 7


def test_newest_version_when_release_yaml_names_none(repo: Path, run: Run) -> None:
    (repo / "services/home/release.yaml").unlink()
    result = run(repo, "preview", "home")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("home-v3.html")


def test_out_folder_against_and_locales(repo: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = run(repo, "preview", "home", "3", "--against", "2", "--out", str(out),
                 "--locale", "ar-sa,zh-Hant-HK", "--locale", "en-US", "--offline")
    assert result.exit_code == 0, result.output
    html = (out / "home-v3-vs-v2.html").read_text(encoding="utf-8")
    phones = [line.split('lang="')[1].split('"')[0] for line in html.splitlines()
              if line.startswith('<div class="phone" ')]
    assert phones == ["ar-SA", "zh-Hant-HK", "en-US"]
    assert "changes against v2" in html and 'data-change="removed"' in html
    assert not (repo / "dist-preview").exists()


def captions(html: str) -> list[str]:
    return re.findall(r"<figcaption><b>([^<]+)</b>([^<\n]*)", html)


def test_a_device_locale_shows_what_that_device_is_served(repo: Path, run: Run) -> None:
    """Negotiated as `resolve` does, labelled with the locale actually served."""
    asked = ["zh-Hant-MO", "zh_hant_hk", "ar-EG", "fr-FR", "he", "zh-TW", "en-US"]
    result = run(repo, "preview", "home", "2", "--locale", ",".join(asked), "--offline")
    assert result.exit_code == 0, result.output
    html = (repo / "dist-preview" / "home-v2.html").read_text(encoding="utf-8")
    assert captions(html) == [
        ("zh-Hant-HK", " (asked zh-Hant-MO)"), ("zh-Hant-HK", ""),
        ("ar-SA", " (asked ar-EG) · right to left"), ("en-US", " (asked fr-FR)"),
        ("en-US", " (asked he)"), ("zh-Hant-TW", " (asked zh-TW)"), ("en-US", "")]
    assert run(repo, "build").exit_code == 0
    manifest = json.loads((repo / "dist/home/manifest.json").read_text())
    for locale, (served, _) in zip(asked, captions(html), strict=True):
        assert getattr(resolve(manifest, "42", None, locale), "locale", None) == served, locale


def test_rewriting_replaces_the_page_whole(repo: Path, run: Run) -> None:
    assert run(repo, "preview", "home", "3").exit_code == 0
    page = repo / "dist-preview" / "home-v3.html"
    page.write_text("stale", encoding="utf-8")
    assert run(repo, "preview", "home", "3").exit_code == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in page.parent.iterdir()] == ["home-v3.html"]


def test_unknown_service_version_or_locale_is_a_clean_error(repo: Path, run: Run) -> None:
    before = snapshot(repo)
    for args, message in [
        (("nope",), "no service 'nope' (services: home, wallet)"),
        (("hom",), "no service 'hom' (services: home, wallet); did you mean \"home\"?"),
        (("home", "9"), "home has no version 9 (versions: 1, 2, 3)"),
        (("home", "3", "--against", "7"), "home has no version 7 (versions: 1, 2, 3)"),
        (("home", "--locale", "fr FR"), "--locale 'fr FR' is not a locale tag; give one such "
                                        "as zh-Hant-MO (locales of home: en-US, zh-CN, "
                                        "zh-Hant-HK, zh-Hant-TW, id-ID, th-TH, ar-SA)"),
    ]:
        result = run(repo, "preview", *args)
        assert result.exit_code == 1, args
        assert message in result.output
        assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_an_out_folder_that_cannot_be_made_is_a_clean_error(repo: Path, run: Run) -> None:
    write(repo, "blocker", "a file where a folder should be")
    before = snapshot(repo)
    result = run(repo, "preview", "home", "--out", str(repo / "blocker" / "pages"))
    assert result.exit_code == 1
    assert f"cannot write {repo / 'blocker' / 'pages' / 'home-v2.html'}" in result.output
    assert snapshot(repo) == before


def test_errors_in_the_version_stop_the_preview_and_write_nothing(repo: Path,
                                                                  run: Run) -> None:
    write(repo, "services/home/versions/4.yaml",
          "title: {en-US: Mini}\nsections:\n  - id: x\n    type: custom\n"
          "    name: {en-US: Picks}\n    max_items: 1\n    mini_programs:\n"
          "      - app_id: \"404\"\n")
    before = snapshot(repo)
    result = run(repo, "preview", "home", "4")
    assert result.exit_code == 1
    assert "services/home/versions/4.yaml:8:" in result.output
    assert "preview stopped: fix the errors above; nothing was written" in result.output
    assert snapshot(repo) == before


def test_errors_in_another_service_do_not_block(repo: Path, run: Run) -> None:
    write(repo, "services/wallet/versions/3.yaml", "title: [not, a, mapping]\n")
    add_hostile_draft(repo)
    result = run(repo, "preview", "home", "4")
    assert result.exit_code == 0, result.output


def test_misuse_exits_2(repo: Path, run: Run) -> None:
    assert run(repo, "preview").exit_code == 2
    assert run(repo, "preview", "home", "--against", "two").exit_code == 2
    assert run(repo, "preview", "home", "0").exit_code == 2


def test_help_shows_an_example(repo: Path, run: Run) -> None:
    result = run(repo, "preview", "--help")
    assert result.exit_code == 0
    assert "minisvc preview home 3 --against 2" in result.output
