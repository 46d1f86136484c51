"""No figure the data holds is typed as a literal in the shipped template: a figure must be an
expression, so that prose cannot drift from the data. Small whole numbers (up to 100) are left
out: they stand for too many unrelated things (heading numbers, counts of meetings); `ktxh check`
compares those sentence by sentence."""

from __future__ import annotations

import re
from decimal import Decimal

from kt_xh import compute
from kt_xh.loading import load_report
from kt_xh.numbers import format_number, parse_vietnamese_number

from conftest import ROOT, SHIPPED_DATA

TEMPLATE = (ROOT / "templates" / "bao_cao.docx.j2").read_text(encoding="utf-8")
EXPRESSIONS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# A number standing alone: not part of a date, a document number, a range or a version.
NUMBER = re.compile(r"(?<![\w/\-:.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
                    r"(?![\w/:]|-\d|\.\d|,\d)")
CITED_PERIODS = {"giai đoạn 2023 - 2027"}  # a guideline's own period, not the report's year


def static_prose() -> str:
    text = EXPRESSIONS.sub(" ", TEMPLATE)
    for citation in CITED_PERIODS:
        text = text.replace(citation, " ")
    return text


def data_figures() -> set[Decimal]:
    report = load_report(SHIPPED_DATA).report
    figures = set()
    for indicator_id, indicator in report.indicators.items():
        target = report.targets.get(indicator_id)
        values = [indicator.uoc_thuc_hien, indicator.cung_ky, indicator.tong,
                  compute.plan_value(indicator.ke_hoach),
                  *(b.gia_tri for b in indicator.plan_bases()),
                  None if target is None else compute.plan_value(target.ke_hoach)]
        figures |= {v for v in values if v is not None}
    return figures


def distinctive(value: Decimal) -> bool:
    return value != value.to_integral() or value > 100


def test_no_distinctive_data_figure_is_typed_in_the_prose() -> None:
    figures = {f for f in data_figures() if distinctive(f)}
    literals = [m.group(1) for m in NUMBER.finditer(static_prose())]
    typed = sorted({n for n in literals if parse_vietnamese_number(n) in figures})
    assert not typed, f"write these as expressions: {typed}"


def test_the_reports_years_come_from_the_data() -> None:
    report = load_report(SHIPPED_DATA).report
    years = {str(y) for y in (report.previous_year, report.year, report.next_year)}
    literals = [m.group(1) for m in NUMBER.finditer(static_prose())]
    assert not years & set(literals), "write years as {{ nam_truoc }}, {{ nam }}, {{ nam_sau }}"


def test_the_check_itself_would_catch_a_typed_figure() -> None:
    figures = {format_number(f) for f in data_figures() if distinctive(f)}
    assert "4.148" in figures and "271,2" in figures
    sample = "Tổng mức bán lẻ ước đạt 4.148 tỷ đồng, năm 2023."
    assert [m.group(1) for m in NUMBER.finditer(sample)] == ["4.148", "2023"]
