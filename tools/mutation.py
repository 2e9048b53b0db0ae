"""A small, deterministic mutation run over chosen functions of the answer path.

Each mutant changes one thing in one target (an operator, a comparison, a number, a
slice bound, a statement), runs a chosen test subset against a copy of the repository
and counts as killed when that run fails (or times out). The repository itself is
never edited: mutants are written into a scratch copy under the system temp folder.

    nice -n 10 uv run python tools/mutation.py                 # the default targets
    nice -n 10 uv run python tools/mutation.py --list          # the mutants, not run
    nice -n 10 uv run python tools/mutation.py --only 12 --only 40   # rerun some
    nice -n 10 uv run python tools/mutation.py --json out.json # also write a report

Why not mutmut: mutmut 3 mutates function bodies only, so the Tuning defaults (the
numbers the issue is about) are never mutated; this script mutates them too. See
docs/testing.md for the operators, the targets and the measured scores.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TARGETS: tuple[str, ...] = (
    "bot/engine/decision.py::probability",
    "bot/engine/decision.py::decide",
    "bot/engine/decision.py::_clear_lead",
    "bot/engine/features.py::siblings",
    "bot/engine/features.py::features",
    "bot/engine/tuning.py::Tuning",
    "bot/engine/engine.py::Engine._adjust",
    "bot/engine/engine.py::_conflicts",
    "bot/engine/engine.py::Engine._suggestions",
    "bot/engine/engine.py::Engine._mentions_reply",
)
"""`file::name`: a function, a method (`Class.method`) or a class (its field defaults)."""

TESTS: tuple[str, ...] = (
    "tests/engine",
    "tests/exts/test_mentions_reply.py",
    "tests/test_golden.py",
    "--deselect",
    "tests/engine/test_gate_fit.py::test_stored_gate_matches_a_refit",
)
"""The behaviour tests of the answer path (a path that does not exist yet is skipped, so
the same command measures before and after new test files). The gate refit check is left
out: it compares gate.json byte for byte, so it flags almost any change to the ranking
without saying what a user would see (docs/testing.md)."""

SKIP_FIELDS = frozenset({"gate"})
"""Tuning fields not mutated (the fitted gate is a default_factory, not a number)."""

COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "out"
)


@dataclass(frozen=True, slots=True)
class Mutant:
    """One change to one file, with where it is and what it does."""

    number: int
    path: str
    target: str
    line: int
    col: int
    operator: str
    before: str
    after: str
    start: tuple[int, int]
    end: tuple[int, int]
    replacement: str

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}:{self.col} [{self.target}] {self.operator}"


# ---- finding mutation points

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
}
_CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}


def _numbers(value: int | float) -> list[int | float]:
    """The numbers a constant is mutated into: off by one for ints, 0 and doubled for
    floats (a tuning value must matter at all, and its size must matter)."""
    if isinstance(value, int):
        return [value + 1, value - 1]
    out: list[int | float] = [] if value == 0 else [0.0, value * 2]
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring expressions (the string after a field counts too)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for stmt in body:
            if (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            ):
                out.add(id(stmt))
                out.add(id(stmt.value))
    return out


def _annotations(tree: ast.AST) -> set[int]:
    """ids of every node inside an annotation (never mutated)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        notes: list[ast.AST | None] = []
        if isinstance(node, ast.AnnAssign):
            notes.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            notes.append(node.returns)
            args = node.args
            notes.extend(a.annotation for a in [*args.args, *args.kwonlyargs, *args.posonlyargs])
        for note in notes:
            if note is not None:
                out.update(id(n) for n in ast.walk(note))
    return out


def _find(tree: ast.Module, name: str) -> ast.AST:
    """The function, method or class named `name` (dotted for a method)."""
    scope: list[ast.stmt] = tree.body
    found: ast.AST | None = None
    for part in name.split("."):
        found = next(
            (
                n
                for n in scope
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and n.name == part
            ),
            None,
        )
        if found is None:
            raise SystemExit(f"no {name} in the module")
        scope = getattr(found, "body", [])
    assert found is not None
    return found


def _points(
    node: ast.AST, skip: set[int], is_class: bool
) -> Iterator[tuple[ast.AST, str, ast.AST]]:
    """(node to replace, operator name, replacement node) for every mutation in `node`."""
    if is_class:
        assert isinstance(node, ast.ClassDef)
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if stmt.target.id in SKIP_FIELDS or stmt.value is None:
                    continue
                yield from _points_in(stmt.value, skip)
        return
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    for stmt in node.body:
        yield from _points_in(stmt, skip)


