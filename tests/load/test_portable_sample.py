"""The shipped sample is portable YAML: any YAML 1.1 tool (PyYAML's safe loader, what most
scripts and CI steps reach for) reads every file to the same data minisvc reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from compiler.load import yamldoc
from tests.conftest import ROOT

SAMPLE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "services").rglob("*.yaml"))


def plain(value: Any) -> Any:
    """PyYAML reads timestamps as datetimes (YAML 1.1); minisvc keeps the text (1.2)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize("rel", SAMPLE)
def test_every_sample_file_loads_with_pyyaml_to_the_same_data(rel: str) -> None:
    raw = (ROOT / rel).read_bytes()
    ours = yamldoc.parse(rel, raw)
    assert isinstance(ours, yamldoc.Document), ours
    theirs = yaml.safe_load(raw.decode("utf-8"))
    assert plain(theirs) == ours.data


def test_a_query_in_a_flow_mapping_is_what_pyyaml_refuses() -> None:
    """Why the sample quotes `page:`: the unquoted form is valid YAML 1.2, not portable."""
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load('link: {app_id: "1", page: pages/index?from=carousel}\n')
    assert yaml.safe_load('link: {app_id: "1", page: "pages/index?from=carousel"}\n') == {
        "link": {"app_id": "1", "page": "pages/index?from=carousel"}}
