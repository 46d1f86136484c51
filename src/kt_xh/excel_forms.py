"""`ktxh excel mau`: one collection form (a workbook) per department, with its indicators.

A department (`phong_ban` in the data file) provides the indicators that name it (`phu_trach`); a
component without one follows its total. The form shows, per indicator, its id (locked), name,
unit, last year's figure and the plan, and leaves the estimate and next year's plan empty in
unlocked cells with number validation; the sheet is protected except those cells. The header row
is what `ktxh excel nhap` reads the form by, so a form still reads when saved as .xls or .ods.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kt_xh.appendix import plan_text
from kt_xh.domain import Report
from kt_xh.errors import KtxhError, OutputRefused, display_path
from kt_xh.excel_read import Sheet, WorkbookError, cell_name, read_sheets
from kt_xh.excel_style import (
    BORDER,
    CENTER,
    HEADER_FILL,
    INPUT_FILL,
    RIGHT,
    WRAP,
    as_text_only,
    font,
    number_format,
    places_of,
)
from kt_xh.model import Indicator, Target

SHEET_TITLE = "Số liệu"
UNASSIGNED = "chua_phan_cong"
UNASSIGNED_NAME = "Chỉ tiêu chưa giao phòng, ban nào (chưa ghi phu_trach)"
ID_LABEL = "Mã chỉ tiêu"
HEADER_ROW = 6
WIDTHS = (24, 48, 12, 14, 14, 16, 16, 30)
MAX_FIGURE = 10**15


def labels(year: int) -> dict[str, str]:
    """The header of a form, by what each column holds; `excel nhap` finds columns by these."""
    return {"id": ID_LABEL, "name": "Chỉ tiêu", "unit": "Đơn vị tính",
            "cung_ky": f"Thực hiện năm {year - 1}", "ke_hoach": f"Kế hoạch năm {year}",
            "uoc_thuc_hien": f"Ước thực hiện năm {year}",
            "ke_hoach_nam_sau": f"Kế hoạch năm {year + 1}", "note": "Ghi chú của phòng"}


INPUTS = ("uoc_thuc_hien", "ke_hoach_nam_sau")


def instructions(year: int) -> str:
    return (f"Cách ghi: ghi số vào các ô màu vàng (ước thực hiện năm {year}, kế hoạch năm "
            f"{year + 1}); ô để trống là chưa có số liệu. Ghi số như thường ghi trong Excel "
            "(Excel tiếng Việt: 4.148 hoặc 271,2), không kèm đơn vị. Không sửa mã, tên, đơn vị "
            "tính, không thêm hay xóa dòng; cần sửa gì khác thì ghi vào cột ghi chú. Lưu tệp rồi "
            "gửi lại cho bộ phận tổng hợp báo cáo.")


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    indicators: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"phong_{self.code}.xlsx"


def departments(report: Report, names: dict[str, str], chosen: Iterable[str] = ()
                ) -> list[Department]:
    """The departments with their indicators, in the data's order; `chosen` limits them (an
    unknown code is an error naming the known ones)."""
    wanted = list(chosen)
    known = {**names, UNASSIGNED: UNASSIGNED_NAME}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise KtxhError(f"Không có phòng, ban '{unknown[0]}' trong danh sách 'phong_ban' của tệp "
                        f"số liệu. Các mã có: {', '.join(known) or '(chưa có)'}.")
    owner = responsible(report)
    result = []
    for code, name in known.items():
        members = tuple(i for i in report.indicators if owner[i] == code)
        if (not wanted and members) or code in wanted:
            result.append(Department(code, name, members))
    return result


def responsible(report: Report) -> dict[str, str]:
    """The department of each indicator: its own `phu_trach`, else its total's."""
    parent = {part: total for total, ind in report.indicators.items()
              for breakdown in ind.thanh_phan for part in breakdown.gom}
    owner: dict[str, str] = {}
    for indicator_id in report.indicators:
        seen, current = set(), indicator_id
        code = report.indicators[current].phu_trach
        while code is None and current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
            code = report.indicators[current].phu_trach
        owner[indicator_id] = code or UNASSIGNED
    return owner


def form_bytes(report: Report, department: Department) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    _top(sheet, report, department)
    heads = labels(report.year)
    for column, label in enumerate(heads.values(), start=1):
        cell = sheet.cell(HEADER_ROW, column, label)
        cell.font, cell.alignment = font(11, bold=True), CENTER
        cell.fill, cell.border = HEADER_FILL, BORDER
    validation = DataValidation(
        type="decimal", operator="between", formula1=str(-MAX_FIGURE), formula2=str(MAX_FIGURE),
        allow_blank=True, showErrorMessage=True, errorTitle="Phải là một số",
        error="Ô này chỉ nhận một số (không kèm đơn vị, không ghi chữ). Để trống nếu chưa có "
              "số liệu.")
    sheet.add_data_validation(validation)
    for row, indicator_id in enumerate(department.indicators, start=HEADER_ROW + 1):
        _indicator_row(sheet, row, indicator_id, report, validation)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    as_text_only(workbook).save(buffer)
    return buffer.getvalue()


