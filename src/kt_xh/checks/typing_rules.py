"""Rules on what an officer types by mistake and no other rule sees: a count with decimals
(`1.318` hộ, the Vietnamese thousands typed without quotes), a `#` that silently cuts a text,
single braces that print an expression as text, a figure typed without its thousands separator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from kt_xh.checks import registry
from kt_xh.checks.findings import Finding
from kt_xh.domain import LoadedReport
from kt_xh.model import Indicator, PlanRange
from kt_xh.numbers import format_number
from kt_xh.yaml_source import YamlDocument

COUNT_UNITS = frozenset({
    "hộ", "người", "lao động", "trường", "xã", "phường", "thôn", "bản", "tổ", "doanh nghiệp",
    "hợp tác xã", "sản phẩm", "lượt", "lượt người", "giấy", "vụ", "vụ việc", "ca", "con", "lớp",
    "giáo viên", "bác sỹ", "đơn", "cuộc", "hồ sơ", "chủ thể", "sáng kiến", "tân binh",
    "trường hợp", "dự án", "cơ sở", "cơ quan", "tổ dân phố, bản", "tiêu chí",
})
"""Units that count whole things: a figure in them has no decimals (an indicator can say
otherwise with `so_nguyen`)."""
FIGURES = ("cung_ky", "uoc_thuc_hien", "tong")


def counts_whole(indicator: Indicator) -> bool:
    if indicator.so_nguyen is not None:
        return indicator.so_nguyen
    return indicator.loai != "ty_le" and indicator.don_vi_tinh in COUNT_UNITS


def whole_counts(loaded: LoadedReport) -> Iterator[Finding]:
    """A count typed with decimals: most often a Vietnamese thousands dot without quotes."""
    for indicator_id, entry in loaded.report.entries.items():
        indicator = entry.indicator
        if not counts_whole(indicator):
            continue
        for document, field, value in _figures(loaded, entry.indicator, entry.target):
            if value != value.to_integral():
                path = ("chi_tieu", indicator_id, field)
                yield registry.DECIMAL_COUNT.finding(
                    document.name, document.line_of(path), indicator_id,
                    f"{format_number(value)} {indicator.don_vi_tinh}: số đếm không có phần lẻ.",
                    hint=_reading(value))


def _figures(loaded: LoadedReport, indicator: Indicator, target: object
             ) -> Iterator[tuple[YamlDocument, str, Decimal]]:
    for field in FIGURES:
        value = getattr(indicator, field)
        if value is not None:
            yield loaded.actuals, field, value
    for document, plan in ((loaded.actuals, indicator.ke_hoach),
                           (loaded.targets, getattr(target, "ke_hoach", None))):
        for value in _plan_values(plan):
            yield document, "ke_hoach", value


def _plan_values(plan: object) -> list[Decimal]:
    if isinstance(plan, Decimal):
        return [plan]
    if isinstance(plan, PlanRange):
        return [plan.tu, plan.den]
    if isinstance(plan, list):
        return [base.gia_tri for base in plan]
    return []


def _reading(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent == -3:
        whole = format_number(value.scaleb(3))
        digits = str(value.scaleb(3).quantize(Decimal(1)))
        return (f"Có phải là {whole}? Dấu chấm ngăn hàng nghìn phải đặt trong dấu nháy: hãy "
                f"viết {digits} hoặc \"{whole}\".")
    return "Hãy kiểm tra lại số này; nếu chỉ tiêu này thật sự có phần lẻ, ghi so_nguyen: false."


TEXT_KEYS = ("ten", "nguon", "ly_do", "o_dau", "nhan", "ten_goi_tat", "dia_danh", "ky_hop",
             "tham_quyen", "chuc_vu", "ho_ten", "ky_hieu", "co_quan_chu_quan")
_CUT_TEXT = re.compile(r"^\s*(?:- )?(?:(" + "|".join(TEXT_KEYS) + r"):\s+)?"
                       r"([^\s'\"#>|{\[-][^#\n]*?)\s+#(.*)$")


def cut_texts(loaded: LoadedReport) -> Iterator[Finding]:
    """` #` inside an unquoted text starts a comment: what follows is silently dropped."""
    for document in (loaded.actuals, loaded.targets):
        for number, line in enumerate(document.source.split("\n"), 1):
            match = _CUT_TEXT.match(line)
            if match and (match.group(1) or line.lstrip().startswith("- ")) and not _number(
                    match.group(2)):
                yield registry.CUT_TEXT.finding(
                    document.name, number, None,
                    f"Phần '#{match.group(3).strip()[:40]}' sau '{match.group(2).strip()[:40]}' "
                    "bị bỏ đi như một ghi chú.",
                    hint="Nếu đó là nội dung, hãy đặt cả câu trong dấu nháy kép; nếu là ghi chú, "
                         "hãy đặt nó ở dòng riêng.")


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+0-9.,_ ]+", text.strip()))


_SINGLE_BRACES = re.compile(r"(?<![{\\])\{\s*((?:ct|don_vi|danh_gia|x)\.[a-z_.]+[^{}]*"
                            r"|nam|nam_truoc|nam_sau)\s*\}(?!\})")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def single_braces(source: str, name: str) -> Iterator[Finding]:
    """`{ ct.x | ket_qua }` prints as it is written: the officer meant `{{ … }}`."""
    for number, line in enumerate(source.split("\n"), 1):
        for match in _SINGLE_BRACES.finditer(_JINJA.sub(" ", line)):
            yield registry.SINGLE_BRACES.finding(
                name, number, None, f"'{match.group(0)}' sẽ được in nguyên văn vào báo cáo.",
                hint=f"Nếu đây là biểu thức, hãy viết {{{{ {match.group(1).strip()} }}}}.")


# ---------------------------------------------------------------- so-thieu-dau-nghin
_BARE_NUMBER = re.compile(r"(?<![\w.,/-])\d{4,}(?![\w.,/:-]\w|\w)")
_CODE_BEFORE = re.compile(r"\b[A-ZĐ]{2,}\s*$")
"""`ISO 9001`, `TCVN 5945`: a standard's number, not a quantity."""
YEARS = range(1900, 2101)


def unseparated_thousands(source: str, name: str) -> Iterator[Finding]:
    """`1400 cờ` typed in prose or a footnote: the report writes `1.400` (years stay `2023`)."""
    for number, line in enumerate(source.split("\n"), 1):
        line = _JINJA.sub(" ", line)
        for match in _BARE_NUMBER.finditer(line):
            value = int(match.group())
            if (len(match.group()) == 4 and value in YEARS) or _CODE_BEFORE.search(
                    line[:match.start()]):
                continue
            written = format_number(Decimal(value))
            yield registry.UNSEPARATED_THOUSANDS.finding(
                name, number, None, f"Số {match.group()} chưa có dấu chấm ngăn hàng nghìn.",
                hint=f"Hãy viết {written}.", figures={"so": match.group()})
