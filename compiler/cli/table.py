"""Every `minisvc` command: the module that defines it and its one-line summary.

As pip's ``commands_dict`` does, this table lets `minisvc --help` list the commands, and
`minisvc <cmd> --help` load one small module, without importing the core (pydantic,
ruamel.yaml, GitPython): a command module imports its core only when it runs.
``tests/cli/test_table.py`` holds the table to the modules, so a summary cannot drift.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    module: str  # under compiler.cli; the click command is its attribute of the same name
    summary: str  # the first line of the command's docstring


COMMANDS: dict[str, Entry] = {
    "init": Entry(
        "adopt", "Start a config repository in FOLDER: services, schemas, workflows, README."
    ),
    "service": Entry("adopt", "Add a service, or remove one that never went live."),
    "validate": Entry("core", "Schema and semantic checks of the repo, or of PATHS only."),
    "build": Entry("core", "Per-locale runtime JSON and manifests of the versions users can get."),
    "schema": Entry("core", "Write the JSON Schemas under schema/ (or check them)."),
    "rules": Entry("core", "List every finding code with what it means."),
    "new": Entry(
        "authoring",
        "Create a new Draft: the next number, a copy of the newest Released or Archived version.",
    ),
    "duplicate": Entry("authoring", "Copy a Released or Archived version into a new Draft."),
    "delete": Entry("authoring", "Delete a Draft (only a Draft can be deleted)."),
    "title": Entry("authoring", "The page title of a Draft, per locale."),
    "catalog": Entry("authoring", "The catalog of mini programs (services/catalog.yaml)."),
    "section": Entry("content", "The sections of a Draft: add, edit, move, remove."),
    "program": Entry("content", "The mini programs of a Draft's custom section."),
    "slide": Entry("slides", "The slides of a Draft's carousel: add, edit, move, remove."),
    "banner": Entry(
        "slides", "The banner of a Draft (the badge on the super app's home page): set, remove."
    ),
    "check": Entry(
        "lifecycle",
        "The PR gate: validation, frozen versions, legal release.yaml moves, and the plan.",
    ),
    "plan": Entry(
        "lifecycle", "What the next `apply` will do: lifecycle refs against release.yaml."
    ),
    "apply": Entry(
        "lifecycle", "Carry out the plan for the checked-out commit: write refs, build dist/, push."
    ),
    "status": Entry(
        "lifecycle", "Every version with its status (from lifecycle refs; works on a fresh clone)."
    ),
    "history": Entry(
        "lifecycle", "Every event of SERVICE: when, version, what, ratio, who, tag or commit."
    ),
    "test": Entry("lifecycle", "Ask for Draft VERSION to go to Testing (edits release.yaml)."),
    "retest": Entry(
        "lifecycle", "Give the Testing version a new tester list (edits release.yaml)."
    ),
    "revert": Entry(
        "lifecycle", "Send the Testing or Releasing version back to Draft (edits release.yaml)."
    ),
    "release": Entry(
        "lifecycle",
        "Release the version in flight at a ratio; the ratio only goes up (edits release.yaml).",
    ),
    "verify": Entry(
        "lifecycle", "Check that no lifecycle tag moved and no frozen version's content changed."
    ),
    "preview": Entry(
        "runtime", "One HTML page showing VERSION of SERVICE as a phone per locale, side by side."
    ),
    "resolve": Entry(
        "runtime", "Which version and file a user gets, from dist/SERVICE/manifest.json."
    ),
    "serve": Entry(
        "runtime", "Serve dist/ and /v1/SERVICE?user=ID&email=E&locale=L over HTTP (until Ctrl-C)."
    ),
    "diff": Entry("runtime", "What changes for users between versions A and B of SERVICE."),
    "publish": Entry(
        "delivery", "Upload dist/ to object storage or a folder: files first, manifests last."
    ),
}
