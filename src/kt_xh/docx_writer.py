"""A ReportDocument laid out as Word: document.xml and footnotes.xml written in one pass.

Every word comes from the ReportDocument (kt_xh.document); this module decides only styles,
widths, tables and the short lines under headers. The body is built as a list of XML strings and
joined once (python-docx's add_paragraph rescans the body on every call, which makes large
documents quadratic). Layout follows conventions, section 1: the header block, the title, the
subject and the session line, the body with its headings and footnotes, the recipients and
signature block, then the appendix in a landscape section numbered on its own. Every paragraph has
a named style from the reference document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from kt_xh.document import (
    Appendix,
    AppendixGroup,
    AppendixHeader,
    AppendixRow,
    Header,
    Recipients,
    ReportDocument,
    Signature,
    Title,
)
from kt_xh.docx_comments import Comments, with_comments
from kt_xh.docx_footnotes import Footnotes
from kt_xh.docx_package import app_properties, core_properties, package_rels
from kt_xh.docx_reference import R_NS, Reference
from kt_xh.docx_styles import W_NS
from kt_xh.docx_table_layout import appendix_widths
from kt_xh.line_breaks import keep_together
from kt_xh.markup import Block, Footnote, Run
from kt_xh.xml_text import xml_text

HEADINGS = ("phan", "muc", "khoan", "tieu_muc")
BLOCK_STYLES = {"phan": "part", "muc": "section", "khoan": "item", "tieu_muc": "subitem",
                "doan": "body"}
HEADER_BLOCK_COLUMNS = (0.39, 0.61)
SIGNATURE_COLUMNS = (0.48, 0.52)


def text_width_estimate(text: str, size_pt: float, *, capitals: bool = False) -> int:
    """Rough width in twips of a line of Times New Roman, for the short lines under headers."""
    return int(len(text) * size_pt * 20 * (0.62 if capitals else 0.48))


class _Writer:
    def __init__(self, reference: Reference, notes: Sequence[Sequence[str]] = ()) -> None:
        self.reference = reference
        self.styles = {key: xml_text(style_id) for key, style_id in reference.style_ids.items()}
        self.footnotes = Footnotes(self.styles["footnote_text"], self.styles["footnote_reference"])
        self.notes = notes
        self.comments = Comments()
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

    def short_line(self, width: int, cell_width: int) -> str:
        """A short solid line under a header text, centred in its cell."""
        indent = max((cell_width - width) // 2, 0)
        border = ('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
                  "</w:pBdr>")
        indentation = f'<w:ind w:left="{indent}" w:right="{indent}"/>'
        return self.paragraph("short_line", "", f"{border}{indentation}")

    def inlines(self, inlines: Iterable[Run | Footnote]) -> str:
        if self.notes:
            return self.noted_inlines(inlines)
        parts = []
        for inline in inlines:
            if isinstance(inline, Footnote):
                parts.append(self.footnote(inline))
            else:
                parts.append(self.run(inline.text, bold=inline.bold, italic=inline.italic))
        return "".join(parts)

    def footnote(self, footnote: Footnote) -> str:
        paragraphs = ["".join(self.run(t.text, bold=t.bold, italic=t.italic) for t in p)
                      for p in footnote.paragraphs]
        return self.footnotes.add(paragraphs)

    # ------------------------------------------------------------ the review copy's comments
    def noted_inlines(self, inlines: Iterable[Run | Footnote]) -> str:
        """Runs with a source note inside the range of a comment holding it; a footnote whose
        figures have notes gets one comment, on its reference, listing them all."""
        parts: list[str] = []
        pending: list[str] = []
        current: int | None = None

        def close() -> None:
            if current is None:
                parts.extend(pending)
            else:
                parts.append(self.comments.anchor("".join(pending), self.notes[current]))
            pending.clear()

        for inline in inlines:
            note = inline.note if isinstance(inline, Run) else None
            if note != current or isinstance(inline, Footnote):
                close()
                current = note
            if isinstance(inline, Footnote):
                parts.append(self.noted_footnote(inline))
            else:
                pending.append(self.run(inline.text, bold=inline.bold, italic=inline.italic))
        close()
        return "".join(parts)

    def noted_footnote(self, footnote: Footnote) -> str:
        reference = self.footnote(footnote)
        lines: list[str] = []
        for note, text in _note_groups(run for p in footnote.paragraphs for run in p):
            lines += [f"«{text}»", *self.notes[note]]
        # The comment stands just before the reference mark: LibreOffice shows the wrong footnote
        # text when a comment's range holds the reference or starts right after it.
        return self.comments.anchor("", lines) + reference if lines else reference

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
    def header_block(self, header: Header) -> None:
        width = self.reference.section.text_width(landscape=False)
        left, right = (int(width * share) for share in HEADER_BLOCK_COLUMNS)
        issuer = []
        if header.superior:
            issuer.append(self.text_paragraph("superior", header.superior))
        issuer += [self.text_paragraph("issuer", line) for line in header.issuer]
        longest = max(header.issuer, key=len)
        issuer.append(self.short_line(
            int(text_width_estimate(longest, 13, capitals=True) * 0.4), left))
        state = [self.text_paragraph("motto_state", header.state),
                 self.text_paragraph("motto", header.motto),
                 self.short_line(text_width_estimate(header.motto, 14), right)]
        rows = [
            self.table_row([self.cell(left, "".join(issuer)), self.cell(right, "".join(state))]),
            self.table_row([self.cell(left, self.text_paragraph("number", header.number)),
                            self.cell(right, self.text_paragraph("date", header.date))]),
        ]
        self.out.append(self.table("plain_table", (left, right), rows))

    def title(self, title: Title) -> None:
        self.out.append(self.text_paragraph("doc_type", title.document_type))
        self.out.append(self.text_paragraph("subject", keep_together(title.subject)))
        if title.session:
            self.out.append(self.text_paragraph("session", title.session))
        width = self.reference.section.text_width(landscape=False)
        line = min(text_width_estimate(title.subject, 14), width) // 3
        self.out.append(self.short_line(line, width))

    def body(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            inlines = block.inlines
            if block.kind in HEADINGS:
                inlines = tuple(_kept_together(inline) for inline in inlines)
            self.out.append(self.paragraph(BLOCK_STYLES[block.kind], self.inlines(inlines)))

    def signature_block(self, recipients: Recipients, signature: Signature) -> None:
        width = self.reference.section.text_width(landscape=False)
        left, right = (int(width * share) for share in SIGNATURE_COLUMNS)
        addressees = [self.text_paragraph("recipients_title", recipients.heading)]
        addressees += [self.text_paragraph("recipient", line) for line in recipients.lines]
        signer = [self.text_paragraph("signer_title", signature.authority),
                  self.text_paragraph("signer_title", signature.title),
                  self.text_paragraph("signer_name", signature.name)]
        row = self.table_row([self.cell(left, "".join(addressees)),
                              self.cell(right, "".join(signer))])
        self.out.append(self.table("plain_table", (left, right), [row]))

    def section_break(self) -> None:
        section = self.reference.section.xml(landscape=False, restart_numbering=False)
        self.out.append(f"<w:p><w:pPr>{section}</w:pPr></w:p>")

    def appendix(self, appendix: Appendix) -> None:
        self.out.append(self.text_paragraph("appendix", appendix.label))
        self.out.append(self.text_paragraph("appendix_title", appendix.title))
        self.out.append(self.text_paragraph("appendix_note", appendix.note))
        widths = appendix_widths(appendix, self.reference.section.text_width(landscape=True))
        rows = [*self._appendix_header(appendix.header, widths),
                *(self._appendix_row(row, widths) for row in appendix.rows)]
        self.out.append(self.table("grid_table", widths, rows))
        self.out.append(self.text_paragraph("table_note", appendix.table_note))

    def _appendix_header(self, header: AppendixHeader, widths: Sequence[int]) -> list[str]:
        def head(text: str) -> str:
            return self.text_paragraph("cell_head", text)

        labels = header.labels
        first = [self.cell(widths[i], head(labels[i]), merge="restart", center=True)
                 for i in range(7)]
        first.append(self.cell(sum(widths[7:10]), head(header.comparison), span=3, center=True))
        first.append(self.cell(widths[10], head(labels[10]), merge="restart", center=True))
        second = [self.cell(widths[i], "", merge="continue") for i in range(7)]
        second += [self.cell(widths[i], head(labels[i]), center=True) for i in range(7, 10)]
        second.append(self.cell(widths[10], "", merge="continue"))
        third = [self.cell(w, self.text_paragraph("cell_colno", n))
                 for w, n in zip(widths, header.numbers, strict=True)]
        return [self.table_row(first, header=True), self.table_row(second, header=True),
                self.table_row(third, header=True)]

    def _appendix_row(self, row: AppendixGroup | AppendixRow, widths: Sequence[int]) -> str:
        if isinstance(row, AppendixGroup):
            return self.table_row([
                self.cell(widths[0], self.text_paragraph("cell_center", row.stt, bold=True)),
                self.cell(sum(widths[1:]), self.text_paragraph("cell_group", row.title),
                          span=len(widths) - 1)])
        name_style = "cell_name" if row.depth == 0 else "cell_subname"
        indent = "" if row.depth <= 1 else f'<w:ind w:left="{170 * row.depth}"/>'
        name = self.paragraph(name_style, self.run(row.name), indent)
        if not row.cells:  # a label over its lines ('Trong đó:'): one cell to the last column
            return self.table_row([
                self.cell(widths[0], self.text_paragraph("cell_center", row.stt)),
                self.cell(sum(widths[1:]), name, span=len(widths) - 1)])
        cells = [self.cell(widths[0], self.text_paragraph("cell_center", row.stt)),
                 self.cell(widths[1], name),
                 self.cell(widths[2], self.text_paragraph("cell_center", row.unit))]
        for index, lines in enumerate(row.cells):
            style = "cell_center" if index == 7 else "cell_number"
            italic = index < len(row.reconstructed) and row.reconstructed[index]
            content = "".join(self.text_paragraph(style, line, italic=italic) for line in lines)
            cells.append(self.cell(widths[3 + index], content))
        return self.table_row(cells)


def _kept_together(inline: Run | Footnote) -> Run | Footnote:
    """A heading's run with its word pairs joined (line_breaks); a footnote as it is."""
    if isinstance(inline, Footnote):
        return inline
    return dataclasses.replace(inline, text=keep_together(inline.text))


