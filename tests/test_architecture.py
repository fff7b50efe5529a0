"""The map of the house holds: docs/architecture.md names every module, no module outgrows
the house size, the pure core keeps off the clock, the things there must be one of exist
once, and the layer contract really fails on an upward import."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "compiler"
HOUSE_SIZE = 300
PURE = ("model", "load", "runtime", "rules", "lifecycle", "build", "report", "edit", "preview")


def modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
                  if p.name != "__init__.py")


def source(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def test_the_architecture_doc_lists_exactly_the_modules_there_are() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(compiler/[a-z_/]+\.py)` \|", doc, flags=re.MULTILINE)
    assert len(listed) == len(set(listed)), "a module is listed twice"
    assert sorted(listed) == modules()


def test_every_package_has_a_line_in_the_layer_map() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.relative_to(PACKAGE).as_posix() for p in
                      PACKAGE.glob("*/__init__.py"))
    for package in packages:
        assert f"`{package}/`" in doc, package


def test_every_file_the_docs_name_exists() -> None:
    named = {(doc.name, m[0]) for doc in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
             for m in re.finditer(r"(?:compiler|tests|benchmarks)/[\w/]+\.(?:py|cjs)",
                                  doc.read_text(encoding="utf-8"))}
    assert named and sorted(n for n in named if not (ROOT / n[1]).exists()) == []


@pytest.mark.parametrize("rel", modules())
def test_no_module_outgrows_the_house_size(rel: str) -> None:
    assert len(source(rel).splitlines()) <= HOUSE_SIZE


def calls(rel: str) -> set[str]:
    """Dotted names of everything called in a module (``dt.datetime.now``, ``time.time``)."""
    found = set()
    for node in ast.walk(ast.parse(source(rel))):
        if isinstance(node, ast.Call):
            found.add(ast.unparse(node.func))
    return found


@pytest.mark.parametrize("rel", [m for m in modules() if m.split("/")[1] in PURE])
def test_the_pure_core_never_reads_the_clock(rel: str) -> None:
    clock = {c for c in calls(rel) if re.search(r"(^|\.)(now|utcnow|today|time|monotonic|"
                                                 r"perf_counter)$", c)}
    assert not clock, f"{rel} reads the clock: {sorted(clock)}; take the time as a value"


def defining(pattern: str) -> list[str]:
    return [rel for rel in modules() if re.search(pattern, source(rel), flags=re.MULTILINE)]


@pytest.mark.parametrize(("what", "pattern", "home"), [
    ("the status seam", r"^def view\(", "compiler/lifecycle/view.py"),
    ("the refusal table", r"^REFUSALS\b", "compiler/lifecycle/refusals.py"),
    ("the event-label table", r"^EVENT_LABELS\b", "compiler/lifecycle/events.py"),
    ("the version-path pattern", r"versions/[^\n]*\[1-9\]|VERSION_PATH = ",
     "compiler/model/paths.py"),
    ("the ruamel round-trip set-up", r"\bYAML\(", "compiler/load/roundtrip.py"),
    ("the atomic writer", r"\bmkstemp\(|\bos\.replace\(", "compiler/disk/atomic.py"),
])
def test_there_is_one_of(what: str, pattern: str, home: str) -> None:
    assert defining(pattern) == [home], what


def test_refusals_are_made_only_by_the_refusal_table() -> None:
    assert [rel for rel in modules() if "Refusal" in calls(rel)] == [
        "compiler/lifecycle/refusals.py"]


def test_the_layer_contract_fails_on_an_upward_import(tmp_path: Path) -> None:
    """lint-imports on a scratch copy: clean as it is, broken by one upward import."""
    shutil.copytree(PACKAGE, tmp_path / "compiler",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    lint = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(lint, cwd=tmp_path, env=env, capture_output=True, text=True,
                              check=False)

    clean = run()
    assert clean.returncode == 0, clean.stdout
    status = tmp_path / "compiler" / "model" / "status.py"
    status.write_text(status.read_text() + "\nfrom ..engine import cache  # noqa: E402\n")
    broken = run()
    assert broken.returncode == 1
    assert "compiler.model is not allowed to import compiler.engine" in broken.stdout
    assert "compiler.model.status -> compiler.engine.cache" in broken.stdout
