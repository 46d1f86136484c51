"""The review copy (`ktxh build-report --ban-duyet`): the same report, with a Word comment on every
figure from the data saying where it comes from.

The report itself is rendered exactly as without the option; the review copy is rendered a second
time with `ReviewNotes`, whose marks (review_marks) become annotated runs and then comments. The
review copy is refused, rather than written different from the report, when the report's text
holds a mark character (from the template or the data) or when the marked text, marks removed, is
not the report's text (a template that cuts or measures a helper's text). A mark is kept only
around exactly the text its helper printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from kt_xh import markup
from kt_xh.domain import LoadedReport
from kt_xh.errors import TemplateError, display_path
from kt_xh.markup import Block, Footnote, Inline, ReportText, Run
from kt_xh.review_marks import first_mark_line, has_marks, strip_marks
from kt_xh.review_notes import ReviewNotes
from kt_xh.template_env import render

REVIEW_SUFFIX = "_ban_duyet"
_SPACES = re.compile(r"\s+")

Notes = tuple[tuple[str, ...], ...]


def review_output(report_path: Path) -> Path:
    """`build/bao_cao_2023.docx` -> `build/bao_cao_2023_ban_duyet.docx`."""
    return report_path.with_name(f"{report_path.stem}{REVIEW_SUFFIX}{report_path.suffix}")


def review_text(loaded: LoadedReport, template: Path, report_text: str
                ) -> tuple[ReportText, Notes]:
    """The review copy's text with the source note of each marked run, and the notes' words."""
    name = display_path(template)
    if has_marks(report_text):
        raise TemplateError("không ghi được bản duyệt: văn bản sinh ra có ký tự dành riêng "
                            "U+E000-U+E002 (ktxh dùng chúng để đánh dấu số liệu), từ mẫu báo cáo "
                            "hoặc từ số liệu. Hãy xóa các ký tự đó.", file=name,
                            line=first_mark_line(report_text))
    notes = ReviewNotes(loaded)
    rendered = render(template, loaded.report, review=notes)
    if strip_marks(rendered.text) != report_text:
        raise TemplateError("không ghi được bản duyệt: mẫu báo cáo xử lý tiếp chữ do bộ lọc in ra "
                            "(ví dụ cắt chuỗi hay đếm độ dài), nên bản duyệt sẽ khác báo cáo. Hãy "
                            "in thẳng kết quả của bộ lọc.", file=name)
    try:
        text = markup.parse(rendered.text, marks=True)
    except markup.MarkupError as error:
        raise TemplateError(str(error), file=name) from None
    expected = [note.text for note in notes.notes]
    blocks = [Block(b.kind, tuple(_verified(b.inlines, expected)), b.line) for b in text.blocks]
    return ReportText(text.subject, blocks), tuple(note.paragraphs() for note in notes.notes)


def _verified(inlines: Iterable[Inline], expected: Sequence[str]) -> list[Inline]:
    """The inlines with a note only where the runs it covers read exactly its helper's text."""
    result: list[Inline] = []
    group: list[Run] = []

    def close() -> None:
        if group:
            note = group[0].note
            text = "".join(run.text for run in group)
            valid = (note is not None and 0 <= note < len(expected)
                     and _same(text, expected[note]))
            result.extend(group if valid else [Run(r.text, r.bold, r.italic) for r in group])
            group.clear()

    for inline in inlines:
        if isinstance(inline, Footnote):
            close()
            paragraphs = tuple(tuple(r for r in _verified(p, expected) if isinstance(r, Run))
                               for p in inline.paragraphs)
            result.append(Footnote(paragraphs))
            continue
        if group and inline.note != group[0].note:
            close()
        if inline.note is None:
            result.append(inline)
        else:
            group.append(inline)
    close()
    return result


def _same(printed: str, expected: str) -> bool:
    return _SPACES.sub(" ", printed).strip() == _SPACES.sub(" ", expected).strip()
