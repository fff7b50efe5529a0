"""dist/ is compact UTF-8 JSON: no \\u escapes (Arabic and CJK would grow by a third)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, snapshot


def test_every_output_file_is_utf8_json_without_escapes(repo: Path, run: Run) -> None:
    assert run(repo, "build").exit_code == 0
    files = snapshot(repo / "dist")
    assert len(files) == 27
    for path, data in files.items():
        assert b"\\u" not in data, path
        expected = json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"))
        assert data == (expected + "\n").encode("utf-8"), path
    assert "الخدمات المصغرة".encode() in files["home/v1/ar-SA.json"]
    assert "小程序服务".encode() in files["home/v1/zh-CN.json"]
