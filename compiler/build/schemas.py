"""JSON Schemas (draft 2020-12) generated from the models, as the files under schema/."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..model.inputs import INPUT_MODELS
from ..model.outputs import Manifest, Runtime

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://minisvc.dev/schema/"

SCHEMAS: dict[str, type[BaseModel]] = {**INPUT_MODELS, "runtime": Runtime, "manifest": Manifest}


def filename(kind: str) -> str:
    return f"{kind}.schema.json"


def schema(kind: str) -> dict[str, Any]:
    generated = SCHEMAS[kind].model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": BASE_ID + filename(kind), **generated}


def render(kind: str) -> bytes:
    return (json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n").encode()


def all_files() -> dict[str, bytes]:
    """Every file under schema/, by path: the schemas and the client contract (the
    bucketing vectors and the conformance suite), kept fresh the same way."""
    from ..runtime import bucketing_vectors
    from . import client_spec

    files = {filename(kind): render(kind) for kind in SCHEMAS}
    return {**files, "bucketing-vectors.json": bucketing_vectors.render(),
            **client_spec.render_all()}
