"""The preview page in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Playwright only drives the browser: it launches the system binary, it never downloads
one. Every page is opened from a file:// URL with all other requests recorded and
refused, so the tests also prove what the page would fetch.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageStat
from playwright.sync_api import Browser, Page, Route, sync_playwright

from compiler.cli.group import cli
from tests.conftest import copy_sample
from tests.preview_samples import IMAGES, SCRIPT_TITLE, add_hostile_draft

pytestmark = pytest.mark.slow

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    configured = os.environ.get("MINISVC_CHROMIUM")
    if configured:
        return configured
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium binary: set MINISVC_CHROMIUM or install Debian's "
                    "chromium (.ci/install-browser)")
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=binary,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile Draft's page (online and offline) and the sample's v3 against v2."""
    repo = copy_sample(tmp_path_factory.mktemp("preview") / "repo")
    add_hostile_draft(repo)
    out = repo / "pages"
    made = {}
    for name, args in {"hostile": ["home", "4"],
                       "offline": ["home", "4", "--offline", "--out", str(out / "off")],
                       "diff": ["home", "3", "--against", "2", "--offline"]}.items():
        result = CliRunner().invoke(cli, ["--repo", str(repo), "preview", *args],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        made[name] = Path(result.output.strip())
    return made


@dataclass
class Opened:
    page: Page
    fetched: list[str] = field(default_factory=list)


def open_page(browser: Browser, path: Path, width: int = 2400) -> Opened:
    context = browser.new_context(viewport={"width": width, "height": 1200})
    opened = Opened(context.new_page())

    def refuse(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            opened.fetched.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)
    opened.page.goto(path.as_uri(), wait_until="load")
    return opened


TITLES = {"en-US": SCRIPT_TITLE, "zh-CN": "小程序服务", "zh-Hant-HK": "小程式服務",
          "zh-Hant-TW": "小程式服務", "id-ID": SCRIPT_TITLE, "th-TH": SCRIPT_TITLE,
          "ar-SA": SCRIPT_TITLE}


def test_every_locale_title_is_visible(browser: Browser, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["hostile"]).page
    assert page.locator(".phone").count() == len(TITLES)
    for locale, title in TITLES.items():
        shown = page.locator(f'.phone[data-locale="{locale}"] .title')
        assert shown.is_visible(), locale
        assert shown.inner_text() == title, locale


def test_rtl_phones_are_right_to_left(browser: Browser, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["hostile"]).page
    directions = page.eval_on_selector_all(
        ".phone", "els => els.map(e => [e.dataset.locale, e.dir, getComputedStyle(e).direction])")
    assert [d for d in directions if d[1] == "rtl"] == [["ar-SA", "rtl", "rtl"]]
    assert all(computed == "ltr" for locale, _, computed in directions if locale != "ar-SA")
    # The badge sits at the inline end: the top left corner of an RTL tile.
    badge = page.locator('.phone[data-locale="ar-SA"] [data-app-id="3000000000000001"] .badge')
    icon = page.locator('.phone[data-locale="ar-SA"] [data-app-id="3000000000000001"] .icon')
    badge_box, icon_box = badge.bounding_box(), icon.bounding_box()
    assert badge_box is not None and icon_box is not None
    assert badge_box["x"] < icon_box["x"] + icon_box["width"] / 2


def test_fallback_markers_show_the_source_locale(browser: Browser,
                                                 pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["hostile"]).page

    def title_marker(locale: str) -> dict[str, str | None]:
        span = page.locator(f'.phone[data-locale="{locale}"] .title .t')
        return {"from": span.get_attribute("data-fallback"), "hover": span.get_attribute("title"),
                "class": span.get_attribute("class")}

    assert title_marker("en-US") == {"from": None, "hover": None, "class": "t"}
    assert title_marker("zh-CN")["from"] is None
    assert title_marker("zh-Hant-HK") == {
        "from": "zh-Hant-TW", "hover": "no zh-Hant-HK text: shown from zh-Hant-TW",
        "class": "t fb missing"}
    assert title_marker("ar-SA")["from"] == "en-US"
    ar_title = page.locator('.phone[data-locale="ar-SA"] .title .t')
    assert ar_title.evaluate("e => getComputedStyle(e).direction") == "ltr"
    shared = page.locator('.phone[data-locale="zh-CN"] [data-app-id="3000000000000001"] .name')
    assert shared.get_attribute("data-fallback") == "zh-Hans"
    assert "missing" not in (shared.get_attribute("class") or "")
    rows = page.eval_on_selector_all(
        ".summary tbody tr", "rs => rs.map(r => [r.dataset.locale, r.dataset.missing])")
    assert dict(rows) == {"en-US": "0", "zh-CN": "4", "zh-Hant-HK": "5", "zh-Hant-TW": "4",
                          "id-ID": "5", "th-TH": "5", "ar-SA": "2"}


def test_script_title_is_inert(browser: Browser, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["hostile"]).page
    state = page.evaluate("""() => ({
        pwned: document.documentElement.dataset.pwned ?? null,
        bodyId: document.body.id,
        scripts: document.scripts.length,
        injected: document.querySelectorAll('.phone img[src="x"], .phone b').length,
    })""")
    assert state == {"pwned": None, "bodyId": "", "scripts": 0, "injected": 0}
    name = page.locator('.phone[data-locale="en-US"] [data-section="picks"] .sec-name')
    assert name.inner_text().startswith("<img src=x onerror=")


def test_screenshot_is_not_blank(browser: Browser, pages: dict[str, Path],
                                 tmp_path: Path) -> None:
    page = open_page(browser, pages["diff"]).page
    png = page.screenshot(full_page=True, path=str(tmp_path / "preview.png"))
    image = Image.open(BytesIO(png)).convert("RGB")
    assert image.width >= 2000 and image.height >= 1000
    spread = ImageStat.Stat(image.convert("L")).stddev[0]
    colors = image.getcolors(maxcolors=1 << 20)
    assert spread > 20, spread
    assert colors is not None and len(colors) > 200


def test_online_page_fetches_only_the_configured_images(browser: Browser,
                                                        pages: dict[str, Path]) -> None:
    opened = open_page(browser, pages["hostile"])
    opened.page.wait_for_load_state("networkidle")
    assert set(opened.fetched) == IMAGES


def test_offline_page_fetches_nothing(browser: Browser, pages: dict[str, Path]) -> None:
    opened = open_page(browser, pages["offline"])
    opened.page.wait_for_load_state("networkidle")
    assert opened.fetched == []
    assert opened.page.locator("img").count() == 0
    assert opened.page.locator(".img.ph").count() > 0


def test_diff_highlights_what_changed(browser: Browser, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["diff"]).page
    en = page.locator('.phone[data-locale="en-US"]')
    assert en.locator('.slide[data-change="added"]').is_visible()
    removed = en.locator('.slide[data-change="removed"]')
    assert removed.is_visible() and removed.locator(".dots").inner_text() == "\u00d7"
    added = en.locator('[data-app-id="3000000000000010"]')
    assert added.get_attribute("data-change") == "added"
    changes = page.locator('.phone-wrap[data-locale="en-US"] .changes li').all_inner_texts()
    assert "\u201cPharmacy\u201d in section 'daily-picks' added" in changes
