"""How check results are shown: a rich table per file for people, stable JSON for other tools,
workflow annotations for GitHub Actions."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from kt_xh.checks import CheckResult
from kt_xh.checks.findings import Finding, Severity
from kt_xh.errors import printable

JSON_FORMAT_VERSION = 1
LABELS = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"}
FIGURE_LABELS = {
    "tong": "tổng", "cong_cac_phan": "cộng các phần", "chenh_lech": "chênh lệch",
    "so_lieu": "số liệu", "so_sanh_voi": "so với", "da_neu": "đã nêu",
    "tinh_tu_so_lieu": "tính từ số liệu", "so_go_tay": "số gõ tay",
    "don_vi_nam_sau": "đơn vị năm sau", "don_vi_nam_bao_cao": "đơn vị năm báo cáo",
    "ghi_trong_mau": "ghi trong mẫu", "theo_so_lieu": "theo số liệu",
}


def summary(result: CheckResult) -> str:
    if result.unreadable:
        return (f"Không đọc được số liệu: {len(result.findings)} lỗi cần sửa trước khi kiểm tra "
                "tiếp.")
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    accepted = result.acknowledged
    scope = f"{result.indicators} chỉ tiêu, {result.targets} kế hoạch năm sau" + (
        ", mẫu báo cáo" if result.template else "")
    if not errors and not warnings:
        return f"Không có lỗi ({scope}; {accepted} phát hiện đã chấp nhận)."
    return (f"Kết quả: {errors} lỗi, {warnings} cảnh báo, {accepted} đã chấp nhận ({scope}).")


def as_text(result: CheckResult, stream: TextIO, *, width: int | None = None) -> None:
    """Open findings in full, a table per file; accepted findings in one short table after."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, width=width, highlight=False, soft_wrap=False)
    open_findings = [f for f in result.findings if f.acknowledged is None]
    for file_name, group in groupby(open_findings, key=lambda f: f.file):
        table = Table(title=_escape(file_name), title_justify="left", show_lines=True,
                      expand=True)
        table.add_column("Dòng", justify="right", no_wrap=True)
        table.add_column("Quy tắc, mức", no_wrap=True)
        table.add_column("Chỉ tiêu, số liệu", overflow="fold", max_width=28)
        table.add_column("Nội dung", ratio=1, min_width=30, overflow="fold")
        for finding in group:
            indicator = "\n".join(x for x in (finding.indicator or "", _figures(finding)) if x)
            table.add_row(str(finding.line or ""), f"{finding.rule}\n{_level(finding)}",
                          _escape(indicator), _message(finding))
        console.print(table)
    accepted = [f for f in result.findings if f.acknowledged is not None]
    if accepted:
        table = Table(title=f"Đã chấp nhận ({len(accepted)})", title_justify="left",
                      expand=True, style="dim")
        # Place and rule share a column, and the indicator is capped, so that the reason keeps
        # a readable width in an 80-column CI log.
        table.add_column("Vị trí, quy tắc", no_wrap=True)
        table.add_column("Chỉ tiêu", overflow="fold", max_width=20)
        table.add_column("Lý do", ratio=1, min_width=24, overflow="fold")
        for finding in accepted:
            place = f"{finding.file.rsplit('/', 1)[-1]}:{finding.line or ''}"
            table.add_row(_escape(f"{place}\n{finding.rule}"), _escape(finding.indicator or ""),
                          _escape(finding.acknowledged or ""))
        console.print(table)
    console.print(_escape(summary(result)))


def _escape(text: str) -> str:
    """Text from the data in a rich table: printable, and never read as rich markup."""
    from rich.markup import escape

    return escape(printable(text))


def _level(finding: Finding) -> str:
    colour = "red" if finding.severity is Severity.ERROR else "yellow"
    return f"[{colour}]{LABELS[finding.severity]}[/{colour}]"


def _figures(finding: Finding) -> str:
    return "\n".join(f"{FIGURE_LABELS.get(k, k)}: {v}" for k, v in finding.figures.items())


def _message(finding: Finding) -> str:
    """What is wrong, and on its own line what to do."""
    return "\n".join(_escape(x) for x in (finding.message, finding.hint) if x)


def as_json(result: CheckResult) -> str:
    """Stable JSON (documented in docs/quy_tac_kiem_tra.md); keys never change meaning."""
    document = {
        "phien_ban": JSON_FORMAT_VERSION,
        "doc_duoc_so_lieu": not result.unreadable,
        "tom_tat": {
            "loi": result.count(Severity.ERROR),
            "canh_bao": result.count(Severity.WARNING),
            "da_chap_nhan": result.acknowledged,
            "chi_tieu": result.indicators,
            "ke_hoach_nam_sau": result.targets,
        },
        "phat_hien": [
            {
                "quy_tac": f.rule,
                "muc": f.severity.value,
                "tep": f.file,
                "dong": f.line,
                "chi_tieu": f.indicator,
                "so_lieu": f.figures,
                "noi_dung": f.message,
                "cach_sua": f.hint,
                "da_chap_nhan": f.acknowledged is not None,
                "ly_do_chap_nhan": f.acknowledged,
            }
            for f in result.findings
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: ::error / ::warning at the file and line; acknowledged
    findings as ::notice."""
    lines = []
    for finding in result.findings:
        command = ("notice" if finding.acknowledged is not None
                   else "error" if finding.severity is Severity.ERROR else "warning")
        properties = [f"file={_escape_property(finding.file)}"]
        if finding.line:
            properties.append(f"line={finding.line}")
        properties.append(f"title={_escape_property(finding.rule)}")
        message = f"{finding.message} {finding.hint}".strip()
        if finding.indicator:
            message = f"[{finding.indicator}] {message}"
        if finding.acknowledged is not None:
            message += f" (đã chấp nhận: {finding.acknowledged})"
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(message)}")
    lines.append(summary(result))
    return "\n".join(lines)
