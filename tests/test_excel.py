"""ktxh excel: collection forms out, filled forms in (the round trip of issue #14), and the
Biểu as a workbook equal to the Word appendix."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from kt_xh.build import build_report
from kt_xh.cli import app

from conftest import ROOT, SHIPPED_DATA, write_data
from processes import snapshot

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}

ACTUALS = """\
nam: 2023

don_vi:
  co_quan_ban_hanh:
    - ỦY BAN NHÂN DÂN
    - XÃ THỬ NGHIỆM
  ten_goi_tat: UBND xã Thử Nghiệm
  ky_hieu: BC-UBND
  dia_danh: Thử Nghiệm
  nguoi_ky:
    tham_quyen: TM. ỦY BAN NHÂN DÂN
    chuc_vu: CHỦ TỊCH

phong_ban:
  tc: Phòng Tài chính - Kế hoạch
  vhxh: Phòng Văn hóa - Xã hội

chi_tieu:
  # thu ngân sách: số của phòng Tài chính
  thu_ngan_sach:
    ten: Thu ngân sách trên địa bàn
    don_vi_tinh: triệu đồng
    phu_trach: tc
    cung_ky: 150000
    ke_hoach: 160000
    thanh_phan: [thu_thue, thu_phi]

  thu_thue:
    ten: Thu thuế
    don_vi_tinh: triệu đồng
    ke_hoach: 120000

  thu_phi:
    ten: Thu phí, lệ phí
    don_vi_tinh: triệu đồng
    ke_hoach: 40000

  ty_le_ngheo:
    ten: Tỷ lệ hộ nghèo
    don_vi_tinh: '%'
    loai: ty_le
    chieu: giam_la_tot
    phu_trach: vhxh
    cung_ky: 5.2
    ke_hoach: 4.5
"""

TARGETS = """\
nam: 2024

chi_tieu:

  ty_le_ngheo:
    ke_hoach: 4  # Nghị quyết HĐND xã
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Kiểm thử", "-c", "user.email=t@ktxh.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office's repository with two departments, the forms written to phieu/."""
    repo = tmp_path / "kho"
    write_data(repo / "data", ACTUALS, TARGETS)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "số liệu trước khi nhận phiếu")
    monkeypatch.chdir(repo)
    result = run("excel", "mau", "-o", "phieu")
    assert result.exit_code == 0, result.output
    return repo


def fill(form: Path, cells: dict[str, object], saved_as: Path | None = None) -> Path:
    """What a department does: type into the cells, save."""
    workbook = openpyxl.load_workbook(form)
    sheet = workbook.active
    for name, value in cells.items():
        sheet[name] = value
    workbook.save(saved_as or form)
    return saved_as or form


# ---------------------------------------------------------------- forms
def test_one_form_per_department_with_its_indicators(office: Path) -> None:
    assert sorted(p.name for p in (office / "phieu").iterdir()) == [
        "phong_tc.xlsx", "phong_vhxh.xlsx"]
    sheet = openpyxl.load_workbook(office / "phieu" / "phong_tc.xlsx").active
    assert sheet["A3"].value == "Phòng, ban: Phòng Tài chính - Kế hoạch (mã tc)"
    assert [c.value for c in sheet[6]] == [
        "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2022", "Kế hoạch năm 2023",
        "Ước thực hiện năm 2023", "Kế hoạch năm 2024", "Ghi chú của phòng"]
    # the components follow their total's department
    assert [sheet.cell(row, 1).value for row in range(7, 11)] == [
        "thu_ngan_sach", "thu_thue", "thu_phi", None]
    assert [sheet.cell(7, c).value for c in range(3, 8)] == [
        "triệu đồng", 150000, 160000, None, None]
    assert sheet["D7"].number_format == "#,##0"
    assert sheet.freeze_panes == "C7" and sheet.print_title_rows == "$6:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.protection.sheet
    assert sheet["A7"].protection.locked and sheet["D7"].protection.locked
    assert not sheet["F7"].protection.locked and not sheet["G7"].protection.locked
    validations = sheet.data_validations.dataValidation
    validated = {str(ref) for dv in validations for ref in dv.sqref.ranges}
    assert {"F7", "G7", "F9"} <= validated and dv_is_decimal(sheet)
    vhxh = openpyxl.load_workbook(office / "phieu" / "phong_vhxh.xlsx").active
    assert [vhxh.cell(7, c).value for c in range(1, 6)] == [
        "ty_le_ngheo", "Tỷ lệ hộ nghèo", "%", 5.2, 4.5]
    assert vhxh["D7"].number_format == "#,##0.0"


