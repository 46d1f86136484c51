"""The source notes of the review copy: for each figure a template prints, where it comes from.

`ReviewNotes` is handed to the renderer in review mode. When a helper returns its text, `sourced`
binds the helper's arguments, asks the explainer of that helper for the pieces of the text that
come from the data and a `SourceNote` for each (the indicator, the field or comparison, the data
file and line of every operand, the formula with its operands), and returns a `Sourced` string.
The notes are kept in one list; a mark in the rendered text holds a note's index.

The list is open to other kinds of notes: a claim of the template (`{% if ct.x is khong_dat %}`)
can `add` a `SourceNote` whose `what` names the claim and whose formula shows the comparison it
read, and mark the text it governs with `review_marks.mark` the same way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kt_xh import compute, template_helpers, wording
from kt_xh.compute import Comparison
from kt_xh.domain import Entry, Figure, LoadedReport
from kt_xh.model import PlanGrowth, PlanRange, PlanReduction
from kt_xh.numbers import format_number
from kt_xh.review_marks import Sourced, SourcedDecimal, mark, spans_of
from kt_xh.template_api import IndicatorView
from kt_xh.template_claims import Claim, what_the_data_says

FIELD_LABELS = {**{figure.key: figure.label for figure in Figure}, "tong": "tổng số",
                "ty_le_da_neu": "tỷ lệ đã nêu trong báo cáo nguồn"}
_TARGET_FIELDS = {Figure.KE_HOACH_NAM_SAU.key: "ke_hoach", "tong_nam_sau": "tong"}
"""Fields read from next year's targets file, and their key there."""


@dataclass(frozen=True)
class SourceNote:
    """Where one printed piece of the report comes from, in words for the comment."""

    indicator: str
    name: str
    what: str
    sources: tuple[str, ...]
    """`uoc_thuc_hien data/2023_actuals.yaml:46`, one per operand."""
    formula: str | None
    text: str
    """The piece as the helper printed it: a mark is kept only around exactly this text."""

    def paragraphs(self) -> tuple[str, ...]:
        lines = [f"{self.indicator}: {self.name}", f"Số liệu: {self.what}"]
        if self.formula:
            lines.append(f"Công thức: {self.formula}")
        lines.append("Nguồn: " + "; ".join(self.sources))
        return tuple(lines)


Piece = tuple[str | None, SourceNote | None]
Explainer = Callable[["ReviewNotes", IndicatorView, dict[str, Any]], list[Piece]]


def _n(value: Decimal) -> str:
    return format_number(value)


