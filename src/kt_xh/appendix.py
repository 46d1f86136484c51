"""The appendix table: every indicator of the data, by group, with its comparisons.

The groups, their order and numbering are the data's (`nhom_bieu`, or the five default groups);
an indicator with `trong_bieu: false` is left out with its components.

Columns (conventions, section 1): STT | Chỉ tiêu | Đơn vị tính | 1 TH năm trước | 2 KH năm |
3 ƯTH năm | 4 KH năm sau | 5 = 3/2 | 6 = 3/1 | 7 = 4/3 | 8 Đánh giá (Vượt / Đạt / Không đạt).
A value is compared by ratio (%); a rate by its difference in points. Components are listed under
their total (`-`, then `+`), after a `Trong đó:` row when the breakdown lists only some parts.

A figure reconstructed from a stated ratio (`suy_ra`) is marked, to be printed in italics; a
comparison with it prints the ratio the source states instead (`101`, `101%` for a rate stated as a
ratio), and is marked itself only where the source states none. An indicator with no figures but a
stated ratio against its plan shows that ratio and its status.

Each figure is printed once: an indicator that is a part of several totals is listed under the
first, and a line whose name other lines share (`Vốn sự nghiệp`) names the other total it belongs
to (the programme it funds). A plan with several bases labels each, the label on the line above
its figure (`tỉnh giao:` / `205.000`), so that the figures stay right-aligned.
Columns 6 and 7 show whole percentages (with the decimals that keep a ratio on its side of 100);
only column 5 follows the office's `thap_phan_so_sanh`, as the source states it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kt_xh import compute, wording
from kt_xh.compute import Comparison
from kt_xh.domain import Entry, Figure, Report
from kt_xh.model import Indicator, PlanGrowth, PlanRange, PlanReduction, StatedComparison
from kt_xh.numbers import format_number
from kt_xh.periods import Period

ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
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
    reconstructed: tuple[bool, ...] = ()
    """Per cell: reconstructed from a stated ratio, not a figure of the source (in italics)."""


def header_labels(year: int, period: Period | None = None) -> dict[str, str]:
    """The column headings; a period's report compares its estimate with the same period last
    year (`Cùng kỳ năm 2024`) and the annual plan (`ƯTH 6 tháng 2025/KH năm 2025`)."""
    if period is not None and not period.annual:
        return {
            "previous": f"Cùng kỳ năm {year - 1}",
            "plan": f"Kế hoạch năm {year}",
            "estimate": f"Ước thực hiện {period.heading(year)}",
            "next": f"Kế hoạch năm {year + 1}",
            "vs_plan": f"ƯTH {period.short} {year}/KH năm {year}",
            "vs_previous": f"ƯTH {period.short} {year}/CK {year - 1}",
            "next_vs_estimate": f"KH {year + 1}/ƯTH {period.short} {year}",
        }
    return {
        "previous": f"Thực hiện năm {year - 1}",
        "plan": f"Kế hoạch năm {year}",
        "estimate": f"Ước thực hiện năm {year}",
        "next": f"Kế hoạch năm {year + 1}",
        "vs_plan": f"ƯTH {year}/KH {year}",
        "vs_previous": f"ƯTH {year}/TH {year - 1}",
        "next_vs_estimate": f"KH {year + 1}/ƯTH {year}",
    }


def roman(number: int) -> str:
    """1 → I, 14 → XIV: the number of a group row."""
    text = ""
    for value, digits in ROMAN_DIGITS:
        count, number = divmod(number, value)
        text += digits * count
    return text


def rows(report: Report) -> list[Row]:
    indicators = report.indicators
    parts = {part for ind in indicators.values() for b in ind.thanh_phan for part in b.gom}
    top_level = [i for i in indicators if i not in parts and indicators[i].trong_bieu]
    by_group: dict[str | None, list[str]] = {}
    for indicator_id in top_level:
        by_group.setdefault(indicators[indicator_id].nhom, []).append(indicator_id)
    groups = [(group.so, group.ten, by_group[code])
              for code, group in report.groups.items() if code in by_group]
    if None in by_group:
        groups.append((None, OTHER_GROUP, by_group[None]))
    table = _Table(report)
    result = []
    for group_number, (stt, title, members) in enumerate(groups, 1):
        result.append(Row("nhom", stt or roman(group_number), title))
        for number, indicator_id in enumerate(members, 1):
            result.extend(table.indicator_rows(indicator_id, str(number), ()))
    return result


class _Table:
    """The indicator rows, each indicator once, in the order of the data."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.listed: set[str] = set()
        self.totals: dict[str, list[str]] = {}
        """Each part's totals, in the order of the data."""
        for total_id, total in report.indicators.items():
            for breakdown in total.thanh_phan:
                for part in breakdown.gom:
                    self.totals.setdefault(part, []).append(total_id)
        names = Counter(indicator.ten for indicator in report.indicators.values())
        self.shared_names = {name for name, count in names.items() if count > 1}

    def indicator_rows(self, indicator_id: str, stt: str, path: tuple[str, ...]) -> Iterator[Row]:
        self.listed.add(indicator_id)
        depth = len(path)
        indicator = self.report.indicators[indicator_id]
        name = self.name(indicator_id, path)
        if depth:
            name = f"{SUB_MARKS[depth]} {name}"
        cells = _cells(self.report.entries[indicator_id])
        yield Row("chi_tieu", stt, name, depth, indicator.don_vi_tinh,
                  tuple(text for text, _ in cells), tuple(mark for _, mark in cells))
        if depth >= MAX_DEPTH:
            return
        for breakdown in indicator.thanh_phan:
            parts = [part for part in breakdown.gom
                     if part not in self.listed and self.report.indicators[part].trong_bieu]
            if parts and breakdown.kieu == "mot_phan":
                yield Row("trong_do", "", "Trong đó:", depth + 1)
            for part in parts:
                if part not in self.listed:
                    yield from self.indicator_rows(part, "", (*path, indicator_id))

    def name(self, indicator_id: str, path: tuple[str, ...]) -> str:
        """The indicator's name; a name other indicators share, with the other total it is a
        part of: `Chương trình MTQG xây dựng nông thôn mới (vốn sự nghiệp)`."""
        name = self.report.indicators[indicator_id].ten
        others = [t for t in self.totals.get(indicator_id, []) if t not in path]
        if name not in self.shared_names or not others or not path:
            return name
        return f"{self.report.indicators[others[0]].ten} ({name[:1].lower()}{name[1:]})"


