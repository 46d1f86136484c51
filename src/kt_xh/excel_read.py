"""Reading a workbook from outside (a filled form): .xlsx, .xls or .ods, as plain cell values.

A workbook is untrusted. It is read as a regular file under a size cap; an .xlsx or .ods (a zip
package) is checked as `files.read_zip` checks a Word file (entries, unpacked size, ratio,
encryption) before anything is parsed; a workbook with macros or links to other workbooks is
refused; formulas are never evaluated: a cell holds the value Excel or LibreOffice saved with it
(python-calamine reads only those). Sheets, rows and columns are bounded.

A number in a spreadsheet is a binary double in Excel itself; it becomes a Decimal through its
shortest form at Excel's own precision of 15 significant digits (271.2 stays 271,2, a formula's
0.30000000000000004 is 0,3), never through arithmetic on floats.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kt_xh.errors import KtxhError, display_path
from kt_xh.files import MB, FileRefused, read_capped, read_zip

MAX_WORKBOOK_BYTES = 20 * MB
MAX_SHEETS = 20
MAX_ROWS = 5000
MAX_COLUMNS = 60
FORMATS = (".xlsx", ".xls", ".ods")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")
"""The storage of an .xls workbook's macros, named (UTF-16) in the compound file's directory."""

CellValue = str | Decimal | None
"""A cell as read: text (stripped), a number, or None for an empty cell."""
NOT_A_NUMBER = "#NUM!"
"""A number cell holding infinity or NaN reads as the text Excel shows for it."""


class WorkbookError(KtxhError):
    """A workbook that cannot be read (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Sheet:
    workbook: str
    """The workbook's file name as messages give it (`phong_vhxh.xlsx`)."""
    name: str
    rows: list[list[CellValue]]
    """From A1 on: `rows[0][1]` is B1."""

    def where(self, row: int, column: int) -> str:
        """`phong_vhxh.xlsx!B12` (a form has one sheet: the workbook and the cell name it)."""
        return f"{self.workbook}!{cell_name(row, column)}"

    def value(self, row: int, column: int) -> CellValue:
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return None


def cell_name(row: int, column: int) -> str:
    """Zero-based (11, 1) is `B12`."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def read_sheets(path: Path) -> list[Sheet]:
    name = path.name
    if path.suffix.lower() not in FORMATS:
        raise WorkbookError(f"{display_path(path)}: ktxh chỉ đọc sổ tính .xlsx, .xls hoặc .ods. "
                            "Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại ở một trong các "
                            "dạng đó.")
    try:
        raw = read_capped(path, MAX_WORKBOOK_BYTES, "sổ tính")
    except FileRefused as refused:
        raise WorkbookError(f"{display_path(path)}: {refused.with_hint('Hãy kiểm tra tên tệp.')}"
                            ) from None
    _refuse_active_content(raw, path)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = workbook.sheet_names
        if len(sheets) > MAX_SHEETS:
            raise _unreadable(path, f"có {len(sheets)} trang tính, quá {MAX_SHEETS}")
        return [_sheet(name, workbook.get_sheet_by_name(sheet), path) for sheet in sheets]
    except WorkbookError:
        raise
    except (CalamineError, ValueError, OSError):
        raise _unreadable(path, "tệp hỏng, có mật khẩu hoặc không phải sổ tính") from None
    except BaseException as error:
        # calamine is Rust: a panic on a malformed file arrives as pyo3's PanicException, which
        # derives from BaseException; it is the file's fault, not ktxh's
        if isinstance(error, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise _unreadable(path, "tệp hỏng") from None


def _unreadable(path: Path, why: str) -> WorkbookError:
    return WorkbookError(f"{display_path(path)}: không đọc được sổ tính: {why}. Hãy mở tệp bằng "
                         "Excel hoặc LibreOffice, kiểm tra rồi lưu lại.")


def _refuse_active_content(raw: bytes, path: Path) -> None:
    """Macros and links to other workbooks: such a file is not a filled form."""
    name = display_path(path)
    if raw.startswith(_OLE_MAGIC):
        if _OLE_MACROS in raw:
            raise WorkbookError(f"{name}: sổ tính có macro, ktxh không đọc. Hãy lưu lại tệp dạng "
                                ".xlsx (Excel Workbook, không macro) rồi nhập lại.")
        _refuse_far_xls_cells(raw, path)
        return
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _unreadable(path, "không phải tệp .xlsx, .xls hay .ods")
    try:
        parts = read_zip(path, MAX_WORKBOOK_BYTES, "sổ tính")
    except (FileRefused, zipfile.BadZipFile):
        raise _unreadable(path, "tệp nén bên trong hỏng, có mật khẩu hoặc giải nén ra quá lớn"
                          ) from None
    lowered = [n.lower() for n in parts]
    if any("vbaproject" in n or n.startswith("basic/") for n in lowered):
        raise WorkbookError(f"{name}: sổ tính có macro, ktxh không đọc. Hãy lưu lại tệp dạng "
                            ".xlsx (Excel Workbook, không macro) rồi nhập lại.")
    if any(n.startswith("xl/externallinks/") for n in lowered):
        raise WorkbookError(f"{name}: sổ tính có liên kết tới sổ tính khác; ktxh không đọc số "
                            "liệu lấy từ tệp khác. Hãy chép giá trị (Paste Values) vào ô rồi xóa "
                            "liên kết (Data > Edit Links > Break Link), lưu lại và nhập lại.")
    for data in parts.values():
        if b"sheetData" in data:
            _refuse_far_cells(data, path)


_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(\s[^>]*)?/?>")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,4})[A-Za-z]*(\d{0,9})\d*["']""")
"""A reference's letters and digits, cut where they are past any sheet's end anyway."""


