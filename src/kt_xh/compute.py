"""Completion against plan, growth against last year, status and the main-indicator assessment.

Pure functions on the model. A value is compared by ratio (A / P x 100); a rate (% or ‰) by
difference in points (A - P), never by a ratio of two rates. Ratios are printed half-up at the
indicator's `thap_phan_so_sanh`, differences at the precision of the figures, with up to three more
decimals where that precision would cross the verdict boundary (100%, 0) or hide a nonzero change
(conventions, section 2: 99,6% of plan prints 99,6%, never 100%). The status is read from the exact
comparison, so the printed figure and the status always agree. A comparison with a reconstructed
figure (`suy_ra`) carries the ratios the source states for it; where the plan is reconstructed,
the status is read from the stated ratio, the only thing the source says.
A missing input gives a missing result, never zero.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Literal

from kt_xh.model import (
    ComparedWith,
    Indicator,
    PlanBase,
    PlanGrowth,
    PlanRange,
    PlanReduction,
    StatedComparison,
    Target,
)
from kt_xh.numbers import decimals_of, ratio_percent, round_half_up, subtract

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ESTIMATE = "uoc_thuc_hien"
MAX_EXTRA_PLACES = 3
"""Decimals a printed comparison may gain so that it keeps the side of its boundary."""


class Status(Enum):
    """Result of the year against its plan, in the words of the appendix's last column."""

    VUOT = "Vượt"
    DAT = "Đạt"
    KHONG_DAT = "Không đạt"

    @property
    def met(self) -> bool:
        return self is not Status.KHONG_DAT


RATE_KINDS = ("ty_le", "phan_nghin", "tang_truong", "ty_trong")


def is_rate(indicator: Indicator) -> bool:
    """Rates (growth rates and shares too) are compared by difference in points, values and
    counts by ratio."""
    return indicator.loai in RATE_KINDS


def sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def printed_places(value: Decimal, places: int, boundary: Decimal) -> int:
    """The fewest decimals, from `places` up to three more, at which `value` rounded half-up
    stays on its side of `boundary` (99,6 at 0 decimals would print 100: it needs 1)."""
    side = sign(value - boundary)
    for extra in range(MAX_EXTRA_PLACES + 1):
        if sign(round_half_up(value, places + extra) - boundary) == side:
            return places + extra
    return places + MAX_EXTRA_PLACES


def faithful_round(value: Decimal, places: int, boundary: Decimal) -> Decimal:
    """`value` rounded half-up at `places`, with the decimals it needs to stay on its side of
    `boundary`; beyond three more decimals it is rounded away from the boundary
    (99,99996 -> 99,999), so a printed figure never crosses a verdict boundary or a sign."""
    return _kept_on_side(value, printed_places(value, places, boundary), boundary)


def _kept_on_side(value: Decimal, places: int, boundary: Decimal) -> Decimal:
    """`value` rounded half-up at `places`, or one step further from `boundary` where that
    rounding would reach or cross it."""
    rounded = round_half_up(value, places)
    if sign(rounded - boundary) == sign(value - boundary):
        return rounded
    step = Decimal(1).scaleb(-places)
    return rounded - step if value < boundary else rounded + step


def figure_places(indicator: Indicator, *values: Decimal | None) -> int:
    """Display precision: the indicator's `thap_phan`, else the most decimals the figures carry."""
    if indicator.thap_phan is not None:
        return indicator.thap_phan
    return max((decimals_of(v) for v in values if v is not None), default=0)


def estimate_places(indicator: Indicator) -> int:
    """The estimate's display precision, with the decimals it needs to stay on its side of every
    plan figure (56,04 against a plan of 55 - 56 at one decimal prints 56,04, not 56,0)."""
    actual = indicator.uoc_thuc_hien
    places = figure_places(indicator, actual)
    if actual is None:
        return places
    plan = indicator.ke_hoach
    bounds = ([plan] if isinstance(plan, Decimal) else [plan.tu, plan.den]
              if isinstance(plan, PlanRange) else [b.gia_tri for b in indicator.plan_bases()])
    return max([places, *(printed_places(actual, places, bound) for bound in bounds)])