class ReviewNotes:
    """The notes of one review render, and the explainers that make them."""

    def __init__(self, loaded: LoadedReport) -> None:
        self.loaded = loaded
        self.notes: list[SourceNote] = []

    def add(self, note: SourceNote) -> int:
        self.notes.append(note)
        return len(self.notes) - 1

    # -------------------------------------------------------- what the renderer calls
    def sourced(self, helper: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                text: str) -> str:
        """A helper's text with its pieces' notes; plain text when nothing comes from the data."""
        explain = _EXPLAINERS.get(helper)
        if isinstance(value, SourcedDecimal) and helper in ("so", "so_dem"):
            pieces: list[Piece] = [(text, self.field_note(value.indicator, value.field, text))]
        elif explain is None or not isinstance(value, IndicatorView):
            return text
        else:
            pieces = explain(self, value, _arguments(helper, value, args, kwargs))
        found = [(piece, self.add(note)) for piece, note in pieces if piece and note]
        spans = spans_of(text, found)
        return Sourced(text, spans) if spans else text

    def printed_figure(self, value: SourcedDecimal, text: str, escaped: str) -> str:
        """A figure printed as it is (`{{ ct.x.tong }}`), marked."""
        return mark(escaped, self.add(self.field_note(value.indicator, value.field, text)))

    # -------------------------------------------------------- notes
    def location(self, indicator: str, field: str, *rest: str | int) -> str:
        """`ke_hoach data/2023_actuals.yaml:45`: the field, its file and line."""
        target_key = _TARGET_FIELDS.get(field)
        document = self.loaded.targets if target_key else self.loaded.actuals
        key = target_key or field
        path = ("chi_tieu", indicator, key, *rest)
        report = self.loaded.report
        if field == "cung_ky" and path not in document.lines \
                and indicator in report.last_year_derivations:
            names = ", ".join(p.ten for p in report.merged_from)
            return f"cung_ky tổng hợp từ các đơn vị cũ (hop_nhat_tu: {names})"
        return f"{field} {document.name}:{document.line_of(path)}"

    def note(self, entry: Entry, what: str, sources: list[str], formula: str | None,
             text: str) -> SourceNote:
        return SourceNote(entry.id, entry.indicator.ten, what, tuple(sources), formula, text)

    def claim_mark(self, claim: Claim) -> str:
        """An empty, marked piece where a sentence states a claim: its comment says what the
        sentence claims, what the data says and where the figures are."""
        entry = self.loaded.report.entries[claim.indicator]
        verdict = {True: "đúng theo số liệu", False: "SAI theo số liệu",
                   None: "không đủ số liệu để kiểm"}[claim.holds]
        fields = _CLAIM_FIELDS.get(claim.name, ("uoc_thuc_hien", "ke_hoach"))
        sources = [self.location(claim.indicator, field) for field in fields
                   if _field_value(entry, field) is not None]
        said = what_the_data_says(entry, self.loaded.report.previous_year)
        note = self.note(entry, f"nhận định: câu này nói chỉ tiêu {claim.kind.says} ({verdict}); "
                                f"số liệu cho thấy: {said}", sources, None, "")
        return mark("", self.add(note))

    def field_note(self, indicator: str, field: str, text: str,
                   formula: str | None = None) -> SourceNote:
        entry = self.loaded.report.entries[indicator]
        label = FIELD_LABELS.get(field, field)
        return self.note(entry, f"{label} ({field})", [self.location(indicator, field)],
                         formula, text)

    def plan_note(self, view: IndicatorView, can_cu: str | None, places: int | None,
                  text: str) -> SourceNote | None:
        entry = view._entry
        plan = entry.indicator.ke_hoach
        sources = [self.location(entry.id, Figure.UOC_THUC_HIEN.key)]
        actual = entry.indicator.uoc_thuc_hien
        if actual is None or plan is None:
            return None
        if isinstance(plan, PlanRange | PlanReduction | PlanGrowth):
            sources.append(self.location(entry.id, Figure.KE_HOACH.key))
            if isinstance(plan, PlanReduction | PlanGrowth):
                sources.append(self.location(entry.id, Figure.CUNG_KY.key))
            return self.note(entry, "so sánh ước thực hiện với kế hoạch", sources,
                             _bounded_plan_formula(entry), text)
        formulas = []
        for index, base_value, comparison in _plan_references(view, can_cu, places):
            rest = () if index is None else (index,)
            sources.append(self.location(entry.id, Figure.KE_HOACH.key, *rest))
            if base_value is not None:
                formulas.append(_formula(entry, comparison, actual, base_value))
        return self.note(entry, "so sánh ước thực hiện với kế hoạch", sources,
                         "; ".join(f for f in formulas if f) or None, text)

    def change_note(self, entry: Entry, comparison: Comparison | None, operands: tuple[str, str],
                    style: str, text: str) -> SourceNote | None:
        values = [_field_value(entry, field) for field in operands]
        if comparison is None or values[0] is None or values[1] is None:
            return None
        what = (f"so sánh {FIELD_LABELS[operands[0]]} với {FIELD_LABELS[operands[1]]}")
        formula = _formula(entry, comparison, values[0], values[1], style)
        sources = [self.location(entry.id, field) for field in operands]
        return self.note(entry, what, sources, formula, text)


# ---------------------------------------------------------------- formulas
_CLAIM_FIELDS = {"tang": ("uoc_thuc_hien", "cung_ky"), "giam": ("uoc_thuc_hien", "cung_ky"),
                 "muc_tieu_tang": ("ke_hoach_nam_sau", "uoc_thuc_hien"),
                 "muc_tieu_giam": ("ke_hoach_nam_sau", "uoc_thuc_hien")}
"""The figures a claim is read from (a status: the estimate and the plan)."""


def _field_value(entry: Entry, field: str) -> Decimal | None:
    figure = Figure.named(field)
    return entry.value(figure) if figure else None


