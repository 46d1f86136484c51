"""The template's light line format."""

from __future__ import annotations

import pytest

from kt_xh import markup
from kt_xh.markup import Footnote, MarkupError, Run, escape_markup, parse


def test_one_line_one_paragraph_and_heading_levels() -> None:
    text = parse("# Phần thứ nhất\n## I. MỤC\n### 1. Khoản\n#### 1.1. Tiểu mục\n\nĐoạn một.\n"
                 "- Đoạn có gạch đầu dòng.\n1. Không phải danh sách.\n")
    assert [b.kind for b in text.blocks] == ["phan", "muc", "khoan", "tieu_muc", "doan", "doan",
                                             "doan"]
    assert [b.inlines[0].text for b in text.blocks][-2:] == ["- Đoạn có gạch đầu dòng.",
                                                            "1. Không phải danh sách."]


def test_subject_directive() -> None:
    text = parse("@trich-yeu Tình hình năm 2023\nNội dung.")
    assert text.subject == "Tình hình năm 2023"
    assert len(text.blocks) == 1


def test_footnotes_where_they_belong_with_paragraphs() -> None:
    block = parse("Có chú thích^[Dòng một ¶ - dòng hai [có ngoặc].] rồi tiếp.").blocks[0]
    assert isinstance(block.inlines[1], Footnote)
    note = block.inlines[1]
    assert [[r.text for r in p] for p in note.paragraphs] == [["Dòng một"],
                                                             ["- dòng hai [có ngoặc]."]]
    assert block.inlines[0] == Run("Có chú thích")
    assert block.inlines[2] == Run(" rồi tiếp.")


def test_bold_italic_and_escapes() -> None:
    inlines = parse("a **đậm** *nghiêng* \\*sao\\* \\^\\[x\\]").blocks[0].inlines
    assert inlines == (Run("a "), Run("đậm", bold=True), Run(" "), Run("nghiêng", italic=True),
                       Run(" *sao* ^[x]"))


def test_spaces_are_collapsed() -> None:
    assert parse("a   b  ").blocks[0].inlines == (Run("a b"),)


@pytest.mark.parametrize(("line", "problem"), [
    ("chú thích ^[chưa đóng", "chưa được đóng"),
    ("ngoặc ] lẻ", "không khớp"),
    ("**đậm chưa đóng", "chưa đóng"),
    ("^[ngoài ^[trong]]", "lồng"),
    ("@khong-co gì", "@khong-co"),
])
def test_markup_errors_name_the_line(line: str, problem: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse("Dòng đầu.\n" + line)
    assert caught.value.line == 2
    assert problem in str(caught.value)


def test_escape_makes_data_literal() -> None:
    raw = "Tên [có] *sao* ^ # @ \\"
    assert parse(escape_markup(raw)).blocks[0].inlines == (Run(raw),)


def test_a_report_of_too_many_paragraphs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markup, "MAX_BLOCKS", 3)
    with pytest.raises(MarkupError, match="báo cáo quá dài"):
        parse("a\nb\nc\nd\n")
    assert len(parse("a\nb\nc\n").blocks) == 3
