"""minisvc build: complete, deterministic, schema-valid output, swapped in atomically."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import ROOT, Run, locale_file, locale_rel, snapshot, write


def built(run: Run, repo: Path, *args: str) -> dict[str, bytes]:
    result = run(repo, "build", *args)
    assert result.exit_code == 0, result.output
    return snapshot(repo / "dist")


def doc(repo: Path, rel: str) -> dict[str, Any]:
    return dict(json.loads((repo / "dist" / rel).read_text(encoding="utf-8")))


def locale_doc(repo: Path, service: str, version: int, locale: str) -> dict[str, Any]:
    return dict(json.loads(locale_file(repo / "dist", service, version, locale).read_bytes()))


def test_two_builds_are_byte_identical(repo: Path, run: Run, tmp_path: Path) -> None:
    first = built(run, repo)
    other = tmp_path / "out2"
    assert run(repo, "build", "--out", str(other)).exit_code == 0
    assert first == snapshot(other)
    assert first == built(run, repo)


def test_every_output_file_validates_against_its_schema(repo: Path, run: Run) -> None:
    files = built(run, repo)
    runtime = jsonschema.Draft202012Validator(
        json.loads((ROOT / "schema" / "runtime.schema.json").read_text()))
    manifest = jsonschema.Draft202012Validator(
        json.loads((ROOT / "schema" / "manifest.schema.json").read_text()))
    locale_files = [rel for rel in files if "/v" in rel]
    assert len(locale_files) == 2 * 7 + 2 * 5  # home v1, v2 in 7 locales; wallet v1, v2 in 5
    for rel in locale_files:
        runtime.validate(json.loads(files[rel]))
    for rel in ("home/manifest.json", "wallet/manifest.json"):
        manifest.validate(json.loads(files[rel]))


def test_manifest_names_what_users_can_get(repo: Path, run: Run) -> None:
    """No refs: release.yaml's version in its stage, the one below it Released."""
    built(run, repo)
    home = doc(repo, "home/manifest.json")
    assert home["releasing"]["version"] == 2 and home["releasing"]["ratio"] == 20
    assert home["releasing"]["group"] == "home/v2"
    assert home["released"]["version"] == 1 and home["testing"] is None
    wallet = doc(repo, "wallet/manifest.json")
    assert wallet["testing"]["version"] == 2 and len(wallet["testing"]["testers"]) == 2
    assert b"@" not in (repo / "dist" / "wallet" / "manifest.json").read_bytes()


def test_files_are_named_by_their_content_and_slides_have_ids(repo: Path, run: Run) -> None:
    """Format 2: a file's name carries its hash, so a name never changes its bytes."""
    files = built(run, repo)
    for sid in ("home", "wallet"):
        manifest = json.loads(files[f"{sid}/manifest.json"])
        assert manifest["format"] == 2
        for channel in ("released", "releasing", "testing"):
            entry = manifest[channel]
            for locale, named in (entry or {}).get("files", {}).items():
                data = files[f"{sid}/{named['path']}"]
                assert hashlib.sha256(data).hexdigest() == named["sha256"]
                assert named["path"] == \
                    f"v{entry['version']}/{locale}.{named['sha256'][:32]}.json"
                assert json.loads(data)["format"] == 2
    slides = locale_doc(repo, "home", 2, "en-US")["sections"][0]["slides"]
    assert [s["id"] for s in slides] == ["carousel-1", "carousel-2"]


def test_strings_resolve_through_the_fallback_chain(repo: Path, run: Run) -> None:
    text = (repo / "services/home/versions/2.yaml").read_text(encoding="utf-8")
    # drop the Hong Kong title: the explicit fallback to zh-Hant-TW must be used
    text = text.replace("  zh-Hant-HK: 小程式服務\n", "")
    # and the Thai badge: th-TH falls back to the default locale
    text = text.replace(", th-TH: ใหม่", "", 1)
    write(repo, "services/home/versions/2.yaml", text)
    built(run, repo)
    assert locale_doc(repo, "home", 2, "zh-Hant-HK")["title"] == "小程式服務"
    picks = next(s for s in locale_doc(repo, "home", 2, "th-TH")["sections"]
                 if s["id"] == "daily-picks")
    assert picks["mini_programs"][0]["badge"] == {"type": "text", "text": "NEW"}


def test_catalog_names_use_cldr_parents_and_rtl_is_marked(repo: Path, run: Run) -> None:
    built(run, repo)
    names = {}
    for locale in ("zh-CN", "zh-Hant-HK", "ar-SA", "en-US"):
        d = locale_doc(repo, "home", 2, locale)
        picks = next(s for s in d["sections"] if s["id"] == "daily-picks")
        names[locale] = (picks["mini_programs"][0]["name"], d["dir"])
    assert names == {"zh-CN": ("外卖", "ltr"), "zh-Hant-HK": ("外賣", "ltr"),
                     "ar-SA": ("توصيل الطعام", "rtl"), "en-US": ("Food Delivery", "ltr")}
    first = locale_doc(repo, "home", 2, "en-US")["sections"][0]["slides"][0]
    assert first["start"] == "2026-10-31T16:00:00Z"  # +08:00 normalized to UTC
    assert first["link"] == {"type": "mini_program", "app_id": "3000000000000022",
                             "page": "pages/index?from=carousel"}


def test_a_failed_build_leaves_the_previous_output_untouched(repo: Path, run: Run) -> None:
    before = built(run, repo)
    write(repo, "services/home/versions/2.yaml", "title: {en-US: x}\nsections: [}\n")
    result = run(repo, "build")
    assert result.exit_code == 1
    assert "services/home/versions/2.yaml:2:" in result.output
    assert "nothing was written" in result.output
    assert snapshot(repo / "dist") == before


def test_version_option_builds_a_draft_for_preview(repo: Path, run: Run) -> None:
    files = built(run, repo, "--service", "home", "--version", "3")
    assert locale_rel(files, "home", 3, "en-US")  # built, though no channel serves it
    manifest = doc(repo, "home/manifest.json")
    assert 3 not in [(manifest[c] or {}).get("version") for c in ("released", "releasing",
                                                                   "testing")]


def test_unknown_preview_version_is_a_user_error(repo: Path, run: Run) -> None:
    result = run(repo, "build", "--service", "home", "--version", "99")
    assert result.exit_code == 1
    assert "has no version 99" in result.output
    assert not (repo / "dist").exists()


def test_stale_staging_from_a_killed_build_is_cleaned(repo: Path, run: Run) -> None:
    built(run, repo)
    (repo / ".dist.new-dead").mkdir()
    (repo / ".dist.new-dead" / "half.json").write_text("{")
    built(run, repo)
    assert not (repo / ".dist.new-dead").exists()
