"""A small stand-in for the GitHub Actions runner, for the rehearsal (tests/test_rehearsal.py).

It runs one job of a workflow file the way the runner does, minus GitHub: the job's
`run:` scripts, in order, with bash as the runner calls it, in a checkout made the way
`actions/checkout` makes it (its `with:` options honoured), with the runner's
environment (GITHUB_*, RUNNER_TEMP, one GITHUB_STEP_SUMMARY / GITHUB_OUTPUT / GITHUB_ENV
file per step) and the `if:` conditions evaluated. Steps that use other actions are not
run: setup-python is stood in for by the PATH the caller gives (the test venv's
`minisvc` first), an upload only has its path checked and recorded.

Anything in a workflow this runner does not emulate (an unknown step key, context or
expression) raises, so a workflow change the rehearsal cannot follow fails loudly instead
of being skipped.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

JOB_KEYS = {"name", "runs-on", "timeout-minutes", "permissions", "env", "steps"}
RUN_KEYS = {"name", "id", "if", "run", "shell", "env", "timeout-minutes", "working-directory"}
USES_KEYS = {"name", "id", "if", "uses", "with", "env", "timeout-minutes"}
# The runner's command lines: the default shell, and an explicit `shell: bash`.
SHELLS = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}


@dataclass
class Step:
    name: str
    ran: bool
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class Job:
    steps: list[Step]
    uploads: dict[str, Path]

    @property
    def ok(self) -> bool:
        return all(s.code == 0 for s in self.steps)

    @property
    def summary(self) -> str:
        """The job summary: each step's part in order (GitHub shows them one below another)."""
        return "\n".join(s.summary for s in self.steps if s.summary)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)


