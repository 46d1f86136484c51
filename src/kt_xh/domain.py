"""The joined report: each indicator with its plan for next year, its figures by name, and its
comparisons computed once.

`Report.entries[id]` is what every consumer reads (the template's views, the appendix, the
rules of `check`, the diff): an `Entry` holds this year's indicator and next year's target, reads
any `Figure` of them, and computes each comparison (against the plan, each plan base, last year,
next year's target against the estimate) and the status once, as immutable results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from kt_xh import compute
from kt_xh.compute import Comparison, Status
from kt_xh.model import (
    Indicator,
    PlanBase,
    Predecessor,
    RateParts,
    RollUp,
    TableGroup,
    Target,
    Unit,
    default_table_groups,
)
from kt_xh.periods import YEAR, Period

if TYPE_CHECKING:
    from kt_xh.predecessors import Derivation
    from kt_xh.yaml_source import YamlDocument


class Figure(Enum):
    """A figure of an indicator: its key in the data and the template, and its Vietnamese name."""

    UOC_THUC_HIEN = ("uoc_thuc_hien", "ước thực hiện")
    CUNG_KY = ("cung_ky", "cùng kỳ")
    KE_HOACH = ("ke_hoach", "kế hoạch")
    KE_HOACH_NAM_SAU = ("ke_hoach_nam_sau", "kế hoạch năm sau")

    def __init__(self, key: str, label: str) -> None:
        self.key = key
        self.label = label

    @classmethod
    def named(cls, key: str) -> Figure | None:
        return _BY_KEY.get(key)

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(figure.key for figure in cls)


_BY_KEY = {figure.key: figure for figure in Figure}
THIS_YEAR = (Figure.UOC_THUC_HIEN, Figure.CUNG_KY, Figure.KE_HOACH)
"""The figures of the year's data file (next year's plan is in the targets file)."""


def rate_unit(indicator: Indicator) -> str | None:
    """How a difference of this rate is written: `điểm phần trăm` for %, `‰` for ‰; None for a
    value, which is compared by ratio."""
    return {"ty_le": "điểm phần trăm", "phan_nghin": "‰", "tang_truong": "điểm phần trăm",
            "ty_trong": "điểm phần trăm"}.get(indicator.loai)


@dataclass(frozen=True, eq=False)
class Entry:
    """One indicator of the report: this year's figures, next year's target, the comparisons."""

    id: str
    indicator: Indicator
    target: Target | None
    period: Period | None = None
    """The report's period; None or the year: the year-end report."""

    @property
    def assessed(self) -> bool:
        """Only the year-end report says Vượt / Đạt / Không đạt: a period's estimate is a part
        of the year's, and the annual plan is not yet due."""
        return self.period is None or self.period.annual

    @property
    def plan_label(self) -> str:
        """How the comparison names the plan: `kế hoạch`, or `kế hoạch năm` in a period report."""
        return "kế hoạch" if self.period is None else self.period.plan_label

    def value(self, figure: Figure) -> Decimal | None:
        """The figure as one number; missing when the data lacks it (or the plan is a range)."""
        if figure is Figure.UOC_THUC_HIEN:
            return self.indicator.uoc_thuc_hien
        if figure is Figure.CUNG_KY:
            return self.indicator.cung_ky
        if figure is Figure.KE_HOACH:
            return compute.plan_value(self.indicator.ke_hoach)
        return None if self.target is None else compute.plan_value(self.target.ke_hoach)

    @property
    def next_whole(self) -> Decimal | None:
        """The whole of next year's target of a count of a whole (28 in 28/28)."""
        return None if self.target is None else self.target.tong

    @cached_property
    def against_plan(self) -> Comparison | None:
        return compute.against_plan(self.indicator)

    @cached_property
    def against_bases(self) -> tuple[tuple[PlanBase, Comparison | None], ...]:
        return tuple(compute.against_bases(self.indicator))

    @cached_property
    def against_last_year(self) -> Comparison | None:
        return compute.against_last_year(self.indicator)

    @cached_property
    def next_against_estimate(self) -> Comparison | None:
        return compute.target_against_estimate(self.indicator, self.target)

    @cached_property
    def status(self) -> Status | None:
        return compute.status(self.indicator) if self.assessed else None

    @cached_property
    def reduction_completion(self) -> Decimal | None:
        return compute.reduction_completion(self.indicator)


@dataclass(frozen=True)
class Report:
    """Both files joined: the year's indicators and next year's targets, by indicator id."""

    year: int
    unit: Unit
    indicators: dict[str, Indicator]
    targets: dict[str, Target]
    period_code: str = YEAR
    """The reporting period (`ky`): `nam`, `6_thang`…"""
    groups: dict[str, TableGroup] = field(default_factory=default_table_groups)
    """The appendix groups by id, in their order (`nhom_bieu`, or the five defaults)."""
    groups_declared: bool = False
    """The data file declares its groups (`nhom_bieu`)."""
    merged_from: tuple[Predecessor, ...] = ()
    """The old units this unit was formed from (`hop_nhat_tu`)."""
    rate_parts: dict[str, RateParts] = field(default_factory=dict)
    """The rates recomputed from a numerator and a denominator (`ty_le_tinh_tu`)."""
    roll_up: RollUp | None = None
    """What `ktxh tong-hop` wrote: the units summed and their counts per indicator."""
    last_year_derivations: dict[str, Derivation] = field(default_factory=dict)
    """Last year's figures as the predecessors give them, by indicator id."""
    entries: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        period = self.period
        entries = {i: Entry(i, ind, self.targets.get(i), period)
                   for i, ind in self.indicators.items()}
        object.__setattr__(self, "entries", entries)

    @property
    def period(self) -> Period:
        return Period(self.period_code, self.year)

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def next_year(self) -> int:
        return self.year + 1


@dataclass(frozen=True)
class LoadedReport:
    """A report with the documents it came from, so that findings can name lines."""

    report: Report
    actuals: YamlDocument
    targets: YamlDocument
