"""Rules on last year's figures computed from the old units a unit was formed from."""

from __future__ import annotations

from collections.abc import Iterator

from kt_xh.checks import registry
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import finding_at
from kt_xh.domain import LoadedReport
from kt_xh.numbers import format_number


def last_year_summed(loaded: LoadedReport) -> Iterator[Finding]:
    """A last-year figure neither entered nor computable from the predecessors."""
    report = loaded.report
    for indicator_id, derivation in report.last_year_derivations.items():
        indicator = report.indicators[indicator_id]
        if indicator.cung_ky is not None or derivation.value is not None:
            continue
        if derivation.rate_without_parts:
            message = (f"Tỷ lệ '{indicator.ten}' không cộng được từ số liệu của các đơn vị cũ "
                       f"(không lấy trung bình các tỷ lệ): hãy nhập cung_ky (tỷ lệ năm "
                       f"{report.previous_year} của cả đơn vị mới), hoặc khai báo tử số và mẫu "
                       f"số trong ty_le_tinh_tu.")
        else:
            missing = "; ".join(f"{name} ({file}) thiếu số '{figure}'"
                                for name, file, figure in derivation.lacking)
            message = (f"Không tính được cùng kỳ của '{indicator.ten}' từ các đơn vị cũ: "
                       f"{missing}. Hãy bổ sung số đó vào số liệu của đơn vị cũ, hoặc nhập "
                       "cung_ky.")
        yield finding_at(registry.LAST_YEAR_NOT_SUMMED, loaded.actuals, (indicator_id,),
                         indicator_id, message)


def last_year_agrees(loaded: LoadedReport) -> Iterator[Finding]:
    """An entered last-year figure that differs from the predecessors' sum."""
    report = loaded.report
    for indicator_id, derivation in report.last_year_derivations.items():
        entered = report.indicators[indicator_id].cung_ky
        if entered is None or derivation.value is None or entered == derivation.value:
            continue
        unit = report.indicators[indicator_id].don_vi_tinh
        yield finding_at(registry.LAST_YEAR_DISAGREES, loaded.actuals, (indicator_id, "cung_ky"),
                         indicator_id,
                         f"Số cùng kỳ đã ghi {format_number(entered)} {unit} khác tổng của các "
                         f"đơn vị cũ ({format_number(derivation.value)} {unit}); báo cáo dùng số "
                         "đã ghi.",
                         da_ghi=format_number(entered), tong_hop=format_number(derivation.value))
