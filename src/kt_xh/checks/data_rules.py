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
from kt_xh.checks import hygiene, predecessor_rules, registry, stated_rules, typing_rules
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import Rule, finding_at
from kt_xh.domain import THIS_YEAR, Figure, LoadedReport, rate_unit
from kt_xh.model import Indicator, PlanGrowth, PlanRange, PlanReduction
from kt_xh.numbers import (
    HUNDRED,
    decimals_of,
    format_number,
    ratio_percent,
    round_half_up,
    spoken,
    subtract,
)
from kt_xh.yaml_source import YamlDocument

VALUE_CHANGE = Decimal(50)
RATE_POINTS = {"ty_le": Decimal(10), "phan_nghin": Decimal(3), "tang_truong": Decimal(10),
               "ty_trong": Decimal(10)}
RATE_BOUND = {"ty_le": Decimal(100), "phan_nghin": Decimal(1000), "ty_trong": Decimal(100)}
LOWEST_GROWTH = Decimal(-100)
"""A growth rate below -100% would make the figure negative."""
THOUSANDFOLD = (Decimal(500), Decimal(2000))

RuleFunction = Callable[[LoadedReport], Iterator[Finding]]


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
            pairs = [(f.key, _single_figure(total, f.key),
                      [_single_figure(p, f.key) for p in parts]) for f in THIS_YEAR]
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
    named = Figure.named(figure)
    word = named.label if named else "tổng số"
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
    yield finding_at(registry.PARTS_DIFFER, loaded.actuals, (total_id, "thanh_phan", index),
                   total_id, message, hint,
                   tong=format_number(whole), cong_cac_phan=format_number(summed),
                   chenh_lech=format_number(difference))


# ---------------------------------------------------------------- co-cau-lech
def shares_add_up(loaded: LoadedReport) -> Iterator[Finding]:
    """The shares (`ty_trong`) of one whole (`co_cau`) add up to 100%, within the rounding of
    the figures as written; each figure (last year, plan, estimate, next year's plan) is added
    only where every share has it."""
    structures: dict[str, list[str]] = {}
    for indicator_id, indicator in loaded.report.indicators.items():
        if indicator.co_cau is not None:
            structures.setdefault(indicator.co_cau, []).append(indicator_id)
    for structure, members in structures.items():
        for figure in (*THIS_YEAR, Figure.KE_HOACH_NAM_SAU):
            finding = _share_sum(loaded, structure, members, figure)
            if finding is not None:
                yield finding


def _share_sum(loaded: LoadedReport, structure: str, members: list[str],
               figure: Figure) -> Finding | None:
    entries = loaded.report.entries
    values = [_share_figure(entries[member].indicator, entries[member].value(figure), figure)
              for member in members]
    present = [v for v in values if v is not None]
    if len(present) != len(values):
        return None
    summed = sum(present, Decimal(0))
    tolerance = sum((_half_unit(v) for v in present), Decimal(0))
    if abs(subtract(summed, HUNDRED)) <= tolerance:
        return None
    document = loaded.targets if figure is Figure.KE_HOACH_NAM_SAU else loaded.actuals
    named = ", ".join(f"{member} (dòng {loaded.actuals.line_of(('chi_tieu', member, 'co_cau'))})"
                      for member in members)
    return finding_at(
        registry.SHARES_NOT_100, loaded.actuals, (members[0], "co_cau"), members[0],
        f"Các tỷ trọng của cơ cấu '{structure}' ({named}) có số {figure.label} cộng lại "
        f"{format_number(summed)}%, khác 100% quá sai số làm tròn "
        f"({format_number(tolerance.normalize())} điểm).",
        f"Hãy kiểm tra lại các tỷ trọng ({document.name}); nếu cơ cấu còn thành phần chưa nêu, "
        f"thêm chỉ tiêu tỷ trọng đó với co_cau: {structure}.",
        co_cau=structure, tong=format_number(summed))


def _share_figure(indicator: Indicator, value: Decimal | None, figure: Figure) -> Decimal | None:
    """A share's figure to add: none when reconstructed (`suy_ra`), only as exact as its ratio."""
    return None if figure.key in indicator.suy_ra else value


