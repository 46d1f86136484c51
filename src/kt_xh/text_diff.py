"""`ktxh diff`, second part: the sentences of the report that change between two versions.

Each side's template (at its revision, or in the working tree) is rendered with that side's data,
under the same limits as `build-report`, and the paragraphs of the two texts are compared, so a
reviewer sees the sentences that change, not only the figures. A side whose template is missing or
does not render is reported in one line, never a crash.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kt_xh import markup
from kt_xh.domain import Report
from kt_xh.errors import KtxhError, display_path
from kt_xh.git_revisions import Repository
from kt_xh.template_env import MAX_TEMPLATE_BYTES, read_template, render_source

MAX_SHOWN = 40
"""Paragraph lines (`-` or `+`) printed at most; the rest are counted."""


class SkipText(Exception):
    """The report's text cannot be compared: the message says why, in one line."""


@dataclass(frozen=True)
class Line:
    mark: str
    """`-` (in the old text only) or `+` (in the new text only)."""
    text: str


@dataclass
class TextDiff:
    lines: list[Line] = field(default_factory=list)
    hidden: int = 0
    """Changed paragraphs beyond MAX_SHOWN, not printed."""
    note: str | None = None
    """Why the text was not compared, when it was not."""


def template_at(repository: Repository, revision: str, template: Path) -> str:
    """The template's text at a revision; SkipText when it is not there or cannot be read."""
    commit = repository.commit(revision)
    try:
        data = repository.read_at(commit, template)
    except (subprocess.CalledProcessError, ValueError):
        raise SkipText(f"Ở phiên bản '{revision}' chưa có mẫu {display_path(template)}: bỏ qua "
                       "phần so sánh lời văn.") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise SkipText(f"Mẫu {display_path(template)} ở phiên bản '{revision}' quá lớn: bỏ qua "
                       "phần so sánh lời văn.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SkipText(f"Mẫu {display_path(template)} ở phiên bản '{revision}' không lưu ở mã "
                       "UTF-8: bỏ qua phần so sánh lời văn.") from None


def template_in_worktree(template: Path) -> str:
    if not template.is_file():
        raise SkipText(f"Thư mục làm việc chưa có mẫu {display_path(template)}: bỏ qua phần so "
                       "sánh lời văn.")
    try:
        return read_template(template)
    except KtxhError as error:
        raise SkipText(f"Không đọc được mẫu báo cáo ({error.message}): bỏ qua phần so sánh lời "
                       "văn.") from None


def paragraphs(source: str, name: str, report: Report, where: str) -> list[str]:
    """The report's paragraphs as plain text, the subject line first."""
    try:
        text = markup.parse(render_source(source, name, report).text)
    except (KtxhError, markup.MarkupError) as error:
        raise SkipText(f"Mẫu báo cáo ở {where} không dựng được ({_one_line(error)}): bỏ qua phần "
                       "so sánh lời văn.") from None
    found = [] if text.subject is None else [text.subject]
    return found + [_plain(block) for block in text.blocks]


def _one_line(error: Exception) -> str:
    message = error.message if isinstance(error, KtxhError) else str(error)
    return " ".join(message.split())


def _plain(block: markup.Block) -> str:
    parts = []
    for inline in block.inlines:
        if isinstance(inline, markup.Run):
            parts.append(inline.text)
        else:
            note = " ".join("".join(run.text for run in paragraph)
                            for paragraph in inline.paragraphs)
            parts.append(f" [chú thích: {note}]")
    return "".join(parts)


def compare_paragraphs(before: list[str], after: list[str], limit: int = MAX_SHOWN) -> TextDiff:
    changed: list[Line] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed += [Line("-", text) for text in before[i1:i2]]
            changed += [Line("+", text) for text in after[j1:j2]]
    return TextDiff(changed[:limit], max(0, len(changed) - limit))


@dataclass(frozen=True)
class Side:
    revision: str | None
    """None: the working tree."""
    label: str
    report: Report

    @property
    def where(self) -> str:
        return "thư mục làm việc" if self.revision is None else f"phiên bản '{self.label}'"


def _name(side: Side, template: Path) -> str:
    """The template's name in messages: `HEAD~1:templates/bao_cao.docx.j2` at a revision."""
    path = display_path(template)
    return path if side.revision is None else f"{side.revision}:{path}"


def compare_report_text(repository: Repository, template: Path, before: Side, after: Side
                        ) -> TextDiff:
    """The paragraphs that change between the two sides' reports, or a note saying why not."""
    try:
        old, new = (paragraphs(_source(repository, side, template),
                               _name(side, template), side.report, side.where)
                    for side in (before, after))
    except SkipText as skip:
        return TextDiff(note=str(skip))
    return compare_paragraphs(old, new)


def _source(repository: Repository, side: Side, template: Path) -> str:
    if side.revision is None:
        return template_in_worktree(template)
    return template_at(repository, side.revision, template)


# ---------------------------------------------------------------- output
def as_text(diff: TextDiff) -> list[str]:
    if diff.note is not None:
        return [diff.note]
    if not diff.lines:
        return ["Lời văn của báo cáo không đổi."]
    lines = ["Lời văn của báo cáo thay đổi (- đoạn cũ, + đoạn mới):"]
    lines += [f"{line.mark} {line.text}" for line in diff.lines]
    if diff.hidden:
        lines.append(f"… và {diff.hidden} đoạn thay đổi khác.")
    return lines


def as_markdown(diff: TextDiff) -> list[str]:
    if diff.note is not None or not diff.lines:
        return as_text(diff)
    lines = ["#### Lời văn thay đổi", "", "```diff"]
    lines += [f"{line.mark} {line.text.replace('```', '` ` `')}" for line in diff.lines]
    lines.append("```")
    if diff.hidden:
        lines += ["", f"… và {diff.hidden} đoạn thay đổi khác."]
    return lines


def as_json(diff: TextDiff) -> dict[str, object]:
    return {"ghi_chu": diff.note, "doan": [{"dau": line.mark, "chu": line.text}
                                          for line in diff.lines],
            "con_lai": diff.hidden}
