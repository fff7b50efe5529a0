"""minisvc verify [--remote REMOTE]: no lifecycle tag moved and no frozen content changed.

The release workflow runs it after `apply`, before dist/ is published: a push that
skipped the PR gate, a tag re-made by hand or force-pushed, or a rewritten service branch
stops the release with findings that name the tag and the file (compiler/lifecycle/audit.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..engine.incremental import skeleton
from ..git import record as audit_facts
from ..git.tree import open_root
from ..lifecycle import audit
from ..lifecycle.machine import derive
from ..lifecycle.view import Record, view
from ..model.findings import fails
from ..report.reporters import REPORTERS


def run(root: Path, remote: str | None, fmt: str, strict: bool) -> int:
    facts = audit_facts.read(open_root(root), remote)
    events = [t.event for t in facts.tags]
    seen = view(skeleton(facts.head), facts.head, Record(events, derive(events)))
    findings = sorted(set(audit.audit(facts, seen.states)),
                      key=lambda f: (f.file, f.line, f.col, f.code, f.message))
    if fmt != "json":
        services = {t.event.service for t in facts.tags} | {b.service for b in facts.branches}
        against = f", against {remote}" if remote else ""
        click.echo(f"verified {len(facts.tags)} lifecycle tag{'s' * (len(facts.tags) != 1)} "
                   f"of {len(services)} service{'s' * (len(services) != 1)}{against}"
                   if facts.tags or facts.problems else
                   "nothing to verify: the repository has no lifecycle tags")
    click.echo(REPORTERS[fmt](findings))
    return 1 if fails(findings, strict) else 0
