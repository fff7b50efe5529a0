"""The edge `minisvc verify` reads: tag targets and the content at them, each service
branch's history, and optionally the remote's refs. A few git calls whatever the number
of tags: one for-each-ref, one cat-file batch, one log per branch tip, one ls-remote."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git
else:
    from . import git  # GitPython, imported on first use (see __init__.py)

from ..errors import UserError
from ..lifecycle.audit import BranchFact, Facts, RemoteFact, TagFact
from ..lifecycle.frozen_guard import digest
from ..lifecycle.refscheme import BRANCH_PREFIX, TAG_PREFIX, Ledger, is_lifecycle_tag, parse_ledger
from ..model.paths import version_file
from . import refs as gitrefs
from .tree import GitRoot


def read(root: GitRoot, remote: str | None) -> Facts:
    snap = gitrefs.read(root)
    targets = _targets(root.repo)
    events = [e for e in snap.events if e.tag in targets]
    paths = [f"{targets[e.tag]}:{root.prefix}{version_file(e.service, e.version)}"
             for e in events]
    contents = _digests(root.repo, paths)
    tags = [TagFact(e, snap.tags[e.tag], targets[e.tag], contents.get(path))
            for e, path in zip(events, paths, strict=True)]
    branches = [BranchFact(tip.ledger.service, tip.ref, _history(root, tip.sha))
                for tips in snap.tips.values() for tip in tips]
    diverged = [(a.ref, b.ref) for tips in snap.tips.values()
                for i, a in enumerate(tips) for b in tips[i + 1:]
                if _relation(root.repo, a.sha, b.sha) == "diverged"]
    facts = Facts(tags, branches, root.files_at("HEAD"), list(snap.problems), diverged)
    if remote is not None:
        facts.remote = _remote(root.repo, remote, snap)
    return facts


def _targets(repo: git.Repo) -> dict[str, str]:
    """Lifecycle tag name -> the commit it points at."""
    out = repo.git.for_each_ref("--format=%(refname)%00%(*objectname)", "refs/tags")
    found = {}
    for line in out.splitlines():
        ref, _, peeled = line.partition("\x00")
        name = ref[len(TAG_PREFIX):]
        if peeled and is_lifecycle_tag(name):
            found[name] = peeled
    return found


def _digests(repo: git.Repo, paths: list[str]) -> dict[str, str]:
    """``commit:path`` -> sha256 digest of that blob, for those that exist."""
    unique = sorted(set(paths))
    if not unique:
        return {}
    with tempfile.TemporaryFile() as stdin:
        stdin.write(("\n".join(unique) + "\n").encode())
        stdin.seek(0)
        raw = repo.git.execute(["git", "cat-file", "--batch"], istream=stdin,
                               stdout_as_string=False, strip_newline_in_stdout=False)
    assert isinstance(raw, bytes)
    found, at = {}, 0
    for path in unique:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<path> missing", or not a file
        size = int(header[2])
        found[path] = digest(raw[at:at + size])
        at += size + 1
    return found


def branch_facts(root: GitRoot, snap: gitrefs.Snapshot) -> list[BranchFact]:
    """Each service's branch history (local and remote-tracking tips together), read in
    one ``git log``: what every command that reads the record checks the tags against."""
    tips = sorted({tip.sha for tips in snap.tips.values() for tip in tips})
    by_service: dict[str, list[tuple[str, Ledger]]] = {}
    for commit, ledger in _history(root, *tips) if tips else ():
        by_service.setdefault(ledger.service, []).append((commit, ledger))
    return [BranchFact(sid, f"{BRANCH_PREFIX}{sid}", tuple(entries))
            for sid, entries in sorted(by_service.items())]


def _history(root: GitRoot, *shas: str) -> tuple[tuple[str, Ledger], ...]:
    out = root.output("log", "--format=%H%x00%B%x1e", *shas, "--")
    entries = []
    for record in out.split("\x1e"):
        commit, _, message = record.lstrip("\n").partition("\x00")
        ledger = parse_ledger(message) if commit else None
        if ledger is not None:
            entries.append((commit, ledger))
    return tuple(entries)


def _relation(repo: git.Repo, mine: str, theirs: str) -> str:
    """How ``theirs`` relates to ``mine``: same, ahead, behind, diverged or unknown."""
    if mine == theirs:
        return "same"
    try:
        repo.git.cat_file("-e", f"{theirs}^{{commit}}")
    except git.GitCommandError:
        return "unknown"
    for relation, (a, b) in (("ahead", (mine, theirs)), ("behind", (theirs, mine))):
        try:
            repo.git.merge_base("--is-ancestor", a, b)
            return relation
        except git.GitCommandError:
            continue
    return "diverged"


def _remote(repo: git.Repo, remote: str, snap: gitrefs.Snapshot) -> RemoteFact:
    try:
        out = str(repo.git.ls_remote("--refs", remote, f"{TAG_PREFIX}*", f"{BRANCH_PREFIX}*"))
    except git.GitCommandError as exc:
        lines = [ln.strip(" '").removeprefix("stderr: '") for ln in str(exc.stderr).splitlines()]
        lines = [ln for ln in lines if ln.startswith(("fatal", "error"))]
        raise UserError(f"cannot read the refs of {remote}: "
                        f"{lines[0] if lines else 'git gave no reason'}") from None
    tags: dict[str, str] = {}
    branches: dict[str, str] = {}
    for line in out.splitlines():
        sha, _, ref = line.partition("\t")
        if ref.startswith(TAG_PREFIX) and is_lifecycle_tag(ref[len(TAG_PREFIX):]):
            tags[ref[len(TAG_PREFIX):]] = sha
        elif ref.startswith(BRANCH_PREFIX):
            service = ref[len(BRANCH_PREFIX):]
            tip = snap.tip(service)
            branches[service] = _relation(repo, tip.sha, sha) if tip else "unknown"
    return RemoteFact(remote, tags, branches)
