"""The JSON Schemas under schema/ and the models accept and reject the same files."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from compiler.load.yamldoc import Document, parse
from compiler.model.inputs import INPUT_MODELS
from tests.conftest import ROOT, Run

SAMPLES = {
    "catalog": ["services/catalog.yaml"],
    "service": ["services/home/service.yaml", "services/wallet/service.yaml"],
    "version": ["services/home/versions/2.yaml", "services/wallet/versions/2.yaml"],
    "release": ["services/home/release.yaml", "services/wallet/release.yaml"],
}


def load(rel: str) -> dict[str, Any]:
    doc = parse(rel, (ROOT / rel).read_bytes())
    assert isinstance(doc, Document)
    return doc.data


def schema(kind: str) -> dict[str, Any]:
    return dict(json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text()))


def mutations(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every field removed, set to junk of several types, and an unknown field added."""
    yield "as-is", data
    junk: list[Any] = [None, 0, -1, 101, 2.5, "", "x", "http://a.b/c", "https://a.b/c",
                       "Not A Slug", [], {}, ["en-US"], {"en-US": ""}, {"en-US": "x"},
                       "2026-11-01", "2026-11-01T00:00:00+08:00", True]

    def walk(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
        yield path, node
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node[:2]):
                yield from walk(v, (*path, i))

    for path, node in list(walk(data, ())):
        if isinstance(node, dict):
            extra = copy.deepcopy(data)
            _at(extra, path)["surprise"] = 1
            yield f"{path}+surprise", extra
            for key in node:
                less = copy.deepcopy(data)
                del _at(less, path)[key]
                yield f"{path}-{key}", less
        if path:
            for value in junk:
                changed = copy.deepcopy(data)
                _at(changed, path[:-1])[path[-1]] = value
                yield f"{path}={value!r}", changed


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def cases() -> Iterator[Any]:
    for kind, files in SAMPLES.items():
        for rel in files:
            yield pytest.param(kind, rel, id=rel)


@pytest.mark.parametrize(("kind", "rel"), list(cases()))
def test_schema_and_model_agree_on_every_mutation(kind: str, rel: str) -> None:
    validator = jsonschema.Draft202012Validator(schema(kind))
    model = INPUT_MODELS[kind]
    checked = disagreements = 0
    report = []
    for name, data in mutations(load(rel)):
        by_schema = validator.is_valid(data)
        try:
            model.model_validate(data)
            by_model = True
        except ValidationError:
            by_model = False
        checked += 1
        if by_schema != by_model:
            disagreements += 1
            report.append(f"{name}: schema={by_schema} model={by_model}")
    assert checked > 50
    assert not report, "\n".join(report[:20])


def test_sample_files_carry_the_editor_schema_line() -> None:
    for kind, files in SAMPLES.items():
        for rel in files:
            first = (ROOT / rel).read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=")
            target = (ROOT / rel).parent / first.split("$schema=")[1]
            assert target.resolve() == (ROOT / "schema" / f"{kind}.schema.json")


def test_schemas_are_draft_2020_12_with_descriptions() -> None:
    for kind in [*INPUT_MODELS, "runtime", "manifest"]:
        doc = schema(kind)
        jsonschema.Draft202012Validator.check_schema(doc)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert doc.get("description")
    assert "examples" in json.dumps(schema("version"))


def test_committed_schemas_are_current(run: Run) -> None:
    assert run(ROOT, "schema", "--check").exit_code == 0


def test_schema_check_fails_when_stale_and_schema_rewrites(repo: Path, run: Run) -> None:
    (repo / "schema" / "version.schema.json").write_text("{}\n")
    result = run(repo, "schema", "--check")
    assert result.exit_code == 1
    assert "schema/version.schema.json is stale" in result.output
    assert run(repo, "schema").exit_code == 0
    assert run(repo, "schema", "--check").exit_code == 0


def test_schema_check_says_missing_for_a_missing_file_and_stale_for_a_stale_one(
        repo: Path, run: Run) -> None:
    (repo / "schema" / "version.schema.json").unlink()
    (repo / "schema" / "release.schema.json").write_text("{}\n")
    result = run(repo, "schema", "--check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "schema/version.schema.json is missing; run `minisvc schema` and commit it",
        "schema/release.schema.json is stale; run `minisvc schema` and commit it"]
    wrote = run(repo, "schema")
    assert wrote.exit_code == 0 and "(1 new, 1 changed)" in wrote.output


def test_schema_check_without_a_schema_folder_says_every_file_is_missing(
        repo: Path, run: Run) -> None:
    shutil.rmtree(repo / "schema")
    result = run(repo, "schema", "--check")
    assert result.exit_code == 1
    assert "stale" not in result.output and result.output.count(" is missing;") == 7