def _note_groups(runs: Iterable[Run]) -> list[tuple[int, str]]:
    """(note, text) of each stretch of consecutive runs with the same note."""
    groups: list[tuple[int | None, str]] = []
    for run in runs:
        if groups and groups[-1][0] == run.note:
            groups[-1] = (run.note, groups[-1][1] + run.text)
        else:
            groups.append((run.note, run.text))
    return [(note, text) for note, text in groups if note is not None]


def document_parts(document: ReportDocument, reference: Reference) -> dict[str, bytes]:
    """Every part of the .docx package for this document (with its comments part when the
    document carries source notes: the review copy)."""
    writer = _Writer(reference, document.notes)
    if document.draft:
        writer.out.append(writer.text_paragraph("doc_type", document.draft))
    writer.header_block(document.header)
    writer.title(document.title)
    writer.body(document.blocks)
    writer.signature_block(document.recipients, document.signature)
    writer.section_break()
    writer.appendix(document.appendix)
    final_section = reference.section.xml(landscape=True, restart_numbering=True)
    document_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
                    f"{''.join(writer.out)}{final_section}</w:body></w:document>")
    parts = dict(reference.files)
    parts.update({
        "[Content_Types].xml": reference.content_types,
        "_rels/.rels": package_rels().encode(),
        "word/_rels/document.xml.rels": reference.document_rels,
        "word/styles.xml": reference.styles_xml,
        "word/settings.xml": reference.settings_xml,
        "word/document.xml": document_xml.encode("utf-8"),
        "word/footnotes.xml": writer.footnotes.part().encode("utf-8"),
        "docProps/core.xml": core_properties(document.title.subject).encode("utf-8"),
        "docProps/app.xml": app_properties().encode("utf-8"),
    })
    if len(writer.comments):
        with_comments(parts, writer.comments)
    return parts
