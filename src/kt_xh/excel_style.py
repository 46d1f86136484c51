"""What the workbooks ktxh writes share: the font, borders, and numbers stored as numbers.

A figure is written to a cell as its Decimal (openpyxl stores its digits as they stand) with a
number format; the format's `,` and `.` are placeholders that Excel and LibreOffice show with the
separators of their language, so a Vietnamese Excel shows `4.148` and `271,2` as the report does.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook

FONT_NAME = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT = Alignment(vertical="center", horizontal="right")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")

_PRINTED = re.compile(r"^(?P<sign>[+-]?)(?P<whole>\d{1,3}(?:\.\d{3})*)(?:,(?P<fraction>\d+))?"
                      r"(?P<suffix>| điểm|‰|%)$")


def as_text_only(workbook: Workbook) -> Workbook:
    """Every cell a value, none a formula: openpyxl stores a text starting with `=` as a formula,
    and a name in the data (`=HYPERLINK(...)`) is not ktxh's to evaluate in an officer's Excel.
    ktxh writes no formula of its own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook


def font(size: int = 12, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def number_format(places: int, suffix: str = "", *, plus: bool = False) -> str:
    """`#,##0.0` for one decimal; a suffix is quoted text (`" điểm"`); `plus` writes the sign
    of a difference (`+0,35 điểm`)."""
    digits = "#,##0" + ("." + "0" * places if places else "")
    shown = f'{digits}"{suffix}"' if suffix else digits
    if not plus:
        return shown
    return f"+{shown};-{shown};{shown}"


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def printed_number(text: str) -> tuple[Decimal, str] | None:
    """A cell the appendix printed (`4.148`, `71,4`, `+0,35 điểm`, `-0,1‰`, `101%`) as its number
    and the format that prints it the same way; None for any other text (a range, `22/28`)."""
    match = _PRINTED.match(text)
    if match is None:
        return None
    fraction = match["fraction"] or ""
    digits = match["whole"].replace(".", "") + (f".{fraction}" if fraction else "")
    value = Decimal(digits)
    sign = match["sign"]
    if sign == "-":
        value = -value
    suffix = match["suffix"]
    difference = sign == "+" or suffix in (" điểm", "‰")  # a rate's points: `+0,35 điểm`
    return value, number_format(len(fraction), suffix, plus=difference)
