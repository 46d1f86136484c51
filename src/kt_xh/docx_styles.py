"""The named Word styles of the report (conventions, section 1), as styles.xml definitions.

Each element of the report has its own style, so that an office can restyle the report in Word and
pass it back with --reference-doc. Built-in styles keep Word's English names ("heading 1", "Body
Text", "footnote text"), which Word shows translated; the report's own styles have Vietnamese
names. Every style sets Times New Roman in all four font slots and no theme font, and vi-VN.
"""

from __future__ import annotations

from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = "Times New Roman"

CM = 567  # twips per centimetre (1440 per inch / 2.54), rounded as Word does


def run_properties(size_pt: float | None = None, *, bold: bool = False, italic: bool = False,
                   caps: bool = False, superscript: bool = False) -> str:
    parts = [f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if caps:
        parts.append("<w:caps/>")
    parts.append('<w:color w:val="000000"/>')
    if size_pt is not None:
        half_points = round(size_pt * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    parts.append('<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def paragraph_properties(*, align: str | None = None, first_line: int | None = None,
                         left: int | None = None, before: int = 0, after: int = 0,
                         line: int = 240, keep_next: bool = False, outline: int | None = None,
                         widow: bool = False, contextual: bool = False) -> str:
    """`widow`: never one line of the paragraph alone at the foot or head of a page (Word's
    widow and orphan control, which is off unless a style sets it)."""
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if widow:
        parts.append("<w:widowControl/>")
    parts.append(f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" '
                 'w:lineRule="auto"/>')
    if first_line is not None or left is not None:
        attributes = ""
        if left is not None:
            attributes += f' w:left="{left}"'
        if first_line is not None:
            attributes += f' w:firstLine="{first_line}"'
        parts.append(f"<w:ind{attributes}/>")
    if contextual:  # no space between two paragraphs of this style ('Phần thứ nhất' / its title)
        parts.append("<w:contextualSpacing/>")
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


@dataclass(frozen=True)
class StyleDef:
    key: str
    """How the writer refers to the style, whatever its id in a reference document."""
    style_id: str
    name: str
    kind: str  # paragraph, character, table
    body: str
    based_on: str | None = None
    """Key of the style this one is based on."""

    def xml(self, style_id: str, based_on_id: str | None) -> str:
        default = ' w:default="1"' if self.key == "normal" else ""
        based = f'<w:basedOn w:val="{based_on_id}"/>' if based_on_id else ""
        return (f'<w:style w:type="{self.kind}"{default} w:styleId="{style_id}">'
                f'<w:name w:val="{self.name}"/>{based}<w:qFormat/>{self.body}</w:style>')


FIRST_LINE = 720  # 1,27 cm
BODY_LINE = 288  # 1,2 lines: inside the rule's single to 1,5
# Headings are aligned left, not justified: a heading's word pairs do not break (line_breaks), and
# justifying the line before a long pair ('KINH TẾ - XÃ HỘI NĂM 2024') stretches its spaces wide.
AFTER_6PT = 120


def _paragraph(key: str, style_id: str, name: str, ppr: str, rpr: str,
               based_on: str | None = "normal") -> StyleDef:
    return StyleDef(key, style_id, name, "paragraph", ppr + rpr, based_on)


def _table_borders(value: str) -> str:
    sides = "".join(f'<w:{side} w:val="{value}" w:sz="4" w:space="0" w:color="000000"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return f"<w:tblPr><w:tblBorders>{sides}</w:tblBorders></w:tblPr>"


STYLES: tuple[StyleDef, ...] = (
    _paragraph("normal", "Normal", "Normal", paragraph_properties(), run_properties(14), None),
    _paragraph("body", "BodyText", "Body Text",
               paragraph_properties(align="both", first_line=FIRST_LINE, after=AFTER_6PT,
                                    line=BODY_LINE, widow=True), run_properties(14)),
    _paragraph("part", "Heading1", "heading 1",
               paragraph_properties(align="center", before=120, after=AFTER_6PT, line=BODY_LINE,
                                    keep_next=True, outline=0, contextual=True),
               run_properties(14, bold=True)),
    _paragraph("section", "Heading2", "heading 2",
               paragraph_properties(align="left", first_line=FIRST_LINE, before=60,
                                    after=AFTER_6PT, line=BODY_LINE, keep_next=True, outline=1),
               run_properties(14, bold=True)),
    _paragraph("item", "Heading3", "heading 3",
               paragraph_properties(align="left", first_line=FIRST_LINE, after=AFTER_6PT,
                                    line=BODY_LINE, keep_next=True, outline=2),
               run_properties(14, bold=True)),
    _paragraph("subitem", "Heading4", "heading 4",
               paragraph_properties(align="left", first_line=FIRST_LINE, after=AFTER_6PT,
                                    line=BODY_LINE, keep_next=True, outline=3),
               run_properties(14, bold=True, italic=True)),
    _paragraph("superior", "CoQuanChuQuan", "Cơ quan chủ quản",
               paragraph_properties(align="center"), run_properties(13)),
    _paragraph("issuer", "CoQuanBanHanh", "Cơ quan ban hành",
               paragraph_properties(align="center"), run_properties(13, bold=True)),
    _paragraph("motto_state", "QuocHieu", "Quốc hiệu",
               paragraph_properties(align="center"), run_properties(13, bold=True)),
    _paragraph("motto", "TieuNgu", "Tiêu ngữ",
               paragraph_properties(align="center"), run_properties(14, bold=True)),
    _paragraph("short_line", "DuongKe", "Đường kẻ",
               paragraph_properties(align="center", before=50, line=240), run_properties(4)),
    _paragraph("number", "SoKyHieu", "Số, ký hiệu",
               paragraph_properties(align="center", before=120), run_properties(13)),
    _paragraph("date", "DiaDanhNgayThang", "Địa danh, ngày tháng",
               paragraph_properties(align="center", before=120), run_properties(14, italic=True)),
    _paragraph("doc_type", "TenLoaiVanBan", "Tên loại văn bản",
               paragraph_properties(align="center", before=360, keep_next=True),
               run_properties(14, bold=True)),
    _paragraph("subject", "TrichYeu", "Trích yếu",
               paragraph_properties(align="center", keep_next=True),
               run_properties(14, bold=True)),
    _paragraph("session", "TrinhKyHop", "Trình kỳ họp",
               paragraph_properties(align="center", keep_next=True),
               run_properties(14, italic=True)),
    _paragraph("recipients_title", "NoiNhan", "Nơi nhận",
               paragraph_properties(), run_properties(12, bold=True, italic=True)),
    _paragraph("recipient", "NoiNhanDanhSach", "Nơi nhận - danh sách",
               paragraph_properties(), run_properties(11)),
    _paragraph("signer_title", "ChucVuNguoiKy", "Chức vụ người ký",
               paragraph_properties(align="center"), run_properties(14, bold=True)),
    _paragraph("signer_name", "TenNguoiKy", "Tên người ký",
               paragraph_properties(align="center", before=1440), run_properties(14, bold=True)),
    _paragraph("footnote_text", "FootnoteText", "footnote text",
               paragraph_properties(align="both", line=240), run_properties(12)),
    StyleDef("footnote_reference", "FootnoteReference", "footnote reference", "character",
             run_properties(superscript=True), None),
    _paragraph("header", "Header", "header",
               paragraph_properties(align="center"), run_properties(14)),
    _paragraph("appendix", "PhuLuc", "Phụ lục",
               paragraph_properties(align="center", keep_next=True),
               run_properties(14, bold=True)),
    _paragraph("appendix_title", "TenPhuLuc", "Tên phụ lục",
               paragraph_properties(align="center", keep_next=True),
               run_properties(14, bold=True)),
    _paragraph("appendix_note", "GhiChuPhuLuc", "Ghi chú phụ lục",
               paragraph_properties(align="center", after=AFTER_6PT, keep_next=True),
               run_properties(14, italic=True)),
    _paragraph("cell_head", "BangDauCot", "Bảng - đầu cột",
               paragraph_properties(align="center"), run_properties(11, bold=True)),
    _paragraph("cell_colno", "BangSoCot", "Bảng - số cột",
               paragraph_properties(align="center"), run_properties(11, italic=True)),
    _paragraph("cell_group", "BangNhom", "Bảng - nhóm",
               paragraph_properties(), run_properties(11, bold=True)),
    _paragraph("cell_name", "BangChiTieu", "Bảng - chỉ tiêu",
               paragraph_properties(), run_properties(11)),
    _paragraph("cell_subname", "BangChiTieuCon", "Bảng - chỉ tiêu con",
               paragraph_properties(left=170), run_properties(11, italic=True)),
    _paragraph("cell_number", "BangSo", "Bảng - số",
               paragraph_properties(align="right"), run_properties(11)),
    _paragraph("cell_center", "BangGiua", "Bảng - giữa",
               paragraph_properties(align="center"), run_properties(11)),
    _paragraph("table_note", "BangChuThich", "Bảng - chú thích",
               paragraph_properties(before=120), run_properties(11, italic=True)),
    StyleDef("grid_table", "BangChiTieuKTXH", "Bảng chỉ tiêu", "table", _table_borders("single")),
    StyleDef("plain_table", "BangKhongVien", "Bảng không viền", "table", _table_borders("nil")),
)

STYLE_BY_KEY = {style.key: style for style in STYLES}

DOC_DEFAULTS = (
    "<w:docDefaults><w:rPrDefault>" + run_properties(14) + "</w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
)


def styles_xml() -> str:
    """styles.xml of the default reference document."""
    body = "".join(style.xml(style.style_id, STYLE_BY_KEY[style.based_on].style_id
                             if style.based_on else None) for style in STYLES)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{W_NS}">{DOC_DEFAULTS}{body}</w:styles>')
