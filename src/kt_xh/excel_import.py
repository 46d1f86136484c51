"""`ktxh excel nhap`: the figures of filled forms into the data files.

Every form is read and checked first (the header it was written with, known ids, the name and
unit each id had, a number in each filled cell, one value per indicator across all forms); any
problem stops the import before anything is written, and names the workbook and cell
(`phong_vhxh.xlsx!F12`). The values then go into the YAML through ruamel's round trip (comments
and layout kept, numbers written as `ktxh fmt` writes them), the new files are loaded and
validated as `ktxh check` loads them, and both replace the old ones only when both are ready.
An empty cell changes nothing; a value equal to the data's changes nothing, so a second import of
the same forms writes nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from kt_xh import diff as data_diff
from kt_xh import model
from kt_xh.domain import Figure, Report
from kt_xh.errors import KtxhError, display_path
from kt_xh.excel_forms import ID_LABEL, INPUTS, labels, next_plan_is_a_number
from kt_xh.excel_read import Sheet, WorkbookError, cell_name, read_sheets
from kt_xh.loading import find_data_files, load_documents, load_report
from kt_xh.numbers import format_number, parse_vietnamese_number, spoken
from kt_xh.yaml_format import (
    FormatError,
    blank_lines,
    pop_trailing_comment,
    read_text,
    round_trip_yaml,
    same_comments,
    set_trailing_comment,
)
from kt_xh.yaml_source import parse_text

MAX_PROBLEMS_SHOWN = 50
HEADER_SEARCH_ROWS = 30
_YEAR_LABEL = re.compile(r"^Ước thực hiện năm (\d{4})$")


class FormImportError(KtxhError):
    """Forms that cannot be imported: nothing is written (exit 2)."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n… và {more} lỗi nữa." if more else "")
        super().__init__(f"{text}\nKhông nhập gì: hãy sửa các ô trên trong phiếu (hoặc hỏi lại "
                         "phòng gửi phiếu) rồi chạy lại lệnh.")
        self.problems = problems


@dataclass(frozen=True)
class Filled:
    indicator: str
    figure: str
    """`uoc_thuc_hien` or `ke_hoach_nam_sau`."""
    value: Decimal
    where: str


@dataclass
class ImportResult:
    filled: list[Filled]
    notes: list[str]
    diff: data_diff.DataDiff
    written: list[Path] = field(default_factory=list)


def import_forms(paths: Iterable[Path], data_dir: Path, *, dry_run: bool) -> ImportResult:
    loaded = load_report(data_dir)
    report = loaded.report
    problems: list[str] = []
    notes: list[str] = []
    filled: list[Filled] = []
    for path in paths:
        filled += _read_form(path, report, problems, notes)
    chosen = _one_value_each(filled, problems)
    if problems:
        raise FormImportError(problems)
    changes = [f for f in chosen if _current(report, f) != f.value]
    actuals_path, targets_path = find_data_files(data_dir)
    texts = {actuals_path: read_text(actuals_path), targets_path: read_text(targets_path)}
    new_texts = _written(texts, actuals_path, targets_path, changes, report)
    after = load_documents(*(parse_text(new_texts[p], p) for p in (actuals_path, targets_path)))
    result = ImportResult(chosen, notes, data_diff.compare(report, after.report,
                                                           "số liệu hiện tại", "sau khi nhập"))
    changed = {path: text for path, text in new_texts.items() if text != texts[path]}
    if changed and not dry_run:
        _replace_together(changed)
        result.written = list(changed)
    return result


def _current(report: Report, filled: Filled) -> Decimal | None:
    entry = report.entries[filled.indicator]
    return entry.value(Figure.named(filled.figure) or Figure.UOC_THUC_HIEN)


# ---------------------------------------------------------------- reading a form
def _read_form(path: Path, report: Report, problems: list[str], notes: list[str]
               ) -> list[Filled]:
    try:
        sheets = read_sheets(path)
    except WorkbookError as error:  # listed with the other forms' problems
        problems.append(error.message)
        return []
    found = _headers(sheets)
    if not found:
        problems.append(f"{path.name}: không phải phiếu thu thập của ktxh: không có dòng tiêu đề "
                        f"với ô '{ID_LABEL}'. Hãy dùng phiếu do 'ktxh excel mau' tạo.")
        return []
    if len(found) > 1:  # reading one would drop what the other holds, silently
        names = ", ".join(repr(sheet.name) for sheet, _ in found)
        problems.append(f"{display_path(path)}: có {len(found)} trang tính mang dòng tiêu đề của "
                        f"phiếu ({names}); ktxh chỉ nhập một trang. Hãy chép số vào một trang, "
                        "xóa các trang kia, lưu lại rồi nhập lại.")
        return []
    sheet, header_row = found[0]
    columns = _columns(sheet, header_row, report.year, problems)
    if columns is None:
        return []
    filled: list[Filled] = []
    for row in range(header_row + 1, len(sheet.rows)):
        filled += _read_row(sheet, row, columns, report, problems, notes)
    return filled


