"""What a rule is, and the registry every rule module adds itself to.

A rule is one small generator with a stable code. Its docstring says why it exists; its
``bad`` and ``good`` examples are whole files (the offending line marked ``# <-``) that
become docs/rules.md and are run by the tests against the shipped sample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..load.project import Project, ServiceTree
from ..model.findings import Finding
from ..model.inputs import Service, Version
from ..model.status import Status, Statuses

Check = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True)
class Context:
    project: Project
    statuses: Statuses

    def status(self, service: str, number: int) -> Status:
        return self.statuses.get(service, {}).get(number, Status.DRAFT)

    def versions(self) -> Iterator[tuple[ServiceTree, Service, int, Version]]:
        """Every shaped version whose service file shaped too, in a stable order."""
        for sid in sorted(self.project.services):
            tree = self.project.services[sid]
            if tree.service is None:
                continue
            for number in sorted(tree.versions):
                yield tree, tree.service, number, tree.versions[number]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    check: Check
    file: str
    bad: str
    good: str

    @property
    def why(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(code: str, name: str, *, file: str, bad: str, good: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(code, name, check, file, bad.strip() + "\n", good.strip() + "\n"))
        return check

    return register


def run(ctx: Context) -> list[Finding]:
    """Every rule's findings; all of them, never only the first."""
    return [f for r in RULES for f in r.check(ctx)]