def checkout(remote: Path, workspace: Path, ref: str, options: Mapping[str, Any],
             env: Mapping[str, str]) -> None:
    """What actions/checkout does for `ref` (refs/heads/B or refs/pull/N/merge)."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True,
                       env=env)

    workspace.mkdir(parents=True)
    git("init", "-q")
    git("remote", "add", "origin", str(remote))
    local = (f"refs/remotes/origin/{ref.removeprefix('refs/heads/')}"
             if ref.startswith("refs/heads/") else f"refs/remotes/{ref.removeprefix('refs/')}")
    depth = int(options.get("fetch-depth", 1))
    if depth <= 0:
        git("fetch", "-q", "--prune", "origin", "+refs/heads/*:refs/remotes/origin/*",
            "+refs/tags/*:refs/tags/*")
        git("fetch", "-q", "origin", f"+{ref}:{local}")
    else:
        tags = ["+refs/tags/*:refs/tags/*"] if options.get("fetch-tags") else ["--no-tags"]
        git("fetch", "-q", f"--depth={depth}", "origin", f"+{ref}:{local}", *tags)
    if ref.startswith("refs/heads/"):
        git("checkout", "-q", "--force", "-B", ref.removeprefix("refs/heads/"), local)
    else:
        git("checkout", "-q", "--force", "--detach", local)


def run_job(remote: Path, workspace: Path, workflow: str, job_name: str, *,
            github: Mapping[str, str], env: Mapping[str, str], temp: Path) -> Job:
    """Check out `github["ref"]` of `remote` into `workspace` and run the job there.

    The workflow is read from the commit the run is for (`github["sha"]`), as GitHub reads
    it. `github` holds the context (event_name, ref, sha, base_ref, head_ref); `env` is the
    machine's environment (PATH, HOME, git settings).
    """
    text = subprocess.run(["git", "show", f"{github['sha']}:{workflow}"], cwd=remote,
                          check=True, capture_output=True, text=True, env=env).stdout
    job = YAML(typ="safe").load(text)["jobs"][job_name]
    if set(job) - JOB_KEYS:
        raise NotImplementedError(f"{job_name}: the rehearsal does not emulate "
                                  f"{set(job) - JOB_KEYS}")
    first, *rest = job["steps"]
    if not str(first.get("uses", "")).startswith("actions/checkout@"):
        raise NotImplementedError(f"{job_name}: the rehearsal expects checkout as step 1")
    checkout(remote, workspace, github["ref"], first.get("with", {}), env)
    # No variable and no secret is set in the rehearsal's repository: both read as "".
    context: dict[str, Any] = {"github": dict(github), "vars": {}, "secrets": {},
                               "steps": {}}
    state = _State(dict(env))
    steps = [Step(str(first.get("name", "checkout")), ran=True)]
    for number, raw in enumerate(rest, start=2):
        step = _run_step(number, raw, workspace, temp, context, steps, job, state)
        steps.append(step)
        if "id" in raw:
            context["steps"][raw["id"]] = {"outputs": step.outputs}
    return Job(steps, state.uploads)


@dataclass
class _State:
    """What steps leave for the next ones: GITHUB_ENV, GITHUB_PATH, uploads."""

    env: dict[str, str]
    uploads: dict[str, Path] = field(default_factory=dict)


def _run_step(number: int, raw: Mapping[str, Any], workspace: Path, temp: Path,
              context: dict[str, Any], done: list[Step], job: Mapping[str, Any],
              state: _State) -> Step:
    name = str(raw.get("name") or raw.get("uses") or raw.get("run", "").splitlines()[0])
    keys = set(raw) - (RUN_KEYS if "run" in raw else USES_KEYS)
    if keys:
        raise NotImplementedError(f"step {name!r}: the rehearsal does not emulate {keys}")
    failed = any(s.code != 0 for s in done)
    if not condition(str(raw.get("if", "")), context, failed):
        return Step(name, ran=False)
    if "uses" in raw:
        return _uses(name, raw, workspace, state.uploads)
    if "${{" in raw["run"]:
        raise NotImplementedError(f"step {name!r}: an expression inside a script")
    files = {key: temp / "_runner_file_commands" / f"{key.lower()}_{number}"
             for key in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH")}
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    script = temp / f"step_{number}.sh"
    script.write_text(raw["run"], encoding="utf-8")
    env = {**state.env, **_runner_env(context["github"], workspace, temp),
           **{k: expand(str(v), context) for k, v in job.get("env", {}).items()},
           **{k: expand(str(v), context) for k, v in raw.get("env", {}).items()},
           **{k: str(p) for k, p in files.items()}}
    result = subprocess.run([*SHELLS[raw.get("shell")], str(script)],
                            cwd=workspace / raw.get("working-directory", "."), env=env,
                            capture_output=True, text=True,
                            timeout=60 * float(raw.get("timeout-minutes", 5)))
    state.env.update(_parse_kv(files["GITHUB_ENV"].read_text(encoding="utf-8")))
    for entry in reversed(files["GITHUB_PATH"].read_text(encoding="utf-8").splitlines()):
        state.env["PATH"] = f"{entry}:{state.env['PATH']}"
    return Step(name, True, result.returncode, result.stdout, result.stderr,
                files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8"),
                _parse_kv(files["GITHUB_OUTPUT"].read_text(encoding="utf-8")))


def _uses(name: str, raw: Mapping[str, Any], workspace: Path,
          uploads: dict[str, Path]) -> Step:
    action = raw["uses"].split("@")[0]
    if action in ("actions/upload-artifact", "actions/upload-pages-artifact"):
        path = workspace / raw["with"]["path"]
        empty = not path.exists() or (path.is_dir() and not any(path.rglob("*")))
        if empty and raw["with"].get("if-no-files-found", "error") != "ignore":
            return Step(name, True, 1, stderr=f"no files found at {raw['with']['path']}")
        uploads[name] = path
    elif action != "actions/setup-python":
        raise NotImplementedError(f"step {name!r}: the rehearsal does not emulate {action}")
    return Step(name, True)


def _runner_env(github: Mapping[str, str], workspace: Path, temp: Path) -> dict[str, str]:
    return {"CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(temp), "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": github["event_name"], "GITHUB_REF": github["ref"],
            "GITHUB_SHA": github["sha"], "GITHUB_REPOSITORY": "team/mini-service",
            "GITHUB_BASE_REF": github.get("base_ref", ""),
            "GITHUB_HEAD_REF": github.get("head_ref", "")}


def _parse_kv(text: str) -> dict[str, str]:
    """`key=value` lines and `key<<DELIM` blocks, as in GITHUB_OUTPUT."""
    out: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delim = line.split("<<", 1)
            block = []
            for body in lines:
                if body == delim:
                    break
                block.append(body)
            out[key] = "\n".join(block)
        elif "=" in line:
            key, value = line.split("=", 1)
            out[key] = value
    return out


# --- expressions: the subset of GitHub's expression syntax the workflows use ------------

_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>&&|\|\||==|!=|!|\(|\))|"
                    r"(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][\w-]*(?:\.[\w-]+)*)|(?P<bad>\S))")
_STATUS = ("success", "failure", "always", "cancelled")


def expand(text: str, context: Mapping[str, Any]) -> str:
    """`origin/${{ github.base_ref }}` -> `origin/main`."""
    return re.sub(r"\$\{\{(.*?)\}\}",
                  lambda m: _string(evaluate(m[1], context, failed=False)), text)


def condition(text: str, context: Mapping[str, Any], failed: bool) -> bool:
    """A step's `if:`; without a status function it means `success() && (...)`."""
    text = text.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    if not text.strip():
        return not failed
    status = any(re.search(rf"\b{f}\s*\(", text) for f in _STATUS)
    value = _truthy(evaluate(text, context, failed))
    return value if status else value and not failed


