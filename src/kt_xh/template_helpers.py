"""The report's helpers: Jinja filters that write a figure or a comparison as the report writes it
(`{{ ct.tong_muc_ban_le | ket_qua }}`). docs/huong_dan_mau_bao_cao.md documents each one.

Every choice a helper takes is closed: an unknown figure, style, part or plan base is an error that
names the valid choices (the environment adds the template line). A figure the data lacks is
returned as `Missing`, which the report prints visibly and `check` reports; never as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from jinja2 import Undefined

from kt_xh import compute, line_breaks, wording
from kt_xh.compute import Comparison
from kt_xh.domain import Figure
from kt_xh.errors import TemplateError
from kt_xh.model import STATED_FORMS
from kt_xh.numbers import format_number, round_half_up
from kt_xh.template_api import AssessmentView, IndicatorSet, IndicatorView, Missing

UNIT_FACTORS = {
    ("triệu đồng", "tỷ đồng"): Decimal("0.001"),
    ("tỷ đồng", "triệu đồng"): Decimal(1000),
    ("đồng", "triệu đồng"): Decimal("0.000001"),
}
PRIMARY_BASE = "chinh"
PARTS = ("gia_tri", "ke_hoach", "cung_ky")
DIFFERENCE_REFERENCES = (Figure.CUNG_KY.key, Figure.KE_HOACH.key)


def raise_if_undefined(value: Any) -> None:
    """An unknown name reaching a helper is reported as the unknown name it is."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()


def view_of(value: Any, helper: str, example: str | None = None) -> IndicatorView:
    """The indicator a helper (or a claim) is applied to; anything else is a template error."""
    raise_if_undefined(value)
    if not isinstance(value, IndicatorView):
        shown = example or f"{{{{ ct.tong_muc_ban_le | {helper} }}}}"
        raise TemplateError(f"'{helper}' dùng cho một chỉ tiêu, ví dụ {shown}.")
    return value


def _choice(helper: str, parameter: str, value: Any, choices: Iterable[str]) -> Any:
    choices = tuple(choices)
    if value not in choices:
        raise TemplateError(f"'{helper}' không có {parameter} '{value}'; chọn một trong: "
                            f"{', '.join(choices)}.")
    return value


def _figure_named(helper: str, key: str) -> Figure:
    figure = Figure.named(key) if isinstance(key, str) else None
    if figure is None:
        raise TemplateError(f"'{key}' không phải là số liệu của '{helper}'; chọn một trong: "
                            f"{', '.join(Figure.keys())}.")
    return figure


def _or_missing(view: IndicatorView, text: str | None, what: str) -> str | Missing:
    return text if text is not None else view._missing(what)


def so(value: Any, thap_phan: int | None = None, hai_chu_so: bool = False) -> str | Missing:
    """A number in Vietnamese format: `4.148`, `271,2`, `03` (hai_chu_so)."""
    raise_if_undefined(value)
    if isinstance(value, IndicatorView):
        value = value.uoc_thuc_hien
    if isinstance(value, Missing):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, str):
        raise TemplateError(f"Bộ lọc 'so' cần một số, nhưng nhận chữ '{value}' (kế hoạch là một "
                            "khoảng hay một mức tăng đã là chữ): in thẳng {{ ct.x.ke_hoach }} "
                            "hoặc dùng {{ ct.x | gia_tri('ke_hoach') }}.")
    if not isinstance(value, Decimal):
        raise TemplateError("Bộ lọc 'so' cần một số (một số liệu, năm hoặc số đếm).")
    return format_number(value, thap_phan, zero_pad=hai_chu_so)


def gia_tri(view: Any, so_lieu: str = "uoc_thuc_hien", don_vi: str | None = None,
            tien_to: bool = True) -> str | Missing:
    """A figure with its unit: `4.148 tỷ đồng`, `trên 96%`, `22/28 trường`, `132,9 tỷ đồng`."""
    view = view_of(view, "gia_tri")
    figure = _figure_named("gia_tri", so_lieu)
    entry = view._entry
    indicator = entry.indicator
    qualifier = _qualifier(view, figure) if tien_to else None
    shaped = _shaped_plan(view, figure)
    if shaped is not None and don_vi in (None, indicator.don_vi_tinh):
        return wording.plan_text(indicator, shaped) or view._missing(figure.label)
    value = entry.value(figure)
    if value is None:
        return view._missing(figure.label)
    if don_vi and don_vi != indicator.don_vi_tinh:
        factor = UNIT_FACTORS.get((indicator.don_vi_tinh, don_vi))
        if factor is None:
            raise TemplateError(f"Không đổi được đơn vị '{indicator.don_vi_tinh}' sang "
                                f"'{don_vi}'.")
        text = format_number((value * factor).normalize()) + f" {don_vi}"
        return f"{qualifier} {text}" if qualifier else text
    whole = entry.next_whole if figure is Figure.KE_HOACH_NAM_SAU else None
    return wording.figure_text(indicator, value, whole=whole, qualifier=qualifier) or ""