def _headers(sheets: list[Sheet]) -> list[tuple[Sheet, int]]:
    """Each sheet with a form's header row, and that row."""
    found = []
    for sheet in sheets:
        rows = range(min(HEADER_SEARCH_ROWS, len(sheet.rows)))
        header = next((row for row in rows if sheet.value(row, 0) == ID_LABEL), None)
        if header is not None:
            found.append((sheet, header))
    return found


def _columns(sheet: Sheet, row: int, year: int, problems: list[str]) -> dict[str, int] | None:
    by_label = {label: key for key, label in labels(year).items()}
    columns: dict[str, int] = {}
    for column, value in enumerate(sheet.rows[row]):
        if isinstance(value, str) and value in by_label:
            columns[by_label[value]] = column
        elif isinstance(value, str) and (match := _YEAR_LABEL.match(value)):
            problems.append(f"{sheet.where(row, column)}: đây là phiếu năm {match[1]}, số liệu "
                            f"đang là năm {year}. Hãy dùng phiếu năm {year} (ktxh excel mau).")
            return None
    missing = [labels(year)[key] for key in ("id", "name", "unit", "uoc_thuc_hien")
               if key not in columns]
    if missing:
        problems.append(f"{sheet.where(row, 0)}: dòng tiêu đề của phiếu thiếu cột "
                        f"{', '.join(repr(m) for m in missing)}: không sửa hay xóa tiêu đề cột. "
                        "Hãy dùng phiếu do 'ktxh excel mau' tạo.")
        return None
    return columns


def _read_row(sheet: Sheet, row: int, columns: dict[str, int], report: Report,
              problems: list[str], notes: list[str]) -> list[Filled]:
    inputs = {key: sheet.value(row, columns[key]) for key in INPUTS if key in columns}
    identifier = sheet.value(row, columns["id"])
    if identifier is None:
        filled_cells = [columns[key] for key, value in inputs.items() if value is not None]
        if filled_cells:
            problems.append(f"{sheet.where(row, filled_cells[0])}: có số nhưng dòng {row + 1} "
                            f"không có mã chỉ tiêu (cột {cell_name(0, columns['id'])[:-1]}). Hãy "
                            "ghi số vào đúng dòng của chỉ tiêu, không thêm dòng mới.")
        return []
    where_id = sheet.where(row, columns["id"])
    indicator_id = str(identifier)
    indicator = report.indicators.get(indicator_id)
    if indicator is None:
        problems.append(f"{where_id}: không có chỉ tiêu mã '{_shortened(indicator_id)}' trong "
                        f"số liệu.{_guess(indicator_id, report.indicators)} Mã chỉ tiêu không "
                        "được sửa; hãy lấy lại mã đúng từ phiếu gốc.")
        return []
    if not _same_text(sheet.value(row, columns["name"]), indicator.ten):
        problems.append(f"{sheet.where(row, columns['name'])}: tên chỉ tiêu không khớp với mã "
                        f"'{indicator_id}' ({indicator.ten}): mã hoặc tên đã bị sửa. Hãy dùng "
                        "phiếu mới do 'ktxh excel mau' tạo.")
        return []
    unit = sheet.value(row, columns["unit"])
    if not _same_text(unit, indicator.don_vi_tinh):
        problems.append(f"{sheet.where(row, columns['unit'])}: đơn vị tính của '{indicator_id}' "
                        f"đã bị sửa thành '{_shortened(str(unit or ''))}' (số liệu "
                        f"ghi '{indicator.don_vi_tinh}'). Hãy ghi số theo đúng đơn vị "
                        f"'{indicator.don_vi_tinh}' và trả lại đơn vị tính như cũ.")
        return []
    result = []
    for key, value in inputs.items():
        if value is None:
            continue
        where = sheet.where(row, columns[key])
        number = _number(value, where, problems, notes)
        if number is None:
            continue
        if key == "ke_hoach_nam_sau" and not next_plan_is_a_number(
                report.targets.get(indicator_id)):
            problems.append(f"{where}: kế hoạch năm sau của '{indicator_id}' không phải một số "
                            "(một khoảng, mức giảm hoặc nhiều căn cứ): hãy sửa trong tệp kế "
                            "hoạch, không qua phiếu.")
            continue
        result.append(Filled(indicator_id, key, number, where))
    return result


def _number(value: object, where: str, problems: list[str], notes: list[str]
            ) -> Decimal | None:
    if isinstance(value, Decimal):
        return _bounded(value, where, problems)
    text = str(value)
    try:
        number = parse_vietnamese_number(text)
    except ValueError:
        problems.append(f"{where}: '{_shortened(text)}' không phải là số. Hãy ghi một số, không "
                        "kèm đơn vị hay chữ (ví dụ 4148 hoặc 271,2); để trống nếu chưa có số "
                        "liệu.")
        return None
    bounded = _bounded(number, where, problems)
    if bounded is not None:  # only a bounded number can be spoken
        notes.append(f"{where}: ô ghi chữ '{text}', đọc theo cách viết Việt Nam là "
                     f"{format_number(bounded)} ({spoken(bounded)}).")
    return bounded