def dv_is_decimal(sheet) -> bool:
    return all(dv.type == "decimal" for dv in sheet.data_validations.dataValidation)


def test_forms_of_chosen_departments_and_an_unknown_code(office: Path) -> None:
    shutil.rmtree(office / "phieu")
    assert run("excel", "mau", "--phong", "vhxh", "-o", "phieu").exit_code == 0
    assert [p.name for p in (office / "phieu").iterdir()] == ["phong_vhxh.xlsx"]
    wrong = run("excel", "mau", "--phong", "yte", "-o", "phieu")
    assert wrong.exit_code == 2
    assert "Không có phòng, ban 'yte'" in wrong.output and "tc, vhxh" in wrong.output


def test_an_unknown_department_in_the_data_names_its_line(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", ACTUALS.replace("phu_trach: vhxh", "phu_trach: vhx"),
                      TARGETS)
    result = run("check", "--data", str(data), "--format", "github")
    assert result.exit_code == 2
    assert "2023_actuals.yaml,line=43" in result.output  # ty_le_ngheo's phu_trach
    assert "Phòng, ban 'vhx' không có trong danh sách 'phong_ban'" in result.output
    assert "'vhxh'" in result.output


# ---------------------------------------------------------------- the round trip
def test_filled_forms_come_back_as_exactly_the_filled_values(office: Path) -> None:
    phieu = office / "phieu"
    fill(phieu / "phong_tc.xlsx", {"F7": 171000, "G7": 185000, "F8": 130500, "F9": "40.500",
                                   "H8": "số ước đến 15/12"})
    fill(phieu / "phong_vhxh.xlsx", {"F7": 4.1})
    forms = [str(phieu / "phong_tc.xlsx"), str(phieu / "phong_vhxh.xlsx")]
    before = snapshot(office / "data")
    dry = run("excel", "nhap", *forms, "--thu")
    assert dry.exit_code == 0, dry.output
    assert snapshot(office / "data") == before
    assert "chưa ghi tệp nào" in dry.output
    result = run("excel", "nhap", *forms)
    assert result.exit_code == 0, result.output
    assert "phong_tc.xlsx!F9: ô ghi chữ '40.500', đọc theo cách viết Việt Nam là 40.500" in (
        result.output)
    document = json.loads(run("diff", "--format", "json").output)
    assert {d["id"]: [(c["what"], c["before"], c["after"]) for c in d["figures"]]
            for d in document["chi_tieu"]} == {
        "thu_ngan_sach": [("ước thực hiện", "—", "171.000"), ("kế hoạch năm sau", "—", "185.000")],
        "thu_thue": [("ước thực hiện", "—", "130.500")],
        "thu_phi": [("ước thực hiện", "—", "40.500")],
        "ty_le_ngheo": [("ước thực hiện", "—", "4,1")],
    }
    # what the import printed is what ktxh diff says
    assert "    ước thực hiện: — → 171.000\n    kế hoạch năm sau: — → 185.000\n" in result.output
    actuals = (office / "data" / "2023_actuals.yaml").read_text(encoding="utf-8")
    assert "  # thu ngân sách: số của phòng Tài chính\n  thu_ngan_sach:\n" in actuals
    assert ("    ke_hoach: 160000\n    uoc_thuc_hien: 171000\n    thanh_phan: [thu_thue, "
            "thu_phi]\n") in actuals
    targets = (office / "data" / "2024_targets.yaml").read_text(encoding="utf-8")
    assert targets == TARGETS + ("\n  thu_ngan_sach:\n    ten: Thu ngân sách trên địa bàn\n"
                                 "    ke_hoach: 185000\n")
    assert run("fmt", "--check").exit_code == 0
    assert run("check").exit_code == 0
    # the second time: nothing changes, nothing is written
    after = snapshot(office / "data")
    again = run("excel", "nhap", *forms)
    assert again.exit_code == 0
    assert "Không có thay đổi nào về số liệu." in again.output and "Đã ghi" not in again.output
    assert snapshot(office / "data") == after