def _shaped_plan(view: IndicatorView, figure: Figure) -> object | None:
    """A plan that is not one number (a range, a growth or reduction target), for `plan_text`."""
    entry = view._entry
    if figure is Figure.KE_HOACH:
        plan = entry.indicator.ke_hoach
    elif figure is Figure.KE_HOACH_NAM_SAU and entry.target is not None:
        plan = entry.target.ke_hoach
    else:
        return None
    return None if plan is None or isinstance(plan, Decimal | list) else plan


def _qualifier(view: IndicatorView, figure: Figure) -> str | None:
    entry = view._entry
    if figure is Figure.KE_HOACH_NAM_SAU:
        return None if entry.target is None else entry.target.tien_to
    return (entry.indicator.tien_to or {}).get(figure.key)  # type: ignore[call-overload]


def muc_tieu(view: Any, don_vi: str | None = None) -> str | Missing:
    """Next year's target with its unit: `trên 384,8 tỷ đồng`."""
    return gia_tri(view, Figure.KE_HOACH_NAM_SAU.key, don_vi=don_vi)


def _base(view: IndicatorView, can_cu: str, places: int | None
          ) -> tuple[Comparison | None, str | None]:
    """One plan base's comparison and label: the base labelled `can_cu`, or the primary one for
    `can_cu="chinh"` (label None)."""
    entry = view._entry
    bases = entry.against_bases
    if can_cu == PRIMARY_BASE:
        if not bases:
            return wording.at_places(entry.against_plan, places), None
        primary = compute.primary_base([base for base, _ in bases])
        return wording.at_places(dict(bases)[primary], places), None
    found = next(((base, c) for base, c in bases if base.nhan == can_cu), None)
    if found is None:
        labels = ", ".join([PRIMARY_BASE, *(b.nhan for b, _ in bases)])
        raise TemplateError(f"Chỉ tiêu '{view.ma}' không có căn cứ kế hoạch '{can_cu}'; chọn một "
                            f"trong: {labels}.")
    return wording.at_places(found[1], places), found[0].nhan


def dat_ke_hoach(view: Any, kieu: str = "dat", thap_phan: int | None = None,
                 nhan: str | None = None, can_cu: str | None = None) -> str | Missing:
    """The estimate against the plan: `đạt 112% kế hoạch`; kieu 'vuot' or 'bang' for the other
    phrasings; can_cu picks one plan base by its label, or the primary one with 'chinh'."""
    view = view_of(view, "dat_ke_hoach")
    style = _choice("dat_ke_hoach", "kiểu", kieu, wording.PLAN_STYLES)
    if can_cu is None or (can_cu == PRIMARY_BASE and not view._entry.against_bases):
        phrase = wording.plan_phrase(view._entry, label=nhan, style=style,
                                     places=thap_phan)
    else:
        comparison, base_label = _base(view, can_cu, thap_phan)
        phrase = wording.comparison_phrase(view._indicator, comparison,
                                           nhan or base_label or "kế hoạch", style)
    return _or_missing(view, phrase, "so sánh với kế hoạch")


def _times_from(helper: str, gap_tu: Any) -> Decimal | None:
    """`gap_tu`: from how many times a growth is written `gấp N lần`; none or false: never."""
    if gap_tu is None or gap_tu is False:
        return None
    if isinstance(gap_tu, int | Decimal) and not isinstance(gap_tu, bool) and gap_tu > 1:
        return Decimal(gap_tu)
    raise TemplateError(f"'{helper}': gap_tu là số lần, lớn hơn 1, từ đó trở lên viết 'gấp N "
                        "lần' (mặc định 2), hoặc none để luôn viết 'tăng X%'.")


