"""minisvc title set/unset on a Draft that carries comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring_support import V3, commented_repo, edit, refused, set_stage, udiff
from tests.conftest import Run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return commented_repo(tmp_path)


def test_set_replaces_one_line(run: Run, repo: Path) -> None:
    diff = edit(run, repo, "title", "set", "home", "--locale", "zh-CN", "小程序", "--version", "3")
    assert diff == "@@ -5 +5 @@\n-  zh-CN: 小程序服务\n+  zh-CN: 小程序"


def test_set_without_locale_sets_the_default_locale_and_keeps_its_comment(
        run: Run, repo: Path) -> None:
    diff = edit(run, repo, "title", "set", "home", "Services", "--version", "3")
    assert diff == ("@@ -4 +4 @@\n-  en-US: Mini Services   # shown in the top bar\n"
                    "+  en-US: Services        # shown in the top bar")


def test_set_a_missing_locale_inserts_it_in_service_order(run: Run, repo: Path) -> None:
    (repo / V3).write_text((repo / V3).read_text().replace("  th-TH: บริการมินิ\n", ""))
    diff = edit(run, repo, "title", "set", "home", "--locale", "th-TH", "บริการมินิ",
                "--version", "3")
    assert diff == "@@ -9,0 +10 @@\n+  th-TH: บริการมินิ"


def test_set_in_a_flow_title_keeps_it_on_one_line(run: Run, repo: Path) -> None:
    set_stage(repo, "wallet", 1, "draft")
    path = repo / "services/wallet/versions/1.yaml"
    before = path.read_text()
    result = run(repo, "title", "set", "wallet", "--locale", "vi-VN", "Ví", "--version", "1")
    assert result.exit_code == 0, result.output
    assert udiff(before, path.read_text()) == (
        "@@ -2 +2 @@\n"
        "-title: {en-US: Wallet Services, zh-CN: 钱包服务, zh-Hant-TW: 錢包服務, "
        "he-IL: שירותי ארנק, vi-VN: Dịch vụ ví}\n"
        "+title: {en-US: Wallet Services, zh-CN: 钱包服务, zh-Hant-TW: 錢包服務, "
        "he-IL: שירותי ארנק, vi-VN: Ví}")


def test_unset_removes_the_line_and_the_comment_above_it(run: Run, repo: Path) -> None:
    """Unset exists to make a locale fall back: validate passes, --strict says so (W201)."""
    before = (repo / V3).read_text()
    result = run(repo, "title", "unset", "home", "--locale", "zh-Hant-HK", "--version", "3")
    assert result.exit_code == 0, result.output
    assert udiff(before, (repo / V3).read_text()) == (
        "@@ -6,2 +5,0 @@\n-  # Hong Kong and Taiwan share the text for now\n"
        "-  zh-Hant-HK: 小程式服務")
    assert run(repo, "validate").exit_code == 0
    strict = run(repo, "validate", "--strict")
    assert "W201 no translation for zh-Hant-HK (falls back)" in strict.output
    assert "0 errors, 1 warning" in strict.output


@pytest.mark.parametrize(("args", "message"), [
    (["set", "home", "--locale", "fr-FR", "Services"], "fr-FR is not one of the service's"),
    (["unset", "home", "--locale", "en-US"], "en-US is the default locale"),
    (["set", "nope", "X"], "no service 'nope' (services: home, wallet)"),
])
def test_refusals_change_nothing(run: Run, repo: Path, args: list[str], message: str) -> None:
    result = refused(run, repo, "title", *args, "--version", "3")
    assert message in result.output


def test_unset_a_locale_that_is_not_there_is_refused(run: Run, repo: Path) -> None:
    (repo / V3).write_text((repo / V3).read_text().replace("  th-TH: บริการมินิ\n", ""))
    result = refused(run, repo, "title", "unset", "home", "--locale", "th-TH", "--version", "3")
    assert "the title has no th-TH text" in result.output
