"""`ktxh text FILE.docx`: a Word document as plain text, for diffs.

Headings are marked with `#` by level, tables are written a row a line with ` | ` between cells,
footnote references become `[^n]` in the order they appear and the notes follow the body. Reads any
.docx (from ktxh or from Word) with the standard library only, so that it is quick enough to be
git's `textconv` driver for reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from kt_xh.errors import KtxhError, display_path
from kt_xh.files import MB, FileRefused, check_xml, read_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^heading (\d)$", re.I)


MAX_DOCUMENT_BYTES = 100 * MB
_PARTS = ("word/document.xml", "word/styles.xml", "word/footnotes.xml")


def docx_text(path: Path) -> str:
    name = display_path(path)
    try:
        parts = read_zip(path, MAX_DOCUMENT_BYTES, "tệp Word", _PARTS)
        for part, data in parts.items():
            check_xml(data, "tệp Word", part)
        document = ElementTree.fromstring(parts["word/document.xml"])
        styles, footnotes = (_parse_optional(parts.get(part)) for part in _PARTS[1:])
    except FileRefused as refused:
        raise KtxhError(f"{name}: {refused.with_hint('Hãy kiểm tra lại đường dẫn tệp .docx.')}"
                        ) from None
    except (KeyError, ElementTree.ParseError):
        raise KtxhError(f"Tệp {name} không phải là tệp Word (.docx) đọc được.") from None
    reader = _Reader(_heading_levels(styles), _notes(footnotes))
    body = document.find(f"{W}body")
    lines = reader.blocks(body) if body is not None else []
    notes = [f"[^{number}]: {reader.notes.get(note_id, '')}"
             for number, note_id in enumerate(reader.order, 1)]
    return "\n".join([*lines, *(["", *notes] if notes else [])]) + "\n"


def _parse_optional(data: bytes | None) -> ElementTree.Element | None:
    return None if data is None else ElementTree.fromstring(data)


def _heading_levels(styles: ElementTree.Element | None) -> dict[str, int]:
    levels: dict[str, int] = {}
    if styles is None:
        return levels
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        match = _HEADING.match(name.get(f"{W}val", "")) if name is not None else None
        if match:
            levels[style.get(f"{W}styleId", "")] = int(match.group(1))
    return levels


def _notes(footnotes: ElementTree.Element | None) -> dict[str, str]:
    notes: dict[str, str] = {}
    if footnotes is None:
        return notes
    for note in footnotes.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")).strip()
                      for p in note.iter(f"{W}p")]
        notes[note.get(f"{W}id", "")] = " ¶ ".join(p for p in paragraphs if p)
    return notes


class _Reader:
    def __init__(self, levels: dict[str, int], notes: dict[str, str]) -> None:
        self.levels = levels
        self.notes = notes
        self.order: list[str] = []

    def blocks(self, container: ElementTree.Element) -> list[str]:
        lines = []
        for child in container:
            if child.tag == f"{W}p":
                text = self.paragraph(child)
                if text:
                    lines.append(text)
            elif child.tag == f"{W}tbl":
                lines.extend(self.table(child))
        return lines

    def paragraph(self, paragraph: ElementTree.Element) -> str:
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append(" ")
            elif node.tag == f"{W}footnoteReference":
                self.order.append(node.get(f"{W}id", ""))
                parts.append(f"[^{len(self.order)}]")
        text = "".join(parts).strip()
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = self.levels.get(style.get(f"{W}val", "")) if style is not None else None
        return f"{'#' * level} {text}" if level and text else text

    def table(self, table: ElementTree.Element) -> list[str]:
        rows = []
        for row in table.findall(f"{W}tr"):
            cells = [" ".join(self.blocks(cell)) for cell in row.findall(f"{W}tc")]
            rows.append("| " + " | ".join(cells) + " |")
        return rows
