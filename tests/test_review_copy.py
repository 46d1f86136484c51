"""The review copy (`ktxh build-report --ban-duyet`): the same report with a Word comment on every
figure from the data naming the indicator, the field, the data file and line and the formula."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pypandoc
import pytest
from lxml import etree
from typer.testing import CliRunner

from kt_xh import markup
from kt_xh.build import build_report
from kt_xh.cli import app
from kt_xh.errors import OutputRefused, TemplateError
from kt_xh.loading import load_report

from conftest import ROOT, SHIPPED_DATA

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    result = build_report(SHIPPED_DATA, TEMPLATE, output=folder / "bao_cao.docx", review=True)
    assert result.review == folder / "bao_cao_ban_duyet.docx"
    assert result.comments > 200
    return result.output, result.review


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def comments(path: Path) -> list[str]:
    root = etree.fromstring(parts(path)["word/comments.xml"])
    return ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
            for c in root.iter(f"{W}comment")]


def test_the_retail_figure_names_its_indicator_file_line_and_formula(built: tuple[Path, Path]
                                                                      ) -> None:
    loaded = load_report(SHIPPED_DATA)
    line = loaded.actuals.line_of(("chi_tieu", "tong_muc_ban_le", "ke_hoach"))
    note = next(c for c in comments(built[1]) if "112% = 4.148 / 3.700" in c)
    assert "tong_muc_ban_le: Tổng mức bán lẻ hàng hóa" in note
    assert f"ke_hoach {loaded.actuals.name}:{line}" in note
    assert "data/2023_actuals.yaml:47" in note  # uoc_thuc_hien: 4148
    value = next(c for c in comments(built[1])
                 if c.startswith("tong_muc_ban_le") and "(uoc_thuc_hien)" in c)
    assert "uoc_thuc_hien data/2023_actuals.yaml:47" in value


def test_rates_show_points_and_next_year_comes_from_the_targets(built: tuple[Path, Path]
                                                                ) -> None:
    notes = comments(built[1])
    assert any("Công thức: 0,35 điểm = 27,85 - 27,5" in c for c in notes)
    assert any("Công thức: -0,1‰ = 10,4 - 10,5" in c for c in notes)
    assert any("ke_hoach_nam_sau data/2024_targets.yaml:" in c for c in notes)
    assert any("Công thức: 78,6% = 22 / 28" in c for c in notes)


def test_every_range_has_its_end_reference_and_comment(built: tuple[Path, Path]) -> None:
    package = parts(built[1])
    for name, data in package.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # every XML part parses
    body = etree.fromstring(package["word/document.xml"])
    starts = [e.get(f"{W}id") for e in body.iter(f"{W}commentRangeStart")]
    ends = [e.get(f"{W}id") for e in body.iter(f"{W}commentRangeEnd")]
    references = [e.get(f"{W}id") for e in body.iter(f"{W}commentReference")]
    notes = etree.fromstring(package["word/comments.xml"])
    ids = [c.get(f"{W}id") for c in notes.iter(f"{W}comment")]
    assert starts == ends == references == ids and len(set(ids)) == len(ids)
    assert all(c.get(f"{W}author") == "ktxh" and c.get(f"{W}initials") for c in notes)
    assert b"comments.xml" in package["word/_rels/document.xml.rels"]
    assert b'PartName="/word/comments.xml"' in package["[Content_Types].xml"]


def test_the_review_copy_says_what_the_report_says(built: tuple[Path, Path]) -> None:
    def text(path: Path, part: str) -> str:
        body = etree.fromstring(parts(path)[part])
        return "".join(t.text or "" for t in body.iter(f"{W}t"))

    for part in ("word/document.xml", "word/footnotes.xml"):
        assert text(built[0], part) == text(built[1], part)  # runs split, words the same


def test_pandoc_reads_the_comments(built: tuple[Path, Path]) -> None:
    shown = pypandoc.convert_file(str(built[1]), "markdown",
                                  extra_args=["--track-changes=all"])
    assert "comment-start" in shown and "112% = 4.148 / 3.700" in shown


def test_the_report_itself_has_no_comments_and_the_same_bytes(built: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    package = parts(built[0])
    assert "word/comments.xml" not in package
    assert b"comment" not in package["word/document.xml"]
    alone = build_report(SHIPPED_DATA, TEMPLATE, output=tmp_path / "bao_cao.docx")
    assert alone.review is None
    assert alone.output.read_bytes() == built[0].read_bytes()


def test_figures_in_footnotes_are_listed_on_the_footnote_reference(built: tuple[Path, Path]
                                                                   ) -> None:
    note = next(c for c in comments(built[1]) if c.startswith("«28»"))
    assert "san_pham_ocop_moi" in note and "«66»" in note and "san_pham_ocop_luy_ke" in note


def test_no_comment_touches_a_footnote_reference(built: tuple[Path, Path]) -> None:
    """LibreOffice (seen with 7.x, rendered to PDF) prints another note's text for a footnote
    whose reference lies in a comment's range or right before one: the comment goes before."""
    import re
    import zipfile

    with zipfile.ZipFile(built[1]) as package:
        body = package.read("word/document.xml").decode("utf-8")
    reference = r'<w:footnoteReference w:id="\d+"/></w:r>'
    assert body.count("<w:footnoteReference ") == 28
    assert not re.search(reference + r"<w:commentRange", body)
    assert not re.search(r'<w:commentRangeStart w:id="(\d+)"/><w:r><w:rPr><w:rStyle '
                         r'w:val="[^"]+"/></w:rPr><w:footnoteReference', body)


