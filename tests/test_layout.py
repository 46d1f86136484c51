"""Issue 16: the page as the council sees it. Word pairs that never break, the signature block,
an appendix whose rows span the whole grid and print each figure once, numbers in footnotes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kt_xh import appendix
from kt_xh.build import build_report
from kt_xh.checks import run_check
from kt_xh.document import AppendixRow, appendix_of
from kt_xh.docx_table_layout import appendix_widths, text_width
from kt_xh.domain import Report
from kt_xh.line_breaks import NBSP, keep_together
from kt_xh.loading import load_report
from kt_xh.model import Indicator, Unit
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, ROOT, SHIPPED_DATA, write_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
N = NBSP


# ---------------------------------------------------------------- 1. word pairs
@pytest.mark.parametrize(("text", "kept"), [
    ("phát triển kinh tế - xã hội", f"phát triển kinh{N}tế{N}-{N}xã{N}hội"),
    ("BẢO ĐẢM QUỐC PHÒNG – AN NINH NĂM 2023", f"BẢO ĐẢM QUỐC{N}PHÒNG{N}–{N}AN{N}NINH NĂM{N}2023"),
    ("Về phát triển kinh tế", f"Về phát triển kinh{N}tế"),
    ("an sinh xã hội", f"an sinh xã{N}hội"),
    ("đạt 1.400 cờ, 12,5 tỷ đồng", f"đạt 1.400{N}cờ, 12,5{N}tỷ{N}đồng"),
    ("1. Về phát triển", "1. Về phát triển"),  # a heading's number is no figure
    ("giai đoạn 2021-2025 của tỉnh", "giai đoạn 2021-2025 của tỉnh"),
])
def test_word_pairs_are_joined_by_non_breaking_spaces(text: str, kept: str) -> None:
    assert keep_together(text) == kept


def test_the_template_can_keep_a_phrase_together() -> None:
    report = load_report(SHIPPED_DATA).report
    text = render_source("{{ ('bảo đảm quốc phòng - an ninh năm ' ~ nam) | giu_lien }}", "mau.j2",
                         report).text
    assert text == f"bảo đảm quốc{N}phòng{N}-{N}an{N}ninh năm{N}2023"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("layout") / "bao_cao.docx"
    build_report(SHIPPED_DATA, ROOT / "templates" / "bao_cao.docx.j2", None, output)
    return docx.Document(str(output))


def test_headings_and_subject_keep_their_word_pairs(document) -> None:
    paragraphs = document.paragraphs
    subject = paragraphs[1].text
    assert f"kinh{N}tế{N}-{N}xã{N}hội" in subject and f"quốc{N}phòng{N}-{N}an{N}ninh" in subject
    part_titles = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert part_titles[1].endswith(f"KINH{N}TẾ{N}-{N}XÃ{N}HỘI, BẢO ĐẢM QUỐC{N}PHÒNG{N}–{N}"
                                   f"AN{N}NINH NĂM{N}2023")
    body = [p.text for p in paragraphs if p.style.name == "Body Text"]
    assert N not in "".join(body)  # the body is left to the template (giu_lien)


def test_body_has_widow_control_and_headings_keep_with_next(document) -> None:
    styles = document.styles
    assert styles["Body Text"].paragraph_format.widow_control
    for name in ("heading 1", "heading 2", "heading 3", "heading 4"):
        assert styles[name].paragraph_format.keep_with_next, name
    assert styles["heading 1"].paragraph_format.space_after == 6 * 12700  # 6 pt in EMU
    # ... after the part's title; none between 'Phần thứ nhất' and the title (same style)
    assert styles["heading 1"].element.find(f"{W}pPr/{W}contextualSpacing") is not None
    for name in ("heading 2", "heading 3", "heading 4"):  # a pair never stretches a line
        assert styles[name].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT, name


# ---------------------------------------------------------------- 2. the signature block
def test_recipients_heading_is_level_with_the_authority(document) -> None:
    signature = document.tables[1]
    recipients, signer = signature.cell(0, 0).paragraphs[0], signature.cell(0, 1).paragraphs[0]
    assert recipients.text == "Nơi nhận:" and signer.text == "TM. ỦY BAN NHÂN DÂN"
    assert not recipients.style.paragraph_format.space_before
    assert not signer.style.paragraph_format.space_before
    name = signature.cell(0, 1).paragraphs[-1]
    assert name.style.font.bold and name.style.paragraph_format.space_before >= 12700 * 60


def _signer_findings(tmp_path: Path, actuals: str) -> list:
    result = run_check(write_data(tmp_path / "data", actuals), None)
    return [f for f in result.findings if f.rule == "thieu-ten-nguoi-ky"]


def test_a_missing_signer_name_is_a_warning_and_a_blank_one_is_deliberate(tmp_path) -> None:
    missing = MINIMAL_ACTUALS.replace("    ho_ten: Nguyễn Văn An\n", "")
    found = _signer_findings(tmp_path / "a", missing)
    assert [(Path(f.file).name, f.line) for f in found] == [("2023_actuals.yaml", 7)]  # nguoi_ky:
    assert "ho_ten" in found[0].message and "ho_ten:" in found[0].hint
    assert not _signer_findings(tmp_path / "b", MINIMAL_ACTUALS.replace(
        "ho_ten: Nguyễn Văn An", "ho_ten:"))
    assert not _signer_findings(tmp_path / "c", MINIMAL_ACTUALS)


# ---------------------------------------------------------------- 4. numbers in footnotes
def test_a_thousands_figure_typed_without_its_separator_is_a_warning(tmp_path) -> None:
    template = ("Câu một.\n"
                "Đã treo cờ^[Treo 1400 cờ, 12000 khẩu hiệu trong năm 2023, giai đoạn 2021-2025, "
                "ISO 9001:2015, Nghị định 09/2019, 1.009 lượt, 999 lượt].\n")
    path = tmp_path / "mau.j2"
    path.write_text(template, encoding="utf-8")
    result = run_check(write_data(tmp_path / "data"), path)
    found = [(f.line, f.figures["so"], f.hint) for f in result.findings
             if f.rule == "so-thieu-dau-nghin"]
    assert found == [(2, "1400", "Hãy viết 1.400."), (2, "12000", "Hãy viết 12.000.")]


def test_the_shipped_footnote_prints_1400_with_its_separator(document) -> None:
    footnotes = next(p for p in document.part.package.parts
                     if p.partname == "/word/footnotes.xml").blob.decode("utf-8")
    assert "1.400 cờ hồng kỳ" in footnotes and "1400" not in footnotes


# ---------------------------------------------------------------- 3. the appendix
def _report(indicators: dict[str, dict]) -> Report:
    unit = Unit.model_validate({
        "co_quan_ban_hanh": ["ỦY BAN NHÂN DÂN", "XÃ THỬ"], "ten_goi_tat": "UBND xã Thử",
        "ky_hieu": "BC-UBND", "dia_danh": "Thử",
        "nguoi_ky": {"tham_quyen": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}})
    built = {key: Indicator.model_validate({"don_vi_tinh": "triệu đồng", **fields})
             for key, fields in indicators.items()}
    return Report(2023, unit, built, {})


def _rows(report: Report) -> list[tuple[str, str]]:
    return [(row.name, row.cells[2] if row.cells else "") for row in appendix.rows(report)]


def test_a_part_of_two_totals_is_printed_once_and_named_with_the_other_total() -> None:
    report = _report({
        "tong": {"ten": "Tổng vốn", "nhom": "kinh_te", "uoc_thuc_hien": 30,
                 "thanh_phan": [{"gom": ["su_nghiep", "dau_tu"]},
                                {"gom": ["ct_a", "ct_b"]}]},
        "su_nghiep": {"ten": "Vốn sự nghiệp", "uoc_thuc_hien": 12,
                      "thanh_phan": ["a_su_nghiep", "b_su_nghiep"]},
        "dau_tu": {"ten": "Vốn đầu tư", "uoc_thuc_hien": 18},
        "ct_a": {"ten": "Chương trình A", "uoc_thuc_hien": 10,
                 "thanh_phan": ["a_su_nghiep"]},
        "ct_b": {"ten": "Chương trình B", "uoc_thuc_hien": 2, "thanh_phan": ["b_su_nghiep"]},
        "a_su_nghiep": {"ten": "Vốn sự nghiệp", "uoc_thuc_hien": 10},
        "b_su_nghiep": {"ten": "Vốn sự nghiệp", "uoc_thuc_hien": 2},
    })
    assert _rows(report) == [
        ("CHỈ TIÊU KINH TẾ", ""),
        ("Tổng vốn", "30"),
        ("- Vốn sự nghiệp", "12"),
        ("+ Chương trình A (vốn sự nghiệp)", "10"),
        ("+ Chương trình B (vốn sự nghiệp)", "2"),
        ("- Vốn đầu tư", "18"),
        ("- Chương trình A", "10"),
        ("- Chương trình B", "2"),
    ]


def test_a_trong_do_line_goes_with_its_parts_when_they_are_printed_elsewhere() -> None:
    report = _report({
        "tong_thu": {"ten": "Tổng thu", "nhom": "kinh_te", "uoc_thuc_hien": 100,
                     "thanh_phan": ["huong", "bo_sung"]},
        "thu_dia_ban": {"ten": "Thu trên địa bàn", "nhom": "kinh_te", "uoc_thuc_hien": 80,
                        "thanh_phan": [{"gom": ["can_doi"], "kieu": "mot_phan"},
                                       {"gom": ["huong"], "kieu": "mot_phan"}]},
        "huong": {"ten": "Thu được hưởng", "uoc_thuc_hien": 60},
        "bo_sung": {"ten": "Thu bổ sung", "uoc_thuc_hien": 40},
        "can_doi": {"ten": "Thu cân đối", "uoc_thuc_hien": 50},
    })
    names = [name for name, _ in _rows(report)]
    assert names == ["CHỈ TIÊU KINH TẾ", "Tổng thu", "- Thu được hưởng", "- Thu bổ sung",
                     "Thu trên địa bàn", "Trong đó:", "- Thu cân đối"]


@pytest.mark.parametrize(("label", "short"), [
    ("kế hoạch tỉnh", "tỉnh giao"),
    ("kế hoạch tỉnh giao", "tỉnh giao"),
    ("so với Nghị quyết HĐND thành phố giao", "HĐND giao"),
    ("Nghị quyết HĐND thành phố giao", "HĐND giao"),
    ("so với dự toán thành phố giao", "thành phố giao"),
    ("kế hoạch", "kế hoạch"),
    ("kế hoạch vốn đã nhập TABMIS", "vốn đã nhập TABMIS"),
])
def test_plan_bases_are_labelled_briefly(label: str, short: str) -> None:
    assert appendix.base_label(label) == short


def test_a_cell_with_two_plan_bases_says_which_is_which() -> None:
    report = _report({"thu": {
        "ten": "Thu ngân sách", "nhom": "kinh_te", "uoc_thuc_hien": 132900,
        "ke_hoach": [{"nhan": "kế hoạch tỉnh giao", "gia_tri": 205000},
                     {"nhan": "so với Nghị quyết HĐND thành phố giao", "gia_tri": 208000,
                      "chinh": True}]}})
    row = appendix.rows(report)[1]
    assert row.cells[1] == "tỉnh giao:\n205.000\nHĐND giao:\n208.000"
    assert row.cells[4] == "64"  # 132.900 / 208.000 = 63,9% of the main base


def test_a_stated_ratio_without_figures_shows_the_ratio_and_its_status() -> None:
    report = _report({
        "bac_sy": {"ten": "Số bác sỹ/vạn dân", "nhom": "van_hoa_xa_hoi",
                   "ty_le_da_neu": [{"so_voi": "ke_hoach", "dat": 87, "o_dau": "IV.2"}]},
        "vuot": {"ten": "Vượt", "nhom": "van_hoa_xa_hoi",
                 "ty_le_da_neu": [{"so_voi": "ke_hoach", "tang": Decimal("0.5"), "o_dau": "IV.2"}]},
        "dat": {"ten": "Đạt", "nhom": "van_hoa_xa_hoi",
                "ty_le_da_neu": [{"so_voi": "ke_hoach", "dat": 100, "o_dau": "IV.2"}]},
        "giam": {"ten": "Ít là tốt", "nhom": "van_hoa_xa_hoi", "chieu": "giam_la_tot",
                 "ty_le_da_neu": [{"so_voi": "ke_hoach", "dat": 95, "o_dau": "IV.2"}]},
    })
    cells = {row.name: (row.cells[4], row.cells[7]) for row in appendix.rows(report)[1:]}
    assert cells == {"Số bác sỹ/vạn dân": ("87", "Không đạt"), "Vượt": ("100,5", "Vượt"),
                     "Đạt": ("100", "Đạt"), "Ít là tốt": ("95", "Vượt")}


def test_columns_6_and_7_print_whole_percentages_unless_that_misstates() -> None:
    report = _report({
        "dao_tao": {"ten": "Đào tạo nghề", "nhom": "van_hoa_xa_hoi", "don_vi_tinh": "người",
                    "thap_phan_so_sanh": 1, "cung_ky": 300, "ke_hoach": 350,
                    "uoc_thuc_hien": 250},
        "sat_nut": {"ten": "Sát nút", "nhom": "van_hoa_xa_hoi", "cung_ky": 1000,
                    "uoc_thuc_hien": 996},
    })
    rows = {row.name: row.cells for row in appendix.rows(report)[1:]}
    assert rows["Đào tạo nghề"][4:6] == ("71,4", "83")  # 250/350 = 71,43; 250/300 = 83,33
    assert rows["Sát nút"][5] == "99,6"  # 99,6 rounded whole would read as 100


def test_the_header_has_no_stray_space_and_heads_the_status_column() -> None:
    labels = appendix_of(load_report(SHIPPED_DATA).report).header.labels
    assert labels[7:] == ("ƯTH 2023/KH 2023", "ƯTH 2023/TH 2022", "KH 2024/ƯTH 2023", "Đánh giá")


def _grid_spans(row) -> int:
    total = 0
    for cell in row.findall(f"{W}tc"):
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        total += 1 if span is None else int(span.get(f"{W}val"))
    return total


def test_every_appendix_row_spans_the_full_grid(document) -> None:
    table = document.tables[2]._tbl
    columns = len(table.find(f"{W}tblGrid").findall(f"{W}gridCol"))
    assert columns == 11
    rows = table.findall(f"{W}tr")
    short = [i for i, row in enumerate(rows) if _grid_spans(row) != columns]
    assert not short, f"rows {short} do not span the {columns} grid columns"
    labels = [row for row in rows if "Trong đó:" in "".join(t.text for t in row.iter(f"{W}t"))]
    assert len(labels) == 5 and all(len(row.findall(f"{W}tc")) == 2 for row in labels)


def test_column_widths_come_from_the_content() -> None:
    table = appendix_of(load_report(SHIPPED_DATA).report)
    widths = appendix_widths(table, 14287)
    assert sum(widths) == 14287
    # 'Không đạt' at 11 pt: K 0,722 + h, ô, n, g, đ 0,5 each + space 0,25 + ạ 0,444 + t 0,278
    # = 4,194 em = 46,1 pt = 923 twips, plus 114 of cell margins
    assert widths[10] >= 923 + 114
    assert widths[1] == max(widths)  # the names take the rest
    for column in (0, 2):  # last year's figures and the estimates never wrap
        widest = max(text_width(line) for row in table.rows if isinstance(row, AppendixRow)
                     and row.cells for line in row.cells[column])
        assert widths[3 + column] >= widest + 114
