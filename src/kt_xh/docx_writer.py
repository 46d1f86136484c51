"""The report as a Word document: document.xml and footnotes.xml written in one pass.

The body is built as a list of XML strings and joined once (python-docx's add_paragraph rescans
the body on every call, which makes large documents quadratic). Layout follows conventions,
section 1: the header block, `BÁO CÁO`, the subject and the session line, the body with its
headings and footnotes, the recipients and signature block, then the appendix in a landscape
section numbered on its own. Every paragraph has a named style from the reference document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from kt_xh import appendix
from kt_xh.docx_footnotes import Footnotes
from kt_xh.docx_package import app_properties, core_properties, package_rels
from kt_xh.docx_reference import R_NS, Reference
from kt_xh.docx_styles import W_NS
from kt_xh.loading import Report
from kt_xh.markup import Footnote, ReportText, Text
from kt_xh.xml_text import xml_text

BLOCK_STYLES = {"phan": "part", "muc": "section", "khoan": "item", "tieu_muc": "subitem",
                "doan": "body"}
DEFAULT_SUBJECT = ("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm {year}, "
                   "kế hoạch năm {next_year}")
TABLE_NOTE = ("Ghi chú: cột 5, 6, 7 ghi tỷ lệ (%) với chỉ tiêu giá trị; với chỉ tiêu tỷ lệ ghi "
              "chênh lệch (điểm phần trăm, hoặc ‰ với tỷ lệ phần nghìn).")
# Column widths of the appendix table, as shares of the landscape text width.
APPENDIX_COLUMNS = (4, 25, 8, 8.5, 8.5, 8.5, 8.5, 7.5, 7.5, 7.5, 6.5)
HEADER_BLOCK_COLUMNS = (0.39, 0.61)
SIGNATURE_COLUMNS = (0.48, 0.52)


def text_width_estimate(text: str, size_pt: float, *, capitals: bool = False) -> int:
    """Rough width in twips of a line of Times New Roman, for the short rules under headers."""
    return int(len(text) * size_pt * 20 * (0.62 if capitals else 0.48))


def date_line(place: str, date: dt.date | None, year: int) -> str:
    """`Lai Châu, ngày 05 tháng 12 năm 2023`; day below 10 and months 1-2 zero-padded."""
    if date is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


class _Writer:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.styles = {key: xml_text(style_id) for key, style_id in reference.style_ids.items()}
        self.footnotes = Footnotes(self.styles["footnote_text"], self.styles["footnote_reference"])
        self.out: list[str] = []

    # ------------------------------------------------------------ primitives
    def run(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
        rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'

    def paragraph(self, style: str, runs: str = "", extra: str = "") -> str:
        return (f'<w:p><w:pPr><w:pStyle w:val="{self.styles[style]}"/>{extra}</w:pPr>'
                f"{runs}</w:p>")

    def text_paragraph(self, style: str, text: str, **run_options: bool) -> str:
        return self.paragraph(style, self.run(text, **run_options) if text else "")

    def rule(self, width: int, cell_width: int) -> str:
        """A short solid line under a header text, centred in its cell."""
        indent = max((cell_width - width) // 2, 0)
        border = ('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
                  "</w:pBdr>")
        return self.paragraph("rule", "", f'{border}<w:ind w:left="{indent}" w:right="{indent}"/>')

    def inlines(self, inlines: Iterable[Text | Footnote]) -> str:
        parts = []
        for inline in inlines:
            if isinstance(inline, Footnote):
                paragraphs = ["".join(self.run(t.text, bold=t.bold, italic=t.italic) for t in p)
                              for p in inline.paragraphs]
                parts.append(self.footnotes.add(paragraphs))
            else:
                parts.append(self.run(inline.text, bold=inline.bold, italic=inline.italic))
        return "".join(parts)

    def table(self, style: str, widths: Sequence[int], rows: Iterable[str], *,
              indent: int = 0) -> str:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles[style]}"/>'
                f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{indent}" '
                'w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" '
                'w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
                '<w:tblLook w:val="0000"/></w:tblPr>'
                f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")

    def cell(self, width: int, content: str, *, span: int = 1, merge: str | None = None,
             center: bool = False) -> str:
        span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        merge_xml = ("" if merge is None else
                     '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>")
        align = '<w:vAlign w:val="center"/>' if center else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{merge_xml}{align}'
                f"</w:tcPr>{content or self.paragraph('cell_center')}</w:tc>")

    @staticmethod
    def table_row(cells: Iterable[str], *, header: bool = False) -> str:
        properties = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        return f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>"

    # ------------------------------------------------------------ the parts of the report
    def header_block(self, report: Report) -> None:
        unit = report.unit
        width = self.reference.section.text_width(landscape=False)
        left, right = (int(width * share) for share in HEADER_BLOCK_COLUMNS)
        issuer = []
        if unit.co_quan_chu_quan:
            issuer.append(self.text_paragraph("superior", unit.co_quan_chu_quan))
        issuer += [self.text_paragraph("issuer", line) for line in unit.co_quan_ban_hanh]
        longest = max(unit.co_quan_ban_hanh, key=len)
        issuer.append(self.rule(int(text_width_estimate(longest, 13, capitals=True) * 0.4), left))
        motto = "Độc lập - Tự do - Hạnh phúc"
        state = [self.text_paragraph("motto_state", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                 self.text_paragraph("motto", motto),
                 self.rule(text_width_estimate(motto, 14), right)]
        number = f"Số: {unit.so_van_ban or '      '}/{unit.ky_hieu}"
        date = date_line(unit.dia_danh, unit.ngay_ban_hanh, report.year)
        rows = [
            self.table_row([self.cell(left, "".join(issuer)), self.cell(right, "".join(state))]),
            self.table_row([self.cell(left, self.text_paragraph("number", number)),
                            self.cell(right, self.text_paragraph("date", date))]),
        ]
        self.out.append(self.table("plain_table", (left, right), rows))

    def title(self, report: Report, subject: str | None) -> str:
        subject = subject or DEFAULT_SUBJECT.format(year=report.year, next_year=report.next_year)
        self.out.append(self.text_paragraph("doc_type", "BÁO CÁO"))
        self.out.append(self.text_paragraph("subject", subject))
        if report.unit.ky_hop:
            self.out.append(self.text_paragraph("session", f"({report.unit.ky_hop})"))
        width = self.reference.section.text_width(landscape=False)
        line = min(text_width_estimate(subject, 14), width) // 3
        self.out.append(self.rule(line, width))
        return subject

    def body(self, text: ReportText) -> None:
        for block in text.blocks:
            self.out.append(self.paragraph(BLOCK_STYLES[block.kind], self.inlines(block.inlines)))

    def signature_block(self, report: Report) -> None:
        unit = report.unit
        width = self.reference.section.text_width(landscape=False)
        left, right = (int(width * share) for share in SIGNATURE_COLUMNS)
        recipients = [self.text_paragraph("recipients_title", "Nơi nhận:")]
        recipients += [self.text_paragraph("recipient", f"- {r}") for r in unit.noi_nhan]
        signer = unit.nguoi_ky
        signature = [self.text_paragraph("signer_title", signer.tham_quyen),
                     self.text_paragraph("signer_title", signer.chuc_vu),
                     self.text_paragraph("signer_name", signer.ho_ten or "")]
        row = self.table_row([self.cell(left, "".join(recipients)),
                              self.cell(right, "".join(signature))])
        self.out.append(self.table("plain_table", (left, right), [row]))

    def section_break(self) -> None:
        section = self.reference.section.xml(landscape=False, restart_numbering=False)
        self.out.append(f"<w:p><w:pPr>{section}</w:pPr></w:p>")

    def appendix(self, report: Report) -> None:
        unit = report.unit
        self.out.append(self.text_paragraph("appendix", "Phụ lục"))
        self.out.append(self.text_paragraph(
            "appendix_title", f"MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM {report.year} VÀ KẾ "
            f"HOẠCH NĂM {report.next_year}"))
        number = f"{unit.so_van_ban or '     '}/{unit.ky_hieu}"
        issued = (unit.ngay_ban_hanh.strftime("%d/%m/%Y") if unit.ngay_ban_hanh
                  else f"     /     /{report.year}")
        self.out.append(self.text_paragraph(
            "appendix_note", f"(Kèm theo Báo cáo số {number} ngày {issued} của {unit.ten_goi_tat})"))
        width = self.reference.section.text_width(landscape=True)
        total = sum(APPENDIX_COLUMNS)
        widths = [int(width * share / total) for share in APPENDIX_COLUMNS]
        rows = [*self._appendix_header(report.year, widths),
                *(self._appendix_row(row, widths) for row in appendix.rows(report))]
        self.out.append(self.table("grid_table", widths, rows))
        self.out.append(self.text_paragraph("table_note", TABLE_NOTE))

    def _appendix_header(self, year: int, widths: Sequence[int]) -> list[str]:
        labels = appendix.header_labels(year)

        def head(text: str) -> str:
            return self.text_paragraph("cell_head", text)

        merged_first = [("STT", 0), ("Chỉ tiêu", 1), ("Đơn vị tính", 2), (labels["previous"], 3),
                        (labels["plan"], 4), (labels["estimate"], 5), (labels["next"], 6)]
        first = [self.cell(widths[i], head(t), merge="restart", center=True)
                 for t, i in merged_first]
        first.append(self.cell(sum(widths[7:10]), head("So sánh (%)"), span=3, center=True))
        first.append(self.cell(widths[10], head("Ghi chú"), merge="restart", center=True))
        second = [self.cell(widths[i], "", merge="continue") for i in range(7)]
        second += [self.cell(widths[7 + i], head(labels[key]), center=True)
                   for i, key in enumerate(("vs_plan", "vs_previous", "next_vs_estimate"))]
        second.append(self.cell(widths[10], "", merge="continue"))
        numbers = ("A", "B", "C", "1", "2", "3", "4", "5=3/2", "6=3/1", "7=4/3", "8")
        third = [self.cell(w, self.text_paragraph("cell_colno", n)) for w, n in zip(widths, numbers)]
        return [self.table_row(first, header=True), self.table_row(second, header=True),
                self.table_row(third, header=True)]

    def _appendix_row(self, row: appendix.Row, widths: Sequence[int]) -> str:
        if row.kind == "nhom":
            return self.table_row([
                self.cell(widths[0], self.text_paragraph("cell_center", row.stt, bold=True)),
                self.cell(sum(widths[1:]), self.text_paragraph("cell_group", row.name),
                          span=len(widths) - 1)])
        name_style = "cell_name" if row.depth == 0 else "cell_subname"
        indent = "" if row.depth <= 1 else f'<w:ind w:left="{170 * row.depth}"/>'
        name = self.paragraph(name_style, self.run(row.name), indent)
        cells = [self.cell(widths[0], self.text_paragraph("cell_center", row.stt)),
                 self.cell(widths[1], name),
                 self.cell(widths[2], self.text_paragraph("cell_center", row.unit))]
        for index, value in enumerate(row.cells):
            style = "cell_center" if index == 7 else "cell_number"
            content = "".join(self.text_paragraph(style, line) for line in value.split("\n"))
            cells.append(self.cell(widths[3 + index], content if value else ""))
        return self.table_row(cells)


def document_parts(text: ReportText, report: Report, reference: Reference) -> dict[str, bytes]:
    """Every part of the .docx package for this report."""
    writer = _Writer(reference)
    writer.header_block(report)
    subject = writer.title(report, text.subject)
    writer.body(text)
    writer.signature_block(report)
    writer.section_break()
    writer.appendix(report)
    final_section = reference.section.xml(landscape=True, restart_numbering=True)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
                f"{''.join(writer.out)}{final_section}</w:body></w:document>")
    parts = dict(reference.files)
    parts.update({
        "[Content_Types].xml": reference.content_types,
        "_rels/.rels": package_rels().encode(),
        "word/_rels/document.xml.rels": reference.document_rels,
        "word/styles.xml": reference.styles_xml,
        "word/settings.xml": reference.settings_xml,
        "word/document.xml": document.encode("utf-8"),
        "word/footnotes.xml": writer.footnotes.part().encode("utf-8"),
        "docProps/core.xml": core_properties(subject).encode("utf-8"),
        "docProps/app.xml": app_properties().encode("utf-8"),
    })
    return parts