def so_cung_ky(view: Any, so_voi: str | None = None, kieu: str = "tang",
               thap_phan: int | None = None, gap_tu: Any = wording.TIMES_FROM
               ) -> str | Missing:
    """The estimate against last year: `tăng 20% so với cùng kỳ năm 2022`; so_voi replaces the
    words after the figure (`so với năm 2022`, '' for none); kieu 'bang' writes `bằng 72,89% so
    với …`, kieu 'chenh_lech' the difference in the indicator's unit (`tăng 7,5 tiêu chí so với
    …`), kieu 'gap' `gấp 1,4 lần …`; gap_tu the times from which a growth is `gấp N lần`."""
    view = view_of(view, "so_cung_ky")
    style = _choice("so_cung_ky", "kiểu", kieu, wording.CHANGE_STYLES)
    phrase = wording.last_year_phrase(view._entry, view._previous_year, against=so_voi,
                                      style=style, places=thap_phan,
                                      times_from=_times_from("so_cung_ky", gap_tu))
    return _or_missing(view, phrase, "so sánh với cùng kỳ")


def so_voi_uoc(view: Any, so_voi: str | None = None, kieu: str = "tang",
               thap_phan: int | None = None, gap_tu: Any = wording.TIMES_FROM
               ) -> str | Missing:
    """Next year's target against this year's estimate: `tăng 5% so với ước thực hiện năm 2023`;
    so_voi, kieu, thap_phan and gap_tu as in so_cung_ky."""
    view = view_of(view, "so_voi_uoc")
    style = _choice("so_voi_uoc", "kiểu", kieu, wording.CHANGE_STYLES)
    phrase = wording.target_phrase(view._entry, view._year, against=so_voi, style=style,
                                   places=thap_phan, times_from=_times_from("so_voi_uoc", gap_tu))
    return _or_missing(view, phrase, "so sánh kế hoạch năm sau với ước thực hiện")


def so_sanh(view: Any) -> str | Missing:
    """Against the plan and against last year, whichever the data allows: `đạt 112% kế hoạch,
    tăng 20% so với cùng kỳ năm 2022`."""
    view = view_of(view, "so_sanh")
    return (wording.summary_phrase(view._entry, view._previous_year)
            or view._missing("so sánh với kế hoạch và cùng kỳ"))


def ket_qua(view: Any, *phan: str, so_voi: str | None = None,
            gap_tu: Any = wording.TIMES_FROM) -> str | Missing:
    """`ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20% so với cùng kỳ năm 2022`; the parts
    (gia_tri, ke_hoach, cung_ky) can be chosen: `ket_qua('gia_tri', 'ke_hoach')`; so_voi
    replaces the words after the growth (`so với năm 2022`), gap_tu as in so_cung_ky."""
    view = view_of(view, "ket_qua")
    chosen = phan or PARTS
    for part in chosen:
        _choice("ket_qua", "phần", part, PARTS)
    texts: list[str | Missing] = []
    if "gia_tri" in chosen:
        value = gia_tri(view)
        texts.append(value if isinstance(value, Missing) else f"ước đạt {value}")
    if "ke_hoach" in chosen:
        texts.append(dat_ke_hoach(view))
    if "cung_ky" in chosen:
        texts.append(so_cung_ky(view, so_voi=so_voi, gap_tu=gap_tu))
    missing = next((t for t in texts if isinstance(t, Missing)), None)
    return missing if missing else ", ".join(t for t in texts if isinstance(t, str))


def ty_le(view: Any, so_lieu: str = "uoc_thuc_hien", thap_phan: int = 1) -> str | Missing:
    """The share of a count of a whole: `78,6%` for 22/28; `100%` for 28/28."""
    view = view_of(view, "ty_le")
    figure = _figure_named("ty_le", so_lieu)
    entry = view._entry
    whole = entry.indicator.tong
    if figure is Figure.KE_HOACH_NAM_SAU and entry.next_whole:
        whole = entry.next_whole
    share = compute.share_percent(entry.value(figure), whole)
    if share is None:
        return view._missing(f"tỷ lệ {figure.label}")
    rounded = round_half_up(share, thap_phan)
    whole_number = rounded == rounded.to_integral()
    return wording.percent_text(rounded.normalize() if whole_number else rounded)