def test_a_form_with_typing_errors_changes_nothing_and_names_each_cell(office: Path) -> None:
    phieu = office / "phieu"
    fill(phieu / "phong_tc.xlsx", {"F7": 171000, "F8": "một trăm", "A9": "thu_phii",
                                   "F9": 40500})
    fill(phieu / "phong_tc.xlsx", {"F7": 172000}, saved_as=phieu / "phong_tc_ban_2.xlsx")
    fill(phieu / "phong_vhxh.xlsx", {"C7": "‰", "F7": 4.1})
    before = snapshot(office / "data")
    result = run("excel", "nhap", str(phieu / "phong_tc.xlsx"), str(phieu / "phong_tc_ban_2.xlsx"),
                 str(phieu / "phong_vhxh.xlsx"))
    assert result.exit_code == 2
    assert snapshot(office / "data") == before
    lines = result.output.splitlines()
    assert lines[0].startswith("phong_tc.xlsx!F8: 'một trăm' không phải là số.")
    assert lines[1].startswith("phong_tc.xlsx!A9: không có chỉ tiêu mã 'thu_phii' trong số liệu. "
                               "Có phải là 'thu_phi'?")
    # the copy carries the same typing errors: each named in its own workbook
    assert lines[2].startswith("phong_tc_ban_2.xlsx!F8: 'một trăm' không phải là số.")
    assert any(line.startswith("phong_tc_ban_2.xlsx!F7: 'thu_ngan_sach' ghi 172.000, nhưng "
                               "phong_tc.xlsx!F7 ghi 171.000 cho cùng số liệu.") for line in lines)
    assert any(line.startswith("phong_vhxh.xlsx!C7: đơn vị tính của 'ty_le_ngheo' đã bị sửa "
                               "thành '‰'") for line in lines)
    assert lines[-1].startswith("Không nhập gì")
    assert "Traceback" not in result.output


def test_a_text_where_the_form_expects_a_number_in_the_targets_column(office: Path) -> None:
    form = fill(office / "phieu" / "phong_vhxh.xlsx", {"G7": "4,0%"})
    result = run("excel", "nhap", str(form))
    assert result.exit_code == 2
    assert result.output.startswith("phong_vhxh.xlsx!G7: '4,0%' không phải là số.")


def test_a_form_of_another_year_or_not_a_form(office: Path, tmp_path: Path) -> None:
    form = fill(office / "phieu" / "phong_vhxh.xlsx", {"F6": "Ước thực hiện năm 2022"})
    result = run("excel", "nhap", str(form))
    assert result.exit_code == 2
    assert result.output.startswith("phong_vhxh.xlsx!F6: đây là phiếu năm 2022, số liệu đang là "
                                    "năm 2023.")
    other = tmp_path / "bang_khac.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Bảng lương"
    workbook.save(other)
    assert run("excel", "nhap", str(other)).output.startswith(
        "bang_khac.xlsx: không phải phiếu thu thập của ktxh")