def _formula(entry: Entry, comparison: Comparison | None, actual: Decimal, reference: Decimal,
             style: str = "dat") -> str | None:
    if comparison is None:
        return None
    if comparison.by_points or style == "chenh_lech":
        unit = {"ty_le": " điểm", "phan_nghin": "‰"}.get(entry.indicator.loai,
                                                         f" {entry.indicator.don_vi_tinh}")
        return f"{_n(comparison.points)}{unit} = {_n(actual)} - {_n(reference)}"
    percent = comparison.percent
    if percent is None:
        return None
    formula = f"{wording.percent_text(percent)} = {_n(actual)} / {_n(reference)}"
    change = comparison.change
    if style == "tang" and change is not None and change != 0:
        formula += f" ({wording.percent_text(percent)} - 100% = {wording.percent_text(change)})"
    return formula


def _bounded_plan_formula(entry: Entry) -> str | None:
    indicator = entry.indicator
    plan, actual = indicator.ke_hoach, indicator.uoc_thuc_hien
    if isinstance(plan, PlanRange) and actual is not None:
        return f"{_n(actual)} so với khoảng {_n(plan.tu)} - {_n(plan.den)}"
    growth = compute.growth(indicator)
    if isinstance(plan, PlanGrowth) and growth is not None and actual is not None:
        shown = compute.faithful_round(growth, 2, compute.ZERO)
        last_year = indicator.cung_ky or Decimal(0)
        verb = "giảm" if shown < 0 else "tăng"
        return (f"{verb} {_n(abs(shown).normalize())}% = |{_n(actual)} / {_n(last_year)} x 100 "
                f"- 100%|; kế hoạch {wording.plan_text(indicator, plan)}")
    achieved = compute.reduction_achieved(indicator)
    if isinstance(plan, PlanReduction) and achieved is not None and indicator.cung_ky:
        return (f"đã giảm {_n(achieved)} = {_n(indicator.cung_ky)} - {_n(actual or Decimal(0))}; "
                f"kế hoạch giảm {_n(plan.giam)}")
    return None


def _plan_references(view: IndicatorView, can_cu: str | None, places: int | None
                     ) -> list[tuple[int | None, Decimal | None, Comparison | None]]:
    """(base index or None, plan value, comparison) of each plan figure the phrase used."""
    entry = view._entry
    plan = entry.indicator.ke_hoach
    if not isinstance(plan, list):
        return [(None, compute.plan_value(plan), wording.at_places(entry.against_plan, places))]
    bases = list(entry.against_bases)
    if can_cu is not None:
        chosen = (compute.primary_base([b for b, _ in bases]).nhan
                  if can_cu == template_helpers.PRIMARY_BASE else can_cu)
        bases = [(b, c) for b, c in bases if b.nhan == chosen]
    return [(plan.index(base), base.gia_tri, wording.at_places(comparison, places))
            for base, comparison in bases]


