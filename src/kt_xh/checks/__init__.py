"""`ktxh check`: the guard that runs in CI and before every commit.

Loads the data (every loader problem becomes a finding; data that cannot be loaded exits 2), runs
the data rules and the template rules, applies the office's acknowledgements, and never writes a
file. Every rule is declared once in kt_xh.checks.registry; docs/quy_tac_kiem_tra.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kt_xh.checks.acknowledgements import acknowledgements as read_acknowledgements
from kt_xh.checks.acknowledgements import apply_acknowledgements
from kt_xh.checks.data_rules import DATA_RULES
from kt_xh.checks.findings import Finding, Severity
from kt_xh.checks.registry import RULE_IDS, RULES
from kt_xh.checks.template_rules import check_template
from kt_xh.domain import LoadedReport
from kt_xh.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DataError, Problem
from kt_xh.loading import load_report

__all__ = ["RULE_IDS", "CheckResult", "run_check"]


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    unreadable: bool
    """The data could not be loaded at all: the rules did not run."""
    indicators: int = 0
    targets: int = 0
    template: str | None = None

    def exit_code(self, strict: bool) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        if any(f.fails for f in self.findings):
            return EXIT_FINDINGS
        if strict and any(f.open_warning for f in self.findings):
            return EXIT_FINDINGS
        return 0

    def count(self, severity: Severity) -> int:
        return sum(f.acknowledged is None and f.severity is severity for f in self.findings)

    @property
    def acknowledged(self) -> int:
        return sum(f.acknowledged is not None for f in self.findings)


def run_check(data_dir: Path, template: Path | None) -> CheckResult:
    """All findings on the data folder and, when given, the report template."""
    try:
        loaded = load_report(data_dir)
    except DataError as error:
        return CheckResult([_from_problem(p) for p in error.problems], unreadable=True)
    findings = data_findings(loaded)
    if template is not None:
        findings.extend(check_template(loaded, template))
    findings = finish(loaded, findings)
    return CheckResult(findings, False, len(loaded.report.indicators),
                       len(loaded.report.targets), str(template) if template else None)


def data_findings(loaded: LoadedReport) -> list[Finding]:
    return [finding for _, function in DATA_RULES for finding in function(loaded)]


def finish(loaded: LoadedReport, findings: list[Finding]) -> list[Finding]:
    """The office's acknowledgements applied, in the order of the files."""
    findings = apply_acknowledgements(findings, read_acknowledgements(loaded))
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.rule))


def _from_problem(problem: Problem) -> Finding:
    message = f"[{problem.field}] {problem.message}" if problem.field else problem.message
    return RULES[problem.rule].finding(problem.file, problem.line, None, message)