def _rezip(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        for name, data in extra.items():
            new.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_workbooks_with_macros_links_or_broken_are_refused(office: Path) -> None:
    form = office / "phieu" / "phong_vhxh.xlsx"
    macros = _rezip(form, office / "phieu" / "co_macro.xlsx", {"xl/vbaProject.bin": b"\0" * 10})
    linked = _rezip(form, office / "phieu" / "lien_ket.xlsx",
                    {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    broken = office / "phieu" / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    before = snapshot(office / "data")
    assert "sổ tính có macro, ktxh không đọc" in run("excel", "nhap", str(macros)).output
    assert "liên kết tới sổ tính khác" in run("excel", "nhap", str(linked)).output
    out = run("excel", "nhap", str(broken))
    assert out.exit_code == 2 and "không đọc được sổ tính" in out.output
    wrong_kind = run("excel", "nhap", "data/2023_actuals.yaml")
    assert "chỉ đọc sổ tính .xlsx, .xls hoặc .ods" in wrong_kind.output
    # every form's problems at once: the broken workbook does not hide the macros
    both = run("excel", "nhap", str(broken), str(macros)).output.splitlines()
    assert both[0].startswith("phieu/hong.xlsx: không đọc được sổ tính")
    assert both[1].startswith("phieu/co_macro.xlsx: sổ tính có macro")
    assert both[2].startswith("Không nhập gì")
    assert snapshot(office / "data") == before


def test_a_damaged_form_is_one_message_naming_the_file(office: Path) -> None:
    form = office / "phieu" / "phong_vhxh.xlsx"
    whole = form.read_bytes()
    cut = office / "phieu" / "cat_doi.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    garbled = office / "phieu" / "xml_hong.xlsx"
    with zipfile.ZipFile(form) as old, zipfile.ZipFile(garbled, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[:200] if item.filename.endswith("sheet1.xml") else data)
    for broken in (cut, garbled):
        result = run("excel", "nhap", str(broken))
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"phieu/{broken.name}: không đọc được sổ tính")
        assert "Traceback" not in result.output


def test_a_formula_is_read_as_its_saved_value_never_evaluated(office: Path) -> None:
    form = office / "phieu" / "phong_vhxh.xlsx"
    fill(form, {"F7": "=1+1"})  # openpyxl saves no value for it: the cell reads as empty
    result = run("excel", "nhap", str(form))
    assert result.exit_code == 0
    assert "Không có thay đổi nào về số liệu." in result.output


# ---------------------------------------------------------------- .ods and .xls through LibreOffice
def _soffice() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) chưa cài: .ci/run cài nó trước khi chạy kiểm thử")
    return soffice


def _convert(soffice: str, source: Path, to: str, folder: Path, env: dict[str, str] | None = None
             ) -> Path:
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180, env=env)
    made = [p for p in folder.iterdir() if p.stem.startswith(source.stem) and p != source
            and p.is_file()]
    assert made, f"LibreOffice did not convert {source}"
    return made[0]


def test_forms_saved_as_ods_and_xls_import_the_same(office: Path, tmp_path: Path) -> None:
    soffice = _soffice()
    phieu = office / "phieu"
    fill(phieu / "phong_tc.xlsx", {"F7": 171000, "F8": 130500.5})
    ods = _convert(soffice, phieu / "phong_tc.xlsx", "ods", tmp_path / "ods")
    xls_source = fill(phieu / "phong_vhxh.xlsx", {"F7": 4.1}, saved_as=tmp_path / "vhxh.xlsx")
    xls = _convert(soffice, xls_source, "xls", tmp_path / "xls")
    result = run("excel", "nhap", str(ods), str(xls))
    assert result.exit_code == 0, result.output
    assert f"{ods.name}" not in result.output  # nothing to note about
    figures = {d["id"]: [(c["what"], c["after"]) for c in d["figures"]]
               for d in json.loads(run("diff", "--format", "json").output)["chi_tieu"]}
    assert figures == {"thu_ngan_sach": [("ước thực hiện", "171.000")],
                       "thu_thue": [("ước thực hiện", "130.500,5")],
                       "ty_le_ngheo": [("ước thực hiện", "4,1")]}