def _cells(entry: Entry) -> tuple[tuple[str, bool], ...]:
    """Columns 1 to 8, each as (text, reconstructed): a `suy_ra` figure, or a comparison with one
    printed as computed because the source states no ratio for it (the status too, then). A
    hedged estimate (`trên 96`) has no exact comparison: columns 5 and 6 stay empty."""
    indicator, target, status = entry.indicator, entry.target, entry.status
    inferred = indicator.suy_ra
    hedged = compute.estimate_qualifier(indicator) is not None
    vs_plan = ("", False) if hedged else _against_plan(entry)
    if status is None and not hedged and vs_plan == ("", False):
        vs_plan, status = _stated_only(indicator)
    return (
        (_figure_cell(indicator, indicator.cung_ky), Figure.CUNG_KY.key in inferred),
        (plan_text(indicator, stacked=True), Figure.KE_HOACH.key in inferred),
        (_figure_cell(indicator, indicator.uoc_thuc_hien,
                      places=compute.estimate_places(indicator),
                      qualifier=compute.estimate_qualifier(indicator)),
         Figure.UOC_THUC_HIEN.key in inferred),
        (_figure_cell(indicator, entry.value(Figure.KE_HOACH_NAM_SAU), whole=entry.next_whole,
                      shape=target and target.ke_hoach,
                      qualifier=target.tien_to if target else None),
         bool(target and target.suy_ra)),
        vs_plan,
        ("", False) if hedged else _comparison(indicator, entry.against_last_year, whole=True),
        _comparison(indicator, entry.next_against_estimate, whole=True),
        ("" if status is None else status.value, vs_plan[1] and status is not None),
    )


def _stated_only(indicator: Indicator) -> tuple[tuple[str, bool], compute.Status | None]:
    """For an indicator without its figures, the ratio against its plan the source states
    (`đạt 87% kế hoạch`: `87`, Không đạt) and the status it gives; nothing when it states none."""
    if indicator.ke_hoach is not None or indicator.uoc_thuc_hien is not None:
        return ("", False), None
    ratio = next((s.ratio for s in compute.stated_ratios(indicator, "ke_hoach")
                  if s.ratio is not None), None)
    if ratio is None:
        return ("", False), None
    return (format_number(ratio), False), compute.assessed_status(indicator)


