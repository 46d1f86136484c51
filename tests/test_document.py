"""The document model: every line of the report worded from the data, then laid out without it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kt_xh import document
from kt_xh.docx_reference import load_reference
from kt_xh.docx_writer import document_parts
from kt_xh.loading import load_report
from kt_xh.markup import Block, ReportText, Run

from conftest import SHIPPED_DATA


def test_the_date_line_pads_the_day_and_the_first_two_months() -> None:
    assert document.date_line("Lai Châu", dt.date(2023, 12, 5), 2023) == \
        "Lai Châu, ngày 05 tháng 12 năm 2023"
    assert document.date_line("Lai Châu", dt.date(2024, 2, 3), 2023) == \
        "Lai Châu, ngày 03 tháng 02 năm 2024"
    assert document.date_line("Lai Châu", None, 2023) == "Lai Châu, ngày      tháng      năm 2023"


def test_the_shipped_data_worded() -> None:
    report = load_report(SHIPPED_DATA).report
    built = document.assemble(report, ReportText(None, []))
    assert built.header.issuer == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ LAI CHÂU")
    assert built.header.superior == ""
    assert built.header.number == "Số:       /BC-UBND"
    assert built.header.date == "Lai Châu, ngày 05 tháng 12 năm 2023"
    assert built.title.subject == document.DEFAULT_SUBJECT.format(year=2023, next_year=2024)
    assert built.title.session.startswith("(Trình kỳ họp thứ 14")
    assert built.recipients.lines[0] == "- TT. Thành ủy;"
    assert built.signature == document.Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "")
    assert built.appendix.note == ("(Kèm theo Báo cáo số      /BC-UBND ngày 05/12/2023 của UBND "
                                   "thành phố Lai Châu)")
    assert len(built.appendix.header.labels) == len(built.appendix.header.numbers) == 11
    assert isinstance(built.appendix.rows[0], document.AppendixGroup)


def test_the_templates_subject_wins_over_the_default(data_dir: Path) -> None:
    report = load_report(data_dir).report
    built = document.assemble(report, ReportText("Trích yếu riêng", []))
    assert built.title.subject == "Trích yếu riêng"
    assert built.title.session == ""


def test_the_writer_lays_out_a_document_built_by_hand() -> None:
    hand_made = document.ReportDocument(
        header=document.Header("CƠ QUAN CẤP TRÊN", ("CƠ QUAN",), "QUỐC HIỆU", "Tiêu ngữ",
                               "Số: 1/BC", "Nơi, ngày 01 tháng 01 năm 2024"),
        title=document.Title("BÁO CÁO", "Trích yếu", ""),
        blocks=(Block("doan", (Run("Đoạn văn."),), 1),),
        recipients=document.Recipients("Nơi nhận:", ("- Lưu.",)),
        signature=document.Signature("TM.", "CHỦ TỊCH", "Họ Tên"),
        appendix=document.Appendix(
            "Phụ lục", "TIÊU ĐỀ", "(Kèm theo)",
            document.AppendixHeader(tuple(f"c{i}" for i in range(11)), "So sánh",
                                    tuple(str(i) for i in range(11))),
            (document.AppendixGroup("I", "NHÓM"),
             document.AppendixRow("1", "Chỉ tiêu", 0, "người", (("1", "2"),) + ((),) * 7)),
            "Ghi chú bảng."),
    )
    xml = document_parts(hand_made, load_reference())["word/document.xml"].decode("utf-8")
    texts = ("CƠ QUAN CẤP TRÊN", "Số: 1/BC", "Đoạn văn.", "- Lưu.", "Họ Tên", "NHÓM", "Chỉ tiêu",
             "Ghi chú bảng.")
    assert all(f">{text}</w:t>" in xml for text in texts)
    assert xml.index(">1</w:t>") < xml.index(">2</w:t>")