# ---------------------------------------------------------------- the Biểu
def _word_rows(docx: Path) -> list[list[str]]:
    """The appendix table of the report as Word shows it, a merged cell once."""
    table = Document(str(docx)).tables[-1]
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        rows.append(cells)
    return rows


ONE_NUMBER = re.compile(r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?( điểm|‰|%)?")


def _number_in(text: str) -> Decimal:
    """`4.148` -> 4148, `+0,35 điểm` -> 0.35, `-0,1‰` -> -0.1, `101%` -> 101 (test's own)."""
    bare = re.sub(r"( điểm|‰|%)$", "", text).replace(".", "").replace(",", ".")
    return Decimal(bare)


@pytest.fixture(scope="module")
def shipped_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("bieu")
    report = build_report(SHIPPED_DATA, ROOT / "templates" / "bao_cao.docx.j2", None,
                          folder / "bao_cao.docx").output
    workbook = folder / "bieu.xlsx"
    result = run("excel", "xuat", "--data", str(SHIPPED_DATA), "-o", str(workbook))
    assert result.exit_code == 0, result.output
    assert result.output == f"Đã ghi biểu: {workbook} (172 chỉ tiêu).\n"
    return report, workbook


def test_the_exported_bieu_equals_the_word_appendix_cell_by_cell(shipped_outputs) -> None:
    report, workbook = shipped_outputs
    word = _word_rows(report)
    sheet = openpyxl.load_workbook(workbook)["Biểu"]
    first = 5  # title, note, source line, then the header
    assert [sheet.cell(first + 3, c).value for c in (1, 2)] == ["I", "CHỈ TIÊU KINH TẾ"]
    numbers = 0
    for offset, word_row in enumerate(word):
        row = first + offset
        if offset == 1:  # the second header row: Word merges the first seven and the last
            cells = [sheet.cell(row, c).value for c in (8, 9, 10)]
            assert cells == word_row[7:10]
            continue
        if len(word_row) == 2:  # a group or 'Trong đó:': STT and its label over all columns
            assert [sheet.cell(row, 1).value or "", sheet.cell(row, 2).value] == word_row
            assert ((row, 2), (row, 11)) in _merged(sheet)
            continue
        shown = [sheet.cell(row, c).value for c in range(1, 12)]
        if offset == 0:
            word_row = [*word_row[:8], "", "", word_row[8]]  # "So sánh (%)" spans three
        for column, (value, text) in enumerate(zip(shown, word_row, strict=True), start=1):
            if isinstance(value, int | float):
                numbers += 1
                assert _number_in(text) == Decimal(repr(value)), (row, column, text, value)
            else:
                assert (value or "") == text, (row, column)
                # a cell Word prints as one number is a number in the workbook, not text
                assert offset < 3 or column < 4 or not ONE_NUMBER.fullmatch(text), (row, column)
    assert numbers > 300
    assert sheet.max_row == first + len(word) + 1  # the table note under the table


def _merged(sheet) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    return {((r.min_row, r.min_col), (r.max_row, r.max_col)) for r in sheet.merged_cells.ranges}


def test_the_bieu_is_laid_out_for_printing(shipped_outputs) -> None:
    _, workbook = shipped_outputs
    sheet = openpyxl.load_workbook(workbook)["Biểu"]
    assert sheet["A2"].value == ("MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2023 VÀ KẾ HOẠCH "
                                 "NĂM 2024")
    assert sheet["A4"].value == "Nguồn số liệu: UBND thành phố Lai Châu, số liệu năm 2023 (ktxh)."
    assert {((5, 8), (5, 10)), ((5, 1), (6, 1)), ((5, 11), (6, 11))} <= _merged(sheet)
    assert [sheet.cell(7, c).value for c in range(1, 12)] == [
        "A", "B", "C", "1", "2", "3", "4", "5=3/2", "6=3/1", "7=4/3", "8"]
    assert sheet.freeze_panes == "D8"
    assert sheet.print_title_rows == "$5:$7"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # a value, a rate's points, a per-mille difference, a ratio stated for a rate
    by_name = {sheet.cell(r, 2).value: r for r in range(8, sheet.max_row)}
    retail = by_name["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ (giá hiện hành)"]
    assert (sheet.cell(retail, 6).value, sheet.cell(retail, 6).number_format) == (4148, "#,##0")
    tourism = by_name["Tổng doanh thu ngành du lịch"]
    assert sheet.cell(tourism, 6).number_format == "#,##0.0"
    births = by_name["Tỷ lệ tăng dân số tự nhiên"]
    assert sheet.cell(births, 8).value == -0.1
    assert sheet.cell(births, 8).number_format == '+#,##0.0"‰";-#,##0.0"‰";#,##0.0"‰"'


def test_libreoffice_opens_the_bieu_and_shows_the_word_appendix(
        shipped_outputs, tmp_path: Path) -> None:
    """Converted to CSV by LibreOffice in Vietnamese, each row reads as the Word table does:
    the number formats give Vietnamese separators, points and per mille."""
    import os

    soffice = _soffice()
    report, workbook = shipped_outputs
    env = {**os.environ, "LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"}
    csv_file = _convert(soffice, workbook, "csv:Text - txt - csv (StarCalc):44,34,76,1,,1066,"
                        "false,true,true", tmp_path, env)
    import csv

    with csv_file.open(encoding="utf-8", newline="") as handle:
        shown = list(csv.reader(handle))
    word = _word_rows(report)
    body = shown[7:7 + len(word) - 3]
    assert len(body) == len(word) - 3
    for csv_row, word_row in zip(body, word[3:], strict=True):
        assert csv_row[:len(word_row)] == word_row
        assert not any(csv_row[len(word_row):])


def test_the_bieu_is_never_written_over_an_input(office: Path) -> None:
    before = snapshot(office / "data")
    for target in ("data/2023_actuals.yaml", "data", "bieu.xls"):
        result = run("excel", "xuat", "-o", target)
        assert result.exit_code == 2
        assert result.output.startswith(f"Không ghi biểu vào {target}: biểu là sổ tính Excel")
    assert snapshot(office / "data") == before
    assert run("excel", "xuat").output == "Đã ghi biểu: build/bieu_2023.xlsx (4 chỉ tiêu).\n"


def test_a_zip_bomb_or_an_oversized_sheet_is_refused_before_it_is_read(
        office: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kt_xh import excel_read

    form = office / "phieu" / "phong_vhxh.xlsx"
    bomb = _rezip(form, office / "phieu" / "bom.xlsx",
                  {"xl/media/image1.png": b"\0" * (20 << 20)})
    assert bomb.stat().st_size < 1 << 20  # 20 MB of zeros pack to about 20 KB
    result = run("excel", "nhap", str(bomb))
    assert result.exit_code == 2
    assert result.output.startswith("phieu/bom.xlsx: không đọc được sổ tính: tệp nén bên trong "
                                    "hỏng, có mật khẩu hoặc giải nén ra quá lớn.")
    # the form has 7 rows: 6 above and with the header, one indicator
    monkeypatch.setattr(excel_read, "MAX_ROWS", 6)
    result = run("excel", "nhap", str(form))
    assert result.exit_code == 2
    assert "có ô A7 ngoài vùng đọc được (tối đa 6 dòng, 60 cột)" in result.output
    monkeypatch.setattr(excel_read, "MAX_ROWS", 7)
    assert run("excel", "nhap", str(form)).exit_code == 0


def test_diff_shows_a_change_of_department(office: Path) -> None:
    actuals = office / "data" / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("phu_trach: vhxh",
                                                                   "phu_trach: tc"),
                       encoding="utf-8")
    assert "~ ty_le_ngheo: Tỷ lệ hộ nghèo\n    phòng phụ trách: vhxh → tc\n" in run("diff").output