def phan_tram_ke_hoach(view: Any, thap_phan: int | None = None, can_cu: str | None = None
                       ) -> str | Missing:
    """Only the percentage of the plan: `112%` (for `bằng 112% KH`); can_cu as in dat_ke_hoach.
    Against a reconstructed plan, the percentage the source states, or missing."""
    view = view_of(view, "phan_tram_ke_hoach")
    comparison = (wording.at_places(view._entry.against_plan, thap_phan) if can_cu is None
                  else _base(view, can_cu, thap_phan)[0])
    percent = None if comparison is None else _printed_percent(comparison)
    return (wording.percent_text(percent) if percent is not None
            else view._missing("tỷ lệ so với kế hoạch"))


def _printed_percent(comparison: Comparison) -> Decimal | None:
    if not comparison.reconstructed:
        return comparison.percent
    stated = comparison.stated_for()
    return None if stated is None else stated.ratio


def chenh_lech(view: Any, so_voi: str = "cung_ky") -> str | Missing:
    """The difference, without a verb: `7,5 tiêu chí`, `0,25 điểm phần trăm`; against a
    reconstructed figure, only the difference the source states."""
    view = view_of(view, "chenh_lech")
    reference = _choice("chenh_lech", "so_voi", so_voi, DIFFERENCE_REFERENCES)
    figure = _figure_named("chenh_lech", reference)
    entry = view._entry
    comparison = entry.against_last_year if figure is Figure.CUNG_KY else entry.against_plan
    points = None if comparison is None else _printed_points(comparison)
    if points is None:
        return view._missing(f"chênh lệch so với {figure.label}")
    return wording.points_text(entry.indicator, points)


def _printed_points(comparison: Comparison) -> Decimal | None:
    if not comparison.reconstructed:
        return comparison.points
    stated = comparison.stated_for()
    return None if stated is None else stated.chenh_lech


def stated_index(view: IndicatorView, so_voi: str, dang: str | None) -> int | None:
    """Which stated ratio `ty_le_da_neu` prints: the first against `so_voi` of the form `dang`;
    without `dang`, the first `dat` (as the helper always printed), else the first of any form."""
    stated = [(i, s) for i, s in enumerate(view._indicator.ty_le_da_neu) if s.so_voi == so_voi]
    wanted = [i for i, s in stated if s.form == (dang or "dat")]
    if not wanted and dang is None:
        wanted = [i for i, _ in stated]
    return wanted[0] if wanted else None


def ty_le_da_neu(view: Any, so_voi: str = "ke_hoach", dang: str | None = None,
                 cau: bool = False, nhan: str | None = None) -> str | Missing:
    """A ratio only the source report states (the figures are not known): `87%`, `12,17%`,
    `2,4 lần`, `0,5 điểm phần trăm`; with cau=true the whole phrase as stated (`tăng 12,17% so
    với cùng kỳ năm 2022`, `vượt 12% kế hoạch`); dang picks the form (dat, vuot, bang, tang, giam,
    gap, chenh_lech); nhan replaces the words naming the reference ('' for none)."""
    view = view_of(view, "ty_le_da_neu")
    figure = _figure_named("ty_le_da_neu", _choice("ty_le_da_neu", "so_voi", so_voi,
                                             DIFFERENCE_REFERENCES))
    if dang is not None:
        _choice("ty_le_da_neu", "dạng", dang, STATED_FORMS)
    index = stated_index(view, so_voi, dang)
    if index is None:
        return view._missing(f"tỷ lệ đã nêu so với {figure.label}"
                             + (f" dạng '{dang}'" if dang else ""))
    stated = view._indicator.ty_le_da_neu[index]
    if not cau:
        return wording.stated_figure(view._indicator, stated)
    default_label = ("kế hoạch" if figure is Figure.KE_HOACH
                     else f"so với cùng kỳ năm {view._previous_year}")
    return wording.stated_phrase(view._indicator, stated,
                                 default_label if nhan is None else nhan)


def so_dem(value: Any) -> str | Missing:
    """A count as prose writes it, below 10 with a leading zero: `01`, `03`, `12`."""
    if isinstance(value, list | tuple):
        value = len(value)
    return so(value, hai_chu_so=True)