def _figure_cell(indicator: Indicator, value: Decimal | None, *, whole: Decimal | None = None,
                 shape: object = None, places: int | None = None,
                 qualifier: str | None = None) -> str:
    """A figure as the column prints it, without its unit (the unit column has it): `4.148`,
    `22/28`, `trên 96`, a growth rate `tăng 11,07`, a plan `55-56`, `tăng 10-12%`."""
    if isinstance(shape, PlanRange | PlanReduction | PlanGrowth):
        return _plan_shape(indicator, shape)
    if value is None:
        return ""
    if indicator.loai == "tang_truong" or qualifier:
        return wording.figure_text(indicator, value, with_unit=False, whole=whole,
                                   qualifier=qualifier, places=places) or ""
    shown = compute.figure_places(indicator, value) if places is None else places
    text = format_number(value, shown)
    if indicator.loai == "so_tren_tong":
        total = whole if whole is not None else indicator.tong
        if total is not None:
            text = f"{text}/{format_number(total)}"
    return text


def _plan_shape(indicator: Indicator, plan: PlanRange | PlanReduction | PlanGrowth) -> str:
    if isinstance(plan, PlanReduction):
        return f"giảm ≥ {format_number(plan.giam)}"
    return wording.plan_text(indicator, plan, with_unit=False) or ""


def plan_text(indicator: Indicator, *, stacked: bool = False) -> str:
    """The plan as the appendix prints it: a number, a range, a reduction, or each base with its
    label a line (`tỉnh giao: 205.000`); `stacked`, the label on a line above its figure (the
    table's cell, where the figures stay right-aligned)."""
    plan = indicator.ke_hoach
    if isinstance(plan, PlanRange | PlanReduction | PlanGrowth):
        return _plan_shape(indicator, plan)
    if isinstance(plan, list):
        between = "\n" if stacked else " "
        return "\n".join(f"{base_label(base.nhan)}:{between}{_figure_cell(indicator, base.gia_tri)}"
                         for base in plan)
    return _figure_cell(indicator, plan, qualifier=compute.plan_qualifier(indicator))


BASE_PREFIXES = ("so với ", "kế hoạch ", "dự toán ", "nghị quyết ")
PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "đặc khu")


def base_label(label: str) -> str:
    """A plan base's label, short enough for the table: `so với Nghị quyết HĐND thành phố giao`
    is `HĐND giao`, `kế hoạch tỉnh` is `tỉnh giao`, `dự toán thành phố giao` is `thành phố giao`;
    a label that is only `kế hoạch` stays."""
    short = label
    while (prefix := next((p for p in BASE_PREFIXES if short.lower().startswith(p)), None)):
        short = short[len(prefix):]
    if short.startswith("HĐND"):
        return "HĐND giao"
    if short.lower() in PLACE_WORDS:
        return f"{short} giao"
    return short


def _against_plan(entry: Entry) -> tuple[str, bool]:
    if isinstance(entry.indicator.ke_hoach, PlanReduction):
        completion = entry.reduction_completion
        return ("" if completion is None else format_number(completion)), False
    return _comparison(entry.indicator, entry.against_plan)


def _comparison(indicator: Indicator, comparison: Comparison | None, *, whole: bool = False
                ) -> tuple[str, bool]:
    """A ratio in % for a value (`112`); a difference for a rate (`+0,35 điểm`, `-0,1‰`).
    Against a reconstructed figure, the ratio the source states; computed and marked
    reconstructed only where the source states none the column can show. `whole`: the ratio
    in whole percent, with the decimals that keep it on its side of 100 (`100`, `99,6`)."""
    if comparison is None:
        return "", False
    stated = comparison.stated_for() if comparison.reconstructed else None
    shown = None if stated is None else _stated_cell(indicator, stated)
    if shown is not None:
        return shown, False
    if comparison.by_points:
        return _points_cell(indicator, comparison.points), comparison.reconstructed
    percent = comparison.percent
    if whole and comparison.ratio is not None:
        percent = compute.faithful_round(comparison.ratio, 0, compute.HUNDRED)
    return ("" if percent is None else format_number(percent)), comparison.reconstructed


def _points_cell(indicator: Indicator, points: Decimal) -> str:
    points = points.normalize() if points else Decimal(0)
    sign = "+" if points > 0 else ""
    unit = "‰" if indicator.loai == "phan_nghin" else " điểm"
    return f"{sign}{format_number(points)}{unit}"


def _stated_cell(indicator: Indicator, stated: StatedComparison) -> str | None:
    """The stated ratio in the column's form: `112` (`tăng 20%` is `120`), a difference in points
    for a rate; a rate stated as a ratio keeps its `%` so that it does not read as points. A
    value's difference in its unit does not fit the column: None."""
    rate = compute.is_rate(indicator)
    if stated.chenh_lech is not None:
        return _points_cell(indicator, stated.chenh_lech) if rate else None
    ratio = stated.ratio
    if ratio is None:
        return None
    text = format_number(ratio)
    return f"{text}%" if rate else text