# ---------------------------------------------------------------- one explainer per helper
def _arguments(helper: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
               ) -> dict[str, Any]:
    bound = inspect.signature(template_helpers.FILTERS[helper]).bind(value, *args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def _gia_tri(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.gia_tri(view, a["so_lieu"], a["don_vi"], a["tien_to"])
    if not isinstance(text, str):
        return []
    formula = None
    unit = view._indicator.don_vi_tinh
    value = _field_value(view._entry, a["so_lieu"])
    if a["don_vi"] and a["don_vi"] != unit and value is not None:
        factor = template_helpers.UNIT_FACTORS[(unit, a["don_vi"])]
        formula = f"{text} = {_n(value)} {unit} × {_n(factor)}"
    return [(text, notes.field_note(view.ma, a["so_lieu"], text, formula))]


def _muc_tieu(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    arguments = {"so_lieu": Figure.KE_HOACH_NAM_SAU.key, "don_vi": a["don_vi"], "tien_to": True}
    return _gia_tri(notes, view, arguments)


def _so(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.so(view, a["thap_phan"], a["hai_chu_so"])
    if not isinstance(text, str):
        return []
    return [(text, notes.field_note(view.ma, Figure.UOC_THUC_HIEN.key, text))]


def _so_dem(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.so_dem(view)
    if not isinstance(text, str):
        return []
    return [(text, notes.field_note(view.ma, Figure.UOC_THUC_HIEN.key, text))]


def _dat_ke_hoach(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.dat_ke_hoach(view, a["kieu"], a["thap_phan"], a["nhan"], a["can_cu"])
    if not isinstance(text, str):
        return []
    return [(text, notes.plan_note(view, a["can_cu"], a["thap_phan"], text))]


def _phan_tram(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.phan_tram_ke_hoach(view, a["thap_phan"], a["can_cu"])
    if not isinstance(text, str):
        return []
    return [(text, notes.plan_note(view, a["can_cu"], a["thap_phan"], text))]


def _so_cung_ky(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.so_cung_ky(view, a["so_voi"], a["kieu"], a["thap_phan"], a["gap_tu"])
    if not isinstance(text, str):
        return []
    entry = view._entry
    comparison = wording.at_places(entry.against_last_year, a["thap_phan"])
    operands = (Figure.UOC_THUC_HIEN.key, Figure.CUNG_KY.key)
    return [(text, notes.change_note(entry, comparison, operands, a["kieu"], text))]


def _so_voi_uoc(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.so_voi_uoc(view, a["so_voi"], a["kieu"], a["thap_phan"],
                                       a["gap_tu"])
    if not isinstance(text, str):
        return []
    entry = view._entry
    operands = (Figure.KE_HOACH_NAM_SAU.key, Figure.UOC_THUC_HIEN.key)
    comparison = wording.at_places(entry.next_against_estimate, a["thap_phan"])
    return [(text, notes.change_note(entry, comparison, operands, a["kieu"], text))]


def _so_sanh(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    return [*_dat_ke_hoach(notes, view, _arguments("dat_ke_hoach", view, (), {})),
            *_so_cung_ky(notes, view, _arguments("so_cung_ky", view, (), {}))]


def _ket_qua(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    chosen = a["phan"] or template_helpers.PARTS
    pieces: list[Piece] = []
    if "gia_tri" in chosen:
        pieces += _gia_tri(notes, view, _arguments("gia_tri", view, (), {}))
    if "ke_hoach" in chosen:
        pieces += _dat_ke_hoach(notes, view, _arguments("dat_ke_hoach", view, (), {}))
    if "cung_ky" in chosen:
        pieces += _so_cung_ky(notes, view, _arguments("so_cung_ky", view, (),
                                                      {"so_voi": a["so_voi"]}))
    return pieces


def _ty_le(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.ty_le(view, a["so_lieu"], a["thap_phan"])
    entry = view._entry
    value = _field_value(entry, a["so_lieu"])
    next_year = a["so_lieu"] == Figure.KE_HOACH_NAM_SAU.key and entry.next_whole
    whole = entry.next_whole if next_year else entry.indicator.tong
    if not isinstance(text, str) or value is None or whole is None:
        return []
    sources = [notes.location(view.ma, a["so_lieu"]),
               notes.location(view.ma, "tong_nam_sau" if next_year else "tong")]
    what = f"tỷ lệ {FIELD_LABELS[a['so_lieu']]} trên tổng số"
    return [(text, notes.note(entry, what, sources, f"{text} = {_n(value)} / {_n(whole)}",
                              text))]


def _chenh_lech(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.chenh_lech(view, a["so_voi"])
    entry = view._entry
    reference = _field_value(entry, a["so_voi"])
    comparison = compute.compare(entry.indicator, entry.indicator.uoc_thuc_hien, reference,
                                 a["so_voi"])
    if not isinstance(text, str):
        return []
    operands = (Figure.UOC_THUC_HIEN.key, a["so_voi"])
    return [(text, notes.change_note(entry, comparison, operands, "chenh_lech", text))]


def _ty_le_da_neu(notes: ReviewNotes, view: IndicatorView, a: dict[str, Any]) -> list[Piece]:
    text = template_helpers.ty_le_da_neu(view, a["so_voi"], a["dang"], a["cau"], a["nhan"])
    index = template_helpers.stated_index(view, a["so_voi"], a["dang"])
    if not isinstance(text, str) or index is None:
        return []
    what = f"tỷ lệ đã nêu so với {FIELD_LABELS[a['so_voi']]} (ty_le_da_neu), không tính từ số liệu"
    source = notes.location(view.ma, "ty_le_da_neu", index)
    return [(text, notes.note(view._entry, what, [source], None, text))]


_EXPLAINERS: dict[str, Explainer] = {
    "so": _so, "so_dem": _so_dem, "gia_tri": _gia_tri, "muc_tieu": _muc_tieu,
    "dat_ke_hoach": _dat_ke_hoach, "phan_tram_ke_hoach": _phan_tram, "so_cung_ky": _so_cung_ky,
    "so_voi_uoc": _so_voi_uoc, "so_sanh": _so_sanh, "ket_qua": _ket_qua, "ty_le": _ty_le,
    "chenh_lech": _chenh_lech, "ty_le_da_neu": _ty_le_da_neu,
}
