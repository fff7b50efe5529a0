"""What `minisvc init` and `minisvc service add` write: the files of a starter service, and
a config repository's own files (workflows, .gitignore, pre-commit, README).

The pull-request and release workflows are the ones this project ships
(.github/workflows/), with one change: they install the released `minisvc==<this
version>` instead of `pip install .`, which only works in minisvc's own checkout. The
wheel carries them (pyproject.toml maps .github/workflows/ to ``minisvc.workflows`` and
services/, the sample, to ``minisvc.sample``); in this checkout they are read where they
are, so the scaffold cannot drift from what CI tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..model.paths import release_file, service_file, version_file
from . import modelines

PACKAGE = Path(__file__).resolve().parent.parent  # compiler/ here, site-packages/minisvc/
SHIPPED_WORKFLOWS = ("pr-check.yml", "release.yml")
_INSTALL_STEP = re.compile(r"((?:      #[^\n]*\n)*)      - name: Install minisvc[^\n]*\n"
                           r"(?:        [^\n]*\n)+")


def packaged(name: str) -> Path:
    """A folder the wheel ships as ``minisvc.<name>``, or its place in this checkout."""
    inside = PACKAGE / name
    if inside.is_dir():
        return inside
    return PACKAGE.parent / {"sample": "services", "workflows": ".github/workflows"}[name]


def template(name: str) -> str:
    return (PACKAGE / "scaffold" / name).read_text(encoding="utf-8").replace(
        "@VERSION@", __version__)


def pinned(workflow: str) -> str:
    """A shipped workflow with its `Install minisvc` steps installing this version (and
    the comment above such a step, which speaks of installing from a checkout, dropped)."""
    step = (f"      - name: Install minisvc {__version__}\n"
            f'        run: python -m pip install --disable-pip-version-check '
            f'"minisvc=={__version__}"\n')
    done, count = _INSTALL_STEP.subn(step, workflow)
    assert count >= 1, "a shipped workflow without an `Install minisvc` step"
    return done.replace("(docs/", "(minisvc's docs/")  # the docs are minisvc's, not here


def repository_files() -> dict[str, bytes]:
    """The config repository's own files, repo-relative path -> bytes."""
    workflows = packaged("workflows")
    files = {f".github/workflows/{name}": pinned((workflows / name).read_text("utf-8"))
             for name in SHIPPED_WORKFLOWS}
    files[".github/workflows/ci.yml"] = template("ci.yml")
    files[".gitignore"] = template("gitignore")
    files[".pre-commit-config.yaml"] = template("pre-commit-config.yaml")
    files["README.md"] = template("README.md")
    return {path: text.encode() for path, text in sorted(files.items())}


def sample_files() -> dict[str, bytes]:
    """The full sample (services/ of this project): every service, version and catalog."""
    root = packaged("sample")
    return {f"services/{p.relative_to(root).as_posix()}": p.read_bytes()
            for p in sorted(root.rglob("*.yaml")) if p.is_file()}


def starter_catalog() -> bytes:
    return (f"{modelines.modeline('services/catalog.yaml')}\n"
            "# The mini programs that sections may recommend (`minisvc catalog search`).\n"
            "mini_programs:\n"
            '  - app_id: "1000000000000001"\n'
            "    name: {en-US: My Mini Program}\n"
            "    icon: https://cdn.example.com/icons/my-mini-program.png\n"
            "    status: online\n").encode()


def service_files(service: str, default_locale: str, locales: Sequence[str]
                  ) -> dict[str, bytes]:
    """A new service: its service.yaml, a release.yaml asking for nothing, and version 1
    (a Draft with a title in every locale and no sections)."""
    title = service.replace("-", " ").title()
    titles = ", ".join(f"{locale}: {title}" for locale in locales)
    return {
        service_file(service): (f"{modelines.modeline(service_file(service))}\n"
                                f"id: {service}\ndefault_locale: {default_locale}\n"
                                f"locales: [{', '.join(locales)}]\n").encode(),
        release_file(service): (f"{modelines.modeline(release_file(service))}\n"
                                "# Nothing in flight yet: `minisvc test "
                                f"{service} 1 --tester EMAIL` starts testing v1.\n"
                                "version: 1\nstage: draft\n").encode(),
        version_file(service, 1): (f"{modelines.modeline(version_file(service, 1))}\n"
                                   f"title: {{{titles}}}\nsections: []\n").encode(),
    }
