"""The appendix table: every indicator of the data, by group, with its comparisons.

Columns (conventions, section 1): STT | Chỉ tiêu | Đơn vị tính | 1 TH năm trước | 2 KH năm |
3 ƯTH năm | 4 KH năm sau | 5 = 3/2 | 6 = 3/1 | 7 = 4/3 | 8 Ghi chú (Vượt / Đạt / Không đạt).
A value is compared by ratio (%); a rate by its difference in points. Components are listed under
their total (`-`, then `+`), after a `Trong đó:` row when the breakdown lists only some parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kt_xh import compute
from kt_xh.compute import Comparison
from kt_xh.domain import Entry, Figure, Report
from kt_xh.model import GROUP_TITLES, Indicator, PlanRange, PlanReduction
from kt_xh.numbers import format_number

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
OTHER_GROUP = "CHỈ TIÊU KHÁC"
MAX_DEPTH = 3
SUB_MARKS = {1: "-", 2: "+", 3: "•"}


@dataclass(frozen=True)
class Row:
    kind: str
    """`nhom` (a group), `chi_tieu` (an indicator) or `trong_do` (the 'Trong đó:' line)."""
    stt: str
    name: str
    depth: int = 0
    unit: str = ""
    cells: tuple[str, ...] = ()
    """Columns 1 to 8, as printed; an empty string where the figure is missing."""


def header_labels(year: int) -> dict[str, str]:
    return {
        "previous": f"Thực hiện năm {year - 1}",
        "plan": f"Kế hoạch năm {year}",
        "estimate": f"Ước thực hiện năm {year}",
        "next": f"Kế hoạch năm {year + 1}",
        "vs_plan": f"ƯTH {year}/ KH {year}",
        "vs_previous": f"ƯTH {year}/ TH {year - 1}",
        "next_vs_estimate": f"KH {year + 1}/ ƯTH {year}",
    }


def rows(report: Report) -> list[Row]:
    indicators = report.indicators
    parts = {part for ind in indicators.values() for b in ind.thanh_phan for part in b.gom}
    top_level = [i for i in indicators if i not in parts]
    by_group: dict[str | None, list[str]] = {}
    for indicator_id in top_level:
        by_group.setdefault(indicators[indicator_id].nhom, []).append(indicator_id)
    groups = [(GROUP_TITLES[g], by_group[g]) for g in GROUP_TITLES if g in by_group]
    if None in by_group:
        groups.append((OTHER_GROUP, by_group[None]))
    result = []
    for group_number, (title, members) in enumerate(groups):
        result.append(Row("nhom", ROMAN[group_number], title))
        for number, indicator_id in enumerate(members, 1):
            result.extend(_indicator_rows(report, indicator_id, str(number), 0))
    return result


def _indicator_rows(report: Report, indicator_id: str, stt: str, depth: int) -> Iterator[Row]:
    indicator = report.indicators[indicator_id]
    name = indicator.ten if depth == 0 else f"{SUB_MARKS[depth]} {indicator.ten}"
    yield Row("chi_tieu", stt, name, depth, indicator.don_vi_tinh,
              _cells(report.entries[indicator_id]))
    if depth >= MAX_DEPTH:
        return
    for breakdown in indicator.thanh_phan:
        if breakdown.kieu == "mot_phan":
            yield Row("trong_do", "", "Trong đó:", depth + 1)
        for part in breakdown.gom:
            yield from _indicator_rows(report, part, "", depth + 1)


def _cells(entry: Entry) -> tuple[str, ...]:
    indicator, target, status = entry.indicator, entry.target, entry.status
    return (
        _figure_cell(indicator, indicator.cung_ky),
        plan_text(indicator),
        _figure_cell(indicator, indicator.uoc_thuc_hien),
        _figure_cell(indicator, entry.value(Figure.KE_HOACH_NAM_SAU), whole=entry.next_whole,
                shape=target and target.ke_hoach),
        _against_plan(entry),
        _comparison(indicator, entry.against_last_year),
        _comparison(indicator, entry.next_against_estimate),
        "" if status is None else status.value,
    )


def _figure_cell(indicator: Indicator, value: Decimal | None, *, whole: Decimal | None = None,
            shape: object = None) -> str:
    if isinstance(shape, PlanRange | PlanReduction):
        return _plan_shape(indicator, shape)
    if value is None:
        return ""
    text = format_number(value, compute.figure_places(indicator, value))
    if indicator.loai == "so_tren_tong":
        total = whole if whole is not None else indicator.tong
        if total is not None:
            text = f"{text}/{format_number(total)}"
    return text


def _plan_shape(indicator: Indicator, plan: PlanRange | PlanReduction) -> str:
    if isinstance(plan, PlanRange):
        return f"{format_number(plan.tu)} - {format_number(plan.den)}"
    return f"giảm ≥ {format_number(plan.giam)}"


def plan_text(indicator: Indicator) -> str:
    """The plan as the appendix prints it: a number, a range, a reduction, or one base a line."""
    plan = indicator.ke_hoach
    if isinstance(plan, PlanRange | PlanReduction):
        return _plan_shape(indicator, plan)
    if isinstance(plan, list):
        return "\n".join(_figure_cell(indicator, base.gia_tri) for base in plan)
    return _figure_cell(indicator, plan)


def _against_plan(entry: Entry) -> str:
    if isinstance(entry.indicator.ke_hoach, PlanReduction):
        completion = entry.reduction_completion
        return "" if completion is None else format_number(completion)
    return _comparison(entry.indicator, entry.against_plan)


def _comparison(indicator: Indicator, comparison: Comparison | None) -> str:
    """A ratio in % for a value (`112`); a difference for a rate (`+0,35 điểm`, `-0,1‰`)."""
    if comparison is None:
        return ""
    if comparison.by_points:
        points = comparison.points.normalize() if comparison.points else Decimal(0)
        sign = "+" if points > 0 else ""
        unit = "‰" if indicator.loai == "phan_nghin" else " điểm"
        return f"{sign}{format_number(points)}{unit}"
    percent = comparison.percent
    return "" if percent is None else format_number(percent)
