"""Rules on the data files. Each rule is a function of the loaded report yielding findings.

Thresholds (docs/quy_tac_kiem_tra.md): a value or a count that moves by more than 50% against
last year, its plan, or (for next year's target) this year's estimate is unusual; a rate that
moves by more than 10 percentage points (3‰ for a per-mille rate). An indicator may set its own
threshold in `nguong_bien_dong`. A figure about a thousand times another is a typing slip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from kt_xh import compute
from kt_xh.checks import registry
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import Rule
from kt_xh.loading import LoadedReport
from kt_xh.model import Indicator, PlanRange, PlanReduction, StatedComparison
from kt_xh.numbers import (
    HUNDRED,
    decimals_of,
    format_number,
    ratio_percent,
    round_half_up,
    subtract,
)
from kt_xh.yaml_source import YamlDocument

VALUE_CHANGE = Decimal(50)
RATE_POINTS = {"ty_le": Decimal(10), "phan_nghin": Decimal(3)}
RATE_BOUND = {"ty_le": Decimal(100), "phan_nghin": Decimal(1000)}
THOUSANDFOLD = (Decimal(500), Decimal(2000))
FIGURE_WORDS = {"uoc_thuc_hien": "ước thực hiện", "cung_ky": "cùng kỳ", "ke_hoach": "kế hoạch"}

RuleFunction = Callable[[LoadedReport], Iterator[Finding]]


def _finding(rule: Rule, document: YamlDocument, path: tuple[Any, ...], indicator: str | None,
             message: str, hint: str | None = None, **figures: str) -> Finding:
    return rule.finding(document.name, document.line_of(("chi_tieu", *path)), indicator, message,
                        hint=hint, figures=figures)


def _single_figure(indicator: Indicator, figure: str) -> Decimal | None:
    """A figure as one number; a reconstructed figure is left out (it is only as exact as the
    ratio it was reconstructed from), as is a plan that is a range or a reduction."""
    if figure in indicator.suy_ra:
        return None
    if figure == "ke_hoach":
        return indicator.ke_hoach if isinstance(indicator.ke_hoach, Decimal) else None
    return getattr(indicator, figure)


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(5).scaleb(-decimals_of(value) - 1)


# ---------------------------------------------------------------- thanh-phan-lech
def parts_add_up(loaded: LoadedReport) -> Iterator[Finding]:
    """The parts of a total add up to it, within the rounding their stated precision allows; a
    partial breakdown (`mot_phan`) may fall short of the total, never exceed it."""
    indicators = loaded.report.indicators
    for total_id, total in indicators.items():
        for index, breakdown in enumerate(total.thanh_phan):
            if breakdown.kieu == "liet_ke":
                continue
            parts = [indicators[p] for p in breakdown.gom]
            pairs = [(f, _single_figure(total, f), [_single_figure(p, f) for p in parts])
                     for f in FIGURE_WORDS]
            if total.loai == "so_tren_tong":
                pairs.append(("tong", total.tong, [p.tong for p in parts]))
            for figure, whole, values in pairs:
                if whole is None or any(v is None for v in values):
                    continue
                named = [f"{part} (dòng {loaded.actuals.line_of(('chi_tieu', part, figure))})"
                         for part in breakdown.gom]
                yield from _compare_sum(loaded, total_id, total, index, breakdown.kieu,
                                        figure, whole, [v for v in values if v is not None],
                                        named)


def _compare_sum(loaded: LoadedReport, total_id: str, total: Indicator, index: int, kind: str,
                 figure: str, whole: Decimal, values: list[Decimal], names: list[str]
                 ) -> Iterator[Finding]:
    summed = sum(values, Decimal(0))
    tolerance = _half_unit(whole) + sum((_half_unit(v) for v in values), Decimal(0))
    difference = subtract(summed, whole)
    word = FIGURE_WORDS.get(figure, "tổng số")
    unit = total.don_vi_tinh
    if kind == "du" and abs(difference) > tolerance:
        message = (f"Các thành phần ({', '.join(names)}) cộng lại {format_number(summed)} {unit}, "
                   f"khác số {word} của tổng là {format_number(whole)} {unit}.")
        hint = ("Hãy kiểm tra lại tổng hoặc các thành phần; nếu báo cáo chỉ nêu một số thành "
                "phần, ghi kieu: mot_phan.")
    elif kind == "mot_phan" and difference > tolerance:
        message = (f"Các thành phần đã nêu ({', '.join(names)}) cộng lại {format_number(summed)} "
                   f"{unit}, lớn hơn số {word} của tổng là {format_number(whole)} {unit}: một phần "
                   "không thể lớn hơn tổng.")
        hint = "Hãy kiểm tra lại các số này."
    else:
        return
    yield _finding(registry.PARTS_DIFFER, loaded.actuals, (total_id, "thanh_phan", index),
                   total_id, message, hint,
                   tong=format_number(whole), cong_cac_phan=format_number(summed),
                   chenh_lech=format_number(difference))


# ---------------------------------------------------------------- ngoai-gioi-han
def _figures_with_paths(loaded: LoadedReport, indicator_id: str, indicator: Indicator
                        ) -> Iterator[tuple[str, Decimal, YamlDocument, tuple[Any, ...],
                                            Decimal | None]]:
    """(what, value, document, path, whole) of every figure of an indicator and its target."""
    for figure in ("cung_ky", "uoc_thuc_hien"):
        value = getattr(indicator, figure)
        if value is not None:
            yield FIGURE_WORDS[figure], value, loaded.actuals, (indicator_id, figure), indicator.tong
    yield from _plan_figures(indicator.ke_hoach, "kế hoạch", loaded.actuals,
                             (indicator_id, "ke_hoach"), indicator.tong)
    target = loaded.report.targets.get(indicator_id)
    if target is not None:
        yield from _plan_figures(target.ke_hoach, "kế hoạch năm sau", loaded.targets,
                                 (indicator_id, "ke_hoach"), target.tong or indicator.tong)


def _plan_figures(plan: object, word: str, document: YamlDocument, path: tuple[Any, ...],
                  whole: Decimal | None) -> Iterator[tuple[str, Decimal, YamlDocument,
                                                          tuple[Any, ...], Decimal | None]]:
    if isinstance(plan, Decimal):
        yield word, plan, document, path, whole
    elif isinstance(plan, PlanRange):
        yield word, plan.tu, document, path, whole
        yield word, plan.den, document, path, whole
    elif isinstance(plan, list):
        for index, base in enumerate(plan):
            yield f"{word} ({base.nhan})", base.gia_tri, document, (*path, index), whole


def within_bounds(loaded: LoadedReport) -> Iterator[Finding]:
    """A rate lies within 0-100% (0-1000‰), its plan too; a count of a whole cannot exceed the
    whole (22/28) nor be negative."""
    for indicator_id, indicator in loaded.report.indicators.items():
        for word, value, document, path, whole in _figures_with_paths(loaded, indicator_id,
                                                                       indicator):
            problem = _out_of_bounds(indicator, value, whole)
            if problem:
                yield _finding(registry.OUT_OF_BOUNDS, document, path, indicator_id,
                               f"Số {word} {format_number(value)}{problem}",
                               so_lieu=format_number(value))


def _out_of_bounds(indicator: Indicator, value: Decimal, whole: Decimal | None) -> str | None:
    if indicator.loai in RATE_BOUND:
        bound = RATE_BOUND[indicator.loai]
        sign = "%" if indicator.loai == "ty_le" else "‰"
        if not 0 <= value <= bound:
            return (f" nằm ngoài khoảng 0-{format_number(bound)}{sign} của một tỷ lệ (kế hoạch "
                    f"của một tỷ lệ cũng không thể vượt {format_number(bound)}{sign}).")
    if indicator.loai == "so_tren_tong" and whole is not None and not 0 <= value <= whole:
        return (f" vượt tổng số {format_number(whole)} {indicator.don_vi_tinh} (hoặc âm): số "
                "trên tổng không thể lớn hơn tổng.")
    return None


# ---------------------------------------------------------------- bien-dong-bat-thuong, sai-hang-nghin
Place = tuple[YamlDocument, str]
Comparison = tuple[str, Indicator, Decimal, Decimal, str, Place, Place]


def _comparisons(loaded: LoadedReport) -> Iterator[Comparison]:
    """(indicator, a, b, against, where a is, where b is): a figure against last year, its plan,
    or (next year's target) this year's estimate."""
    report = loaded.report
    for indicator_id, indicator in report.indicators.items():
        estimate = indicator.uoc_thuc_hien
        target = report.targets.get(indicator_id)
        comparisons = [
            (estimate, indicator.cung_ky, "so với cùng kỳ", loaded.actuals, "uoc_thuc_hien",
             loaded.actuals, "cung_ky"),
            (estimate, compute.plan_value(indicator.ke_hoach), "so với kế hoạch", loaded.actuals,
             "uoc_thuc_hien", loaded.actuals, "ke_hoach"),
            (None if target is None else compute.plan_value(target.ke_hoach), estimate,
             "(kế hoạch năm sau) so với ước thực hiện", loaded.targets, "ke_hoach",
             loaded.actuals, "uoc_thuc_hien"),
        ]
        for a, b, against, a_doc, a_name, b_doc, b_name in comparisons:
            if a is not None and b is not None:
                yield indicator_id, indicator, a, b, against, (a_doc, a_name), (b_doc, b_name)


def plausible_moves(loaded: LoadedReport) -> Iterator[Finding]:
    """A figure that moved a lot against last year, its plan, or (next year's target) this year's
    estimate is a warning (a thousandfold move is `thousandfold_slips`')."""
    for comparison in _comparisons(loaded):
        finding = _move(*comparison)
        if finding is not None:
            yield finding


def thousandfold_slips(loaded: LoadedReport) -> Iterator[Finding]:
    """A value about a thousand times the one it is compared with is an error (a "4.148" typed
    without quotes)."""
    for comparison in _comparisons(loaded):
        finding = _slip(*comparison)
        if finding is not None:
            yield finding


def _thousandfold(a: Decimal, b: Decimal) -> bool:
    ratio = a / b
    low, high = THOUSANDFOLD
    return low <= ratio <= high or low <= 1 / ratio <= high


def _move(indicator_id: str, indicator: Indicator, a: Decimal, b: Decimal, against: str,
          a_place: Place, b_place: Place) -> Finding | None:
    figures = {"so_lieu": format_number(a), "so_sanh_voi": format_number(b)}
    if compute.is_rate(indicator):
        points = subtract(a, b)
        limit = indicator.nguong_bien_dong or RATE_POINTS[indicator.loai]
        if abs(points) <= limit:
            return None
        unit = "điểm phần trăm" if indicator.loai == "ty_le" else "‰"
        return _finding(registry.UNUSUAL_MOVE, a_place[0], (indicator_id, a_place[1]),
                        indicator_id,
                        f"Số {format_number(a)} chênh {format_number(abs(points))} {unit} "
                        f"{against} ({format_number(b)}), vượt ngưỡng {format_number(limit)} "
                        f"{unit}.", "Hãy kiểm tra lại số liệu; nếu đúng, ghi chấp nhận kèm lý do.",
                        **figures)
    if a <= 0 or b <= 0 or _thousandfold(a, b):
        return None
    change = ratio_percent(a, b)
    limit = indicator.nguong_bien_dong or VALUE_CHANGE
    if change is None or abs(change - HUNDRED) <= limit:
        return None
    shown = round_half_up(abs(change - HUNDRED), 0)
    verb = "tăng" if change > HUNDRED else "giảm"
    return _finding(registry.UNUSUAL_MOVE, a_place[0], (indicator_id, a_place[1]), indicator_id,
                    f"Số {format_number(a)} {verb} {format_number(shown)}% {against} "
                    f"({format_number(b)}), vượt ngưỡng {format_number(limit)}%.", **figures)


def _slip(indicator_id: str, indicator: Indicator, a: Decimal, b: Decimal, against: str,
          a_place: Place, b_place: Place) -> Finding | None:
    if compute.is_rate(indicator) or a <= 0 or b <= 0 or not _thousandfold(a, b):
        return None
    ratio = a / b
    suspect_doc, suspect = (b_place if ratio > 1 else a_place)
    smaller = min(a, b)
    intended = (smaller * 1000).normalize()
    return _finding(registry.THOUSANDFOLD_SLIP, suspect_doc, (indicator_id, suspect),
                    indicator_id,
                    f"Số {format_number(a)} gấp khoảng {format_number(round_half_up(max(ratio, 1 / ratio), 0))} "
                    f"lần {against} ({format_number(b)}): gần như chắc chắn là lỗi gõ số. "
                    f"Có thể số {format_number(smaller)} được gõ kiểu Việt Nam mà không có "
                    f"dấu nháy (YAML đọc 4.148 thành bốn phẩy một bốn tám).",
                    f"Hãy viết {format(intended, 'f')} hoặc đặt trong dấu nháy "
                    f"\"{format_number(intended)}\".",
                    so_lieu=format_number(a), so_sanh_voi=format_number(b))


# ---------------------------------------------------------------- ty-le-da-neu-sai, ty-le-khong-kiem-duoc
def _reference(indicator: Indicator, stated: StatedComparison) -> tuple[Decimal | None, str]:
    if stated.so_voi == "cung_ky":
        return indicator.cung_ky, "cùng kỳ"
    if stated.can_cu is not None:
        base = next((b for b in indicator.plan_bases() if b.nhan == stated.can_cu), None)
        return (None if base is None else base.gia_tri), stated.can_cu
    return compute.plan_value(indicator.ke_hoach), "kế hoạch"


def _stated_text(indicator: Indicator, stated: StatedComparison, against: str) -> str:
    if stated.dat is not None:
        return f"đạt {format_number(stated.dat)}% {against}"
    if stated.tang is not None:
        verb = "tăng" if stated.tang >= 0 else "giảm"
        return f"{verb} {format_number(abs(stated.tang))}% so với {against}"
    value = stated.chenh_lech if stated.chenh_lech is not None else stated.chenh_lech_ty_le
    assert value is not None
    unit = ("điểm phần trăm" if stated.chenh_lech_ty_le is not None or indicator.loai == "ty_le"
            else "‰" if indicator.loai == "phan_nghin" else indicator.don_vi_tinh)
    word = "cao hơn" if value > 0 else "thấp hơn" if value < 0 else "bằng"
    return f"{word} {against} {format_number(abs(value))} {unit}".replace(" ‰", "‰")


def _computed(indicator: Indicator, stated: StatedComparison, a: Decimal, b: Decimal
              ) -> Decimal | None:
    places = decimals_of(stated.stated)
    if stated.dat is not None or stated.tang is not None:
        ratio = ratio_percent(a, b)
        if ratio is None:
            return None
        return round_half_up(ratio - (HUNDRED if stated.tang is not None else 0), places)
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
            yield _finding(registry.STATED_RATIO_WRONG, loaded.actuals, path, indicator_id,
                           f"Báo cáo gốc nêu '{text}' ({stated.o_dau}), nhưng số liệu cho "
                           f"{format_number(computed)}.",
                           da_neu=format_number(stated.stated),
                           tinh_tu_so_lieu=format_number(computed))


def unverifiable_ratios(loaded: LoadedReport) -> Iterator[Finding]:
    """A ratio the source report states without the figures to check it is a warning."""
    for indicator_id, path, stated, text, computed in _stated_ratios(loaded):
        if computed is None:
            yield _finding(registry.STATED_RATIO_UNVERIFIABLE, loaded.actuals, path,
                           indicator_id, f"Báo cáo gốc nêu '{text}' ({stated.o_dau}) nhưng "
                           "số liệu thiếu nên không đối chiếu được.",
                           da_neu=format_number(stated.stated))


# ---------------------------------------------------------------- so-sanh-mau-thuan
def _direction(stated: StatedComparison) -> int:
    value = stated.stated - HUNDRED if stated.dat is not None else stated.stated
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
                yield _finding(registry.CONTRADICTORY_COMPARISON, loaded.actuals,
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
                yield _finding(registry.CONTRADICTORY_COMPARISON, loaded.actuals,
                               (indicator_id, "ty_le_da_neu", index), indicator_id,
                               f"Báo cáo gốc so sánh chỉ tiêu này với {against} theo hai cách trái "
                               f"ngược nhau (chỗ thì cao hơn, chỗ thì thấp hơn): {places}.")


# ---------------------------------------------------------------- hai-tep-lech, thieu-ke-hoach-nam-sau
def files_agree(loaded: LoadedReport) -> Iterator[Finding]:
    """Units agree between the two files, and a reduction target belongs to a lower-is-better
    indicator."""
    report = loaded.report
    for indicator_id, target in report.targets.items():
        indicator = report.indicators[indicator_id]
        if target.don_vi_tinh is not None and target.don_vi_tinh != indicator.don_vi_tinh:
            yield _finding(registry.FILES_DISAGREE, loaded.targets,
                           (indicator_id, "don_vi_tinh"), indicator_id,
                           f"Đơn vị tính '{target.don_vi_tinh}' khác với tệp số liệu năm "
                           f"{report.year} ('{indicator.don_vi_tinh}').",
                           "Hãy ghi kế hoạch theo cùng đơn vị.",
                           don_vi_nam_sau=target.don_vi_tinh,
                           don_vi_nam_bao_cao=indicator.don_vi_tinh)
        if isinstance(target.ke_hoach, PlanReduction) and indicator.chieu != "giam_la_tot":
            yield _finding(registry.FILES_DISAGREE, loaded.targets,
                           (indicator_id, "ke_hoach"), indicator_id,
                           "Kế hoạch dạng mức giảm chỉ dùng cho chỉ tiêu càng thấp càng tốt.",
                           "Hãy ghi kế hoạch là một số, hoặc ghi chieu: giam_la_tot cho chỉ "
                           "tiêu trong tệp số liệu nếu chỉ tiêu càng thấp càng tốt.")


def main_targets_present(loaded: LoadedReport) -> Iterator[Finding]:
    """Every main indicator has its target for next year."""
    report = loaded.report
    for indicator_id, indicator in report.indicators.items():
        if indicator.chu_yeu is not None and indicator_id not in report.targets:
            yield _finding(registry.MISSING_TARGET, loaded.actuals,
                           (indicator_id, "chu_yeu"), indicator_id,
                           f"Chỉ tiêu chủ yếu ({indicator.chu_yeu}) chưa có kế hoạch năm "
                           f"{report.next_year} trong tệp kế hoạch.")


# ---------------------------------------------------------------- cung-ky-uoc
def estimates_confirmed(loaded: LoadedReport) -> Iterator[Finding]:
    """Last year's figure is still last year's estimate (rolled by `ktxh new-year`)."""
    for indicator_id, indicator in loaded.report.indicators.items():
        if indicator.cung_ky_la_uoc:
            value = "" if indicator.cung_ky is None else format_number(indicator.cung_ky)
            yield _finding(registry.ESTIMATE_AS_LAST_YEAR, loaded.actuals,
                           (indicator_id, "cung_ky_la_uoc"), indicator_id,
                           f"Số cùng kỳ {value} vẫn là số ước của năm {loaded.report.previous_year}.",
                           so_lieu=value)


# ---------------------------------------------------------------- van-ban-chua-chuan
SOURCE_QUOTE_KEYS = {"o_dau"}
"""Fields that quote the source report as it was written, typos included."""


def text_hygiene(loaded: LoadedReport) -> Iterator[Finding]:
    """Text of the data files is NFC, has no doubled spaces and no `%o` where `‰` is meant."""
    for document in (loaded.actuals, loaded.targets):
        for line in document.nfc_lines:
            yield registry.UNCLEAN_TEXT.finding(
                document.name, line, None,
                "Chữ ở dòng này được gõ ở dạng tổ hợp (NFD); ktxh đã chuẩn hóa khi đọc.",
                hint="Hãy lưu tệp với chữ dựng sẵn (NFC) để tìm kiếm và so sánh đúng.")
        yield from _text_values(document, document.data, ())


def _text_values(document: YamlDocument, value: Any, path: tuple[Any, ...]) -> Iterator[Finding]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in SOURCE_QUOTE_KEYS:
                yield from _text_values(document, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_values(document, item, (*path, index))
    elif isinstance(value, str):
        indicator = path[1] if len(path) > 1 and path[0] == "chi_tieu" else None
        line = document.line_of(path)
        if "  " in value.strip():
            yield registry.UNCLEAN_TEXT.finding(
                document.name, line, indicator,
                f"Có hai dấu cách liền nhau trong '{value.strip()[:60]}'.",
                hint="Hãy bỏ bớt một dấu cách.")
        if "%o" in value:
            yield registry.UNCLEAN_TEXT.finding(
                document.name, line, indicator, "Viết '%o' thay cho ký hiệu phần nghìn.",
                hint="Hãy dùng '‰'.")


DATA_RULES: tuple[tuple[Rule, RuleFunction], ...] = (
    (registry.PARTS_DIFFER, parts_add_up),
    (registry.OUT_OF_BOUNDS, within_bounds),
    (registry.UNUSUAL_MOVE, plausible_moves),
    (registry.THOUSANDFOLD_SLIP, thousandfold_slips),
    (registry.STATED_RATIO_WRONG, stated_ratios),
    (registry.STATED_RATIO_UNVERIFIABLE, unverifiable_ratios),
    (registry.CONTRADICTORY_COMPARISON, consistent_statements),
    (registry.FILES_DISAGREE, files_agree),
    (registry.MISSING_TARGET, main_targets_present),
    (registry.ESTIMATE_AS_LAST_YEAR, estimates_confirmed),
    (registry.UNCLEAN_TEXT, text_hygiene),
)
"""Each data rule with the one function that emits its findings."""
