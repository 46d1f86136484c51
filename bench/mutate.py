"""Mutation testing of the domain modules: does the test suite notice a wrong word or a wrong sign?

    python bench/mutate.py            # quick: a sample of mutants per module (a few minutes)
    python bench/mutate.py --full     # every mutant (tens of minutes on 2 cores)
    python bench/mutate.py --module wording.py --full

Each mutant is one small change to one module (a comparison `<` made `<=`, `+` made `-`, a number
moved by one, `and` made `or`, `True` made `False`, a condition negated, a string changed). The
tests that exercise the module run against it in a copy of `src/`; a mutant the tests fail on is
killed, one they pass on survives. The table gives per module: mutants, killed, survived, timed out,
set aside as equivalent (listed in `bench/mutants_equivalent.txt`: `path:line: change`, with a
reason), and the score killed / (mutants - equivalent). String mutants (a message's text) are
counted apart: they are reported, but a message's exact wording is held by the golden files and
the rule docs rather than by one test per sentence.

Not part of CI: it runs the tests hundreds of times. Its latest table goes in the README.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "kt_xh"
EQUIVALENT = ROOT / "bench" / "mutants_equivalent.txt"

# The modules under test and the tests that speak for them (fast ones; the golden files hold the
# whole report and appendix text).
MODULES: dict[str, tuple[str, ...]] = {
    "numbers.py": ("test_numbers.py", "test_compute.py", "test_wording.py",
                   "test_prose_numbers.py", "test_golden.py"),
    "compute.py": ("test_compute.py", "test_wording.py", "test_check_rules.py",
                   "test_kinds.py", "test_golden.py", "test_report_text.py"),
    "wording.py": ("test_wording_boundaries.py", "test_wording.py", "test_claims.py",
                   "test_golden.py", "test_report_text.py"),
    "appendix.py": ("test_appendix_cells.py", "test_appendix_groups.py", "test_document.py",
                    "test_golden.py", "test_docx_structure.py"),
    "checks/data_rules.py": ("test_check_rules.py", "test_data_rules_boundaries.py",
                             "test_kinds.py", "test_check_shipped.py", "test_golden.py"),
}

SWAPPED_COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
SWAPPED_OPERATORS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv,
}
SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
           ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
           ast.Mod: "%", ast.And: "and", ast.Or: "or"}


@dataclass(frozen=True)
class Mutant:
    module: str
    line: int
    change: str
    source: str
    text_only: bool

    @property
    def key(self) -> str:
        return f"{self.module}:{self.line}: {self.change}"


@dataclass
class Outcome:
    mutant: Mutant
    result: str  # "killed", "survived", "timeout"


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
        and isinstance(node.value.value, str)


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Docstrings (of modules, functions, classes and pydantic fields) and annotations: changing
    them changes no behaviour."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for statement in body if isinstance(body, list) else []:
            if _is_text(statement):
                skipped.add(id(statement.value))
        annotation = None
        if isinstance(node, ast.AnnAssign | ast.arg):
            annotation = node.annotation
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotation = node.returns
        if annotation is not None:
            skipped.update(id(n) for n in ast.walk(annotation))
    return skipped


def _changes(node: ast.AST) -> Iterator[tuple[str, bool]]:
    """The changes one node admits: (description, text_only)."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            if type(op) in SWAPPED_COMPARISONS:
                new = SWAPPED_COMPARISONS[type(op)]
                yield f"cmp{index}: {SYMBOLS[type(op)]} -> {SYMBOLS[new]}", False
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAPPED_OPERATORS:
        yield f"{SYMBOLS[type(node.op)]} -> {SYMBOLS[SWAPPED_OPERATORS[type(node.op)]]}", False
    elif isinstance(node, ast.BoolOp):
        yield ("and -> or" if isinstance(node.op, ast.And) else "or -> and"), False
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        yield ("drop not" if isinstance(node.op, ast.Not) else "drop unary -"), False
    elif isinstance(node, ast.If | ast.While | ast.IfExp):
        yield "negate condition", False
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield f"{value} -> {not value}", False
        elif isinstance(value, int):
            yield f"{value} -> {value + 1}", False
            if value != 0:
                yield f"{value} -> {value - 1}", False
        elif isinstance(value, str) and value.strip():
            yield f"string {value[:30]!r} -> 'XX…'", True


def _apply(node: ast.AST, change: str) -> None:
    if isinstance(node, ast.Compare):
        index = int(change[3:change.index(":")])
        node.ops[index] = SWAPPED_COMPARISONS[type(node.ops[index])]()
    elif isinstance(node, ast.BinOp):
        node.op = SWAPPED_OPERATORS[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.If | ast.While | ast.IfExp):
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            node.value = not value
        elif isinstance(value, int):
            node.value = value + 1 if "-> " + str(value + 1) in change else value - 1
        elif isinstance(value, str):
            node.value = "XX" + value + "XX"


class _DropUnary(ast.NodeTransformer):
    def __init__(self, target: int) -> None:
        self.target = target

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        if id(node) == self.target:
            return self.generic_visit(node).operand  # type: ignore[attr-defined, no-any-return]
        return self.generic_visit(node)


