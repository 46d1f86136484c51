"""The office's acknowledgements (`chap_nhan`) of findings, applied to what check found."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import OLD_RULE_ID, UNUSED_ACKNOWLEDGEMENT, current_ids
from kt_xh.domain import LoadedReport


@dataclass(frozen=True)
class Acknowledgement:
    indicator: str
    rule: str
    """As written: a current id, or an old one (an alias)."""
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


def apply_acknowledgements(findings: Iterable[Finding], acks: list[Acknowledgement]
                           ) -> list[Finding]:
    """Mark the findings the office accepted. An acknowledgement that matches nothing is itself a
    warning, so that acknowledgements do not outlive what they were about; one written with an
    old rule id still applies, with a warning naming the new id."""
    by_key = {(a.indicator, rule_id): a for a in acks for rule_id in current_ids(a.rule)}
    matched: dict[Acknowledgement, set[str]] = {}
    result = []
    for finding in findings:
        ack = by_key.get((finding.indicator or "", finding.rule))
        if ack is not None:
            matched.setdefault(ack, set()).add(finding.rule)
            finding = replace(finding, acknowledged=ack.reason)
        result.append(finding)
    return [*result, *_unused(acks, matched), *_renamed(acks, matched)]


def _unused(acks: list[Acknowledgement], matched: dict[Acknowledgement, set[str]]
            ) -> Iterator[Finding]:
    for ack in acks:
        if ack not in matched:
            yield UNUSED_ACKNOWLEDGEMENT.finding(
                ack.file, ack.line, ack.indicator,
                f"Đã chấp nhận phát hiện '{ack.rule}' cho chỉ tiêu này, nhưng lần kiểm tra này "
                "không còn phát hiện đó.")


def _renamed(acks: list[Acknowledgement], matched: dict[Acknowledgement, set[str]]
             ) -> Iterator[Finding]:
    for ack in acks:
        new = sorted(matched.get(ack, ()))
        if new and new != [ack.rule]:
            names = " và ".join(f"'{rule_id}'" for rule_id in new)
            yield OLD_RULE_ID.finding(
                ack.file, ack.line, ack.indicator,
                f"Mã quy tắc '{ack.rule}' đã đổi thành {names}; dòng chấp nhận này vẫn được áp "
                "dụng.", hint=f"Hãy ghi 'quy_tac: {new[0]}'" + (
                    " (và thêm một dòng chấp nhận cho mỗi mã còn lại)." if len(new) > 1 else "."))
