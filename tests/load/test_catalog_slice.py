"""A gated catalog split by its lines (compiler/load/catalog_slice.py): only when the lines
prove the structure, and then exactly as the YAML parser splits it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from compiler.load import catalog_slice, fastload, yamldoc
from compiler.model.paths import CATALOG
from tests.conftest import ROOT

ENTRY = ('  - app_id: "{id}"\n    name: {{en-US: App {id}, th-TH: "แอป"}}\n'
         "    icon: https://cdn.example.com/icons/{id}.png\n    status: online\n")


def data(text: str | bytes) -> object:
    raw = text.encode() if isinstance(text, str) else text
    parsed = fastload.parse(CATALOG, raw)
    assert isinstance(parsed, yamldoc.Document), parsed
    return parsed.data


def catalog(*ids: str, head: str = "# apps\nmini_programs:\n") -> str:
    return head + "".join(ENTRY.format(id=i) for i in ids)


def corpus_catalog(tmp_path: Path) -> bytes:
    from benchmarks import corpus

    corpus.generate(tmp_path, corpus.Size(services=1, versions=1, catalog=300))
    return (tmp_path / CATALOG).read_bytes()


@pytest.mark.parametrize("source", ["sample", "corpus"])
def test_each_entry_is_what_the_parser_makes_of_the_whole(source: str, tmp_path: Path) -> None:
    raw = (ROOT / CATALOG).read_bytes() if source == "sample" else corpus_catalog(tmp_path)
    split = catalog_slice.entries(raw)
    assert split is not None
    whole = data(raw)
    assert isinstance(whole, dict)
    parts = [data(split.head + text) for _, text in split.items]
    assert [p["mini_programs"] for p in parts] == [[e] for e in whole["mini_programs"]]  # type: ignore[index]
    assert [app for app, _ in split.items] == [e["app_id"] for e in whole["mini_programs"]]


def test_a_slice_holds_the_entries_a_service_names_and_no_other() -> None:
    split = catalog_slice.entries(catalog("a1", "b-2", "c_3", "a1").encode())
    assert split is not None
    part = split.slice([b'sections: [{app_id: "a1"}, {app_id: c_3}]\n# b-22 is no id\n'])
    assert part is not None
    got = data(part)
    assert [e["app_id"] for e in got["mini_programs"]] == ["a1", "c_3", "a1"]  # type: ignore[index]
    assert split.slice([b'title: "\\x61\\x31"\n']) is None  # an escape could spell a1
    nothing = split.slice([b"title: none\n"])  # still a catalog: one entry
    assert nothing is not None and len(data(nothing)["mini_programs"]) == 1  # type: ignore[index]


HOSTILE = {
    # a single-quoted name that runs over the next item line: one entry to a parser
    "quote across items": catalog("1") .replace("App 1,", "App 1,").replace(
        "    status: online\n", "    status: 'online\n") + '  - app_id: "2"\n    x: y\'\n',
    "block scalar": catalog("1").replace("status: online", "status: |\n      online"),
    "anchor": catalog("1").replace("status: online", "status: &s online"),
    "alias": catalog("1", "2").replace("status: online\n  - app_id: \"2\"",
                                       "status: online\n  - app_id: \"2\"", 1)
    .rsplit("status: online", 1)[0] + "status: *s\n",
    "tag": catalog("1").replace("status: online", "status: !!str online"),
    "tab": catalog("1").replace("    icon", "\ticon"),
    "crlf": catalog("1").replace("\n", "\r\n"),
    "flow across lines": catalog("1").replace('th-TH: "แอป"}', 'th-TH:\n  - "แอป"}'),
    "comment in flow": catalog("1").replace('th-TH: "แอป"}', "th-TH: x #}\n      }"),
    "item not led by app_id": catalog("1").replace('  - app_id: "1"\n    name',
                                                   '  - name').replace(
        "    status: online", '    status: online\n    app_id: "1"'),
    "list at column 0": catalog("1").replace("\n  - app_id", "\n- app_id"),
    "key after the list": catalog("1") + "extra: 1\n",
    "apostrophe": catalog("1").replace("App 1", "Domino's"),
    "no final newline": catalog("1").rstrip("\n"),
    "no list": "# nothing\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_catalog_its_lines_do_not_prove_is_not_split(name: str) -> None:
    assert catalog_slice.entries(HOSTILE[name].encode()) is None, HOSTILE[name]


def test_the_quote_across_items_is_one_entry_to_the_parser() -> None:
    """Why single quotes are refused: split by lines, this would be two entries."""
    whole = data(HOSTILE["quote across items"])
    assert [e["app_id"] for e in whole["mini_programs"]] == ["1"]  # type: ignore[index]


GOOD = ['  - app_id: "1"\n', "  - app_id: a-2\n", "  - app_id: b_3  # c\n",
        '    name: {en-US: A, th-TH: "x }"}\n', '    - [a, "]"]\n', "    icon: https://x.y/z?a=b#f\n",
        "    k: v # c\n", "    k: v#c\n", "    k: a:b\n", "    k: a :b\n", "    k: a  \n",
        '    k: "a\\"b"  # c\n', "    k: -x\n", "    k:\n", "      - x\n", '    "q k": v\n',
        "    # c\n", "  # c\n", "\n"]
BAD = ["  - app_id: '4'\n", "    name: {en-US: A\n", "    k: a: b\n", '    k: "a\n',
       "    k: a 'b'\n", "    k: &a x\n", "    k: *a\n", "    k: |\n", "      text\n", " \n",
       "# top\n", "mini_programs:\n", "mini_programs: # c\n", "x: 1\n", "---\n"]


def test_whatever_it_splits_it_splits_as_the_parser_does() -> None:
    """Catalogs made of lines good and bad, in a fixed random order: each one the lines
    let through, and the parser reads (the gate slices only base's catalog, which was
    gated), is split into exactly the entries the parser finds."""
    rng = random.Random(17)
    split_some = 0
    for _ in range(2000):
        lines = GOOD if rng.random() < 0.7 else GOOD + BAD
        text = "mini_programs:\n" * (rng.random() < 0.9) + rng.choice(GOOD[:3]) + "".join(
            rng.choice(lines) for _ in range(rng.randint(0, 9)))
        split = catalog_slice.entries(text.encode())
        parsed = fastload.parse(CATALOG, text.encode()) if split is not None else None
        if split is None or not isinstance(parsed, yamldoc.Document):
            continue
        split_some += 1
        whole = parsed.data
        assert isinstance(whole, dict), text
        parts = [data(split.head + part) for _, part in split.items]
        assert [p["mini_programs"] for p in parts] == [  # type: ignore[index]
            [e] for e in whole["mini_programs"]], text
    assert split_some > 300
