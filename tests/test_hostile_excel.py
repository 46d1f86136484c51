"""Workbooks are untrusted input: a form crafted by hand (.xlsx or .xls cells far away, numbers
Excel cannot hold, a page of text where a number goes, a second filled sheet) is one Vietnamese
message naming the workbook and cell, never a crash, and the YAML written back holds what
`ktxh fmt` would write. A name from the data never becomes a formula in a workbook ktxh writes,
and a new form is never written over one a department filled."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_excel import ACTUALS, TARGETS, run

from conftest import ROOT, write_data
from processes import snapshot

FORM = "phieu/phong_vhxh.xlsx"
"""The form of one indicator, ty_le_ngheo, in row 7; F7 is its 'Ước thực hiện năm 2023'."""
SHEET = "xl/worksheets/sheet1.xml"
MEMORY_LIMIT = 2 * 2**30


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office of tests/test_excel.py (departments tc and vhxh), its forms in phieu/."""
    repo = tmp_path / "kho"
    write_data(repo / "data", ACTUALS, TARGETS)
    monkeypatch.chdir(repo)
    assert run("excel", "mau", "-o", "phieu").exit_code == 0
    return repo


def crafted(repo: Path, name: str, edit: bytes, *, in_row_7: bool = True) -> Path:
    """The vhxh form with `edit` (raw sheet XML) added to row 7, or as rows after it."""
    target = repo / "phieu" / name
    with zipfile.ZipFile(repo / FORM) as old, zipfile.ZipFile(target, "w",
                                                               zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == SHEET:
                end = b"</row></sheetData>" if in_row_7 else b"</sheetData>"
                data = data.replace(end, edit + end)
            new.writestr(item.filename, data)
    return target


def ktxh_limited(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A whole process under an address-space limit: a crash or an allocation without bound is
    its failure, not the machine's."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200",
                   "NO_COLOR": "1", "KTXH_CACHE_DIR": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "kt_xh", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=60, preexec_fn=limit)


def test_a_cell_far_outside_the_form_is_refused_before_the_sheet_is_built(office: Path
                                                                           ) -> None:
    # one cell at the last row and column Excel has: a dense sheet of 2^34 cells
    far = crafted(office, "xa.xlsx", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                  in_row_7=False)
    # cells and rows without a reference: each one after the one before it
    wide = crafted(office, "rong.xlsx", b'<row r="8">' + b"<c><v>1</v></c>" * 61 + b"</row>",
                   in_row_7=False)
    tall = crafted(office, "dai.xlsx", b'<row r="5000"/><row><c><v>1</v></c></row>',
                   in_row_7=False)
    endless = crafted(office, "so_dai.xlsx",
                      b'<row><c r="A' + b"9" * 5000 + b'"><v>1</v></c></row>', in_row_7=False)
    before = snapshot(office / "data")
    for workbook, cell in ((far, "XFD1048576"), (wide, "BI8"), (tall, "A5001"),
                           (endless, "A999999999")):
        result = ktxh_limited(office, "excel", "nhap", str(workbook.relative_to(office)))
        assert result.returncode == 2, result.stderr[-2000:]
        assert result.stdout == "" and result.stderr.startswith(
            f"phieu/{workbook.name}: không đọc được sổ tính: có ô {cell} ngoài vùng đọc được "
            "(tối đa 5000 dòng, 60 cột). Hãy mở tệp bằng Excel hoặc LibreOffice"), result.stderr
    assert snapshot(office / "data") == before
    # the last cell that may be read: row 5000, column 60 (BH)
    edge = crafted(office, "bien.xlsx", b'<row r="5000"><c r="BH5000" t="inlineStr"><is><t>'
                   b"ghi ch\xc3\xba</t></is></c></row>", in_row_7=False)
    assert ktxh_limited(office, "excel", "nhap", str(edge.relative_to(office))).returncode == 0


def test_a_name_starting_with_an_equals_sign_stays_text_in_every_workbook(office: Path
                                                                          ) -> None:
    actuals = office / "data" / "2023_actuals.yaml"
    hostile = '=HYPERLINK("http://x.invalid","Thu")'
    actuals.write_text(actuals.read_text(encoding="utf-8")
                       .replace("ten: Thu ngân sách trên địa bàn", f"ten: '{hostile}'")
                       .replace("ten: Thu thuế\n    don_vi_tinh: triệu đồng",
                                "ten: Thu thuế\n    don_vi_tinh: '=1+1'"), encoding="utf-8")
    assert run("excel", "mau", "-o", "phieu2").exit_code == 0
    assert run("excel", "xuat", "-o", "bieu.xlsx").exit_code == 0
    for workbook in (office / "phieu2" / "phong_tc.xlsx", office / "bieu.xlsx"):
        with zipfile.ZipFile(workbook) as package:
            assert not any(b"<f>" in package.read(name) or b"<f " in package.read(name)
                           for name in package.namelist()), workbook.name
        texts = {cell.value for row in openpyxl.load_workbook(workbook).active.iter_rows()
                 for cell in row}
        assert hostile in texts and "=1+1" in texts, workbook.name
    # the form still reads back: its names are the data's, as text
    assert run("excel", "nhap", "phieu2/phong_tc.xlsx").exit_code == 0


def _import_into_f7(office: Path, name: str, cell: bytes) -> subprocess.CompletedProcess[str]:
    form = crafted(office, name, cell)
    return ktxh_limited(office, "excel", "nhap", str(form.relative_to(office)))


def test_a_number_excel_cannot_hold_is_a_problem_not_an_empty_cell(office: Path) -> None:
    before = snapshot(office / "data")
    for name, value in (("tran.xlsx", b"1e400"), ("am_tran.xlsx", b"-1E+999"),
                        ("nan.xlsx", b"NaN")):
        result = _import_into_f7(office, name, b'<c r="F7"><v>' + value + b"</v></c>")
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith(f"{name}!F7: '#NUM!' không phải là số."), result.stderr
    assert snapshot(office / "data") == before


def test_negative_zero_is_written_as_fmt_writes_zero(office: Path) -> None:
    actuals = office / "data" / "2023_actuals.yaml"
    for name, cell, written in (
            ("am_khong.xlsx", b'<c r="F7"><v>-0</v></c>', "uoc_thuc_hien: 0\n"),
            ("am_khong_chu.xlsx", b'<c r="F7" t="inlineStr"><is><t>-0,0</t></is></c>',
             "uoc_thuc_hien: 0.0\n")):
        actuals.write_text(ACTUALS, encoding="utf-8")
        result = _import_into_f7(office, name, cell)
        assert result.returncode == 0, result.stderr
        assert actuals.read_text(encoding="utf-8").endswith(f"    ke_hoach: 4.5\n    {written}")
        assert ktxh_limited(office, "fmt", "--check").returncode == 0


def test_a_very_long_text_in_a_number_cell_is_one_short_message(office: Path) -> None:
    digits = b"1" * 5000  # past the 4300 digits Python turns into a number
    result = _import_into_f7(office, "so_dai.xlsx",
                             b'<c r="F7" t="inlineStr"><is><t>' + digits + b"</t></is></c>")
    assert result.returncode == 2, result.stderr[-3000:]
    assert result.stderr.startswith(f"so_dai.xlsx!F7: số {'1' * 40}… quá lớn hoặc quá nhiều chữ "
                                    "số thập phân (tối đa 15 chữ số phần nguyên"), result.stderr
    words = ("không phải số " * 5000).encode()
    result = _import_into_f7(office, "chu_dai.xlsx",
                             b'<c r="F7" t="inlineStr"><is><t>' + words + b"</t></is></c>")
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("chu_dai.xlsx!F7: 'không phải số không phải số không phải s…' không "
                            "phải là số.") and len(first) < 300, first[:400]


def test_a_form_with_a_second_filled_sheet_is_not_half_read(office: Path) -> None:
    workbook = openpyxl.load_workbook(office / FORM)
    copy = workbook.copy_worksheet(workbook.active)
    copy.title = "Bản sửa"
    copy["F7"] = 4.1  # the department's corrected figure, on a copy of the sheet
    workbook.save(office / "phieu" / "hai_trang.xlsx")
    before = snapshot(office / "data")
    result = run("excel", "nhap", "phieu/hai_trang.xlsx")
    assert result.exit_code == 2
    assert result.output.startswith(
        "phieu/hai_trang.xlsx: có 2 trang tính mang dòng tiêu đề của phiếu ('Số liệu', 'Bản "
        "sửa'); ktxh chỉ nhập một trang. Hãy chép số vào một trang, xóa các trang kia, lưu lại "
        "rồi nhập lại.\nKhông nhập gì"), result.output
    assert snapshot(office / "data") == before


def test_forms_are_never_written_over_forms_a_department_filled(office: Path) -> None:
    assert run("excel", "mau", "-o", "phieu").exit_code == 0  # blank forms: written again
    workbook = openpyxl.load_workbook(office / FORM)
    workbook.active["F7"] = 3.9
    workbook.save(office / FORM)
    (office / "phieu" / "phong_tc.xlsx").write_bytes(b"not a workbook")
    before = snapshot(office / "phieu")
    result = run("excel", "mau", "-o", "phieu")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Không ghi phiếu phieu/phong_tc.xlsx: tệp này đã có và không phải phiếu trống do ktxh "
        "tạo; ghi đè sẽ mất nó. Hãy chuyển tệp sang chỗ khác, hoặc ghi phiếu mới vào thư mục "
        "khác bằng -o.",
        "Không ghi phiếu phieu/phong_vhxh.xlsx: phòng đã điền số vào phiếu này (ô F7); ghi đè "
        "sẽ mất số đó. Hãy nhập phiếu trước (ktxh excel nhap phieu/phong_vhxh.xlsx) rồi chuyển "
        "nó sang chỗ khác, hoặc ghi phiếu mới vào thư mục khác bằng -o."]
    assert snapshot(office / "phieu") == before  # neither form was written
    assert run("excel", "mau", "-o", "phieu_moi").exit_code == 0


