"""The report's helpers: Jinja filters that write a figure or a comparison as the report writes it
(`{{ ct.tong_muc_ban_le | ket_qua }}`). docs/huong_dan_mau_bao_cao.md documents each one.

Every choice a helper takes is closed: an unknown figure, style, part or plan base is an error that
names the valid choices (the environment adds the template line). A figure the data lacks is
returned as `Missing`, which the report prints visibly and `check` reports; never as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from jinja2 import Undefined

from kt_xh import compute, line_breaks, wording
from kt_xh.compute import Comparison
from kt_xh.domain import Figure
from kt_xh.errors import TemplateError
from kt_xh.numbers import format_number, round_half_up
from kt_xh.template_api import IndicatorView, Missing

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
    if not isinstance(value, Decimal):
        raise TemplateError("Bộ lọc 'so' cần một số (một số liệu, năm hoặc số đếm).")
    return format_number(value, thap_phan, zero_pad=hai_chu_so)


def gia_tri(view: Any, so_lieu: str = "uoc_thuc_hien", don_vi: str | None = None,
            tien_to: bool = True) -> str | Missing:
    """A figure with its unit: `4.148 tỷ đồng`, `trên 96%`, `22/28 trường`, `132,9 tỷ đồng`."""
    view = view_of(view, "gia_tri")
    figure = _figure_named("gia_tri", so_lieu)
    entry = view._entry
    value = entry.value(figure)
    if value is None:
        return view._missing(figure.label)
    indicator = entry.indicator
    qualifier = _qualifier(view, figure) if tien_to else None
    if don_vi and don_vi != indicator.don_vi_tinh:
        factor = UNIT_FACTORS.get((indicator.don_vi_tinh, don_vi))
        if factor is None:
            raise TemplateError(f"Không đổi được đơn vị '{indicator.don_vi_tinh}' sang "
                                f"'{don_vi}'.")
        text = format_number((value * factor).normalize()) + f" {don_vi}"
        return f"{qualifier} {text}" if qualifier else text
    whole = entry.next_whole if figure is Figure.KE_HOACH_NAM_SAU else None
    return wording.figure_text(indicator, value, whole=whole, qualifier=qualifier) or ""


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
        phrase = wording.plan_phrase(view._entry, label=nhan or "kế hoạch", style=style,
                                     places=thap_phan)
    else:
        comparison, base_label = _base(view, can_cu, thap_phan)
        phrase = wording.comparison_phrase(view._indicator, comparison,
                                           nhan or base_label or "kế hoạch", style)
    return _or_missing(view, phrase, "so sánh với kế hoạch")


def so_cung_ky(view: Any, so_voi: str | None = None, kieu: str = "tang",
               thap_phan: int | None = None) -> str | Missing:
    """The estimate against last year: `tăng 20% so với cùng kỳ năm 2022`; so_voi replaces the
    words after the figure (`so với năm 2022`); kieu 'bang' writes `bằng 72,89% so với …`,
    kieu 'chenh_lech' the difference in the indicator's unit (`tăng 7,5 tiêu chí so với …`)."""
    view = view_of(view, "so_cung_ky")
    style = _choice("so_cung_ky", "kiểu", kieu, wording.CHANGE_STYLES)
    phrase = wording.last_year_phrase(view._entry, view._previous_year, against=so_voi,
                                      style=style, places=thap_phan)
    return _or_missing(view, phrase, "so sánh với cùng kỳ")


def so_voi_uoc(view: Any, so_voi: str | None = None) -> str | Missing:
    """Next year's target against this year's estimate: `tăng 5% so với ước thực hiện năm 2023`."""
    view = view_of(view, "so_voi_uoc")
    phrase = wording.target_phrase(view._entry, view._year, against=so_voi)
    return _or_missing(view, phrase, "so sánh kế hoạch năm sau với ước thực hiện")


def so_sanh(view: Any) -> str | Missing:
    """Against the plan and against last year, whichever the data allows: `đạt 112% kế hoạch,
    tăng 20% so với cùng kỳ năm 2022`."""
    view = view_of(view, "so_sanh")
    return (wording.summary_phrase(view._entry, view._previous_year)
            or view._missing("so sánh với kế hoạch và cùng kỳ"))


def ket_qua(view: Any, *phan: str, so_voi: str | None = None) -> str | Missing:
    """`ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20% so với cùng kỳ năm 2022`; the parts
    (gia_tri, ke_hoach, cung_ky) can be chosen: `ket_qua('gia_tri', 'ke_hoach')`; so_voi
    replaces the words after the growth (`so với năm 2022`)."""
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
        texts.append(so_cung_ky(view, so_voi=so_voi))
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
    if stated is None or stated.chenh_lech is not None:
        return None
    return stated.dat if stated.dat is not None else compute.HUNDRED + stated.stated


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


def ty_le_da_neu(view: Any, so_voi: str = "ke_hoach") -> str | Missing:
    """A ratio only the source report states (the figures are not known): `87%`."""
    view = view_of(view, "ty_le_da_neu")
    figure = _figure_named("ty_le_da_neu", _choice("ty_le_da_neu", "so_voi", so_voi,
                                             DIFFERENCE_REFERENCES))
    stated = next((s for s in view._indicator.ty_le_da_neu if s.so_voi == so_voi and s.dat), None)
    if stated is None or stated.dat is None:
        return view._missing(f"tỷ lệ đã nêu so với {figure.label}")
    return wording.percent_text(stated.dat)


def so_dem(value: Any) -> str | Missing:
    """A count as prose writes it, below 10 with a leading zero: `01`, `03`, `12`."""
    if isinstance(value, list | tuple):
        value = len(value)
    return so(value, hai_chu_so=True)


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
    "ty_le_da_neu": ty_le_da_neu, "so_dem": so_dem, "giu_lien": giu_lien,
}