# ---------------------------------------------------------------- ngoai-gioi-han
def _figures_with_paths(loaded: LoadedReport, indicator_id: str, indicator: Indicator
                        ) -> Iterator[tuple[str, Decimal, YamlDocument, tuple[Any, ...],
                                            Decimal | None]]:
    """(what, value, document, path, whole) of every figure of an indicator and its target."""
    entry = loaded.report.entries[indicator_id]
    for figure in (Figure.CUNG_KY, Figure.UOC_THUC_HIEN):
        value = entry.value(figure)
        if value is not None:
            path = (indicator_id, figure.key)
            yield figure.label, value, loaded.actuals, path, indicator.tong
    yield from _plan_figures(indicator.ke_hoach, Figure.KE_HOACH.label, loaded.actuals,
                             (indicator_id, "ke_hoach"), indicator.tong)
    if entry.target is not None:
        yield from _plan_figures(entry.target.ke_hoach, Figure.KE_HOACH_NAM_SAU.label,
                                 loaded.targets, (indicator_id, "ke_hoach"),
                                 entry.next_whole or indicator.tong)


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
                yield finding_at(registry.OUT_OF_BOUNDS, document, path, indicator_id,
                               f"Số {word} {format_number(value)}{problem}",
                               so_lieu=format_number(value))


def _out_of_bounds(indicator: Indicator, value: Decimal, whole: Decimal | None) -> str | None:
    if indicator.loai in RATE_BOUND:
        bound = RATE_BOUND[indicator.loai]
        sign = "‰" if indicator.loai == "phan_nghin" else "%"
        if not 0 <= value <= bound:
            return (f" nằm ngoài khoảng 0-{format_number(bound)}{sign} của một tỷ lệ (kế hoạch "
                    f"của một tỷ lệ cũng không thể vượt {format_number(bound)}{sign}).")
    if indicator.loai == "tang_truong" and value < LOWEST_GROWTH:
        return (" thấp hơn -100%: tốc độ tăng trưởng không thể giảm quá 100% (số liệu sẽ âm). "
                "Ghi mức giảm 1,5% là -1.5.")
    if indicator.loai == "so_tren_tong" and whole is not None and not 0 <= value <= whole:
        return (f" vượt tổng số {format_number(whole)} {indicator.don_vi_tinh} (hoặc âm): số "
                "trên tổng không thể lớn hơn tổng.")
    return None


# ------------------------------------------------------------- bien-dong-bat-thuong, sai-hang-nghin
Place = tuple[YamlDocument, str]
Comparison = tuple[str, Indicator, Decimal, Decimal, str, Place, Place]


def _comparisons(loaded: LoadedReport) -> Iterator[Comparison]:
    """(indicator, a, b, against, where a is, where b is): a figure against last year, its plan,
    or (next year's target) this year's estimate."""
    report = loaded.report
    for indicator_id, entry in report.entries.items():
        indicator = entry.indicator
        estimate = entry.value(Figure.UOC_THUC_HIEN)
        comparisons = [
            (estimate, entry.value(Figure.CUNG_KY), "so với cùng kỳ", loaded.actuals,
             "uoc_thuc_hien", loaded.actuals, "cung_ky"),
            (estimate, entry.value(Figure.KE_HOACH), "so với kế hoạch", loaded.actuals,
             "uoc_thuc_hien", loaded.actuals, "ke_hoach"),
            (entry.value(Figure.KE_HOACH_NAM_SAU), estimate,
             "(kế hoạch năm sau) so với ước thực hiện", loaded.targets, "ke_hoach",
             loaded.actuals, "uoc_thuc_hien"),
        ]
        for a, b, against, a_doc, a_name, b_doc, b_name in comparisons:
            if a is not None and b is not None:
                yield indicator_id, indicator, a, b, against, (a_doc, a_name), (b_doc, b_name)