# ---------------------------------------------------------------- a template cannot forge a note
def one_line_template(tmp_path: Path, line: str) -> Path:
    template = tmp_path / "mau.j2"
    template.write_text(line + "\n", encoding="utf-8")
    return template


def test_a_mark_in_the_template_or_data_is_refused(tmp_path: Path) -> None:
    template = one_line_template(tmp_path, "Giả mạo \ue0000\ue001{{ ct.tong_muc_ban_le | "
                                           "gia_tri }}\ue002.")
    with pytest.raises(TemplateError, match="U\\+E000"):
        build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx", review=True)
    assert not (tmp_path / "r.docx").exists()
    build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx")  # the report alone: as ever


def test_a_note_stays_only_on_the_text_its_helper_printed(tmp_path: Path) -> None:
    template = one_line_template(
        tmp_path, '{% set s %}{{ ct.tong_muc_ban_le | gia_tri }}{% endset %}'
                  'Đổi số: {{ s | replace("4.148", "5.000") }}; đúng: {{ s }}.')
    result = build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx", review=True)
    assert result.comments == 1
    body = parts(tmp_path / "r_ban_duyet.docx")["word/document.xml"].decode()
    marked = re.search(r"commentRangeStart[^>]*/>(.*?)<w:commentRangeEnd", body)
    assert marked and "4.148 tỷ đồng" in marked.group(1) and "5.000" not in marked.group(1)


def test_a_template_measuring_a_helpers_text_gets_no_review_copy(tmp_path: Path) -> None:
    template = one_line_template(
        tmp_path, '{% set s %}{{ ct.tong_muc_ban_le | gia_tri }}{% endset %}{{ s | length }}')
    with pytest.raises(TemplateError, match="bản duyệt sẽ khác báo cáo"):
        build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx", review=True)


def test_marks_are_plain_text_outside_the_review_copy() -> None:
    text = "Số \ue0003\ue001**4.148** tỷ đồng\ue002 ở đây"
    plain = markup.parse(text).blocks[0].inlines
    assert all(isinstance(r, markup.Run) and r.note is None for r in plain)
    marked = markup.parse(text, marks=True).blocks[0].inlines
    assert [(r.text, r.note) for r in marked if isinstance(r, markup.Run)] == [
        ("Số ", None), ("4.148", 3), (" tỷ đồng", 3), (" ở đây", None)]


# ---------------------------------------------------------------- the command
def test_the_review_copy_is_never_written_onto_an_input(tmp_path: Path) -> None:
    template = tmp_path / "r_ban_duyet.docx"
    shutil.copy(TEMPLATE, template)
    with pytest.raises(OutputRefused, match="mẫu báo cáo đầu vào"):
        build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx", review=True)
    assert not (tmp_path / "r.docx").exists()


def test_the_command_writes_both_and_says_where(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build-report", "--data", str(SHIPPED_DATA), "--template",
                                      str(TEMPLATE), "-o", str(tmp_path / "X.docx"),
                                      "--ban-duyet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "X.docx").is_file() and (tmp_path / "X_ban_duyet.docx").is_file()
    assert "Đã ghi bản duyệt:" in result.output and "X_ban_duyet.docx" in result.output


def test_batch_builds_write_a_review_copy_per_unit(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for unit in ("huyen_a", "huyen_b"):
        shutil.copytree(SHIPPED_DATA, tmp_path / unit / "data")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build-report", "--data", "huyen_a/data", "--data",
                                      "huyen_b/data", "--template", str(TEMPLATE),
                                      "--ban-duyet"], env={"COLUMNS": "160", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    for unit in ("huyen_a", "huyen_b"):
        assert (tmp_path / "build" / unit / "bao_cao_2023.docx").is_file()
        copy = tmp_path / "build" / unit / "bao_cao_2023_ban_duyet.docx"
        assert any(f"{unit}/data/2023_actuals.yaml:47" in c for c in comments(copy))


def test_a_field_printed_as_it_is_has_its_note_and_arithmetic_has_none(tmp_path: Path) -> None:
    template = one_line_template(
        tmp_path, "Kế hoạch {{ ct.tong_muc_ban_le.ke_hoach }}, chênh "
                  "{{ ct.tong_muc_ban_le.uoc_thuc_hien - ct.tong_muc_ban_le.ke_hoach }}.")
    result = build_report(SHIPPED_DATA, template, output=tmp_path / "r.docx", review=True)
    assert result.comments == 1
    note = comments(tmp_path / "r_ban_duyet.docx")[0]
    assert "kế hoạch (ke_hoach)" in note and "ke_hoach data/2023_actuals.yaml:46" in note


def test_a_stated_claim_has_its_comment_and_the_text_is_the_reports(tmp_path: Path) -> None:
    template = tmp_path / "mau.j2"
    template.write_text("Dòng một.\nThu ngân sách không đạt kế hoạch"
                        "{{ ct.thu_ngan_sach_dia_ban | khang_dinh('khong_dat') }}.\n"
                        "{{ ct.ty_le_ho_ngheo | khang_dinh('giam') }}\n", encoding="utf-8")
    result = build_report(SHIPPED_DATA, template, output=tmp_path / "o.docx", review=True)
    assert result.review is not None
    notes = [c for c in comments(result.review) if "nhận định" in c]
    assert len(notes) == 1  # the claim alone on a line makes no paragraph, hence no comment
    assert "thu_ngan_sach_dia_ban" in notes[0]
    assert "câu này nói chỉ tiêu không đạt kế hoạch (đúng theo số liệu)" in notes[0]
    assert "số liệu cho thấy: đạt" in notes[0] and "data/2023_actuals.yaml:" in notes[0]
    from kt_xh.docx_text import docx_text

    assert docx_text(result.review) == docx_text(tmp_path / "o.docx")