def _top(sheet: Worksheet, report: Report, department: Department) -> None:
    lines = [
        (f"PHIẾU THU THẬP SỐ LIỆU KINH TẾ - XÃ HỘI NĂM {report.year}", font(13, bold=True)),
        (f"Đơn vị: {report.unit.ten_goi_tat}", font(12)),
        (f"Phòng, ban: {department.name} (mã {department.code})", font(12, bold=True)),
        (instructions(report.year), font(11, italic=True)),
    ]
    for row, (text, style) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font, cell.alignment = style, WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    sheet.row_dimensions[4].height = 45


def _indicator_row(sheet: Worksheet, row: int, indicator_id: str, report: Report,
                   validation: DataValidation) -> None:
    indicator = report.indicators[indicator_id]
    target = report.targets.get(indicator_id)
    values: list[Decimal | str | None] = [indicator_id, indicator.ten, indicator.don_vi_tinh,
                            indicator.cung_ky, _plan(indicator), None, None, None]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, value)
        cell.border, cell.font = BORDER, font(11)
        cell.alignment = WRAP if column in (2, 8) else CENTER if column in (1, 3) else RIGHT
        if isinstance(value, Decimal):
            cell.number_format = number_format(places_of(value))
    open_columns = [6, 8] + ([7] if next_plan_is_a_number(target) else [])
    if not next_plan_is_a_number(target):
        sheet.cell(row, 7, plan_text_of_target(indicator, target))
    for column in open_columns:
        to_fill = sheet.cell(row, column)
        to_fill.protection = Protection(locked=False)
        if column != 8:
            to_fill.fill = INPUT_FILL
            validation.add(to_fill.coordinate)


def _plan(indicator: Indicator) -> Decimal | str | None:
    plan = indicator.ke_hoach
    if plan is None or isinstance(plan, Decimal):
        return plan
    return plan_text(indicator).replace("\n", "; ")


def next_plan_is_a_number(target: Target | None) -> bool:
    """A form asks for next year's plan where it is one number, or none yet: a range, a
    reduction or several bases are kept in the targets file."""
    return target is None or isinstance(target.ke_hoach, Decimal)


def plan_text_of_target(indicator: Indicator, target: Target | None) -> str:
    if target is None:
        return ""
    shaped = indicator.model_copy(update={"ke_hoach": target.ke_hoach})
    return plan_text(shaped).replace("\n", "; ")


def write_forms(report: Report, names: dict[str, str], folder: Path, chosen: Iterable[str] = ()
                ) -> list[tuple[Department, Path]]:
    from kt_xh.output import write_atomically

    chosen_departments = departments(report, names, chosen)
    targets = [folder / department.file_name for department in chosen_departments]
    refusals = [refusal for target in targets if (refusal := _refusal(target)) is not None]
    if refusals:  # before any form is written
        raise OutputRefused("\n".join(refusals))
    for department, target in zip(chosen_departments, targets, strict=True):
        write_atomically(target, form_bytes(report, department))
    return list(zip(chosen_departments, targets, strict=True))


def _refusal(target: Path) -> str | None:
    """Why `target` may not be replaced by a new form: a form that came back filled (its cells
    are the department's figures, not yet imported perhaps), or a file that is no blank form."""
    if not target.exists():
        return None
    name = display_path(target)
    try:
        filled = _first_filled(read_sheets(target))
    except WorkbookError:
        filled = ""
    if filled == "":
        return (f"Không ghi phiếu {name}: tệp này đã có và không phải phiếu trống do ktxh tạo; "
                "ghi đè sẽ mất nó. Hãy chuyển tệp sang chỗ khác, hoặc ghi phiếu mới vào thư mục "
                "khác bằng -o.")
    if filled is not None:
        return (f"Không ghi phiếu {name}: phòng đã điền số vào phiếu này (ô {filled}); ghi đè sẽ "
                f"mất số đó. Hãy nhập phiếu trước (ktxh excel nhap {name}) rồi chuyển nó sang "
                "chỗ khác, hoặc ghi phiếu mới vào thư mục khác bằng -o.")
    return None


def _first_filled(sheets: list[Sheet]) -> str | None:
    """The first cell a department filled in a form ktxh wrote (the figure, plan and note
    columns, F to H; G holds ktxh's text where the plan is not a number); "" for a workbook
    that is not such a form; None for a blank form."""
    forms = [sheet for sheet in sheets if sheet.value(HEADER_ROW - 1, 0) == ID_LABEL]
    if len(forms) != 1 or len(sheets) != 1:
        return ""
    sheet = forms[0]
    for row in range(HEADER_ROW, len(sheet.rows)):
        for column in (5, 6, 7):
            value = sheet.value(row, column)
            if value is not None and not (column == 6 and isinstance(value, str)):
                return cell_name(row, column)
    return None
