"""What `ktxh check` finds, and the office's acknowledgements of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kt_xh.errors import Problem
from kt_xh.loading import LoadedReport


class Severity(StrEnum):
    ERROR = "loi"
    WARNING = "canh-bao"


@dataclass(frozen=True)
class Finding:
    rule: str
    """Stable rule id (docs/quy_tac_kiem_tra.md)."""
    severity: Severity
    file: str
    line: int | None
    indicator: str | None
    message: str
    """In Vietnamese: what is wrong and what to do."""
    figures: dict[str, str] = field(default_factory=dict)
    """The figures involved, as the report writes them."""
    acknowledged: str | None = None
    """The reason the office gave for accepting this finding, if it did."""

    @property
    def fails(self) -> bool:
        return self.acknowledged is None and self.severity is Severity.ERROR

    @property
    def open_warning(self) -> bool:
        return self.acknowledged is None and self.severity is Severity.WARNING


def from_problem(problem: Problem) -> Finding:
    return Finding(problem.rule, Severity.ERROR, problem.file, problem.line, None,
                   f"[{problem.field}] {problem.message}" if problem.field else problem.message)


@dataclass(frozen=True)
class Acknowledgement:
    indicator: str
    rule: str
    reason: str
    file: str
    line: int | None


def acknowledgements(loaded: LoadedReport) -> list[Acknowledgement]:
    found = []
    for document, entries in ((loaded.actuals, loaded.report.indicators),
                              (loaded.targets, loaded.report.targets)):
        for indicator_id, entry in entries.items():
            for index, ack in enumerate(entry.chap_nhan):
                line = document.line_of(("chi_tieu", indicator_id, "chap_nhan", index))
                found.append(Acknowledgement(indicator_id, ack.quy_tac, ack.ly_do, document.name,
                                             line))
    return found


UNUSED_ACKNOWLEDGEMENT = "chap-nhan-thua"


def apply_acknowledgements(findings: Iterable[Finding], acks: list[Acknowledgement]
                           ) -> list[Finding]:
    """Mark the findings the office accepted; an acknowledgement that matches nothing is itself a
    warning, so that acknowledgements do not outlive what they were about."""
    by_key = {(a.indicator, a.rule): a for a in acks}
    used: set[tuple[str, str]] = set()
    result = []
    for finding in findings:
        key = (finding.indicator or "", finding.rule)
        ack = by_key.get(key)
        if ack is not None:
            used.add(key)
            finding = replace(finding, acknowledged=ack.reason)
        result.append(finding)
    for ack in acks:
        if (ack.indicator, ack.rule) not in used:
            result.append(Finding(
                UNUSED_ACKNOWLEDGEMENT, Severity.WARNING, ack.file, ack.line, ack.indicator,
                f"Đã chấp nhận phát hiện '{ack.rule}' cho chỉ tiêu này, nhưng lần kiểm tra này "
                "không còn phát hiện đó. Hãy xóa dòng chấp nhận nếu vấn đề đã được sửa."))
    return result