def _bounded(number: Decimal, where: str, problems: list[str]) -> Decimal | None:
    if abs(number) >= model.MAX_MAGNITUDE or -number.as_tuple().exponent > model.MAX_DECIMALS:  # type: ignore[operator]
        problems.append(f"{where}: số {_shortened(str(number))} quá lớn hoặc quá nhiều chữ số "
                        f"thập phân (tối đa 15 chữ số phần nguyên, {model.MAX_DECIMALS} chữ số "
                        "thập phân).")
        return None
    return abs(number) if number.is_zero() else number  # -0 is 0, as fmt writes it


def _shortened(text: str, length: int = 40) -> str:
    """A cell's text as a message quotes it: a whole page pasted into a cell is not repeated."""
    return text if len(text) <= length else text[:length] + "…"


def _same_text(value: object, expected: str) -> bool:
    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    return normal("" if value is None else str(value)) == normal(expected)


def _guess(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" Có phải là '{close[0]}'?" if close else ""


def _one_value_each(filled: list[Filled], problems: list[str]) -> list[Filled]:
    first: dict[tuple[str, str], Filled] = {}
    for item in filled:
        key = (item.indicator, item.figure)
        earlier = first.setdefault(key, item)
        if earlier.value != item.value:
            problems.append(f"{item.where}: '{item.indicator}' ghi {format_number(item.value)}, "
                            f"nhưng {earlier.where} ghi {format_number(earlier.value)} cho cùng "
                            "số liệu. Hãy hỏi lại các phòng, giữ một số và xóa số kia.")
    return list(first.values())


# ---------------------------------------------------------------- writing the YAML
def _written(texts: dict[Path, str], actuals_path: Path, targets_path: Path,
             changes: list[Filled], report: Report) -> dict[Path, str]:
    if not changes:
        return dict(texts)
    yaml = round_trip_yaml()
    actuals = yaml.load(texts[actuals_path])
    targets = yaml.load(texts[targets_path])
    for item in changes:
        if item.figure == "uoc_thuc_hien":
            _set(actuals["chi_tieu"][item.indicator], "uoc_thuc_hien", item.value,
                 list(model.Indicator.model_fields))
        else:
            entry = _target_entry(targets, item.indicator, report)
            _set(entry, "ke_hoach", item.value, list(model.Target.model_fields))
    result = {}
    for path, tree in ((actuals_path, actuals), (targets_path, targets)):
        buffer = io.StringIO()
        yaml.dump(tree, buffer)
        text = buffer.getvalue()
        if blank_lines(texts[path]) == texts[path]:  # the file keeps fmt's blank lines
            text = blank_lines(text)
        try:
            same_comments(texts[path], text, display_path(path))
        except FormatError as error:
            raise KtxhError(f"{error.message.split(': ktxh fmt')[0]}: nhập số liệu sẽ làm lệch "
                            "một chú thích của tệp, nên không ghi gì. Hãy chuyển chú thích đó "
                            "thành một dòng riêng ngay trên khóa mà nó nói đến rồi nhập lại."
                            ) from None
        result[path] = text
    return result


def _set(node: CommentedMap, key: str, value: Decimal, order: list[str]) -> None:
    if key in node:
        node[key] = value
        return
    rank = order.index(key)
    before = [index for index, existing in enumerate(node)
              if existing in order and order.index(existing) < rank]
    node.insert(before[-1] + 1 if before else 0, key, value)


def _target_entry(targets: Any, indicator_id: str, report: Report) -> CommentedMap:
    """The indicator's entry in the targets file; a new one goes after the last indicator, and a
    comment that closed the file still closes it (the office's sections stay as they are)."""
    entries = targets.get("chi_tieu")
    if entries is None:
        entries = targets["chi_tieu"] = CommentedMap()
    entries.fa.set_block_style()
    if indicator_id in entries:
        return entries[indicator_id]
    trailing = pop_trailing_comment(entries)
    if trailing is not None:
        own_line, newline, rest = trailing.value.partition("\n")
        if own_line.strip():  # the last value's end-of-line comment stays with that value
            trailing.value = own_line + newline
            set_trailing_comment(entries, trailing)
            trailing = CommentToken("\n" + rest, CommentMark(0), None) if rest.strip() else None
    entry = CommentedMap([("ten", report.indicators[indicator_id].ten)])
    entries[indicator_id] = entry
    if trailing is not None:
        set_trailing_comment(entries, trailing)
    return entry


def _replace_together(texts: dict[Path, str]) -> None:
    """Every new file fully written beside its original before any original is replaced."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in texts.items():
            target = path.resolve()
            descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.",
                                                     suffix=".ktxh-tmp", dir=target.parent)
            staged.append((temporary, target))
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, target.stat().st_mode & 0o777)
        for temporary, target in staged:
            os.replace(temporary, target)
        staged = []
    except OSError as error:
        raise KtxhError(f"Không ghi được tệp số liệu ({error.strerror}); không tệp nào bị đổi. "
                        "Hãy kiểm tra quyền ghi thư mục số liệu rồi chạy lại.") from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
