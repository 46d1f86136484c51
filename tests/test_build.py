"""build-report end to end: figures flow from the data everywhere, the output is written safely,
and an office's reference document restyles the report."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from typer.testing import CliRunner

from kt_xh.build import build_report
from kt_xh.cli import app
from kt_xh.docx_reference import DEFAULT_REFERENCE, default_reference_bytes
from kt_xh.errors import DataError, FindingsError, OutputError, TemplateError
from kt_xh.output import TEMP_SUFFIX

from conftest import ROOT, SHIPPED_DATA

TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"


def document_text(path: Path) -> tuple[str, list[list[str]]]:
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    return body, rows


def appendix_row(rows: list[list[str]], name: str) -> list[str]:
    return next(row for row in rows if row[1] == name)


def copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    return folder


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changing_one_figure_changes_it_everywhere_with_its_percentages(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    actuals = data / "2023_actuals.yaml"
    replace_in(actuals, "uoc_thuc_hien: 4148", "uoc_thuc_hien: 4300")
    replace_in(actuals, "uoc_thuc_hien: 132900", "uoc_thuc_hien: 150000")
    replace_in(actuals, "uoc_thuc_hien: 1.56", "uoc_thuc_hien: 1.9")
    output = tmp_path / "bao_cao.docx"
    with pytest.raises(FindingsError) as caught:  # the seed's stated ratios no longer hold
        build_report(data, TEMPLATE, None, output)
    assert "[ty-le-da-neu-sai] (tong_muc_ban_le)" in caught.value.message
    assert not output.exists()
    result = build_report(data, TEMPLATE, None, output, draft=True)
    # retail 2, budget 2, poverty rate 2 (against plan and against last year)
    assert sorted(f.indicator for f in result.failures) == [
        "thu_ngan_sach_dia_ban", "thu_ngan_sach_dia_ban", "tong_muc_ban_le", "tong_muc_ban_le",
        "ty_le_ho_ngheo", "ty_le_ho_ngheo"]
    body, rows = document_text(output)
    assert body.startswith("DỰ THẢO – CÒN 6 LỖI KIỂM TRA CHƯA SỬA")

    # These three indicators are compared with figures reconstructed from the seed's stated ratios
    # (suy_ra); with a new estimate the stated ratios no longer hold (check reports
    # ty-le-da-neu-sai), so the text gives only the direction, never a ratio derived from a
    # reconstruction, and the appendix prints the computed ratio in italics.
    # retail: 4300/3700 = 116,2% of plan; 4300/3450 = 124,6% of last year (worked by hand)
    assert "4.148" not in body
    assert body.count("4.300 tỷ đồng") == 2  # I.1.1 and IV.1
    assert body.count("4.300 tỷ đồng, vượt kế hoạch, tăng so với năm 2022") == 1  # IV.1
    assert "4.300 tỷ đồng (giá hiện hành), vượt kế hoạch, tăng so với cùng kỳ năm 2022" in body
    assert appendix_row(rows, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ (giá hiện hành)")[
        3:11] == ["3.450", "3.700", "4.300", "", "116", "125", "", "Vượt"]
    # budget revenue: 150000/205000 = 73,2% and /208000 = 72,1%; section III in tỷ đồng
    assert ("150.000 triệu đồng, chưa đạt kế hoạch tỉnh giao và chưa đạt so với Nghị quyết"
            in body)
    assert ("(2) Thu ngân sách nhà nước trên địa bàn ước thực hiện 150 tỷ đồng, chưa đạt kế "
            "hoạch.") in body
    assert appendix_row(rows, "Thu ngân sách nhà nước trên địa bàn")[7] == "72"
    # 182600/150000 = 121,7%: next year's target against the new estimate
    assert appendix_row(rows, "Thu ngân sách nhà nước trên địa bàn")[9] == "122"
    # poverty rate, lower is better: 1,9 against a reconstructed plan of 1,81 is above it (no
    # derived number), and above last year (1,84): the sentence no longer says it fell ("còn")
    assert "là 1,9%, cao hơn kế hoạch" in body
    assert appendix_row(rows, "Tỷ lệ hộ nghèo")[7:11] == ["+0,09 điểm", "+0,06 điểm", "",
                                                          "Không đạt"]


def test_the_assessment_follows_the_data(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    actuals = data / "2023_actuals.yaml"
    replace_in(actuals, "uoc_thuc_hien: 22\n", "uoc_thuc_hien: 25\n")  # schools meet the plan
    output = tmp_path / "bao_cao.docx"
    build_report(data, TEMPLATE, None, output)
    body, _ = document_text(output)
    assert ("- Có 03 chỉ tiêu chủ yếu dự ước không đạt kế hoạch đề ra (Thu ngân sách nhà nước "
            "trên địa bàn; Trường đạt chuẩn quốc gia mức độ II; Số lao động") in body
    # the plan of 25 schools is reconstructed from "đạt 88%", which no longer holds: no ratio
    assert "25/28 trường (89,3%), đạt kế hoạch" in body


def test_build_refuses_invalid_data_and_leaves_the_previous_report(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    output = tmp_path / "bao_cao.docx"
    build_report(data, TEMPLATE, None, output)
    before = output.read_bytes()
    replace_in(data / "2023_actuals.yaml", "uoc_thuc_hien: 4148", "uoc_thuc_hieen: 4148")
    with pytest.raises(DataError):
        build_report(data, TEMPLATE, None, output)
    assert output.read_bytes() == before
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


def test_a_template_error_leaves_the_previous_report(tmp_path: Path) -> None:
    output = tmp_path / "bao_cao.docx"
    build_report(SHIPPED_DATA, TEMPLATE, None, output)
    before = output.read_bytes()
    broken = tmp_path / "mau.j2"
    broken.write_text("Dòng một\n{{ ct.khong_co | gia_tri }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        build_report(SHIPPED_DATA, broken, None, output)
    assert "mau.j2:2:" in caught.value.message
    assert output.read_bytes() == before


def test_a_report_open_in_word_is_not_overwritten(tmp_path: Path) -> None:
    output = tmp_path / "bao_cao_2023.docx"
    build_report(SHIPPED_DATA, TEMPLATE, None, output)
    before = output.read_bytes()
    (tmp_path / "~$o_cao_2023.docx").write_bytes(b"owner")  # Word's owner file
    with pytest.raises(OutputError) as caught:
        build_report(SHIPPED_DATA, TEMPLATE, None, output)
    assert "đang mở trong Word" in caught.value.message and "đóng tệp" in caught.value.message
    assert output.read_bytes() == before


def test_temporary_files_of_a_killed_build_are_cleaned(tmp_path: Path) -> None:
    output = tmp_path / "bao_cao.docx"
    stale = tmp_path / f".bao_cao.docx.999999999.abcd{TEMP_SUFFIX}"
    stale.write_bytes(b"half a report")
    build_report(SHIPPED_DATA, TEMPLATE, None, output)
    assert not stale.exists()
    assert zipfile.is_zipfile(output)


def test_same_data_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    build_report(SHIPPED_DATA, TEMPLATE, None, first)
    build_report(SHIPPED_DATA, TEMPLATE, None, second)
    assert first.read_bytes() == second.read_bytes()


def test_the_shipped_reference_document_is_what_the_code_writes() -> None:
    shipped = zipfile.ZipFile(DEFAULT_REFERENCE)
    written = zipfile.ZipFile(io.BytesIO(default_reference_bytes()))
    assert sorted(shipped.namelist()) == sorted(written.namelist())
    for name in written.namelist():
        assert shipped.read(name) == written.read(name), (
            f"{name} differs: run 'python -m kt_xh.docx_reference' to write it anew")


def office_reference(tmp_path: Path) -> Path:
    """An office's own .docx: its body style renamed in capitals and set in Arial, wider left
    margin, a body paragraph and a sample footnote that must not reach the report."""
    document = docx.Document()
    style = document.styles["Body Text"]
    style.element.name_val = "BODY TEXT"
    style.font.name = "Arial"
    document.sections[0].left_margin = Mm(25)
    document.add_paragraph("Nội dung mẫu cần bỏ")
    path = tmp_path / "tham_chieu.docx"
    document.save(str(path))
    notes = ('<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="http://schemas.'
             'openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r>'
             "<w:t>Chú thích mẫu</w:t></w:r></w:p></w:footnote></w:footnotes>")
    with zipfile.ZipFile(path) as source:
        entries = {n: source.read(n) for n in source.namelist()}
    entries["word/footnotes.xml"] = notes.encode()
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSample" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return path


def test_reference_document_of_an_office(tmp_path: Path) -> None:
    reference = office_reference(tmp_path)
    output = tmp_path / "bao_cao.docx"
    build_report(SHIPPED_DATA, TEMPLATE, reference, output)
    document = docx.Document(str(output))
    body = next(p for p in document.paragraphs if p.text.startswith("Thị trường hàng hóa"))
    assert body.style.name.lower() == "body text"
    assert body.style.font.name == "Arial"  # found by name, any case: the office's style wins
    assert document.styles["Trích yếu"].font.bold  # missing in the reference: added
    assert abs(document.sections[0].left_margin - Mm(25)) < Mm(0.1)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nội dung mẫu cần bỏ" not in text
    with zipfile.ZipFile(output) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert "Chú thích mẫu" not in footnotes
    assert footnotes.count("<w:footnote ") == 30  # 28 notes and the two separators


def test_a_reference_that_is_not_a_docx(tmp_path: Path) -> None:
    fake = tmp_path / "khong_phai.docx"
    fake.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        build_report(SHIPPED_DATA, TEMPLATE, fake, tmp_path / "out.docx")
    assert "không phải là tệp Word" in caught.value.message


def test_cli_build_report(tmp_path: Path) -> None:
    output = tmp_path / "bao_cao.docx"
    runner = CliRunner()
    result = runner.invoke(app, ["build-report", "--data", str(SHIPPED_DATA), "--template",
                                 str(TEMPLATE), "-o", str(output)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert f"Đã ghi báo cáo: {output}" in result.output and "28 chú thích" in result.output
    broken = copy_data(tmp_path)
    replace_in(broken / "2023_actuals.yaml", "ke_hoach: 3700", "ke_hoaach: 3700")
    result = runner.invoke(app, ["build-report", "--data", str(broken), "--template",
                                 str(TEMPLATE), "-o", str(output)])
    assert result.exit_code == 2
    assert "2023_actuals.yaml:" in result.output and "ke_hoaach" in result.output
    assert "Traceback" not in result.output


def test_default_output_is_build_report_of_the_year(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build-report"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "bao_cao_2023.docx").is_file()
    assert os.listdir(tmp_path / "build") == ["bao_cao_2023.docx"]


def test_the_office_reference_in_templates_is_used_by_default(tmp_path: Path,
                                                             monkeypatch) -> None:
    """`ktxh init` puts the reference document in templates/: restyled there in Word, it restyles
    the report without --reference-doc; --reference-doc still wins."""
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(office_reference(tmp_path), tmp_path / "templates" / "mau_tham_chieu.docx")
    monkeypatch.chdir(tmp_path)

    def body_font(*options: str) -> str | None:
        result = CliRunner().invoke(app, ["build-report", "-o", "bao_cao.docx", *options])
        assert result.exit_code == 0, result.output
        document = docx.Document(str(tmp_path / "bao_cao.docx"))
        body = next(p for p in document.paragraphs if p.text.startswith("Thị trường hàng hóa"))
        return body.style.font.name

    assert body_font() == "Arial"
    assert body_font("--reference-doc", str(DEFAULT_REFERENCE)) == "Times New Roman"
    (tmp_path / "templates" / "mau_tham_chieu.docx").unlink()
    assert body_font() == "Times New Roman"


def test_a_broken_office_reference_is_reported_not_passed_over(tmp_path: Path,
                                                               monkeypatch) -> None:
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "mau_tham_chieu.docx").write_text("hỏng", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build-report"])
    assert result.exit_code == 2
    assert "templates/mau_tham_chieu.docx: Đây không phải là tệp Word" in result.output


def test_the_default_reference_in_memory_is_the_shipped_file() -> None:
    """A build without --reference-doc skips reading the shipped file: the reference it builds
    in memory must be what reading the file gives."""
    from lxml import etree

    from kt_xh.docx_reference import _reference_from, default_reference

    with zipfile.ZipFile(DEFAULT_REFERENCE) as package:
        read = _reference_from({n: package.read(n) for n in package.namelist()})
    built = default_reference()

    def canonical(xml: bytes) -> bytes:
        return etree.tostring(etree.fromstring(xml), method="c14n")

    assert built.style_ids == read.style_ids
    assert built.section == read.section
    assert built.files.keys() == read.files.keys()
    for name in built.files:
        assert canonical(built.files[name]) == canonical(read.files[name]), name
    for field in ("styles_xml", "settings_xml"):
        assert canonical(getattr(built, field)) == canonical(getattr(read, field)), field

    def entries(xml: bytes) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
        return {(e.tag, tuple(sorted(e.attrib.items()))) for e in etree.fromstring(xml)}

    for field in ("content_types", "document_rels"):  # the order of entries means nothing
        assert entries(getattr(built, field)) == entries(getattr(read, field)), field


def test_a_build_keeps_the_compiled_template_for_the_next_one(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """Compiling the template is most of a build's work: the build writes Jinja's bytecode cache
    (check only reads it), so an unchanged template is not compiled again."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("KTXH_CACHE_DIR", str(cache))
    build_report(SHIPPED_DATA, TEMPLATE, None, tmp_path / "bao_cao.docx")
    assert list(cache.glob("*"))