def evaluate(text: str, context: Mapping[str, Any], failed: bool) -> Any:
    tokens = [(kind, value) for m in _TOKEN.finditer(text) if m.lastgroup
              for kind, value in [(m.lastgroup, m[m.lastgroup])]]
    if any(kind == "bad" for kind, _ in tokens):
        raise NotImplementedError(f"expression {text!r}")
    pos = 0

    def peek() -> str:
        return tokens[pos][1] if pos < len(tokens) else ""

    def take() -> tuple[str, str]:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def disjunction() -> Any:
        left = conjunction()
        while peek() == "||":
            take()
            right = conjunction()
            left = left if _truthy(left) else right
        return left

    def conjunction() -> Any:
        left = negation()
        while peek() == "&&":
            take()
            right = negation()
            left = right if _truthy(left) else left
        return left

    def negation() -> Any:
        if peek() == "!":
            take()
            return not _truthy(negation())
        return comparison()

    def comparison() -> Any:
        left = primary()
        if peek() in ("==", "!="):
            op = take()[1]
            equal = _equal(left, primary())
            return equal if op == "==" else not equal
        return left

    def primary() -> Any:
        kind, value = take()
        if value == "(":
            inner = disjunction()
            take()
            return inner
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return float(value)
        if peek() == "(":
            take(), take()
            if value not in _STATUS:
                raise NotImplementedError(f"function {value}()")
            return {"success": not failed, "failure": failed, "always": True,
                    "cancelled": False}[value]
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        return _lookup(value, context)

    result = disjunction()
    if pos != len(tokens):
        raise NotImplementedError(f"expression {text!r}")
    return result


def _lookup(path: str, context: Mapping[str, Any]) -> Any:
    root, *rest = path.split(".")
    if root not in context:
        raise NotImplementedError(f"context {root!r}")
    value: Any = context[root]
    for key in rest:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    return bool(value)


def _equal(a: Any, b: Any) -> bool:
    """GitHub's loose equality: strings ignore case; other mixes compare as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return _number(a) == _number(b)


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool | float | int):
        return float(value)
    try:
        return float(value.strip() or 0)
    except ValueError:
        return math.nan


def _string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