def _refuse_far_cells(sheet_xml: bytes, path: Path) -> None:
    """An .xlsx sheet is made dense from A1 to its last cell before it can be measured: one cell
    at XFD1048576 would be 2^34 cells, more memory than any machine has. The cells are found
    here as calamine finds them (a row or cell without a reference follows the one before)."""
    row = column = -1
    for match in _ROW_OR_CELL.finditer(sheet_xml):
        reference = _REFERENCE.search(match[2] or b"")
        if match[1] == b"row":
            row = int(reference[2]) - 1 if reference and reference[2] else row + 1
            column = -1
            continue
        if reference and reference[1]:
            column = _column_number(reference[1].decode("ascii"))
        else:
            column += 1
        if reference and reference[2]:
            row = int(reference[2]) - 1
        if row >= MAX_ROWS or column >= MAX_COLUMNS:
            raise _unreadable(path, f"có ô {cell_name(row, column)} ngoài vùng đọc được (tối đa "
                              f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột)")


_BIFF_CELLS = {0x0006, 0x0406, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6}
"""Records of one cell (formula, blank, number, label, boolean or error, RK, shared string, rich
text), each starting with its row and column."""
_BIFF_ROW_OF_CELLS = {0x00BD, 0x00BE}
"""MULRK and MULBLANK: a row, its first column, the cells, its last column."""


def _refuse_far_xls_cells(raw: bytes, path: Path) -> None:
    """As `_refuse_far_cells` for an .xls: its cells are records of the Workbook stream, and a
    column is 16 bits in the file (one cell at 65535, 65535 is 2^32 cells built dense)."""
    import olefile

    try:
        with olefile.OleFileIO(raw, raise_defects=olefile.DEFECT_INCORRECT) as package:
            stream = next((n for n in ("Workbook", "Book") if package.exists(n)), None)
            if stream is None:
                raise _unreadable(path, "không có phần Workbook của sổ tính")
            data = package.openstream(stream).read(MAX_WORKBOOK_BYTES)
    except WorkbookError:
        raise
    except Exception:  # olefile on a crafted file: whatever it raises, the file is broken
        raise _unreadable(path, "tệp hỏng") from None
    for row, column in _biff_cells(data):
        if row >= MAX_ROWS or column >= MAX_COLUMNS:
            raise _unreadable(path, f"có ô {cell_name(row, column)} ngoài vùng đọc được (tối đa "
                              f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột)")


def _biff_cells(stream: bytes) -> Iterator[tuple[int, int]]:
    """(row, column) of each cell record of a BIFF stream (for a MULRK, its last column)."""
    offset = 0
    while offset + 4 <= len(stream):
        kind = int.from_bytes(stream[offset:offset + 2], "little")
        length = int.from_bytes(stream[offset + 2:offset + 4], "little")
        body = stream[offset + 4:offset + 4 + length]
        offset += 4 + length
        if len(body) >= 4 and kind in _BIFF_CELLS | _BIFF_ROW_OF_CELLS:
            column = int.from_bytes(body[2:4], "little")
            if kind in _BIFF_ROW_OF_CELLS:
                column = max(column, int.from_bytes(body[-2:], "little"))
            yield int.from_bytes(body[0:2], "little"), column


def _column_number(letters: str) -> int:
    """`A` is 0, `BH` is 59."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _sheet(workbook: str, sheet: object, path: Path) -> Sheet:
    end_row, end_column = sheet.end or (0, 0)  # type: ignore[attr-defined]
    if end_row >= MAX_ROWS or end_column >= MAX_COLUMNS:
        raise _unreadable(path, f"trang tính '{sheet.name}' quá lớn (tối đa "  # type: ignore[attr-defined]
                          f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột)")
    rows = sheet.to_python(skip_empty_area=False)  # type: ignore[attr-defined]
    return Sheet(workbook, sheet.name,  # type: ignore[attr-defined]
                 [[_value(cell) for cell in row] for row in rows])


def _value(cell: object) -> CellValue:
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            return NOT_A_NUMBER  # 1e400 in the file: not empty, and no figure either
        return _decimal_of_double(cell)
    if isinstance(cell, dt.datetime | dt.date | dt.time | dt.timedelta):
        return str(cell)
    text = str(cell).strip()
    return text or None


def _decimal_of_double(value: float) -> Decimal:
    number = Decimal(format(value, ".15g"))
    return number.quantize(1) if number == number.to_integral_value() else number.normalize()