def mutants_of(module: str) -> list[Mutant]:
    path = PACKAGE / module
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    skipped = _skipped_nodes(tree)
    lines = text.splitlines()
    found: list[Mutant] = []
    # ast.walk visits a deep copy in the same order, so a node's index names it in the copy.
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if id(node) in skipped or (line and "pragma: no mutate" in lines[line - 1]):
            continue
        for change, text_only in _changes(node):
            mutated = copy.deepcopy(tree)
            target = next(n for i, n in enumerate(ast.walk(mutated)) if i == index)
            if change.startswith("drop"):
                mutated = _DropUnary(id(target)).visit(mutated)
            else:
                _apply(target, change)
            ast.fix_missing_locations(mutated)
            found.append(Mutant(module, line, change, ast.unparse(mutated), text_only))
    return found


def _run_tests(source: Path, cache: Path, tests: tuple[str, ...], timeout: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="1",
               KTXH_CACHE_DIR=str(cache), KTXH_FUZZ_EXAMPLES="10")
    paths = [str(ROOT / "tests" / t) for t in tests if (ROOT / "tests" / t).exists()]
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               "--no-header", *paths]
    try:
        completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True,
                                   timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if completed.returncode == 0 else "killed"


def _worker_copy(base: Path, number: int) -> Path:
    workdir = base / f"w{number}"
    shutil.copytree(ROOT / "src", workdir / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return workdir


def run(mutants: list[Mutant], workers: int, timeout: float) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="ktxh-mutate-") as base:
        free = [_worker_copy(Path(base), n) for n in range(workers)]
        done = 0

        def one(mutant: Mutant) -> Outcome:
            workdir = free.pop()
            target = workdir / "src" / "kt_xh" / mutant.module
            original = target.read_text(encoding="utf-8")
            try:
                target.write_text(mutant.source, encoding="utf-8")
                result = _run_tests(workdir / "src", workdir / "cache", MODULES[mutant.module],
                                    timeout)
            finally:
                target.write_text(original, encoding="utf-8")
                free.append(workdir)
            return Outcome(mutant, result)

        with ThreadPoolExecutor(workers) as pool:
            for outcome in pool.map(one, mutants):
                outcomes.append(outcome)
                done += 1
                mark = {"killed": ".", "survived": "S", "timeout": "T"}[outcome.result]
                print(mark, end="" if done % 80 else "\n", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    return outcomes


def equivalent_keys() -> set[str]:
    if not EQUIVALENT.exists():
        return set()
    keys = set()
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            keys.add(line)
    return keys


def report(outcomes: list[Outcome], equivalent: set[str]) -> None:
    print(f"{'module':<24} {'mutants':>7} {'killed':>6} {'survived':>8} {'timeout':>7} "
          f"{'equiv.':>6} {'score':>6}   text: killed/all")
    for module in MODULES:
        mine = [o for o in outcomes if o.mutant.module == module]
        if not mine:
            continue
        logic = [o for o in mine if not o.mutant.text_only]
        text = [o for o in mine if o.mutant.text_only]
        set_aside = [o for o in logic if o.mutant.key in equivalent and o.result == "survived"]
        killed = sum(o.result != "survived" for o in logic)
        survived = len(logic) - killed - len(set_aside)
        timeouts = sum(o.result == "timeout" for o in logic)
        counted = len(logic) - len(set_aside)
        score = f"{100 * killed / counted:.0f}%" if counted else "-"
        text_killed = sum(o.result != "survived" for o in text)
        print(f"{module:<24} {len(logic):>7} {killed:>6} {survived:>8} {timeouts:>7} "
              f"{len(set_aside):>6} {score:>6}   {text_killed}/{len(text)}")
    survivors = [o for o in outcomes if o.result == "survived" and not o.mutant.text_only
                 and o.mutant.key not in equivalent]
    if survivors:
        print("\nSurvivors (src/kt_xh/…):")
        for outcome in sorted(survivors, key=lambda o: (o.mutant.module, o.mutant.line)):
            print(f"  {outcome.mutant.key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="every mutant, not a sample")
    parser.add_argument("--sample", type=int, default=40, help="mutants per module (quick mode)")
    parser.add_argument("--module", action="append", choices=sorted(MODULES),
                        help="only this module (repeatable)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text", action="store_true", help="also run string (message) mutants")
    arguments = parser.parse_args()
    chosen: list[Mutant] = []
    for module in arguments.module or list(MODULES):
        candidates = [m for m in mutants_of(module) if arguments.text or not m.text_only]
        if not arguments.full:
            random.Random(f"{arguments.seed}:{module}").shuffle(candidates)
            candidates = sorted(candidates[:arguments.sample], key=lambda m: m.line)
        chosen.extend(candidates)
    baseline = time.perf_counter()
    tests = tuple(sorted({t for m in chosen for t in MODULES[m.module]}))
    with tempfile.TemporaryDirectory(prefix="ktxh-mutate-") as cache:
        if _run_tests(ROOT / "src", Path(cache), tests, 900) != "survived":
            raise SystemExit("The tests fail on the unmutated code: fix them first.")
    timeout = 3 * (time.perf_counter() - baseline) + 10
    print(f"{len(chosen)} mutants, {arguments.workers} workers, timeout {timeout:.0f} s",
          file=sys.stderr)
    report(run(chosen, arguments.workers, timeout), equivalent_keys())


if __name__ == "__main__":
    main()
