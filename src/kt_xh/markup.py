"""The light line format the report template renders to.

One line is one paragraph; blank lines are ignored. A line starting with `#`, `##`, `###`,
`####` is a heading of the part, section (mục), item (khoản) or sub-item; `@trich-yeu …` is the
subject of the report. Inside a line, `^[…]` is a footnote, written where it belongs (` ¶ ` breaks
a footnote into paragraphs), `**…**` is bold and `*…*` italic, and a backslash makes the next
character literal. `1.` and `- ` at the start of a line are plain text: this report numbers its
headings and dashes its points by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING_KINDS = {1: "phan", 2: "muc", 3: "khoan", 4: "tieu_muc"}
BODY = "doan"
SPECIAL = "\\*^[]#@"
FOOTNOTE_PARAGRAPH_BREAK = "¶"
_SPACES = re.compile(r"[ \t]{2,}|\t")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    note: int | None = None
    """The source note of a figure (review copy only; see review_marks)."""


@dataclass(frozen=True)
class Footnote:
    paragraphs: tuple[tuple[Run, ...], ...]


Inline = Run | Footnote


@dataclass(frozen=True)
class Block:
    kind: str
    """`phan`, `muc`, `khoan`, `tieu_muc` (headings) or `doan` (a body paragraph)."""
    inlines: tuple[Inline, ...]
    line: int
    """Line of the rendered text, for messages."""


@dataclass(frozen=True)
class ReportText:
    subject: str | None
    blocks: list[Block]

    def footnote_count(self) -> int:
        return sum(isinstance(i, Footnote) for b in self.blocks for i in b.inlines)


class MarkupError(ValueError):
    def __init__(self, line: int, text: str, problem: str) -> None:
        snippet = text.strip()
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        super().__init__(f"dòng {line} của văn bản sinh ra (\"{snippet}\"): {problem}")
        self.line = line
        self.problem = problem


def escape_markup(text: str) -> str:
    """Data text made literal in the markup: its `*`, `^[`, `]`… print as they are."""
    if not any(c in text for c in SPECIAL):
        return text.replace("\n", " ")
    return "".join("\\" + c if c in SPECIAL else c for c in text).replace("\n", " ")


MAX_BLOCKS = 200_000
"""Paragraphs of one report (100x the shipped report has about 35,000): beyond it, the Word
document would take gigabytes to write, so `check` and `build-report` refuse it alike."""
MAX_FOOTNOTES = 50_000


def parse(text: str, *, marks: bool = False) -> ReportText:
    """The report text of the template's output; with `marks` (the review copy), the source
    marks of review_marks become the `note` of the runs they enclose."""
    syntax = _MARKED if marks else _PLAIN
    subject = None
    blocks: list[Block] = []
    footnotes = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            name, _, rest = line[1:].partition(" ")
            if name != "trich-yeu":
                raise MarkupError(number, raw, f"không có chỉ dẫn '@{name}' (chỉ có @trich-yeu).")
            subject = _plain(_inlines(rest, number, raw, syntax, in_footnote=False), number,
                             raw)
            continue
        kind, content = _line_kind(line)
        inlines = _inlines(content, number, raw, syntax, in_footnote=False)
        if inlines:
            blocks.append(Block(kind, tuple(inlines), number))
            footnotes += sum(isinstance(i, Footnote) for i in inlines)
            if len(blocks) > MAX_BLOCKS or footnotes > MAX_FOOTNOTES:
                raise MarkupError(number, raw, f"báo cáo quá dài (hơn {MAX_BLOCKS:,} đoạn hoặc "
                                  f"{MAX_FOOTNOTES:,} chú thích); hãy kiểm tra các vòng lặp của "
                                  "mẫu.".replace(",", "."))
    return ReportText(subject, blocks)


def _line_kind(line: str) -> tuple[str, str]:
    hashes = len(line) - len(line.lstrip("#"))
    if 1 <= hashes <= 4 and line[hashes:hashes + 1] == " ":
        return HEADING_KINDS[hashes], line[hashes + 1:]
    return BODY, line


def _plain(inlines: list[Inline], number: int, raw: str) -> str:
    if any(isinstance(i, Footnote) for i in inlines):
        raise MarkupError(number, raw, "trích yếu không có chú thích.")
    return "".join(i.text for i in inlines if isinstance(i, Run))


@dataclass(frozen=True)
class _Syntax:
    any_special: re.Pattern[str]
    token: re.Pattern[str]


_PLAIN = _Syntax(re.compile(r"[\\*\[\]^]"), re.compile(r"\\.|\^\[|\*\*|[*\[\]]"))
_MARKED = _Syntax(re.compile(r"[\\*\[\]^\ue000-\ue002]"),
                  re.compile(r"\\.|\^\[|\*\*|[*\[\]]|\ue000[0-9]*\ue001|\ue002"))
"""With the source marks of the review copy (review_marks): open `U+E000 id U+E001`, close
`U+E002`."""


def _inlines(text: str, number: int, raw: str, syntax: _Syntax, *, in_footnote: bool
             ) -> list[Inline]:
    """Runs of text (bold, italic) and footnotes of one line; plain text takes one regex search."""
    if not syntax.any_special.search(text):
        return _tidy([Run(text)])
    runs: list[Inline] = []
    buffer: list[str] = []
    bold = italic = False
    note: int | None = None
    position = 0

    def flush() -> None:
        if buffer:
            runs.append(Run("".join(buffer), bold, italic, note))
            buffer.clear()

    while True:
        match = syntax.token.search(text, position)
        if match is None:
            buffer.append(text[position:])
            break
        buffer.append(text[position:match.start()])
        token = match.group()
        position = match.end()
        if token[0] == "\\":
            buffer.append(token[1])
        elif token == "^[":
            if in_footnote:
                raise MarkupError(number, raw, "chú thích không được lồng trong chú thích.")
            end = _closing_bracket(text, position)
            if end is None:
                raise MarkupError(number, raw, "chú thích mở bằng '^[' chưa được đóng bằng ']'.")
            flush()
            runs.append(_footnote(text[position:end], number, raw, syntax))
            position = end + 1
        elif token == "**":
            flush()
            bold = not bold
        elif token == "*":
            flush()
            italic = not italic
        elif token[0] in "\ue000\ue002":
            flush()
            note = int(token[1:-1] or -1) if token[0] == "\ue000" else None
        elif token == "]" and not in_footnote:
            raise MarkupError(number, raw, "dấu ']' không khớp với '^[' nào; nếu là chữ, hãy viết "
                              "'\\]'.")
        else:
            buffer.append(token)
    flush()
    if bold or italic:
        raise MarkupError(number, raw, "chữ đậm '**' hoặc nghiêng '*' mở mà chưa đóng; nếu là dấu "
                          "sao, hãy viết '\\*'.")
    return _tidy(runs)


_BRACKET = re.compile(r"\\.|[\[\]]")


def _closing_bracket(text: str, start: int) -> int | None:
    """Where the footnote opened before `start` closes: brackets nest, a backslash escapes."""
    depth = 0
    for match in _BRACKET.finditer(text, start):
        token = match.group()
        if token == "[":
            depth += 1
        elif token == "]":
            if depth == 0:
                return match.start()
            depth -= 1
    return None


def _footnote(content: str, number: int, raw: str, syntax: _Syntax) -> Footnote:
    paragraphs = []
    for part in content.split(FOOTNOTE_PARAGRAPH_BREAK):
        runs = [r for r in _inlines(part, number, raw, syntax, in_footnote=True)
                if isinstance(r, Run)]
        if runs:
            paragraphs.append(tuple(runs))
    if not paragraphs:
        raise MarkupError(number, raw, "chú thích rỗng.")
    return Footnote(tuple(paragraphs))


def _tidy(runs: list[Inline]) -> list[Inline]:
    """Collapse runs of spaces, trim the ends of the paragraph, drop empty runs."""
    tidy: list[Inline] = []
    for run in runs:
        if isinstance(run, Run):
            run = Run(_SPACES.sub(" ", run.text), run.bold, run.italic, run.note)
            if tidy and isinstance(tidy[-1], Run) and tidy[-1].text.endswith(" "):
                run = Run(run.text.lstrip(" "), run.bold, run.italic, run.note)
            if not run.text and run.note is None:
                continue
        tidy.append(run)
    if tidy and isinstance(tidy[0], Run):
        tidy[0] = Run(tidy[0].text.lstrip(), tidy[0].bold, tidy[0].italic, tidy[0].note)
    if tidy and isinstance(tidy[-1], Run):
        tidy[-1] = Run(tidy[-1].text.rstrip(), tidy[-1].bold, tidy[-1].italic, tidy[-1].note)
    visible = any(not isinstance(r, Run) or r.text for r in tidy)
    noted_text = {r.note for r in tidy if isinstance(r, Run) and r.text}
    # An empty run whose note has no text marks a claim in the review copy (its comment's
    # anchor); alone on its line it makes no paragraph.
    return [r for r in tidy if not (isinstance(r, Run) and not r.text and (
        r.note is None or r.note in noted_text or not visible))]
