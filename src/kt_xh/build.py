"""`ktxh build-report`: data and template in, the council report out.

Load and validate the data (refusing to build from data that fails), render the template, parse
its light markup, assemble the document (every line worded), write its Word parts, and move the
finished file into place atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kt_xh import document, markup
from kt_xh.docx_package import zip_bytes
from kt_xh.docx_reference import load_reference
from kt_xh.docx_writer import document_parts
from kt_xh.domain import Report
from kt_xh.errors import FalseClaimError, TemplateError, display_path
from kt_xh.files import check_output
from kt_xh.loading import load_report
from kt_xh.output import write_atomically
from kt_xh.template_claims import FALSE_CLAIM_RULE, acknowledged, claim_message
from kt_xh.template_env import RenderResult, render

DEFAULT_OUTPUT_DIR = Path("build")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    indicators: int
    footnotes: int
    missing: list[tuple[int, str]]
    """(template line, what) of each figure the template asked for and the data lacks."""


def default_output(year: int, folder: Path = DEFAULT_OUTPUT_DIR) -> Path:
    return folder / f"bao_cao_{year}.docx"


def build_report(data_dir: Path, template: Path, reference_doc: Path | None = None,
                 output: Path | str | None = None, step: Callable[[str], None] = lambda _: None,
                 output_dir: Path = DEFAULT_OUTPUT_DIR) -> BuildResult:
    step("Đọc số liệu")
    loaded = load_report(data_dir)
    report = loaded.report
    inputs = [(data_dir, "thư mục số liệu"), (loaded.actuals.path, "tệp số liệu"),
              (loaded.targets.path, "tệp số liệu"), (template, "mẫu báo cáo"),
              (reference_doc, "tài liệu tham chiếu")]
    target = check_output(default_output(report.year, output_dir) if output is None else output,
                          inputs)
    step("Dựng nội dung từ mẫu")
    rendered = render(template, report)
    _refuse_false_claims(rendered, report, display_path(template))
    try:
        text = markup.parse(rendered.text)
    except markup.MarkupError as error:
        raise TemplateError(str(error), file=display_path(template)) from None
    step("Ghi văn bản Word")
    reference = load_reference(reference_doc)
    parts = document_parts(document.assemble(report, text), reference)
    write_atomically(target, zip_bytes(parts))
    return BuildResult(target, len(report.indicators), text.footnote_count(), rendered.missing)


def _refuse_false_claims(rendered: RenderResult, report: Report, name: str) -> None:
    """A claim of the template the data contradicts stops the build, as `check` reports it."""
    lines = [f"{name}:{claim.line}: "
             + claim_message(claim, report.entries[claim.indicator], report.previous_year)
             for claim in rendered.false_claims()
             if not acknowledged(report.entries[claim.indicator])]
    if lines:
        raise FalseClaimError("\n".join([
            *lines, f"Không ghi báo cáo: {len(lines)} câu khẳng định điều số liệu không cho "
            f"thấy. Hãy sửa câu hoặc số liệu (hoặc chấp nhận bằng quy_tac: {FALSE_CLAIM_RULE})."]))
