"""Rules on the ratios the source report states (`ty_le_da_neu`): each is what the figures give,
rounded as it was stated; one that cannot be checked is a warning; no indicator is compared with
the same reference in two contradictory ways."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kt_xh import compute
from kt_xh.checks import registry
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import finding_at
from kt_xh.domain import Figure, LoadedReport, rate_unit
from kt_xh.model import Indicator, StatedComparison
from kt_xh.numbers import (
    HUNDRED,
    decimals_of,
    format_number,
    ratio_percent,
    round_half_up,
    subtract,
)

STATED_VERBS = {"dat": "đạt", "vuot": "vượt", "bang": "bằng"}


# ---------------------------------------------------------- ty-le-da-neu-sai, ty-le-khong-kiem-duoc
def _reference(indicator: Indicator, stated: StatedComparison) -> tuple[Decimal | None, str]:
    if stated.so_voi == "cung_ky":
        return indicator.cung_ky, "cùng kỳ"
    if stated.can_cu is not None:
        base = next((b for b in indicator.plan_bases() if b.nhan == stated.can_cu), None)
        return (None if base is None else base.gia_tri), stated.can_cu
    return compute.plan_value(indicator.ke_hoach), Figure.KE_HOACH.label


def _stated_text(indicator: Indicator, stated: StatedComparison, against: str) -> str:
    form, value = stated.form, stated.stated
    if form in ("dat", "vuot", "bang"):
        return f"{STATED_VERBS[form]} {format_number(value)}% {against}"
    if form == "gap":
        return f"gấp {format_number(value)} lần {against}"
    if form in ("tang", "giam"):
        rises = (value >= 0) == (form == "tang")
        verb = "tăng" if rises else "giảm"
        return f"{verb} {format_number(abs(value))}% so với {against}"
    unit = ("điểm phần trăm" if stated.chenh_lech_ty_le is not None
            else rate_unit(indicator) or indicator.don_vi_tinh)
    word = "cao hơn" if value > 0 else "thấp hơn" if value < 0 else "bằng"
    return f"{word} {against} {format_number(abs(value))} {unit}".replace(" ‰", "‰")


def _computed(indicator: Indicator, stated: StatedComparison, a: Decimal, b: Decimal
              ) -> Decimal | None:
    places = decimals_of(stated.stated)
    if stated.ratio is not None:
        ratio = ratio_percent(a, b)
        if ratio is None:
            return None
        return round_half_up(stated.in_form(ratio), places)
    if stated.chenh_lech_ty_le is not None:
        a_share, b_share = (compute.share_percent(v, indicator.tong) for v in (a, b))
        if a_share is None or b_share is None:
            return None
        return round_half_up(subtract(a_share, b_share), places)
    return round_half_up(subtract(a, b), places)


StatedRatio = tuple[str, tuple[Any, ...], StatedComparison, str, Decimal | None]


def _stated_ratios(loaded: LoadedReport) -> Iterator[StatedRatio]:
    """(indicator, path, stated, its text, what the data gives) of every stated ratio."""
    for indicator_id, indicator in loaded.report.indicators.items():
        for index, stated in enumerate(indicator.ty_le_da_neu):
            path = (indicator_id, "ty_le_da_neu", index)
            reference, against = _reference(indicator, stated)
            text = _stated_text(indicator, stated, against)
            actual = indicator.uoc_thuc_hien
            computed = (None if actual is None or reference is None
                        else _computed(indicator, stated, actual, reference))
            yield indicator_id, path, stated, text, computed


def stated_ratios(loaded: LoadedReport) -> Iterator[Finding]:
    """Every ratio the source report states is what the data gives, rounded as it was stated."""
    for indicator_id, path, stated, text, computed in _stated_ratios(loaded):
        if computed is not None and computed != stated.stated:
            yield finding_at(registry.STATED_RATIO_WRONG, loaded.actuals, path, indicator_id,
                           f"Báo cáo gốc nêu '{text}' ({stated.o_dau}), nhưng số liệu cho "
                           f"{format_number(computed)}.",
                           da_neu=format_number(stated.stated),
                           tinh_tu_so_lieu=format_number(computed))


def unverifiable_ratios(loaded: LoadedReport) -> Iterator[Finding]:
    """A ratio the source report states without the figures to check it is a warning."""
    for indicator_id, path, stated, text, computed in _stated_ratios(loaded):
        if computed is None:
            yield finding_at(registry.STATED_RATIO_UNVERIFIABLE, loaded.actuals, path,
                           indicator_id, f"Báo cáo gốc nêu '{text}' ({stated.o_dau}) nhưng "
                           "số liệu thiếu nên không đối chiếu được.",
                           da_neu=format_number(stated.stated))


# ---------------------------------------------------------------- so-sanh-mau-thuan
def _direction(stated: StatedComparison) -> int:
    ratio = stated.ratio
    value = stated.stated if ratio is None else ratio - HUNDRED
    return (value > 0) - (value < 0)


def consistent_statements(loaded: LoadedReport) -> Iterator[Finding]:
    """The same indicator is not compared with the same reference in two contradictory ways (above
    it in one place, below it in another); a lower-is-better indicator is never said to `đạt X%`
    of a target it beat."""
    for indicator_id, indicator in loaded.report.indicators.items():
        groups: dict[tuple[str, str | None], list[tuple[int, StatedComparison]]] = {}
        for index, stated in enumerate(indicator.ty_le_da_neu):
            groups.setdefault((stated.so_voi, stated.can_cu), []).append((index, stated))
            if (indicator.chieu == "giam_la_tot" and stated.so_voi == "ke_hoach"
                    and stated.dat is not None and stated.dat < HUNDRED):
                yield finding_at(registry.CONTRADICTORY_COMPARISON, loaded.actuals,
                               (indicator_id, "ty_le_da_neu", index), indicator_id,
                               f"Báo cáo gốc viết 'đạt {format_number(stated.dat)}% kế hoạch' "
                               f"({stated.o_dau}) cho một chỉ tiêu càng thấp càng tốt đã thấp "
                               "hơn kế hoạch.",
                               "Hãy viết là đạt kế hoạch, thấp hơn kế hoạch bao nhiêu.")
        for (so_voi, _), members in groups.items():
            directions = {_direction(s) for _, s in members}
            if 1 in directions and -1 in directions:
                places = "; ".join(s.o_dau for _, s in members)
                index = members[-1][0]
                against = "kế hoạch" if so_voi == "ke_hoach" else "cùng kỳ"
                yield finding_at(registry.CONTRADICTORY_COMPARISON, loaded.actuals,
                               (indicator_id, "ty_le_da_neu", index), indicator_id,
                               f"Báo cáo gốc so sánh chỉ tiêu này với {against} theo hai cách trái "
                               f"ngược nhau (chỗ thì cao hơn, chỗ thì thấp hơn): {places}.")