def plausible_moves(loaded: LoadedReport) -> Iterator[Finding]:
    """A figure that moved a lot against last year, its plan, or (next year's target) this year's
    estimate is a warning (a thousandfold move is `thousandfold_slips`'). A period's estimate is
    only a part of the year's: there, only the move against the same period last year is."""
    annual = loaded.report.period.annual
    for comparison in _comparisons(loaded):
        compared_with = comparison[6][1]
        if not annual and compared_with != "cung_ky":
            continue
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
        unit = rate_unit(indicator)
        return finding_at(registry.UNUSUAL_MOVE, a_place[0], (indicator_id, a_place[1]),
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
    return finding_at(registry.UNUSUAL_MOVE, a_place[0], (indicator_id, a_place[1]), indicator_id,
                    f"Số {format_number(a)} {verb} {format_number(shown)}% {against} "
                    f"({format_number(b)}), vượt ngưỡng {format_number(limit)}%.", **figures)


_FIGURE_NAMES = {"uoc_thuc_hien": "Ước thực hiện", "cung_ky": "Cùng kỳ", "ke_hoach": "Kế hoạch"}


def _slip(indicator_id: str, indicator: Indicator, a: Decimal, b: Decimal, against: str,
          a_place: Place, b_place: Place) -> Finding | None:
    if compute.is_rate(indicator) or a <= 0 or b <= 0 or not _thousandfold(a, b):
        return None
    ratio = a / b
    suspect_doc, suspect = (b_place if ratio > 1 else a_place)
    smaller = min(a, b)
    intended = (smaller * 1000).normalize()
    times = format_number(round_half_up(max(ratio, 1 / ratio), 0))
    direction = f"gấp khoảng {times} lần" if ratio > 1 else f"nhỏ hơn khoảng {times} lần"
    figure = _FIGURE_NAMES.get(suspect, "Số")
    if suspect == "ke_hoach" and suspect_doc.path.name.endswith("_targets.yaml"):
        figure = "Kế hoạch năm sau"
    return finding_at(registry.THOUSANDFOLD_SLIP, suspect_doc, (indicator_id, suspect),
                    indicator_id,
                    f"Số {format_number(a)} {direction} {against} ({format_number(b)}): gần như "
                    f"chắc chắn là lỗi gõ số. {figure} {format_number(smaller)} có phải là "
                    f"{spoken(intended)}? Số có dấu chấm mà không đặt trong dấu nháy được đọc "
                    "là số thập phân.",
                    f"Nếu vậy, hãy viết {format(intended, 'f')} hoặc đặt trong dấu nháy "
                    f"\"{format_number(intended)}\".",
                    so_lieu=format_number(a), so_sanh_voi=format_number(b))


# ------------------------------------------------------------- hai-tep-lech, thieu-ke-hoach-nam-sau
def files_agree(loaded: LoadedReport) -> Iterator[Finding]:
    """Units agree between the two files, a reduction target belongs to a lower-is-better
    indicator, a growth target to a value where higher is better."""
    report = loaded.report
    for indicator_id, target in report.targets.items():
        indicator = report.indicators[indicator_id]
        if target.don_vi_tinh is not None and target.don_vi_tinh != indicator.don_vi_tinh:
            yield finding_at(registry.FILES_DISAGREE, loaded.targets,
                           (indicator_id, "don_vi_tinh"), indicator_id,
                           f"Đơn vị tính '{target.don_vi_tinh}' khác với tệp số liệu năm "
                           f"{report.year} ('{indicator.don_vi_tinh}').",
                           "Hãy ghi kế hoạch theo cùng đơn vị.",
                           don_vi_nam_sau=target.don_vi_tinh,
                           don_vi_nam_bao_cao=indicator.don_vi_tinh)
        if isinstance(target.ke_hoach, PlanReduction) and indicator.chieu != "giam_la_tot":
            yield finding_at(registry.FILES_DISAGREE, loaded.targets,
                           (indicator_id, "ke_hoach"), indicator_id,
                           "Kế hoạch dạng mức giảm chỉ dùng cho chỉ tiêu càng thấp càng tốt.",
                           "Hãy ghi kế hoạch là một số, hoặc ghi chieu: giam_la_tot cho chỉ "
                           "tiêu trong tệp số liệu nếu chỉ tiêu càng thấp càng tốt.")
        if isinstance(target.ke_hoach, PlanGrowth) and (indicator.loai != "gia_tri"
                                                         or indicator.chieu == "giam_la_tot"):
            yield finding_at(registry.FILES_DISAGREE, loaded.targets,
                           (indicator_id, "ke_hoach"), indicator_id,
                           "Kế hoạch dạng mức tăng {tang: ..} chỉ dùng cho chỉ tiêu giá trị "
                           "(loai: gia_tri) không phải càng thấp càng tốt.",
                           "Hãy ghi kế hoạch là một số hoặc một khoảng {tu: .., den: ..}.")


def main_targets_present(loaded: LoadedReport) -> Iterator[Finding]:
    """Every main indicator has its target for next year, in the year-end report (a period's
    report has no plan for next year unless one is given)."""
    report = loaded.report
    if not report.period.annual:
        return
    for indicator_id, indicator in report.indicators.items():
        if indicator.chu_yeu is not None and indicator_id not in report.targets:
            yield finding_at(registry.MISSING_TARGET, loaded.actuals,
                           (indicator_id, "chu_yeu"), indicator_id,
                           f"Chỉ tiêu chủ yếu ({indicator.chu_yeu}) chưa có kế hoạch năm "
                           f"{report.next_year} trong tệp kế hoạch.")


# ---------------------------------------------------------------- cung-ky-uoc
def estimates_confirmed(loaded: LoadedReport) -> Iterator[Finding]:
    """Last year's figure is still last year's estimate (rolled by `ktxh new-year`)."""
    for indicator_id, indicator in loaded.report.indicators.items():
        if indicator.cung_ky_la_uoc:
            value = "" if indicator.cung_ky is None else format_number(indicator.cung_ky)
            yield finding_at(registry.ESTIMATE_AS_LAST_YEAR, loaded.actuals,
                           (indicator_id, "cung_ky_la_uoc"), indicator_id,
                           f"Số cùng kỳ {value} vẫn là số ước của năm "
                           f"{loaded.report.previous_year}.",
                           so_lieu=value)


# ---------------------------------------------------------------- thieu-ten-nguoi-ky
def signer_named(loaded: LoadedReport) -> Iterator[Finding]:
    """The signer's name is given, or left blank on purpose (`ho_ten:` with nothing after it)."""
    document = loaded.actuals
    unit = document.data.get("don_vi") if isinstance(document.data, dict) else None
    signer = unit.get("nguoi_ky") if isinstance(unit, dict) else None
    if isinstance(signer, dict) and "ho_ten" not in signer:
        yield registry.MISSING_SIGNER.finding(
            document.name, document.line_of(("don_vi", "nguoi_ky")), None,
            "Chưa ghi họ tên người ký (nguoi_ky.ho_ten): báo cáo sẽ để trống dòng tên dưới chữ "
            "ký.")


# ---------------------------------------------------------------- van-ban-chua-chuan
SOURCE_QUOTE_KEYS = {"o_dau"}
"""Fields that quote the source report as it was written, typos included."""


def text_hygiene(loaded: LoadedReport) -> Iterator[Finding]:
    """Text of the data files is NFC, has no doubled spaces and no `%o` where `‰` is meant."""
    for document in (loaded.actuals, loaded.targets):
        for line in document.nfc_lines:
            yield registry.UNCLEAN_TEXT.finding(
                document.name, line, None, f"{hygiene.NFD_MESSAGE}; ktxh đã chuẩn hóa khi đọc.",
                hint=hygiene.NFD_HINT)
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
        for message, hint in hygiene.unclean(value):
            yield registry.UNCLEAN_TEXT.finding(document.name, line, indicator, message,
                                                hint=hint)


DATA_RULES: tuple[tuple[Rule, RuleFunction], ...] = (
    (registry.PARTS_DIFFER, parts_add_up),
    (registry.OUT_OF_BOUNDS, within_bounds),
    (registry.SHARES_NOT_100, shares_add_up),
    (registry.UNUSUAL_MOVE, plausible_moves),
    (registry.THOUSANDFOLD_SLIP, thousandfold_slips),
    (registry.STATED_RATIO_WRONG, stated_rules.stated_ratios),
    (registry.STATED_RATIO_UNVERIFIABLE, stated_rules.unverifiable_ratios),
    (registry.CONTRADICTORY_COMPARISON, stated_rules.consistent_statements),
    (registry.FILES_DISAGREE, files_agree),
    (registry.MISSING_TARGET, main_targets_present),
    (registry.ESTIMATE_AS_LAST_YEAR, estimates_confirmed),
    (registry.LAST_YEAR_NOT_SUMMED, predecessor_rules.last_year_summed),
    (registry.LAST_YEAR_DISAGREES, predecessor_rules.last_year_agrees),
    (registry.MISSING_SIGNER, signer_named),
    (registry.UNCLEAN_TEXT, text_hygiene),
    (registry.DECIMAL_COUNT, typing_rules.whole_counts),
    (registry.CUT_TEXT, typing_rules.cut_texts),
)
"""Each data rule with the one function that emits its findings."""
