"""`ktxh build-report`: data and template in, the council report out.

Load and validate the data (refusing to build from data that fails), render the template, parse
its light markup, assemble the document (every line worded), write its Word parts, and move the
finished file into place atomically. With `review`, also the review copy: the same report with a
Word comment on every figure from the data (review_build).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kt_xh import document, markup
from kt_xh.docx_comments import COMMENTS_PART
from kt_xh.docx_package import zip_bytes
from kt_xh.docx_reference import Reference, load_reference
from kt_xh.docx_writer import document_parts
from kt_xh.domain import LoadedReport
from kt_xh.errors import TemplateError, display_path
from kt_xh.files import check_output
from kt_xh.loading import load_report
from kt_xh.output import write_atomically
from kt_xh.template_env import render

DEFAULT_OUTPUT_DIR = Path("build")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    indicators: int
    footnotes: int
    missing: list[tuple[int, str]]
    """(template line, what) of each figure the template asked for and the data lacks."""
    review: Path | None = None
    """The review copy, when asked for."""
    comments: int = 0
    """Comments in the review copy."""


def default_output(year: int, folder: Path = DEFAULT_OUTPUT_DIR) -> Path:
    return folder / f"bao_cao_{year}.docx"


def build_report(data_dir: Path, template: Path, reference_doc: Path | None = None,
                 output: Path | str | None = None, step: Callable[[str], None] = lambda _: None,
                 output_dir: Path = DEFAULT_OUTPUT_DIR, review: bool = False) -> BuildResult:
    step("Đọc số liệu")
    loaded = load_report(data_dir)
    report = loaded.report
    inputs = [(data_dir, "thư mục số liệu"), (loaded.actuals.path, "tệp số liệu"),
              (loaded.targets.path, "tệp số liệu"), (template, "mẫu báo cáo"),
              (reference_doc, "tài liệu tham chiếu")]
    target = check_output(default_output(report.year, output_dir) if output is None else output,
                          inputs)
    review_target = None
    if review:
        from kt_xh.review_build import review_output

        review_target = check_output(review_output(target), inputs)
    step("Dựng nội dung từ mẫu")
    rendered = render(template, report)
    try:
        text = markup.parse(rendered.text)
    except markup.MarkupError as error:
        raise TemplateError(str(error), file=display_path(template)) from None
    review_parts = None
    reference = load_reference(reference_doc)
    if review_target is not None:
        step("Dựng bản duyệt")
        review_parts = _review_parts(loaded, template, rendered.text, reference)
    step("Ghi văn bản Word")
    parts = document_parts(document.assemble(report, text), reference)
    write_atomically(target, zip_bytes(parts))
    comments = 0
    if review_target is not None and review_parts is not None:
        write_atomically(review_target, zip_bytes(review_parts))
        comments = review_parts.get(COMMENTS_PART, b"").count(b"<w:comment ")
    return BuildResult(target, len(report.indicators), text.footnote_count(), rendered.missing,
                       review_target, comments)


def _review_parts(loaded: LoadedReport, template: Path, report_text: str,
                  reference: Reference) -> dict[str, bytes]:
    from kt_xh.review_build import review_text

    text, notes = review_text(loaded, template, report_text)
    return document_parts(document.assemble(loaded.report, text, notes), reference)