@dataclass(frozen=True)
class Comparison:
    """One figure set against a reference figure (plan, last year, this year's estimate)."""

    ratio: Decimal | None
    """actual / reference x 100, exact; missing when the reference is zero."""
    difference: Decimal
    """actual - reference, exact."""
    ratio_places: int
    """The office's precision for the ratio (`thap_phan_so_sanh`, or a template's `thap_phan`)."""
    difference_places: int
    by_points: bool
    """True for rates: the difference in points is the comparison, not the ratio."""
    reconstructed: bool = False
    """A figure of it is reconstructed from a stated ratio (`suy_ra`): print `stated` instead."""
    stated: tuple[StatedComparison, ...] = ()
    """What the source report states for this comparison (`ty_le_da_neu`), in the file's order."""
    verdict_ratios: tuple[Decimal, ...] = ()
    """Ratios besides 100 where a verdict changes (112 and 110 for a plan `tăng 10-12%`): the
    printed ratio keeps its side of each."""

    @property
    def percent(self) -> Decimal | None:
        """The ratio as the report prints it: `112` for `đạt 112%`, `99.6` for 99,6% (never 100);
        `112.4` against a plan `tăng 10-12%` (never `tăng 12%` for a growth above the plan)."""
        if self.ratio is None:
            return None
        places = max(printed_places(self.ratio, self.ratio_places, boundary)
                     for boundary in (HUNDRED, *self.verdict_ratios))
        return _kept_on_side(self.ratio, places, HUNDRED)

    @property
    def change(self) -> Decimal | None:
        """Relative change in %, as printed: `20` for `tăng 20%`, `0.4` for `tăng 0,4%`."""
        percent = self.percent
        return None if percent is None else percent - HUNDRED

    @property
    def points(self) -> Decimal:
        """The difference as printed: `-0,25` for `thấp hơn 0,25 điểm`; never 0 for a nonzero
        difference (`-0,04`, not `0,0`)."""
        return faithful_round(self.difference, self.difference_places, ZERO)

    @property
    def score(self) -> Decimal | None:
        """Signed distance from the reference as printed: points for rates, % change for values."""
        return self.points if self.by_points else self.change

    @property
    def direction(self) -> int:
        """The exact side of the reference: 1 above, 0 equal, -1 below (against a zero
        reference, the side of the difference)."""
        if self.by_points or self.ratio is None:
            return sign(self.difference)
        return sign(self.ratio - HUNDRED)

    @property
    def widened(self) -> bool:
        """The office's precision would have misstated: the printed figure has more decimals."""
        if self.by_points:
            return decimals_of(self.points) > self.difference_places
        percent = self.percent
        return percent is not None and decimals_of(percent) > self.ratio_places

    def stated_for(self, places: int | None = None) -> StatedComparison | None:
        """The stated ratio to print for a reconstructed comparison: of those the figures still
        give, the one written with `places` decimals (default the comparison's), else the first."""
        wanted = self.ratio_places if places is None else places
        agreeing = [s for s in self.stated if self._agrees(s)]
        return next((s for s in agreeing if decimals_of(s.stated) == wanted),
                    agreeing[0] if agreeing else None)

    def _agrees(self, stated: StatedComparison) -> bool:
        """The stated ratio is what the figures give at its own precision: one that no longer
        does (the estimate changed since) is never printed (`check` reports it)."""
        places = decimals_of(stated.stated)
        if stated.chenh_lech is not None:
            return round_half_up(self.difference, places) == stated.chenh_lech
        if self.ratio is None or stated.ratio is None:
            return False
        return round_half_up(stated.in_form(self.ratio), places) == stated.stated


def compare(indicator: Indicator, actual: Decimal | None, reference: Decimal | None,
            against: ComparedWith, *, reconstructed: bool = False,
            stated: tuple[StatedComparison, ...] = ()) -> Comparison | None:
    if actual is None or reference is None:
        return None
    return Comparison(
        ratio=ratio_percent(actual, reference),
        difference=subtract(actual, reference),
        ratio_places=indicator.comparison_places(against),
        difference_places=figure_places(indicator, actual, reference),
        by_points=is_rate(indicator),
        reconstructed=reconstructed,
        stated=stated if reconstructed else (),
    )