def _points_in(root: ast.AST, skip: set[int]) -> Iterator[tuple[ast.AST, str, ast.AST]]:
    for node in ast.walk(root):
        if id(node) in skip:
            continue
        yield from _mutations_of(node)


def _mutations_of(node: ast.AST) -> Iterator[tuple[ast.AST, str, ast.AST]]:
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            swap = _COMPARE_SWAPS.get(type(op))
            if swap is not None:
                new = copy.deepcopy(node)
                new.ops[i] = swap()
                yield node, f"{type(op).__name__}->{swap.__name__}", new
    elif isinstance(node, ast.BinOp):
        swap_op = _BINOP_SWAPS.get(type(node.op))
        if swap_op is not None:
            new_bin = copy.deepcopy(node)
            new_bin.op = swap_op()
            yield node, f"{type(node.op).__name__}->{swap_op.__name__}", new_bin
    elif isinstance(node, ast.AugAssign):
        swap_op = _BINOP_SWAPS.get(type(node.op))
        if swap_op is not None:
            new_aug = copy.deepcopy(node)
            new_aug.op = swap_op()
            yield node, f"{type(node.op).__name__}=->{swap_op.__name__}=", new_aug
        yield node, "delete-statement", ast.Pass()
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        new_bool = copy.deepcopy(node)
        new_bool.op = other
        yield node, f"{type(node.op).__name__}->{type(other).__name__}", new_bool
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        yield node, f"drop-{type(node.op).__name__}", copy.deepcopy(node.operand)
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield node, f"{value}->{not value}", ast.Constant(not value)
        elif isinstance(value, int | float):
            for number in _numbers(value):
                yield node, f"{value!r}->{number!r}", ast.Constant(number)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        s = node.slice
        if s.lower is not None or s.upper is not None:
            yield node, "drop-slice", copy.deepcopy(node.value)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CALL_SWAPS
    ):
        new_call = copy.deepcopy(node)
        assert isinstance(new_call.func, ast.Name)
        new_call.func.id = _CALL_SWAPS[node.func.id]
        yield node, f"{node.func.id}->{new_call.func.id}", new_call
    elif isinstance(node, ast.Break):
        yield node, "break->continue", ast.Continue()
    elif isinstance(node, ast.Continue):
        yield node, "continue->break", ast.Break()
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        yield node, "delete-statement", ast.Pass()


def collect(targets: tuple[str, ...], root: Path = ROOT) -> list[Mutant]:
    """Every mutant of the targets, in a stable order (target, line, column, operator)."""
    found: list[tuple[str, str, tuple[int, int], str, tuple[int, int], str, str]] = []
    for spec in targets:
        path, _, name = spec.partition("::")
        source = (root / path).read_text(encoding="utf-8")
        tree = ast.parse(source)
        node = _find(tree, name)
        skip = _docstrings(tree) | _annotations(tree)
        here = []
        for old, operator, new in _points(node, skip, isinstance(node, ast.ClassDef)):
            start = (old.lineno, old.col_offset)
            end = (old.end_lineno or old.lineno, old.end_col_offset or 0)
            text = ast.unparse(new) if isinstance(old, ast.stmt) else f"({ast.unparse(new)})"
            before = ast.get_source_segment(source, old) or ""
            try:
                compile(_splice(source, start, end, text), path, "exec")
            except SyntaxError:
                continue
            here.append((path, name, start, operator, end, text, before))
        here.sort(key=lambda f: (f[2], f[3]))
        found.extend(here)
    return [
        Mutant(
            number=i,
            path=path,
            target=name,
            line=start[0],
            col=start[1],
            operator=operator,
            before=" ".join(before.split())[:60],
            after=" ".join(text.split())[:60],
            start=start,
            end=end,
            replacement=text,
        )
        for i, (path, name, start, operator, end, text, before) in enumerate(found, 1)
    ]


def apply(source: str, mutant: Mutant) -> str:
    """The source with the mutant's node replaced."""
    return _splice(source, mutant.start, mutant.end, mutant.replacement)