def test_a_page_pasted_into_the_id_or_unit_cell_is_quoted_short(office: Path) -> None:
    page = ("ty_le_ngheo " * 3000).encode()
    for name, cell, start in (
            ("ma_dai.xlsx", b"A7", "ma_dai.xlsx!A7: không có chỉ tiêu mã 'ty_le_ngheo ty_le_ngheo "
                                   "ty_le_ngheo ty_l…' trong số liệu."),
            ("dvt_dai.xlsx", b"C7", "dvt_dai.xlsx!C7: đơn vị tính của 'ty_le_ngheo' đã bị sửa "
                                    "thành 'ty_le_ngheo ty_le_ngheo ty_le_ngheo ty_l…' (số "
                                    "liệu ghi '%').")):
        form = crafted(office, name, b"", in_row_7=False)
        with zipfile.ZipFile(office / FORM) as old, zipfile.ZipFile(form, "w") as new:
            for item in old.infolist():
                data = old.read(item)
                if item.filename == SHEET:  # the cell's text replaced by the page
                    begin = data.index(b'<c r="' + cell + b'"')
                    end = data.index(b"</c>", begin) + len(b"</c>")
                    data = (data[:begin] + b'<c r="' + cell + b'" t="inlineStr"><is><t>' + page
                            + b"</t></is></c>" + data[end:])
                new.writestr(item.filename, data)
        result = run("excel", "nhap", str(form.relative_to(office)))
        assert result.exit_code == 2
        first = result.output.splitlines()[0]
        assert first.startswith(start) and len(first) < 400, first[:500]


