"""Injection: what reaches every client (URLs, page paths, labels) and what steers paths.

Each hostile value is refused with its exact code at its line; each good neighbour passes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import regex

from compiler.load.project import assemble
from compiler.model.inputs import HTTPS_PATTERN
from compiler.model.paths import is_input
from tests.conftest import Run, snapshot, write

V = "services/home/versions/9.yaml"


def findings(run: Run, repo: Path) -> list[tuple[str, str, int]]:
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["file"], f["line"]) for f in json.loads(result.output)
            if f["severity"] == "error"]


def banner(link: str = "", image: str = "https://cdn.example.com/b.png") -> str:
    return ("title: {en-US: Mini Services}\nsections:\n  - id: banner\n    type: banner\n"
            f"    image: {json.dumps(image)}\n" + (f"    link: {link}\n" if link else ""))


BAD_URLS = [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=", "//evil.example.com/x.png", "http://cdn.example.com/x",
    "HTTPS://cdn.example.com/x", "https:", "https://", "https:///x.png", "https:cdn.example.com",
    "https://good.example.com@evil.example.com/x", "https://user:pass@cdn.example.com/x",
    "https://evil.example.com\\@good.example.com/", "https://cdn.example.com\\x.png",
    "https://127.0.0.1/x.png", "https://[::1]/x.png", "https://localhost/x.png",
    "https://cdn.example.com./x", "https://-cdn.example.com/x", "https://cdn..example.com/x",
    "https://cdn.example.com/a b.png", "https://cdn.example.com/a\tb", "https://cdn.example.com/\x00",
    "https://cdn.example.com/x\n.png", "https://cdn.example.com/%zz", "https://cdn.example.com/é",
    "https://cdn.example.com/\u202egnp.exe", "https://exämple.com/x", "https://cdn.example.com:99999999/",
    "https://cdn.example.com/x.png\u2028",
]
GOOD_URLS = [
    "https://cdn.example.com/b.png", "https://example.com", "https://example.com/",
    "https://cdn.example.com:8443/a/b.png?w=100&h=50#top", "https://xn--bcher-kva.example/x",
    "https://example.com?from=banner", "https://cdn.example.com/%E4%BF%83%E9%94%80.png",
    "https://a.b/c", "https://cdn.example.com/path/@user",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_link_url_must_be_plain_https_to_a_host_name(url: str, repo: Path, run: Run) -> None:
    write(repo, V, banner(link=f"{{url: {json.dumps(url)}}}"))
    assert ("E115", V, 6) in findings(run, repo)


@pytest.mark.parametrize("url", BAD_URLS)
def test_image_url_must_be_plain_https_to_a_host_name(url: str, repo: Path, run: Run) -> None:
    write(repo, V, banner(image=url))
    assert ("E115", V, 5) in findings(run, repo)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_plain_https_urls_pass(url: str, repo: Path, run: Run) -> None:
    write(repo, V, banner(link=f"{{url: {json.dumps(url)}}}", image=url))
    assert not [f for f in findings(run, repo) if f[1] == V]


def test_catalog_icon_and_slide_image_are_checked_too(repo: Path, run: Run) -> None:
    catalog = repo / "services/catalog.yaml"
    catalog.write_text(catalog.read_text().replace(
        "https://cdn.example.com/icons/ride.png", "javascript:alert(1)"))
    write(repo, V, "title: {en-US: T}\nsections:\n  - id: c\n    type: carousel\n    slides:\n"
                   "      - image: //evil.example.com/x.png\n")
    found = findings(run, repo)
    assert ("E115", V, 6) in found
    assert ("E115", "services/catalog.yaml", 7) in found


def page_link(page: str) -> str:
    return banner(link=f'{{app_id: "3000000000000001", page: {json.dumps(page)}}}')


@pytest.mark.parametrize(("page", "code"), [
    ("../admin", "E114"), ("pages/../../admin", "E218"), ("pages/./index", "E218"),
    ("pages//index", "E218"), ("pages/..", "E218"), ("/pages/index", "E114"),
    ("pages\\..\\admin", "E114"), ("pages/%2e%2e/admin", "E114"), ("%2e%2e/admin", "E114"),
    ("javascript:alert(1)", "E114"), ("https://evil.example.com", "E114"),
    ("pages/index?from=\x1b[2J", "E114"), ("pages/index?a=b c", "E114"),
    ("pages/index\n", "E114"), ("pages/índex", "E114"), ("pages/index?x=%zz", "E114"),
    ("~/pages", "E114"), (".hidden/index", "E114"),
])
def test_page_paths_stay_inside_their_mini_program(page: str, code: str, repo: Path,
                                                   run: Run) -> None:
    write(repo, V, page_link(page))
    assert (code, V, 6) in findings(run, repo)


@pytest.mark.parametrize("page", ["pages/index", "pages/index?from=banner&id=%E4%BF%83",
                                  "pages/detail?next=../x", "index", "_sub/pages/a-b.c"])
def test_ordinary_page_paths_pass(page: str, repo: Path, run: Run) -> None:
    write(repo, V, page_link(page))
    assert not [f for f in findings(run, repo) if f[1] == V]


@pytest.mark.parametrize("text", ["Deals\nforged", "Tab\there", "\x1b[31mRed", "Bell\x07",
                                  "C1\x85next", "DEL\x7f"])
def test_labels_are_one_line_without_control_characters(text: str, repo: Path,
                                                         run: Run) -> None:
    write(repo, V, f"title: {{en-US: {json.dumps(text)}}}\nsections: []\n")
    assert ("E114", V, 1) in findings(run, repo)


BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                 "\u2068", "\u2069"]


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bidi_overrides_and_isolates_are_refused_where_they_are(control: str, repo: Path,
                                                                run: Run) -> None:
    """A title or alt text that reorders itself (``exe.gnp`` shown as ``png.exe``) hides
    from a reviewer what users will read: refused at its line and column, with the fix."""
    write(repo, V, banner().replace("    image:", "    alt: {en-US: " +
                                    json.dumps(f"Top up{control}gnp.exe") + "}\n    image:")
          .replace("Mini Services", f"Mini{control} Services"))
    result = run(repo, "validate", "--format", "json")
    assert result.exit_code == 1
    errors = [(f["code"], f["file"], f["line"], f["col"], f["hint"])
              for f in json.loads(result.output) if f["file"] == V]
    hint = ("remove the character; right-to-left text needs no override: use the marks "
            "U+200F (RLM) or U+200E (LRM) where the order must be forced")
    assert errors == [("E114", V, 1, 9, hint), ("E114", V, 5, 11, hint)]  # at the locale keys


@pytest.mark.parametrize("text", ["مرحبا\u200f 12.12", "👨‍👩‍👧 Family", "Zero\u200bwidth",
                                  "\u200eLTR mark", "\u061cArabic letter mark"])
def test_labels_keep_the_marks_real_text_needs(text: str, repo: Path, run: Run) -> None:
    write(repo, V, f"title: {{en-US: {json.dumps(text)}}}\nsections: []\n")
    assert not [f for f in findings(run, repo) if f[1] == V]


def test_the_published_output_carries_only_checked_urls(repo: Path, run: Run) -> None:
    """Every URL in dist/ is one the input check accepted: plain https to a host name."""
    assert run(repo, "build").exit_code == 0
    for path, data in snapshot(repo / "dist").items():
        text = data.decode()
        for url in regex.findall(r'"(?:url|image|icon)":"([^"]*)"', text):
            assert regex.match(HTTPS_PATTERN, url), (path, url)
        assert "javascript:" not in text.lower() and "data:" not in text, path


SERVICE = "id: {id}\ndefault_locale: en-US\nlocales: [en-US]\n"


@pytest.mark.parametrize("folder", ["Home", "home page", "hôme", "-home", "home-", "home--hk",
                                    "home_hk", "a" * 65, "home\n", " home", "ｈｏｍｅ"])
def test_service_folders_must_be_slugs(folder: str, repo: Path, run: Run) -> None:
    rel = f"services/{folder}/service.yaml"
    write(repo, rel, SERVICE.format(id=json.dumps(folder)))
    assert ("E122", rel, 1) in findings(run, repo)
    assert run(repo, "build").exit_code == 1
    assert not (repo / "dist").exists()


@pytest.mark.parametrize("folder", ["..", "."])
def test_dot_segments_from_a_git_tree_are_not_services(folder: str) -> None:
    """Trees read from git commits are plain dicts of paths: nothing forbids odd names."""
    rel = f"services/{folder}/service.yaml"
    project = assemble({"services/catalog.yaml": b"mini_programs: []\n",
                        rel: SERVICE.format(id="home").encode()})
    assert ("E122", rel) in {(f.code, f.file) for f in project.findings}


@pytest.mark.parametrize("path", ["services/../../etc/service.yaml", "services/home/../x.yaml",
                                  "services/home/service.yaml\n", "services/catalog.yaml\n",
                                  "services/home/versions/3.yaml\n", "/services/catalog.yaml"])
def test_paths_with_extra_segments_or_newlines_are_not_inputs(path: str) -> None:
    assert not is_input(path)


@pytest.mark.parametrize("name", ["3\n", "03", "0", "1e3", "-1", "+3", "３", "1000000000",
                                  "3 ", "3.0"])
def test_version_file_names_are_plain_numbers(name: str, repo: Path, run: Run) -> None:
    rel = f"services/home/versions/{name}.yaml"
    (repo / rel).write_bytes((repo / "services/home/versions/3.yaml").read_bytes())
    assert ("E120", rel, 1) in findings(run, repo)


def test_build_writes_only_plain_paths_inside_dist(repo: Path, run: Run) -> None:
    from compiler.build.tree import build
    from compiler.engine.workspace import open_workspace

    ws = open_workspace(repo)
    files = build(ws.project, ws.channels, {"home": [3]})
    plain = regex.compile(r"index\.json|[a-z0-9]+(-[a-z0-9]+)*/(manifest\.json|"
                          r"v[1-9][0-9]{0,8}/[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
                          r"\.[0-9a-f]{32}\.json)")
    assert files and all(plain.fullmatch(path) for path in files), sorted(files)


@pytest.mark.parametrize(("locales", "col"), [("[en-US, zh-CN, en-us]", 25),
                                              ("[en-US, EN-US]", 18), ("[en-US, en-US]", 18)])
def test_locales_differing_only_in_case_are_one_locale(locales: str, col: int, repo: Path,
                                                       run: Run) -> None:
    """Both would be written as dist/<service>/vN/<locale>.json: one file on many disks."""
    write(repo, "services/home/service.yaml",
          f"id: home\ndefault_locale: en-US\nlocales: {locales}\n")
    result = run(repo, "validate")
    assert f"services/home/service.yaml:3:{col}: E203 locale" in result.output


@pytest.mark.parametrize("locale", ["../x", "en/US", "en_US", "en-US.json", "en-", "e", "en--US",
                                    "en-US\n", "én-US", "en-" + "a" * 40])
def test_locale_keys_cannot_make_odd_file_names(locale: str, repo: Path, run: Run) -> None:
    write(repo, "services/home/service.yaml",
          f"id: home\ndefault_locale: en-US\nlocales: [en-US, {json.dumps(locale)}]\n")
    assert {("E114", "services/home/service.yaml", 3),
            ("E113", "services/home/service.yaml", 3)} & set(findings(run, repo))


def test_a_name_that_is_not_utf8_is_a_finding_not_a_crash(repo: Path, run: Run) -> None:
    """Was (found by the long hypothesis run): the name reached the report, whose UTF-8
    writer crashed on it. Linux names are bytes; b"\\x80" decodes to no character."""
    os.mkdir(os.fsencode(repo / "services") + b"/caf\xe9")
    (repo / "services/home/versions").joinpath(os.fsdecode(b"\x80.yaml")).write_text("x: 1\n")
    result = run(repo, "validate", "--format", "json")
    found = {(f["code"], f["file"]) for f in json.loads(result.output)}
    assert {("E120", "services/caf\\xe9"), ("E120", "services/home/versions/\\x80.yaml")} <= found
