"""Rules on the report template: it renders with the data (nothing is written), it asks only for
figures the data has, its prose does not type out figures the data holds, its assessment sentence
agrees with the data, and its text is clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from kt_xh import compute, markup
from kt_xh.checks import claim_rules, hygiene, number_rules, typing_rules
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import (
    ASSESSMENT_WRONG,
    CONTRADICTORY_COMPARISON,
    HAND_TYPED_FIGURE,
    TEMPLATE_BROKEN,
    TEMPLATE_MISSING_FIGURE,
    UNCLEAN_TEXT,
)
from kt_xh.domain import Figure, LoadedReport, Report
from kt_xh.errors import TemplateError, display_path
from kt_xh.numbers import format_number, parse_vietnamese_number
from kt_xh.template_env import (
    RenderResult,
    cache_folder,
    read_template,
    render_source,
)
from kt_xh.template_helpers import UNIT_FACTORS

_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_INDICATOR = re.compile(r"\bct\.([a-z][a-z0-9_]*)")
# A number standing alone: not part of a date, a document number, a range or a version.
_NUMBER = re.compile(r"(?<![\w/\-:.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
                     r"(?![\w/:]|-\d|\.\d|,\d)")
_ASSESSMENT = re.compile(r"Có\s+(\d+)\s+chỉ tiêu chủ yếu[^.\n]*không đạt")
# Periods (2021-2025, 2023 - 2027) are citations; numbers after these words name something
# (Tổ 26, khoản 4, lần thứ 64) rather than count it.
_PERIOD = re.compile(r"\b\d{4}\s*-\s*\d{4}\b")
_NAMING_WORD = re.compile(r"(?:\b(?:[Tt]ổ|[Bb]ản|[Ss]ố|thứ|khoản|điều|[Kk]hu|[Pp]hường)\s+)"
                          r"(\d+)")
PLACEHOLDER = "⟨⟩"
RATIO_HELPERS_WRONG_FOR_LOWER_IS_BETTER = {"phan_tram_ke_hoach"}


def check_template(loaded: LoadedReport, template: Path) -> list[Finding]:
    name = display_path(template)
    try:
        source = read_template(template)  # the very text build-report renders, read the same way
    except TemplateError as error:
        return [TEMPLATE_BROKEN.finding(name, None, None, error.detail)]
    try:
        result = render_source(source, name, loaded.report, record_uses=True,
                               cache_folder=cache_folder(), cache_writable=True)
    except TemplateError as error:
        return [TEMPLATE_BROKEN.finding(error.file or name, error.line, None, error.detail),
                *_hygiene(source, name)]
    return rendered_template_findings(loaded, source, name, result)


def rendered_template_findings(loaded: LoadedReport, source: str, name: str,
                               result: RenderResult) -> list[Finding]:
    """The template rules on a template already rendered (build-report renders it once)."""
    findings = [*_hygiene(source, name), *typing_rules.single_braces(source, name),
                *typing_rules.unseparated_thousands(source, name)]
    try:
        markup.parse(result.text)
    except markup.MarkupError as error:
        findings.append(TEMPLATE_BROKEN.finding(name, None, None, str(error)))
    findings += claim_rules.false_claims(result, loaded.report, name)
    findings += claim_rules.unguarded_claims(source, loaded.report, name)
    findings += _missing_figures(result, name)
    findings += _misused_helpers(result, loaded.report, name)
    findings += number_rules.widened_precision(result, loaded.report, name)
    findings += number_rules.reconstructed_figures(result, source, loaded.report, name)
    lines = _template_lines(source)
    findings += _typed_figures(lines, loaded.report, name)
    findings += _assessment(lines, loaded.report, name)
    return findings


STATED_LABEL = "tỷ lệ đã nêu"


def _template_lines(source: str) -> list[tuple[str, set[str]]]:
    """Each template line as (its prose with comments and expressions blanked out, the indicators
    its expressions name); lines stay in place so that numbers are template lines."""
    without_comments = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source)
    return [(_prose(line), set(_INDICATOR.findall(line))) for line in without_comments.split("\n")]


def _prose(line: str) -> str:
    """The words a template line types out: expressions, periods and naming numbers blanked."""
    line = _EXPRESSION.sub(PLACEHOLDER, line)
    line = _PERIOD.sub(PLACEHOLDER, line)
    return _NAMING_WORD.sub(lambda m: m.group(0)[: -len(m.group(1))] + PLACEHOLDER, line)


def _missing_figures(result: RenderResult, name: str) -> Iterator[Finding]:
    for line, what in result.missing:
        indicator = what.rsplit("(", 1)[-1].rstrip(")") if what.endswith(")") else None
        yield TEMPLATE_MISSING_FIGURE.finding(
            name, line, indicator, f"Mẫu báo cáo cần {what} nhưng số liệu không có; báo cáo sẽ ghi "
            "'[thiếu số liệu]' ở chỗ này.")


def _misused_helpers(result: RenderResult, report: Report, name: str) -> Iterator[Finding]:
    for use in result.uses:
        indicator = report.indicators.get(use.indicator)
        if (indicator is not None and indicator.chieu == "giam_la_tot"
                and use.helper in RATIO_HELPERS_WRONG_FOR_LOWER_IS_BETTER):
            yield CONTRADICTORY_COMPARISON.finding(
                name, use.line, use.indicator,
                f"Dùng '{use.helper}' cho chỉ tiêu càng thấp càng tốt: câu sẽ thành 'đạt X% kế "
                "hoạch' dù chỉ tiêu đã thấp hơn kế hoạch.", hint="Hãy dùng 'dat_ke_hoach'.")


def _candidates(report: Report, indicator_id: str) -> dict[str, str]:
    """How a figure of the indicator could be typed out: as written, at its display precision,
    and converted to the other money unit; to the name of the figure."""
    entry = report.entries[indicator_id]
    indicator = entry.indicator
    figures = {
        **{figure.label: entry.value(figure) for figure in Figure},
        **{f"kế hoạch ({b.nhan})": b.gia_tri for b in indicator.plan_bases()},
    }
    found: dict[str, str] = {}
    for what, value in figures.items():
        if value is None:
            continue
        for shown in {value, *_converted(indicator.don_vi_tinh, value)}:
            found.setdefault(format_number(shown.normalize() if shown != shown.to_integral()
                                           else shown.quantize(Decimal(1))), what)
    for index, stated in enumerate(indicator.ty_le_da_neu):
        # a stated ratio typed by hand ('tăng 12,17%') is as frozen as a typed figure
        found.setdefault(format_number(abs(stated.stated)),
                         f"{STATED_LABEL} thứ {index + 1} (ty_le_da_neu)")
    return found


def _helper_for(what: str) -> str:
    return "ty_le_da_neu(cau=true)" if what.startswith(STATED_LABEL) else "so"


def _converted(unit: str, value: Decimal) -> list[Decimal]:
    return [value * factor for (source, _), factor in UNIT_FACTORS.items() if source == unit]


def _typed_figures(lines: list[tuple[str, set[str]]], report: Report, name: str
                   ) -> Iterator[Finding]:
    """A figure the data holds for an indicator the line is about, typed as a literal in its
    prose; and a year of the report typed instead of {{ nam }}."""
    years = {str(report.previous_year): "nam_truoc", str(report.year): "nam",
             str(report.next_year): "nam_sau"}
    for number, (prose, ids) in enumerate(lines, 1):
        literals = [m.group(1) for m in _NUMBER.finditer(prose)]
        for literal in literals:
            if literal in years:
                yield HAND_TYPED_FIGURE.finding(
                    name, number, None, f"Năm {literal} được gõ tay trong mẫu.",
                    hint=f"Hãy viết {{{{ {years[literal]} }}}} để sang năm không phải sửa "
                         "từng chỗ.",
                    figures={"so_go_tay": literal})
        for indicator_id in sorted(i for i in ids if i in report.indicators):
            candidates = _candidates(report, indicator_id)
            for literal in sorted(set(literals) & set(candidates)):
                if "," not in literal and (parse_vietnamese_number(literal) <= 10
                                           or literal == "100"):
                    continue  # counts up to ten and 100% are too common to pin on one indicator
                yield HAND_TYPED_FIGURE.finding(
                    name, number, indicator_id,
                    f"Số {literal} (số {candidates[literal]} của chỉ tiêu '{indicator_id}') được "
                    "gõ tay trong câu.",
                    hint=f"Hãy viết bằng biểu thức, ví dụ {{{{ ct.{indicator_id} | "
                    f"{_helper_for(candidates[literal])} }}}}, để câu luôn khớp số liệu.",
                    figures={"so_go_tay": literal})


def _assessment(lines: list[tuple[str, set[str]]], report: Report, name: str
                ) -> Iterator[Finding]:
    """An assessment sentence typed by hand (`Có 01 chỉ tiêu chủ yếu … không đạt`) agrees with
    the data."""
    missed = compute.assess_main(report.indicators.items()).missed
    for number, (prose, _) in enumerate(lines, 1):
        match = _ASSESSMENT.search(prose)
        if match and int(match.group(1)) != len(missed):
            yield ASSESSMENT_WRONG.finding(
                name, number, None,
                f"Câu đánh giá ghi {match.group(1)} chỉ tiêu chủ yếu không đạt kế hoạch, nhưng số "
                f"liệu có {len(missed):02d} chỉ tiêu không đạt "
                f"({', '.join(missed) or 'không có'}).",
                figures={"ghi_trong_mau": match.group(1), "theo_so_lieu": str(len(missed))})


def _hygiene(source: str, name: str) -> Iterator[Finding]:
    for number, line in enumerate(source.split("\n"), 1):
        if hygiene.is_decomposed(line):
            yield UNCLEAN_TEXT.finding(name, number, None, f"{hygiene.NFD_MESSAGE}.",
                                       hint=hygiene.NFD_HINT)
        text = _COMMENT.sub(PLACEHOLDER, _EXPRESSION.sub(PLACEHOLDER, line))
        for message, hint in hygiene.unclean(text):
            yield UNCLEAN_TEXT.finding(name, number, None, message, hint=hint)
