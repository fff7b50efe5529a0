"""The preview's view model and HTML, without a browser: fallbacks, escaping, no fetches."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from compiler.build.compile import Compiled, compile_version
from compiler.disk.inputs import read_inputs
from compiler.load.project import Project, assemble
from compiler.preview import build_page, render
from compiler.preview.page import Page, ancestors
from tests.conftest import ROOT, write
from tests.preview_samples import IMAGES, IMG_NAME, SCRIPT_TITLE, add_hostile_draft


def project_of(root: Path) -> Project:
    files, problems = read_inputs(root)
    assert problems == []
    return assemble(files)


def page_of(root: Path, number: int, *, against: int | None = None,
            offline: bool = False, locales: list[str] | None = None) -> Page:
    project = project_of(root)
    tree = project.services["home"]
    assert tree.service is not None and project.catalog is not None

    def compiled(n: int) -> dict[str, Compiled]:
        return compile_version("home", n, tree.service, tree.versions[n], project.catalog,
                               tree.service.locales)  # as the preview command asks

    return build_page("home", number, "Draft", tree.service.default_locale, compiled(number),
                      locales or tree.service.locales, against=against,
                      previous=compiled(against) if against else None, offline=offline)


def test_ancestors_are_the_locales_own_cldr_parents() -> None:
    assert ancestors("zh-Hant-HK") == {"zh-Hant"}
    assert ancestors("ar-SA") >= {"ar"}
    assert "zh" not in ancestors("zh-Hant-TW")  # zh is Simplified
    assert "en-US" not in ancestors("ar-SA")


def test_shared_parent_text_is_marked_but_not_missing() -> None:
    page = page_of(ROOT, 3)
    zh = next(p for p in page.phones if p.locale == "zh-CN")
    ride = next(p for s in zh.sections for p in s.programs if p.app_id == "3000000000000001")
    assert (ride.name.value, ride.name.source, ride.name.missing) == ("打车", "zh-Hans", False)
    assert ride.name.note == "shared zh-Hans text"
    assert all(phone.missing == [] for phone in page.phones)


def test_explicit_and_default_fallbacks_are_missing_translations(repo: Path) -> None:
    add_hostile_draft(repo)
    page = page_of(repo, 4)
    phones = {p.locale: p for p in page.phones}
    hk = phones["zh-Hant-HK"]
    assert (hk.title.value, hk.title.source, hk.title.missing) == ("小程式服務", "zh-Hant-TW", True)
    assert hk.title.note == "no zh-Hant-HK text: shown from zh-Hant-TW"
    ar = phones["ar-SA"]
    assert (ar.title.source, ar.title.dir, ar.dir) == ("en-US", "ltr", "rtl")
    assert [(m.where, m.file, m.source) for m in ar.missing] == [
        ("title", "services/home/versions/4.yaml", "en-US"),
        ("name of section \u201cpicks\u201d", "services/home/versions/4.yaml", "en-US"),
    ]
    assert phones["en-US"].missing == []
    assert phones["en-US"].title.source is None


def test_catalog_names_missing_a_language_point_to_the_catalog(repo: Path) -> None:
    catalog = repo / "services/catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "name: {en-US: Ride, zh-Hans: 打车, zh-Hant: 叫車, id: Naik, th: เรียกรถ, ar: مشاوير,",
        "name: {en-US: Ride, zh-Hans: 打车, zh-Hant: 叫車, id: Naik, th: เรียกรถ,"),
        encoding="utf-8")
    ar = next(p for p in page_of(repo, 3).phones if p.locale == "ar-SA")
    assert [(m.where, m.file, m.value) for m in ar.missing] == [
        ("name of mini program 3000000000000001", "services/catalog.yaml", "Ride")]


def test_offline_program_does_not_shift_fallback_pointers(repo: Path) -> None:
    catalog = repo / "services/catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    food = text.index('app_id: "3000000000000002"')
    catalog.write_text(text[:food] + text[food:].replace("status: online", "status: offline", 1),
                       encoding="utf-8")
    movies = "name: {en-US: Movies, zh-Hans: 电影票,"
    write(repo, "services/catalog.yaml", catalog.read_text(encoding="utf-8").replace(
        movies, movies + " zh-CN: 电影,"))
    zh = next(p for p in page_of(repo, 3).phones if p.locale == "zh-CN")
    picks = next(s for s in zh.sections if s.id == "daily-picks")
    names = {p.app_id: p.name for p in picks.programs}
    assert "3000000000000002" not in names
    assert names["3000000000000003"].source is None  # its own zh-CN name
    assert names["3000000000000001"].source == "zh-Hans"


def test_every_string_is_escaped(repo: Path) -> None:
    add_hostile_draft(repo)
    html = render(page_of(repo, 4))
    assert "<script" not in html.lower()
    assert "<img src=x" not in html and "&lt;b&gt;" in html
    assert "&lt;script&gt;document.documentElement.dataset.pwned=" in html
    assert "&lt;img src=x onerror=" in html
    assert SCRIPT_TITLE and IMG_NAME  # the raw payloads the page must not contain


def test_page_allows_no_script_and_only_https_images(repo: Path) -> None:
    html = render(page_of(repo, 3))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = unescape(csp[1])
    assert "default-src 'none'" in policy and "img-src https: data:" in policy
    assert "script-src" not in policy  # default-src 'none' forbids every script
    assert "<link" not in html and "@import" not in html and "url(" not in html


def test_offline_page_references_no_url_to_fetch(repo: Path) -> None:
    add_hostile_draft(repo)
    online = render(page_of(repo, 4))
    offline = render(page_of(repo, 4, offline=True))
    assert set(re.findall(r'src="([^"]+)"', online)) == IMAGES
    assert re.findall(r'src="([^"]+)"', offline) == []
    assert "img-src data:;" in offline or offline.count("img-src data:") == 1


def test_rendering_is_deterministic() -> None:
    assert render(page_of(ROOT, 3, against=2)) == render(page_of(ROOT, 3, against=2))


def test_locales_show_in_the_order_asked() -> None:
    page = page_of(ROOT, 3, locales=["ar-SA", "en-US"])
    assert [p.locale for p in page.phones] == ["ar-SA", "en-US"]
    html = render(page)
    assert html.index('class="phone" lang="ar-SA" dir="rtl"') < \
        html.index('class="phone" lang="en-US" dir="ltr"')


def test_diff_against_the_released_version_shows_ghosts_in_place() -> None:
    en = page_of(ROOT, 3, against=2).phones[0]
    carousel = en.sections[0]
    kinds = [s.mark.kind if s.mark else None for s in carousel.slides]
    assert kinds == ["removed", "added", None]
    assert carousel.shown == 2
    assert any("added" in line for line in en.changes)