def stated_ratios(indicator: Indicator, so_voi: str, can_cu: str | None = None
                  ) -> tuple[StatedComparison, ...]:
    """The ratios the source states against `so_voi` (and the plan base `can_cu`)."""
    return tuple(s for s in indicator.ty_le_da_neu
                 if s.so_voi == so_voi and s.can_cu == can_cu and s.chenh_lech_ty_le is None)


def _against_reference(indicator: Indicator, reference: Decimal | None,
                       so_voi: Literal["ke_hoach", "cung_ky"], can_cu: str | None = None
                       ) -> Comparison | None:
    return compare(indicator, indicator.uoc_thuc_hien, reference, so_voi,
                   reconstructed=so_voi in indicator.suy_ra or ESTIMATE in indicator.suy_ra,
                   stated=stated_ratios(indicator, so_voi, can_cu))


def primary_base(bases: list[PlanBase]) -> PlanBase:
    return next((base for base in bases if base.chinh), bases[0])


def plan_value(plan: object) -> Decimal | None:
    """The plan as one number: the value, or the primary base; missing for a range or reduction."""
    if isinstance(plan, Decimal):
        return plan
    if isinstance(plan, list) and plan:
        return primary_base(plan).gia_tri
    return None


def against_plan(indicator: Indicator) -> Comparison | None:
    """The estimate against the plan (against the primary base when there are several)."""
    plan = indicator.ke_hoach
    stated_base = primary_base(plan).nhan if isinstance(plan, list) and plan else None
    comparison = _against_reference(indicator, plan_value(plan), "ke_hoach", stated_base)
    if comparison is not None and stated_base is not None and not comparison.stated:
        comparison = _against_reference(indicator, plan_value(plan), "ke_hoach")
    return comparison


def against_bases(indicator: Indicator) -> list[tuple[PlanBase, Comparison | None]]:
    """The estimate against each plan base, in the order of the file."""
    return [(base, _against_reference(indicator, base.gia_tri, "ke_hoach", base.nhan))
            for base in indicator.plan_bases()]


def against_last_year(indicator: Indicator) -> Comparison | None:
    """The estimate against last year; against a growth plan, printed so that it keeps its side
    of the plan's bounds."""
    comparison = _against_reference(indicator, indicator.cung_ky, "cung_ky")
    plan = indicator.ke_hoach
    if comparison is None or not isinstance(plan, PlanGrowth):
        return comparison
    return dataclasses.replace(comparison, verdict_ratios=(HUNDRED + plan.low,
                                                           HUNDRED + plan.high))


def target_against_estimate(indicator: Indicator, target: Target | None) -> Comparison | None:
    """Next year's target against this year's estimate (appendix column 7 = 4/3)."""
    if target is None:
        return None
    return compare(indicator, plan_value(target.ke_hoach), indicator.uoc_thuc_hien, "nam_sau",
                   reconstructed=target.suy_ra or ESTIMATE in indicator.suy_ra)


def reduction_achieved(indicator: Indicator) -> Decimal | None:
    """How far a lower-is-better figure fell against last year (Y - A); missing without Y or A."""
    if indicator.cung_ky is None or indicator.uoc_thuc_hien is None:
        return None
    return subtract(indicator.cung_ky, indicator.uoc_thuc_hien)


def reduction_completion(indicator: Indicator) -> Decimal | None:
    """The achieved reduction as a % of the planned one, rounded like any ratio."""
    plan = indicator.ke_hoach
    achieved = reduction_achieved(indicator)
    if not isinstance(plan, PlanReduction) or achieved is None:
        return None
    ratio = ratio_percent(achieved, plan.giam)
    places = indicator.comparison_places("ke_hoach")
    return None if ratio is None else faithful_round(ratio, places, HUNDRED)


def status(indicator: Indicator) -> Status | None:
    """Vượt / Đạt / Không đạt against the plan, aware of direction; missing when not assessable.

    A neutral indicator is never assessed. The status is read from the exact comparison (99,6% of
    plan is not met), or from the stated ratio where the plan is reconstructed from it. A
    qualified estimate or plan (`tien_to`) is read at its worst case (`qualified_status`).
    """
    plan, actual = indicator.ke_hoach, indicator.uoc_thuc_hien
    if indicator.chieu == "trung_tinh" or plan is None or actual is None:
        return None
    if qualified(indicator) or isinstance(plan, PlanGrowth):
        return qualified_status(indicator)
    if isinstance(plan, PlanRange):
        return _range_status(indicator, actual, plan)
    if isinstance(plan, PlanReduction):
        achieved = reduction_achieved(indicator)
        return None if achieved is None else _status_from_side(sign(achieved - plan.giam))
    comparison = against_plan(indicator)
    side = None if comparison is None else _side(comparison)
    if side is None:
        return None
    return _status_from_side(-side if indicator.chieu == "giam_la_tot" else side)


