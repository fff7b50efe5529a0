"""Every service's release.yaml against its current state -> one plan, or located refusals.

Pure: the same function answers ``check`` (PR gate), ``plan``, ``apply`` and the
commands that edit release.yaml, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ..load.project import Project
from ..model.findings import Finding, finding
from ..model.inputs import Stage
from ..model.schedule import Window, iso, open_window, upcoming
from .bootstrap import bootstrap
from .events import Kind, format_ratio
from .machine import ServiceState, Transition, advance
from .planner import plan
from .refusals import Refusal, refusal

BOOTSTRAP_HINT = ("this repository has no lifecycle refs yet: run `minisvc apply --bootstrap` "
                  "once to adopt release.yaml as the current state (see docs/lifecycle.md)")


@dataclass
class Outcome:
    steps: list[Transition] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    """Why a service's forward moves wait (a freeze window), one line each."""


def plan_all(project: Project, states: Mapping[str, ServiceState], *,
             findings: Iterable[Finding] = (), bootstrap_new: bool = False,
             bootstrapped: bool = True, pending: Collection[str] = (),
             now: dt.datetime | None = None, refuse_frozen: bool = False) -> Outcome:
    """The plan of every service.

    Services whose release.yaml already has an error are skipped (the error says why).
    ``bootstrap_new`` adopts release.yaml for services that have no events yet. Refusals
    for services in ``pending`` (release.yaml unchanged by the PR) are warnings: the PR
    did not cause them and must not be blocked by them.

    ``now`` (a value; the edge reads the clock) decides which schedule steps are due and
    whether a freeze window of ``project.freeze`` is open. In a window, a service's
    forward moves are held (``held`` says until when; what apply does), or with
    ``refuse_frozen`` refused as E315 (what the PR gate does); a revert always passes.
    """
    window = open_window(project.freeze, now) if now is not None else None
    broken = {f.file for f in findings if f.is_error}
    out = Outcome()
    for sid in sorted(project.services):
        tree = project.services[sid]
        if tree.release_file in broken or (tree.release is None
                                           and tree.release_file in project.documents):
            continue
        state = states.get(sid, ServiceState(sid))
        if bootstrap_new and not state.versions:
            out.steps.extend(bootstrap(sid, tree.release, tree.version_files))
            continue
        result = plan(state, tree.release, tree.version_files, now)
        if isinstance(result, list) and window is not None and _forward(result):
            if not refuse_frozen or sid in pending:
                out.held.append(f"{sid}: {result[0].change()} held by the freeze window "
                                f"{window.reason!r} until {iso(window.end)}")
                continue
            result = _frozen(result[0], window)
        if isinstance(result, list):
            out.steps.extend(result)
            continue
        code, hint = result.code, result.hint
        if not bootstrapped:
            hint = f"{hint}; {BOOTSTRAP_HINT}" if hint else BOOTSTRAP_HINT
        if sid in pending:
            code, hint = "W300", f"apply will refuse this ({result.code}); {hint}"
        out.findings.append(finding(tree.release_file, (result.field,) if result.field else (),
                                    code, result.message, hint))
    return out


def _forward(steps: list[Transition]) -> bool:
    return any(s.kind is not Kind.REVERTED for s in steps)


def _frozen(step: Transition, window: Window) -> Refusal:
    return refusal("freeze-window", service=step.service, version=step.version,
                   change=step.change(), reason=window.reason, start=iso(window.start),
                   end=iso(window.end))


def after(states: Mapping[str, ServiceState], steps: Iterable[Transition],
          services: Iterable[str]) -> dict[str, ServiceState]:
    """Every service's state once ``steps`` are applied."""
    steps = list(steps)
    return {sid: advance(states.get(sid, ServiceState(sid)),
                         [s for s in steps if s.service == sid])
            for sid in sorted(set(services) | set(states))}


def once_applied(project: Project, states: Mapping[str, ServiceState],
                 now: dt.datetime | None = None) -> dict[str, ServiceState]:
    """The state ``project``'s own plan leads to (refused services stay as they are): what
    a PR onto a base with merged but not yet applied release.yaml changes is judged
    against, so the gate refuses what apply will refuse once base's plan is applied."""
    return after(states, plan_all(project, states, now=now).steps, project.services)


def next_steps(project: Project, sid: str, now: dt.datetime) -> list[str]:
    """``next: Releasing 50% at 2026-12-04T02:00:00Z`` for a release.yaml with a schedule
    step still to come at ``now``, and the freeze window ``now`` is in, if any."""
    tree = project.services.get(sid)
    release = tree.release if tree is not None else None
    lines = []
    if release is not None and release.stage is Stage.RELEASING:
        step = upcoming(release.schedule, now)
        if step is not None:
            what = "Released" if step.ratio >= 100 else f"Releasing {format_ratio(step.ratio)}%"
            lines.append(f"next: v{release.version} {what} at {iso(step.at)}")
    window = open_window(project.freeze, now)
    if window is not None:
        lines.append(f"frozen: {window.reason!r} until {iso(window.end)} (no forward move)")
    return lines


def timeline(project: Project, now: dt.datetime) -> list[tuple[str, str, str, str]]:
    """Every scheduled step of every release.yaml at ``now``: (service and version, what,
    when, ``due`` / ``planned``, and the freeze window it falls in), for the job summary."""
    rows = []
    windows = project.freeze.windows if project.freeze else []
    for sid in sorted(project.services):
        release = project.services[sid].release
        if release is None or release.stage is not Stage.RELEASING:
            continue
        for step in release.schedule:
            what = "Released" if step.ratio >= 100 else f"Releasing {format_ratio(step.ratio)}%"
            state = "due" if step.at <= now else "planned"
            frozen = next((w for w in windows if w.start <= step.at < w.end), None)
            if frozen is not None:
                state += f"; in the freeze window {frozen.reason!r}, held until {iso(frozen.end)}"
            rows.append((f"{sid} v{release.version}", what, iso(step.at), state))
    return rows