# ---------------------------------------------------------------- summary counts
def _counted(value: Any, helper: str) -> tuple[list[IndicatorView], list[IndicatorView]] | Missing:
    """The indicators of `danh_gia` (the main ones), of a list `[ct.a, ct.b]`, of `ct` or of a
    selection of it (`ct | selectattr('nhom', 'eq', 'kinh_te')`) that have a plan
    to meet, as (met, missed), by their status or, without the figures, by the ratio the source
    states against the plan. A neutral indicator or one without a plan is not counted; one with
    a plan that cannot be assessed (a figure is missing) makes the count missing, never smaller."""
    raise_if_undefined(value)
    if isinstance(value, AssessmentView):
        value = (*value.dat, *value.khong_dat, *value.chua_danh_gia)
    elif isinstance(value, IndicatorSet | Iterator):  # `ct`, `ct | selectattr(...)`
        value = tuple(value)
    if not isinstance(value, list | tuple) or not all(isinstance(v, IndicatorView)
                                                         for v in value):
        raise TemplateError(f"'{helper}' dùng cho danh_gia (các chỉ tiêu chủ yếu) hoặc một danh "
                            f"sách chỉ tiêu, ví dụ {{{{ danh_gia | {helper} }}}} hoặc "
                            f"{{{{ [ct.tong_muc_ban_le, ct.thu_ngan_sach] | {helper} }}}}.")
    met: list[IndicatorView] = []
    missed: list[IndicatorView] = []
    for view in dict.fromkeys(value):
        status = compute.assessed_status(view._indicator)
        if status is None and view.co_ke_hoach and view.chieu != "trung_tinh":
            return view._missing("đánh giá so với kế hoạch")
        if status is not None:
            (met if status.met else missed).append(view)
    return met, missed


def dat_tren_tong(value: Any) -> str | Missing:
    """Met (Đạt or Vượt) over counted: `20/21` for `đạt và vượt 20/21 chỉ tiêu`."""
    counted = _counted(value, "dat_tren_tong")
    if isinstance(counted, Missing):
        return counted
    met, missed = counted
    return f"{len(met)}/{len(met) + len(missed)}"


def so_dat(value: Any, hai_chu_so: bool = True) -> str | Missing:
    """How many met their plan (Đạt or Vượt): `20`, `05`; hai_chu_so=false writes `5`."""
    counted = _counted(value, "so_dat")
    return counted if isinstance(counted, Missing) else so(len(counted[0]), hai_chu_so=hai_chu_so)


def so_khong_dat(value: Any, hai_chu_so: bool = True) -> str | Missing:
    """How many did not meet their plan: `01` for `có 01 chỉ tiêu không đạt`."""
    counted = _counted(value, "so_khong_dat")
    return counted if isinstance(counted, Missing) else so(len(counted[1]), hai_chu_so=hai_chu_so)


def so_chi_tieu(value: Any, hai_chu_so: bool = True) -> str | Missing:
    """How many are counted (those with a plan to meet): `21`."""
    counted = _counted(value, "so_chi_tieu")
    if isinstance(counted, Missing):
        return counted
    return so(len(counted[0]) + len(counted[1]), hai_chu_so=hai_chu_so)


SUMMARY_HELPERS = ("dat_tren_tong", "so_dat", "so_khong_dat", "so_chi_tieu")
"""Helpers applied to a list of indicators (or `danh_gia`), not to one indicator."""


# ---------------------------------------------------------------- line breaks
def giu_lien(value: Any) -> str:
    """The text with no line break inside `kinh tế - xã hội`, `quốc phòng - an ninh`, `năm 2023`
    or between a number and its unit (non-breaking spaces)."""
    raise_if_undefined(value)
    if not isinstance(value, str):
        raise TemplateError("'giu_lien' dùng cho một đoạn chữ, ví dụ "
                            "{{ 'kinh tế - xã hội năm 2023' | giu_lien }}.")
    return line_breaks.keep_together(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "so": so, "gia_tri": gia_tri, "muc_tieu": muc_tieu, "dat_ke_hoach": dat_ke_hoach,
    "so_cung_ky": so_cung_ky, "so_voi_uoc": so_voi_uoc, "so_sanh": so_sanh, "ket_qua": ket_qua,
    "ty_le": ty_le, "phan_tram_ke_hoach": phan_tram_ke_hoach, "chenh_lech": chenh_lech,
    "ty_le_da_neu": ty_le_da_neu, "so_dem": so_dem, "dat_tren_tong": dat_tren_tong,
    "so_dat": so_dat, "so_khong_dat": so_khong_dat, "so_chi_tieu": so_chi_tieu,
    "giu_lien": giu_lien,
}