def _splice(source: str, start: tuple[int, int], end: tuple[int, int], text: str) -> str:
    """Replace from (line, byte column) `start` to `end` (ast positions) with `text`."""
    data = source.encode("utf-8")
    offsets = [0]
    for line in data.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    a = offsets[start[0] - 1] + start[1]
    b = offsets[end[0] - 1] + end[1]
    return (data[:a] + text.encode("utf-8") + data[b:]).decode("utf-8")


# ---- running


@dataclass(frozen=True, slots=True)
class Outcome:
    number: int
    label: str
    before: str
    after: str
    status: str
    """killed, survived or timeout (a timeout counts as killed)."""
    seconds: float
    failed: str


def _run_tests(sandbox: Path, tests: tuple[str, ...], timeout: float) -> tuple[str, str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(sandbox))
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(
            cmd, cwd=sandbox, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout", ""
    if done.returncode == 0:
        return "survived", ""
    if done.returncode not in (1,):
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        return "killed", "error: " + " | ".join(tail)[:200]
    failed = next((ln for ln in done.stdout.splitlines() if ln.startswith("FAILED")), "")
    return "killed", failed[7:].split(" - ")[0]


def make_sandbox(root: Path = ROOT) -> Path:
    """A scratch copy of the repository, without caches (pyc files are never written)."""
    sandbox = Path(tempfile.mkdtemp(prefix="archive-bot-mutation-"))
    for entry in root.iterdir():
        if entry.name in {".git", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache"}:
            continue
        if entry.is_dir():
            shutil.copytree(entry, sandbox / entry.name, ignore=COPY_IGNORE, symlinks=True)
        else:
            shutil.copy2(entry, sandbox / entry.name)
    return sandbox


def run(
    mutants: list[Mutant],
    tests: tuple[str, ...],
    say: Callable[[str], None] = print,
) -> list[Outcome]:
    """Run every mutant in a scratch copy; the baseline must pass first."""
    sandbox = make_sandbox()
    try:
        started = time.monotonic()
        status, _ = _run_tests(sandbox, tests, timeout=900)
        baseline = time.monotonic() - started
        if status != "survived":
            raise SystemExit("the test subset fails without any mutant: fix that first")
        timeout = 4 * baseline + 20
        say(f"baseline {baseline:.1f}s; timeout {timeout:.0f}s; {len(mutants)} mutants")
        outcomes: list[Outcome] = []
        for mutant in mutants:
            target = sandbox / mutant.path
            original = target.read_text(encoding="utf-8")
            target.write_text(apply(original, mutant), encoding="utf-8")
            t0 = time.monotonic()
            try:
                status, failed = _run_tests(sandbox, tests, timeout)
            finally:
                target.write_text(original, encoding="utf-8")
            outcome = Outcome(
                mutant.number,
                mutant.label,
                mutant.before,
                mutant.after,
                status,
                round(time.monotonic() - t0, 1),
                failed,
            )
            outcomes.append(outcome)
            by = f"  <- {failed}" if failed else ""
            change = f"{mutant.before} -> {mutant.after}"
            say(f"{mutant.number:4d} {status:8s} {mutant.label}: {change}{by}")
        return outcomes
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target", action="append", help="file::name (repeatable)")
    parser.add_argument("--tests", nargs="+", help="pytest arguments (default: TESTS)")
    parser.add_argument("--only", type=int, action="append", help="mutant number (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args(argv)
    targets = tuple(args.target) if args.target else TARGETS
    tests = tuple(args.tests) if args.tests else TESTS
    tests = tuple(t for t in tests if t.startswith("-") or "::" in t or (ROOT / t).exists())
    mutants = collect(targets)
    if args.only:
        mutants = [m for m in mutants if m.number in set(args.only)]
    if args.list:
        for m in mutants:
            print(f"{m.number:4d} {m.label}: {m.before} -> {m.after}")
        print(f"{len(mutants)} mutants")
        return 0
    outcomes = run(mutants, tests)
    killed = sum(o.status != "survived" for o in outcomes)
    print(f"\nscore: {killed}/{len(outcomes)} killed ({100 * killed / max(len(outcomes), 1):.1f}%)")
    for o in outcomes:
        if o.status == "survived":
            print(f"  survived {o.number:4d} {o.label}: {o.before} -> {o.after}")
    if args.json is not None:
        report = {
            "targets": targets,
            "tests": tests,
            "killed": killed,
            "total": len(outcomes),
            "outcomes": [asdict(o) for o in outcomes],
        }
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