def test_an_xls_cell_far_outside_the_form_is_refused_before_the_sheet_is_built(
        office: Path, tmp_path: Path) -> None:
    from test_excel import _convert, _soffice

    soffice = _soffice()
    workbook = openpyxl.load_workbook(office / FORM)
    workbook.active["IV65536"] = 7  # the last cell of an .xls: 2^24 cells, 1 GB built dense
    workbook.save(tmp_path / "xa.xlsx")
    xls = _convert(soffice, tmp_path / "xa.xlsx", "xls", tmp_path / "xls")
    raw = xls.read_bytes()
    # the same cell, its column made 65535 in the file (an RK record: type, length, row, column)
    record = b"\x7e\x02\x0a\x00\xff\xff\xff\x00"
    assert raw.count(record) == 1
    crafted_xls = tmp_path / "xls" / "cot_65535.xls"
    crafted_xls.write_bytes(raw.replace(record, record[:6] + b"\xff\xff"))
    for workbook_path, cell in ((xls, "IV65536"), (crafted_xls, "CRXP65536")):
        result = ktxh_limited(office, "excel", "nhap", str(workbook_path))
        assert result.returncode == 2, result.stderr[-2000:]
        assert result.stderr.startswith(
            f"{workbook_path}: không đọc được sổ tính: có ô {cell} ngoài vùng đọc được (tối đa "
            "5000 dòng, 60 cột)."), result.stderr[:500]
