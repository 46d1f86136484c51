"""`ktxh excel xuat`: the appendix table (the Biểu) as a workbook, for the province's system.

The rows are the Word appendix's own (`document.appendix_of`: the same groups, sub-rows, columns,
statuses and table note); nothing is computed here. A cell that the appendix prints as one number
(`4.148`, `112`, `+0,35 điểm`, `-0,1‰`) is stored as that number with a format that prints it the
same way; a range, a count of a whole (`22/28`) or several plan bases stay text. Ratio columns are
numbers, not formulas: the appendix prints the ratio the source states against a reconstructed
figure, and points for a rate, which a formula over the cells would not reproduce.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kt_xh.document import Appendix, AppendixGroup, AppendixRow, appendix_of
from kt_xh.domain import Report
from kt_xh.errors import OutputRefused, display_path
from kt_xh.excel_style import (
    BORDER,
    CENTER,
    HEADER_FILL,
    RIGHT,
    WRAP,
    as_text_only,
    font,
    printed_number,
)

SHEET_TITLE = "Biểu"
HEADER_ROW = 5
"""The first of the two header rows; the title, its note and the source line stand above."""
COLUMNS = 11
NAME_WIDTH = 48
MIN_WIDTH, MAX_WIDTH = 6, 16


def source_line(report: Report) -> str:
    return f"Nguồn số liệu: {report.unit.ten_goi_tat}, số liệu năm {report.year} (ktxh)."


def workbook_bytes(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    appendix = appendix_of(report)
    _title(sheet, appendix, source_line(report))
    _header(sheet, appendix)
    last = _rows(sheet, appendix.rows, HEADER_ROW + 3)
    note = sheet.cell(last + 1, 1, appendix.table_note)
    note.font = font(11, italic=True)
    sheet.merge_cells(start_row=last + 1, start_column=1, end_row=last + 1, end_column=COLUMNS)
    note.alignment = WRAP
    sheet.row_dimensions[last + 1].height = 32
    _widths(sheet, appendix)
    _print_setup(sheet)
    buffer = io.BytesIO()
    as_text_only(workbook).save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, appendix: Appendix, source: str) -> None:
    for row, (text, size, bold, italic) in enumerate([
            (appendix.label, 13, True, False), (appendix.title, 13, True, False),
            (appendix.note, 12, False, True), (source, 11, False, True)], start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = font(size, bold=bold, italic=italic)
        cell.alignment = CENTER
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMNS)


def _header(sheet: Worksheet, appendix: Appendix) -> None:
    labels, top = appendix.header.labels, HEADER_ROW
    for column in range(1, COLUMNS + 1):
        for row in (top, top + 1, top + 2):
            sheet.cell(row, column).border = BORDER
            sheet.cell(row, column).fill = HEADER_FILL
    for index, label in enumerate(labels, start=1):
        if 8 <= index <= 10:
            _head(sheet, top + 1, index, label)
        else:
            _head(sheet, top, index, label)
            sheet.merge_cells(start_row=top, start_column=index, end_row=top + 1,
                              end_column=index)
    _head(sheet, top, 8, appendix.header.comparison)
    sheet.merge_cells(start_row=top, start_column=8, end_row=top, end_column=10)
    for index, number in enumerate(appendix.header.numbers, start=1):
        cell = sheet.cell(top + 2, index, number)
        cell.font = font(11, italic=True)
        cell.alignment = CENTER
    sheet.row_dimensions[top].height = 30
    sheet.row_dimensions[top + 1].height = 45


def _head(sheet: Worksheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column, text)
    cell.font = font(11, bold=True)
    cell.alignment = CENTER


def _rows(sheet: Worksheet, rows: Sequence[AppendixGroup | AppendixRow], first: int) -> int:
    row_number = first
    for row in rows:
        if isinstance(row, AppendixGroup):
            _group(sheet, row_number, row)
        else:
            _indicator(sheet, row_number, row)
        for column in range(1, COLUMNS + 1):
            sheet.cell(row_number, column).border = BORDER
        row_number += 1
    return row_number


def _group(sheet: Worksheet, row_number: int, row: AppendixGroup) -> None:
    sheet.cell(row_number, 1, row.stt).font = font(11, bold=True)
    sheet.cell(row_number, 1).alignment = CENTER
    title = sheet.cell(row_number, 2, row.title)
    title.font = font(11, bold=True)
    sheet.merge_cells(start_row=row_number, start_column=2, end_row=row_number,
                      end_column=COLUMNS)


def _indicator(sheet: Worksheet, row_number: int, row: AppendixRow) -> None:
    for column, text in ((1, row.stt), (3, row.unit)):
        cell = sheet.cell(row_number, column, text or None)
        cell.font, cell.alignment = font(11), CENTER
    name = sheet.cell(row_number, 2, row.name)
    name.font = font(11, italic=row.depth > 0)
    name.alignment = Alignment(wrap_text=True, vertical="center", indent=max(row.depth - 1, 0))
    if not row.cells:  # a label over its lines ('Trong đó:') spans the row, as in Word
        sheet.merge_cells(start_row=row_number, start_column=2, end_row=row_number,
                          end_column=COLUMNS)
    for index, lines in enumerate(row.cells):
        figure = sheet.cell(row_number, 4 + index)
        reconstructed = index < len(row.reconstructed) and row.reconstructed[index]
        figure.font = font(11, italic=reconstructed)
        if not lines:
            continue
        printed = printed_number(lines[0]) if len(lines) == 1 else None
        if printed is None:
            figure.value = "\n".join(lines)
            figure.alignment = CENTER if index == 7 else Alignment(
                horizontal="right", vertical="center", wrap_text=len(lines) > 1)
        else:
            figure.value, figure.number_format = printed
            figure.alignment = RIGHT


def _widths(sheet: Worksheet, appendix: Appendix) -> None:
    """Each figure column as wide as its longest line (a header wraps), the name column fixed."""
    longest = [len(n) for n in appendix.header.numbers]
    for row in appendix.rows:
        if isinstance(row, AppendixRow):
            texts = [row.stt, row.name, row.unit, *("\n".join(c) for c in row.cells)]
            for index, text in enumerate(texts):
                longest[index] = max(longest[index], *(len(line) for line in text.split("\n")))
    for index, length in enumerate(longest, start=1):
        width = NAME_WIDTH if index == 2 else min(max(length + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _print_setup(sheet: Worksheet) -> None:
    sheet.freeze_panes = f"D{HEADER_ROW + 3}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 2}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def default_output(report: Report) -> Path:
    return Path("build") / f"bieu_{report.year}.xlsx"


def checked_output(target: Path | str) -> Path:
    """A workbook is written only to a file named .xlsx (never over a data file or a folder)."""
    path = Path(target)
    name = display_path(path)
    if path.suffix.lower() != ".xlsx" or str(target).endswith(("/", os.sep)):
        raise OutputRefused(f"Không ghi biểu vào {name}: biểu là sổ tính Excel, hãy đặt tên tệp "
                            f"có đuôi .xlsx (ví dụ build/{path.stem or 'bieu'}.xlsx).")
    if path.exists() and not path.is_file():
        raise OutputRefused(f"Không ghi biểu vào {name}: đường dẫn này đã có và không phải là "
                            "tệp thường. Hãy chọn tệp .xlsx khác bằng -o.")
    return path