def assessed_status(indicator: Indicator) -> Status | None:
    """The status, or where the figures cannot give one, what the source states against the plan
    (a ratios-only indicator: 'đạt 87% kế hoạch' is not met); missing when neither."""
    result = status(indicator)
    if result is not None or indicator.chieu == "trung_tinh":
        return result
    stated = stated_ratios(indicator, "ke_hoach")
    if not stated:
        return None
    side = _stated_side(stated[0])
    return _status_from_side(-side if indicator.chieu == "giam_la_tot" else side)


def _stated_side(stated: StatedComparison) -> int:
    ratio = stated.ratio
    return sign(stated.stated if ratio is None else ratio - HUNDRED)


def _side(comparison: Comparison) -> int | None:
    """Above (1), at (0) or below (-1) the reference: as stated where the reference is
    reconstructed, else exactly."""
    stated = comparison.stated_for() if comparison.reconstructed else None
    return comparison.direction if stated is None else _stated_side(stated)


Point = tuple[Decimal, int]
"""A figure and which side of it the truth lies on: (96, 1) is just above 96 ('trên 96'),
(96, -1) just below ('gần 96'), (96, 0) exactly 96; ±Infinity where a hedge is open-ended."""
INFINITY = Decimal("Infinity")
ESTIMATE_SPANS: dict[str, tuple[Point, Point]] = {
    "trên": ((ZERO, 1), (INFINITY, 0)),
    "hơn": ((ZERO, 1), (INFINITY, 0)),
    "từ": ((ZERO, 0), (INFINITY, 0)),
    "dưới": ((-INFINITY, 0), (ZERO, -1)),
    "gần": ((ZERO, -1), (ZERO, -1)),
    "khoảng": ((ZERO, -1), (ZERO, 1)),
}
"""What a qualified estimate says about the true figure, as (lowest, highest) around the written
figure: `trên 96` is above 96, `gần 96` just below it, `khoảng 96` on either side of it."""
OPEN_PLANS = ("trên", "hơn", "từ", "dưới")
"""Plan qualifiers that make the plan a threshold; before a plan, `gần` and `khoảng` read as the
plan itself."""


def estimate_qualifier(indicator: Indicator) -> str | None:
    return (indicator.tien_to or {}).get("uoc_thuc_hien")


def plan_qualifier(indicator: Indicator) -> str | None:
    return (indicator.tien_to or {}).get("ke_hoach")


def qualified(indicator: Indicator) -> bool:
    return estimate_qualifier(indicator) is not None or plan_qualifier(indicator) in OPEN_PLANS


def estimate_span(indicator: Indicator, figure: Decimal) -> tuple[Point, Point]:
    """Where the true figure lies, given the estimate's qualifier."""
    qualifier = estimate_qualifier(indicator)
    if qualifier is None:
        return (figure, 0), (figure, 0)
    (low, low_side), (high, high_side) = ESTIMATE_SPANS[qualifier]
    return ((low if low.is_infinite() else figure, low_side),
            (high if high.is_infinite() else figure, high_side))


