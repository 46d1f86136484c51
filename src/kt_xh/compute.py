"""Completion against plan, growth against last year, status and the main-indicator assessment.

Pure functions on the model. A value is compared by ratio (A / P x 100); a rate (% or ‰) by
difference in points (A - P), never by a ratio of two rates. Ratios are rounded half-up at the
indicator's `thap_phan_so_sanh`, differences at the precision of the figures; the status is read
from the rounded figure, so that it never contradicts what the report prints ("đạt 100%" is met).
A missing input gives a missing result, never zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from kt_xh.model import Indicator, PlanBase, PlanRange, PlanReduction, Target
from kt_xh.numbers import decimals_of, ratio_percent, round_half_up, subtract

HUNDRED = Decimal(100)


class Status(Enum):
    """Result of the year against its plan, in the words of the appendix's last column."""

    VUOT = "Vượt"
    DAT = "Đạt"
    KHONG_DAT = "Không đạt"

    @property
    def met(self) -> bool:
        return self is not Status.KHONG_DAT


def is_rate(indicator: Indicator) -> bool:
    """Rates are compared by difference in points, values and counts by ratio."""
    return indicator.loai in ("ty_le", "phan_nghin")


def figure_places(indicator: Indicator, *values: Decimal | None) -> int:
    """Display precision: the indicator's `thap_phan`, else the most decimals the figures carry."""
    if indicator.thap_phan is not None:
        return indicator.thap_phan
    return max((decimals_of(v) for v in values if v is not None), default=0)


@dataclass(frozen=True)
class Comparison:
    """One figure set against a reference figure (plan, last year, this year's estimate)."""

    ratio: Decimal | None
    """actual / reference x 100, exact; missing when the reference is zero."""
    difference: Decimal
    """actual - reference, exact."""
    ratio_places: int
    difference_places: int
    by_points: bool
    """True for rates: the difference in points is the comparison, not the ratio."""

    @property
    def percent(self) -> Decimal | None:
        """The ratio as the report prints it: `112` for `đạt 112%`."""
        return None if self.ratio is None else round_half_up(self.ratio, self.ratio_places)

    @property
    def change(self) -> Decimal | None:
        """Relative change in %, rounded: `20` for `tăng 20%`, `-5` for `giảm 5%`."""
        percent = self.percent
        return None if percent is None else percent - HUNDRED

    @property
    def points(self) -> Decimal:
        """The difference rounded at the figures' precision: `-0,25` for `thấp hơn 0,25 điểm`."""
        return round_half_up(self.difference, self.difference_places)

    @property
    def score(self) -> Decimal | None:
        """Signed distance from the reference as printed: points for rates, % change for values."""
        return self.points if self.by_points else self.change


def compare(indicator: Indicator, actual: Decimal | None, reference: Decimal | None
            ) -> Comparison | None:
    if actual is None or reference is None:
        return None
    return Comparison(
        ratio=ratio_percent(actual, reference),
        difference=subtract(actual, reference),
        ratio_places=indicator.thap_phan_so_sanh,
        difference_places=figure_places(indicator, actual, reference),
        by_points=is_rate(indicator),
    )


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
    return compare(indicator, indicator.uoc_thuc_hien, plan_value(indicator.ke_hoach))


def against_bases(indicator: Indicator) -> list[tuple[PlanBase, Comparison | None]]:
    """The estimate against each plan base, in the order of the file."""
    return [(base, compare(indicator, indicator.uoc_thuc_hien, base.gia_tri))
            for base in indicator.plan_bases()]


def against_last_year(indicator: Indicator) -> Comparison | None:
    return compare(indicator, indicator.uoc_thuc_hien, indicator.cung_ky)


def target_against_estimate(indicator: Indicator, target: Target | None) -> Comparison | None:
    """Next year's target against this year's estimate (appendix column 7 = 4/3)."""
    if target is None:
        return None
    return compare(indicator, plan_value(target.ke_hoach), indicator.uoc_thuc_hien)


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
    return None if ratio is None else round_half_up(ratio, indicator.thap_phan_so_sanh)


def status(indicator: Indicator) -> Status | None:
    """Vượt / Đạt / Không đạt against the plan, aware of direction; missing when not assessable.

    A neutral indicator is never assessed. The score is read from the figure as printed.
    """
    plan, actual = indicator.ke_hoach, indicator.uoc_thuc_hien
    if indicator.chieu == "trung_tinh" or plan is None or actual is None:
        return None
    if isinstance(plan, PlanRange):
        return _range_status(indicator, actual, plan)
    if isinstance(plan, PlanReduction):
        achieved = reduction_achieved(indicator)
        if achieved is None:
            return None
        places = figure_places(indicator, achieved, plan.giam)
        return _status_from_score(round_half_up(subtract(achieved, plan.giam), places))
    comparison = against_plan(indicator)
    score = None if comparison is None else comparison.score
    if score is None:
        return None
    return _status_from_score(-score if indicator.chieu == "giam_la_tot" else score)


def _range_status(indicator: Indicator, actual: Decimal, plan: PlanRange) -> Status:
    shown = round_half_up(actual, figure_places(indicator, actual, plan.tu, plan.den))
    if plan.tu <= shown <= plan.den:
        return Status.DAT
    above = shown > plan.den
    higher_is_better = indicator.chieu == "tang_la_tot"
    return Status.VUOT if above == higher_is_better else Status.KHONG_DAT


def _status_from_score(score: Decimal) -> Status:
    if score > 0:
        return Status.VUOT
    return Status.DAT if score == 0 else Status.KHONG_DAT


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
    not."""
    met: list[str] = []
    missed: list[str] = []
    unassessed: list[str] = []
    for indicator_id, indicator in indicators:
        if indicator.chu_yeu is None:
            continue
        result = status(indicator)
        bucket = unassessed if result is None else met if result.met else missed
        bucket.append(indicator_id)
    return Assessment(met, missed, unassessed)
