"""Figures and comparisons in the words of the council report (conventions, sections 2 and 3).

Each function returns a phrase, or None when a figure it needs is missing: the caller decides how a
missing figure shows, nothing here turns it into zero.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Literal, get_args

from kt_xh import compute
from kt_xh.compute import Comparison
from kt_xh.domain import Entry, rate_unit
from kt_xh.model import Indicator, PlanGrowth, PlanRange, PlanReduction, StatedComparison
from kt_xh.numbers import format_number

PlanStyle = Literal["dat", "vuot", "bang"]
"""`đạt 112% kế hoạch`, `vượt 12% kế hoạch`, `bằng 112% kế hoạch`."""
ChangeStyle = Literal["tang", "bang", "chenh_lech", "gap"]
"""`tăng 20% so với …`, `bằng 120% so với …`, `tăng 7,5 tiêu chí so với …`, `gấp 1,2 lần …`."""
PLAN_STYLES: tuple[str, ...] = get_args(PlanStyle)
CHANGE_STYLES: tuple[str, ...] = get_args(ChangeStyle)

HUNDRED = Decimal(100)
TIMES_FROM = Decimal(2)
"""From twice the reference on, a growth is written `gấp N lần` unless the template says
otherwise (`gap_tu`): 200% prints `gấp 2 lần`, 199,4% prints `tăng 99%`."""


def percent_text(value: Decimal, places: int | None = None) -> str:
    """`112%`, `71,4%`: the sign attached to the number."""
    return f"{format_number(value, places)}%"


def _unit_suffix(indicator: Indicator) -> str:
    unit = indicator.don_vi_tinh
    if indicator.loai in ("ty_le", "tang_truong", "ty_trong") or unit in ("%", "‰"):
        return unit or "%"
    if indicator.loai == "phan_nghin":
        return unit or "‰"
    return f" {unit}" if unit else ""


def figure_text(indicator: Indicator, value: Decimal | None, *, with_unit: bool = True,
                whole: Decimal | None = None, qualifier: str | None = None,
                places: int | None = None) -> str | None:
    """A figure as the report writes it: `4.148 tỷ đồng`, `27,85%`, `10,4‰`, `22/28 trường`,
    a growth rate `tăng 11,07%` / `giảm 1,5%`; at `places` decimals when given (the estimate's
    `compute.estimate_places`)."""
    if value is None:
        return None
    shown = compute.figure_places(indicator, value) if places is None else places
    if indicator.loai == "tang_truong":
        return _growth_text(indicator, value, shown, with_unit=with_unit, qualifier=qualifier)
    text = format_number(value, shown)
    if indicator.loai == "so_tren_tong":
        total = whole if whole is not None else indicator.tong
        if total is not None:
            text = f"{text}/{format_number(total)}"
    if with_unit:
        text += _unit_suffix(indicator)
    return f"{qualifier} {text}" if qualifier else text


def _growth_text(indicator: Indicator, value: Decimal, places: int, *, with_unit: bool,
                 qualifier: str | None) -> str:
    """`tăng 11,07%`, `giảm 1,5%`, `tăng trên 10%`: the verb carries the sign, which rounding
    never loses (a growth of 0,004 at two decimals is `tăng 0,004%`)."""
    shown = compute.faithful_round(value, places, compute.ZERO)
    verb = "giảm" if shown < 0 else "tăng"
    number = format_number(abs(shown))
    unit = _unit_suffix(indicator) if with_unit else ""
    return " ".join(filter(None, (verb, qualifier, f"{number}{unit}")))


def plan_text(indicator: Indicator, plan: object, *, qualifier: str | None = None,
              with_unit: bool = True) -> str | None:
    """A plan as the sources write it, after `KH`: `55-56 triệu đồng`, `tăng 8-9%` (a growth
    rate, or a growth plan of a value), `trên 96%`, `giảm từ 0,5 điểm phần trăm trở lên`;
    None for several plan bases (each is a figure of its own) or no plan."""
    if isinstance(plan, Decimal):
        return figure_text(indicator, plan, with_unit=with_unit, qualifier=qualifier)
    if isinstance(plan, PlanGrowth):
        return _span_text(plan.low, plan.high, "%", growth=True)
    unit = _unit_suffix(indicator) if with_unit else ""
    if isinstance(plan, PlanRange):
        return _span_text(plan.tu, plan.den, unit, growth=indicator.loai == "tang_truong")
    if isinstance(plan, PlanReduction):
        return f"giảm từ {points_text(indicator, plan.giam)} trở lên"
    return None


def _span_text(low: Decimal, high: Decimal, unit: str, *, growth: bool) -> str:
    """`55-56 triệu đồng`, `8%`; as growth `tăng 8-9%`, `giảm 1-2%`, `từ giảm 1% đến tăng 2%`."""
    if not growth:
        return f"{_span(low, high)}{unit}"
    if low >= 0:
        return f"tăng {_span(low, high)}{unit}"
    if high <= 0:
        return f"giảm {_span(-high, -low)}{unit}"
    return f"từ giảm {format_number(-low)}{unit} đến tăng {format_number(high)}{unit}"


def _span(low: Decimal, high: Decimal) -> str:
    return format_number(low) if low == high else f"{format_number(low)}-{format_number(high)}"


def points_text(indicator: Indicator, points: Decimal, unit: str | None = None) -> str:
    """A difference of two rates: `0,25 điểm phần trăm`, `0,1‰`; of two values: `7,5 tiêu chí`;
    in `unit` when given (a count's share of its whole moves in points)."""
    number = format_number(abs(points).normalize())
    unit = unit or rate_unit(indicator)
    if unit == "‰":
        return f"{number}‰"
    return f"{number} {unit or indicator.don_vi_tinh}".rstrip()


def at_places(comparison: Comparison | None, places: int | None) -> Comparison | None:
    """The same comparison with its ratio printed at `places` decimals (a template's thap_phan)."""
    if comparison is None or places is None:
        return comparison
    return dataclasses.replace(comparison, ratio_places=places)


def plan_phrase(entry: Entry, *, label: str | None = None, style: PlanStyle = "dat",
                places: int | None = None) -> str | None:
    """The estimate against the plan: `đạt 112% kế hoạch`, `vượt 7,2% kế hoạch`,
    `thấp hơn kế hoạch 0,25 điểm phần trăm`, `đạt 65% kế hoạch tỉnh giao và đạt 64% …`.

    `style` chooses among equivalent phrasings of a value: "dat" (`đạt X%`, the default),
    "vuot" (`vượt X-100%` when above the plan), "bang" (`bằng X%`).
    """
    label = label or entry.plan_label  # a period report's estimate: `đạt 48% kế hoạch năm`
    plan = entry.indicator.ke_hoach
    if not entry.assessed and not isinstance(plan, Decimal | list):
        return _part_of_plan_phrase(entry, plan, label)
    if isinstance(plan, PlanRange | PlanGrowth) or compute.qualified(entry.indicator):
        return _status_phrase(entry, label)
    if isinstance(plan, PlanReduction):
        return _reduction_phrase(entry, plan, label)
    if isinstance(plan, list):
        return _bases_phrase(entry, style, places)
    return comparison_phrase(entry.indicator, at_places(entry.against_plan, places), label, style)


def _part_of_plan_phrase(entry: Entry, plan: object, label: str) -> str | None:
    """A period's estimate against an annual plan that is not one figure: no verdict (the year
    is not over). A range of values gives the share of each end, `đạt 46-48% kế hoạch năm`;
    any other plan is named as written, `kế hoạch năm tăng 10-12%`."""
    indicator = entry.indicator
    if isinstance(plan, PlanRange) and not compute.is_rate(indicator) \
            and compute.plan_qualifier(indicator) is None:
        ends = [compute.compare(indicator, indicator.uoc_thuc_hien, end, "ke_hoach")
                for end in (plan.den, plan.tu)]
        percents = [c.percent for c in ends if c is not None and c.percent is not None]
        if len(percents) != 2:
            return None
        low, high = (format_number(p) for p in percents)
        return f"đạt {low if low == high else f'{low}-{high}'}% {label}"
    written = plan_text(indicator, plan, qualifier=compute.plan_qualifier(indicator))
    return None if written is None else f"{label} {written}"


def _bases_phrase(entry: Entry, style: PlanStyle, places: int | None) -> str | None:
    """Each base in turn; one verb for all when every base gives the same figure
    (`đạt 111% kế hoạch tỉnh và Nghị quyết HĐND thành phố giao`)."""
    compared = [(base, at_places(comparison, places)) for base, comparison in entry.against_bases]
    if any(comparison is None for _, comparison in compared):
        return None
    indicator = entry.indicator
    scores = {comparison.score for _, comparison in compared if comparison}
    if len(compared) > 1 and len(scores) == 1 and not compute.is_rate(indicator):
        labels = " và ".join(base.nhan.removeprefix("so với ") for base, _ in compared)
        return comparison_phrase(indicator, compared[0][1], labels, style)
    parts = [comparison_phrase(indicator, comparison, base.nhan, style)
             for base, comparison in compared]
    return None if any(p is None for p in parts) else " và ".join(p for p in parts if p)


def comparison_phrase(indicator: Indicator, comparison: Comparison | None, label: str,
                      style: PlanStyle = "dat") -> str | None:
    """The estimate against one plan figure (a plan, or one of its bases). Against a
    reconstructed plan, the ratio the source states (`đạt 101% kế hoạch`), never a figure derived
    from the reconstruction."""
    if comparison is None:
        return None
    if comparison.reconstructed:
        return _stated_against_plan(indicator, comparison, label, style)
    percent = comparison.percent
    if comparison.by_points or percent is None:
        # a zero plan has no ratio: the estimate is said against it in its unit
        return _points_against(indicator, comparison.points, label)
    return _percent_against(indicator, percent, label, style)


def _percent_against(indicator: Indicator, percent: Decimal, label: str,
                     style: PlanStyle) -> str:
    if indicator.chieu == "giam_la_tot":
        return _lower_is_better_value(percent, label)
    if style == "vuot" and percent > HUNDRED:
        return f"vượt {percent_text(percent - HUNDRED)} {label}"
    verb = "bằng" if style == "bang" else "đạt"
    return f"{verb} {percent_text(percent)} {label}"


def _stated_against_plan(indicator: Indicator, comparison: Comparison, label: str,
                         style: PlanStyle) -> str | None:
    stated = comparison.stated_for()
    if stated is None:
        return _side_against(indicator, comparison.direction, label)
    if stated.ratio is None:
        return _points_against(indicator, stated.stated, label)
    if style == "dat" and stated.form in ("vuot", "bang"):
        style = stated.form
    return _percent_against(indicator, stated.ratio, label, style)


def _side_against(indicator: Indicator, side: int, label: str) -> str:
    """Above, at or below a plan, without a figure: `vượt kế hoạch`, `chưa đạt kế hoạch`."""
    if side == 0:
        return f"đạt {label}"
    if side > 0:
        return f"{'vượt' if indicator.chieu == 'tang_la_tot' else 'cao hơn'} {label}"
    return f"{'chưa đạt' if indicator.chieu == 'tang_la_tot' else 'thấp hơn'} {label}"


def _points_against(indicator: Indicator, points: Decimal, label: str,
                    unit: str | None = None) -> str:
    if points == 0:
        return f"đạt {label}"
    amount = points_text(indicator, points, unit)
    if points < 0:
        return f"thấp hơn {label} {amount}"
    verb = "vượt" if indicator.chieu == "tang_la_tot" else "cao hơn"
    return f"{verb} {label} {amount}"


def _lower_is_better_value(percent: Decimal, label: str) -> str:
    change = percent - HUNDRED
    if change == 0:
        return f"bằng {label}"
    word = "thấp hơn" if change < 0 else "cao hơn"
    return f"{word} {label} {percent_text(abs(change))}"


def _status_phrase(entry: Entry, label: str) -> str | None:
    """Against a range, a growth plan or a threshold, or for a hedged estimate: the verdict with
    the plan as written, `vượt kế hoạch (tăng 8-9%)`, `đạt kế hoạch (trên 96%)`; no figure of
    the difference, which a hedge leaves unknown."""
    indicator, result = entry.indicator, entry.status
    if result is None:
        return None
    if result is compute.Status.DAT:
        word = "đạt"
    elif isinstance(indicator.ke_hoach, PlanReduction):
        word = "vượt" if result is compute.Status.VUOT else "không đạt"
    elif result is compute.Status.VUOT:
        word = "vượt" if indicator.chieu == "tang_la_tot" else "thấp hơn"
    elif indicator.chieu == "tang_la_tot":
        word = "thấp hơn" if isinstance(indicator.ke_hoach, PlanRange) else "chưa đạt"
    else:
        word = "cao hơn"
    written = plan_text(indicator, indicator.ke_hoach,
                        qualifier=compute.plan_qualifier(indicator))
    return f"{word} {label} ({written})" if written else f"{word} {label}"


def _reduction_phrase(entry: Entry, plan: PlanReduction, label: str) -> str | None:
    indicator, result = entry.indicator, entry.status
    achieved = compute.reduction_achieved(indicator)
    if achieved is None or result is None:
        return None
    places = compute.figure_places(indicator, achieved, plan.giam)
    shown = compute.faithful_round(achieved, places, compute.ZERO)
    verdict = "không đạt" if result is compute.Status.KHONG_DAT else "đạt"
    against_plan = f"{verdict} {label} (giảm từ {points_text(indicator, plan.giam)} trở lên)"
    if shown == 0:  # never `giảm 0 điểm phần trăm` (conventions, section 2)
        return f"bằng cùng kỳ, {against_plan}"
    moved = "giảm" if shown > 0 else "tăng"
    return f"{moved} {points_text(indicator, shown)} so với cùng kỳ, {against_plan}"


def change_phrase(indicator: Indicator, comparison: Comparison | None, against: str,
                  *, style: ChangeStyle = "tang", times_from: Decimal | None = TIMES_FROM
                  ) -> str | None:
    """A change against a reference: `tăng 20% so với cùng kỳ năm 2022`, `gấp 2,1 lần …`,
    `giảm 0,28 điểm phần trăm so với …`, `bằng cùng kỳ …`. `against` is what follows the verb
    (`so với cùng kỳ năm 2022`). `style="bang"` writes a value as `bằng X% so với …`,
    `style="chenh_lech"` as a difference in its unit (`tăng 7,5 tiêu chí so với …`),
    `style="gap"` a growth as `gấp 1,4 lần …`. A growth of `times_from` times or more is written
    `gấp N lần` (None: never). `against` may be empty (`tăng 20%`). Against a zero reference,
    the difference in the unit (`tăng 5 dự án …`); against a reconstructed figure, the change
    the source states, never one derived from it.
    """
    if comparison is None:
        return None
    if comparison.reconstructed:
        return _stated_change(indicator, comparison, against, style, times_from)
    percent = comparison.percent
    if comparison.by_points or style == "chenh_lech" or percent is None:
        return _points_change(indicator, comparison.points, against)
    return _percent_change(percent, against, style, times_from)


def _points_change(indicator: Indicator, points: Decimal, against: str,
                   unit: str | None = None) -> str:
    if points == 0:
        return _unchanged(against)
    verb = "tăng" if points > 0 else "giảm"
    return _joined(verb, points_text(indicator, points, unit), against)


def _percent_change(percent: Decimal, against: str, style: ChangeStyle,
                    times_from: Decimal | None = TIMES_FROM) -> str:
    change = percent - HUNDRED
    if style == "bang":
        return _joined("bằng", percent_text(percent), against)
    if change == 0:
        return _unchanged(against)
    if change > 0 and (style == "gap" or (times_from is not None
                                          and percent >= times_from * HUNDRED)):
        return _joined("gấp", f"{times_text(percent)} lần", _drop_so_voi(against))
    verb = "tăng" if change > 0 else "giảm"
    return _joined(verb, percent_text(abs(change)), against)


def times_text(percent: Decimal) -> str:
    """A ratio in % as times, one decimal, no trailing zero: 240 is `2,4`, 300 is `3`; more
    decimals where one would make a growth read as no change (104 is `1,04`, never `1`)."""
    times = compute.faithful_round(percent / HUNDRED, 1, Decimal(1))
    return format_number(times.quantize(Decimal(1)) if times == times.to_integral() else times)


def _stated_change(indicator: Indicator, comparison: Comparison, against: str,
                   style: ChangeStyle, times_from: Decimal | None) -> str | None:
    """As the source states it (`tăng 143,15%` stays a growth, `gấp 2,4 lần` stays times),
    unless the template asks for `bằng` or `gấp`."""
    stated = comparison.stated_for()
    if stated is None:
        side = comparison.direction
        verb = "tăng" if side > 0 else "giảm"
        return _unchanged(against) if side == 0 else _joined(verb, against)
    ratio = stated.ratio
    if ratio is None:
        return _points_change(indicator, stated.stated, against)
    if stated.form in ("tang", "giam", "gap", "bang") and style not in ("bang", "gap"):
        worded: ChangeStyle = "tang" if stated.form == "giam" else stated.form
        return _percent_change(ratio, against, worded, times_from=None)
    return _percent_change(ratio, against, style, times_from)


def stated_figure(indicator: Indicator, stated: StatedComparison) -> str:
    """A stated ratio's figure without its verb: `87%`, `12,17%` (`giảm 5%` is `5%`, and so is
    a fall written `tang: -5`: the verb says the direction), `2,4 lần`, `0,5 điểm phần trăm`."""
    form, value = stated.form, stated.stated
    if form == "gap":
        return f"{format_number(value)} lần"
    if form in ("chenh_lech", "chenh_lech_ty_le"):
        return points_text(indicator, value, _stated_points_unit(stated))
    return percent_text(abs(value) if form in ("giam", "tang") else value)


def stated_phrase(indicator: Indicator, stated: StatedComparison, label: str) -> str:
    """A stated ratio as the source words it: `vượt 12% kế hoạch`, `tăng 12,17% so với cùng kỳ
    năm 2022`, `gấp 2,4 lần cùng kỳ năm 2022`, `giảm 0,5 điểm phần trăm so với …`."""
    form, value, ratio = stated.form, stated.stated, stated.ratio
    points_unit = _stated_points_unit(stated)
    if stated.so_voi == "ke_hoach":
        if ratio is None:
            return _points_against(indicator, value, label, points_unit)
        style: PlanStyle = "vuot" if form == "vuot" else "bang" if form == "bang" else "dat"
        return _percent_against(indicator, ratio, label, style)
    if ratio is None:
        return _points_change(indicator, value, label, points_unit)
    if form in ("dat", "bang"):
        return _joined("bằng", percent_text(ratio), label)
    worded: ChangeStyle = "gap" if form == "gap" else "tang"
    return _percent_change(ratio, label, worded, times_from=None)


def _stated_points_unit(stated: StatedComparison) -> str | None:
    """`chenh_lech_ty_le` is the move of a count's share of its whole, in points; any other
    difference is in the indicator's own unit."""
    return "điểm phần trăm" if stated.form == "chenh_lech_ty_le" else None


def _unchanged(against: str) -> str:
    """`bằng cùng kỳ năm 2022`; without a reference named, `không đổi`."""
    return f"bằng {_drop_so_voi(against)}" if against else "không đổi"


def _joined(*words: str) -> str:
    return " ".join(word for word in words if word)


def _drop_so_voi(against: str) -> str:
    return against.removeprefix("so với ")


def last_year_phrase(entry: Entry, previous_year: int, *, against: str | None = None,
                     style: ChangeStyle = "tang", places: int | None = None,
                     times_from: Decimal | None = TIMES_FROM) -> str | None:
    """The estimate against last year: `tăng 20% so với cùng kỳ năm 2022`; `against=""` drops
    the words after the figure (`tăng 20%`)."""
    return change_phrase(entry.indicator, at_places(entry.against_last_year, places),
                         f"so với cùng kỳ năm {previous_year}" if against is None else against,
                         style=style, times_from=times_from)


def target_phrase(entry: Entry, year: int, *, against: str | None = None,
                  style: ChangeStyle = "tang", places: int | None = None,
                  times_from: Decimal | None = TIMES_FROM) -> str | None:
    """Next year's target against this year's estimate: `tăng 5% so với ước thực hiện năm 2023`."""
    return change_phrase(entry.indicator, at_places(entry.next_against_estimate, places),
                         f"so với ước thực hiện năm {year}" if against is None else against,
                         style=style, times_from=times_from)


def summary_phrase(entry: Entry, previous_year: int) -> str | None:
    """Against the plan and against last year, whichever the data allows: `đạt 112% kế hoạch,
    tăng 20% so với cùng kỳ năm 2022`; None when neither."""
    parts = [plan_phrase(entry), last_year_phrase(entry, previous_year)]
    return ", ".join(p for p in parts if p) or None


def joined(items: tuple[str, ...] | list[str]) -> str:
    """`a`, `a và b`, `a, b và c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def share_of(name: str, share: Decimal | None) -> str:
    """`xã A`, or `40% số liệu của xã C` for an old unit split between new ones."""
    return name if share is None or share == 100 else f"{format_number(share)}% số liệu của {name}"