def qualified_status(indicator: Indicator) -> Status | None:
    """The status of an estimate or plan with a qualifier, or of a growth plan: met only when
    every figure the hedge allows meets the plan (a 'gần 96' estimate never meets a plan of
    96). A plan 'trên P' / 'hơn P' is met (Đạt) above P, 'từ P' at or above P, 'dưới P' below P;
    such an open plan is met or not, never exceeded."""
    plan, actual = indicator.ke_hoach, indicator.uoc_thuc_hien
    if actual is None or plan is None:
        return None
    low, high = estimate_span(indicator, actual)
    if isinstance(plan, PlanGrowth):
        return _growth_plan_status(indicator, plan, low, high)
    if isinstance(plan, PlanReduction):
        return _hedged_reduction_status(indicator, plan, high)
    lower_is_better = indicator.chieu == "giam_la_tot"
    worst = high if lower_is_better else low
    if isinstance(plan, PlanRange):
        return _span_status(worst, (plan.tu, 0), (plan.den, 0), lower_is_better)
    plan = plan_value(plan)
    if plan is None:
        return None
    opening = plan_qualifier(indicator)
    if opening in ("trên", "hơn"):
        return Status.DAT if low > (plan, 0) else Status.KHONG_DAT
    if opening == "từ":
        return Status.DAT if low >= (plan, 0) else Status.KHONG_DAT
    if opening == "dưới":
        return Status.DAT if high < (plan, 0) else Status.KHONG_DAT
    return _span_status(worst, (plan, 0), (plan, 0), lower_is_better)


def _hedged_reduction_status(indicator: Indicator, plan: PlanReduction,
                             high: Point) -> Status | None:
    """A reduction plan against a hedged estimate: the reduction achieved at the highest figure
    the hedge allows (a reduction plan is for lower-is-better figures)."""
    if indicator.cung_ky is None:
        return None
    if high[0].is_infinite():
        return Status.KHONG_DAT
    achieved: Point = (subtract(indicator.cung_ky, high[0]), -high[1])
    return _span_status(achieved, (plan.giam, 0), (plan.giam, 0), lower_is_better=False)


def _span_status(worst: Point, low: Point, high: Point, lower_is_better: bool) -> Status:
    if low <= worst <= high:
        return Status.DAT
    return Status.VUOT if (worst > high) != lower_is_better else Status.KHONG_DAT


def growth(indicator: Indicator) -> Decimal | None:
    """The estimate's growth against last year in %, exact (18,4 for A = 1,184 x Y); missing
    without both figures or when last year is not above zero."""
    actual, last_year = indicator.uoc_thuc_hien, indicator.cung_ky
    if actual is None or last_year is None or last_year <= 0:
        return None
    ratio = ratio_percent(actual, last_year)
    return None if ratio is None else ratio - HUNDRED


def _growth_plan_status(indicator: Indicator, plan: PlanGrowth, low: Point,
                        high: Point) -> Status | None:
    """A growth plan (`tang: 10` or `tang: {tu: 10, den: 12}`): the estimate's growth against
    last year within the range is Đạt, above it Vượt; a hedge moves the growth the same way."""
    achieved = growth(indicator)
    if achieved is None:
        return None
    worst = (achieved, low[1]) if not low[0].is_infinite() else (low[0], 0)
    return _span_status(worst, (plan.low, 0), (plan.high, 0), lower_is_better=False)


def _range_status(indicator: Indicator, actual: Decimal, plan: PlanRange) -> Status:
    if plan.tu <= actual <= plan.den:
        return Status.DAT
    above = actual > plan.den
    higher_is_better = indicator.chieu == "tang_la_tot"
    return Status.VUOT if above == higher_is_better else Status.KHONG_DAT


def _status_from_side(side: int) -> Status:
    if side > 0:
        return Status.VUOT
    return Status.DAT if side == 0 else Status.KHONG_DAT


def share_percent(count: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """count / whole x 100, exact (22/28 -> 78,57…); missing when either is missing or whole
    is 0."""
    if count is None or whole is None:
        return None
    return ratio_percent(count, whole)


@dataclass(frozen=True)
class Assessment:
    """The main indicators against their plans, by indicator id in the order of the file."""

    met: list[str]
    missed: list[str]
    unassessed: list[str]

    @property
    def total(self) -> int:
        return len(self.met) + len(self.missed) + len(self.unassessed)


def assess_main(indicators: Iterable[tuple[str, Indicator]]) -> Assessment:
    """How many main indicators (those with a number `chu_yeu`) met their plan, and which did
    not (by `assessed_status`)."""
    met: list[str] = []
    missed: list[str] = []
    unassessed: list[str] = []
    for indicator_id, indicator in indicators:
        if indicator.chu_yeu is None:
            continue
        result = assessed_status(indicator)
        bucket = unassessed if result is None else met if result.met else missed
        bucket.append(indicator_id)
    return Assessment(met, missed, unassessed)
