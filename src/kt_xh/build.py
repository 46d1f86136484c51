"""`ktxh build-report`: data and template in, the council report out.

Load and validate the data (refusing to build from data that fails), render the template, run the
rules of `ktxh check` on that same rendering (a failing rule stops the build unless a draft is
asked for, which says so on its first page), parse the light markup, assemble the document (every
line worded), write its Word parts, and move the finished file into place atomically. With
`review`, also the review copy: the same report with a Word comment on every figure from the data
(review_build).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kt_xh import document, markup
from kt_xh.checks.findings import Finding
from kt_xh.docx_comments import COMMENTS_PART
from kt_xh.docx_package import zip_bytes
from kt_xh.docx_reference import Reference, load_reference
from kt_xh.docx_writer import document_parts
from kt_xh.domain import LoadedReport
from kt_xh.errors import FindingsError, TemplateError, display_path
from kt_xh.files import check_output
from kt_xh.loading import load_report
from kt_xh.output import write_atomically
from kt_xh.periods import Period
from kt_xh.template_env import RenderResult, cache_folder, read_template, render_source

DEFAULT_OUTPUT_DIR = Path("build")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    indicators: int
    footnotes: int
    missing: list[tuple[int, str]]
    """(template line, what) of each figure the template asked for and the data lacks."""
    warnings: list[Finding] = field(default_factory=list)
    """Open warnings of check's rules; printed, they do not stop the build."""
    failures: list[Finding] = field(default_factory=list)
    """Failing findings a draft was built despite (empty for a normal build)."""
    review: Path | None = None
    """The review copy, when asked for."""
    comments: int = 0
    """Comments in the review copy."""


def default_output(year: int, folder: Path = DEFAULT_OUTPUT_DIR,
                   period: Period | None = None) -> Path:
    """`build/bao_cao_2025.docx`; a period's report `build/bao_cao_6_thang_2025.docx`."""
    return folder / f"bao_cao_{period.file_part if period else ''}{year}.docx"


def build_report(data_dir: Path, template: Path, reference_doc: Path | None = None,
                 output: Path | str | None = None, step: Callable[[str], None] = lambda _: None,
                 output_dir: Path = DEFAULT_OUTPUT_DIR, draft: bool = False,
                 review: bool = False, pdf: bool = False) -> BuildResult:
    step("Đọc số liệu")
    loaded = load_report(data_dir)
    report = loaded.report
    inputs = [(data_dir, "thư mục số liệu"), (loaded.actuals.path, "tệp số liệu"),
              (loaded.targets.path, "tệp số liệu"), (template, "mẫu báo cáo"),
              (reference_doc, "tài liệu tham chiếu")]
    target = check_output(default_output(report.year, output_dir, report.period)
                          if output is None else output, inputs)
    review_target = None
    if review:
        from kt_xh.review_build import review_output

        review_target = check_output(review_output(target), inputs)
    if pdf:  # converted after the build, beside the report: refused now, before anything
        from kt_xh.pdf import pdf_path

        check_output(pdf_path(target), inputs, suffix=".pdf")
    step("Dựng nội dung từ mẫu")
    name = display_path(template)
    source = read_template(template)
    rendered = render_source(source, name, report, record_uses=True,
                             cache_folder=cache_folder(), cache_writable=True)
    step("Kiểm tra số liệu và mẫu")
    failures, warnings = _check(loaded, source, name, rendered)
    if failures and not draft:
        raise FindingsError(failures)
    try:
        text = markup.parse(rendered.text)
    except markup.MarkupError as error:
        raise TemplateError(str(error), file=name) from None
    review_parts = None
    reference = load_reference(reference_doc)
    if review_target is not None:
        step("Dựng bản duyệt")
        review_parts = _review_parts(loaded, template, rendered.text, reference)
    step("Ghi văn bản Word")
    mark = _draft_mark(failures) if draft else None
    parts = document_parts(document.assemble(report, text, draft=mark), reference)
    write_atomically(target, zip_bytes(parts))
    comments = 0
    if review_target is not None and review_parts is not None:
        write_atomically(review_target, zip_bytes(review_parts))
        comments = review_parts.get(COMMENTS_PART, b"").count(b"<w:comment ")
    return BuildResult(target, len(report.indicators), text.footnote_count(), rendered.missing,
                       warnings, failures, review_target, comments)


def _check(loaded: LoadedReport, source: str, name: str, rendered: RenderResult
           ) -> tuple[list[Finding], list[Finding]]:
    """check's rules on this very rendering: (failing findings, open warnings)."""
    from kt_xh import checks
    from kt_xh.checks.template_rules import rendered_template_findings

    findings = checks.finish(loaded, [*checks.data_findings(loaded),
                                      *rendered_template_findings(loaded, source, name, rendered)])
    return ([f for f in findings if f.fails], [f for f in findings if f.open_warning])


def _draft_mark(failures: list[Finding]) -> str:
    return (f"DỰ THẢO – CÒN {len(failures)} LỖI KIỂM TRA CHƯA SỬA"
            if failures else "DỰ THẢO")


def _review_parts(loaded: LoadedReport, template: Path, report_text: str,
                  reference: Reference) -> dict[str, bytes]:
    from kt_xh.review_build import review_text

    text, notes = review_text(loaded, template, report_text)
    return document_parts(document.assemble(loaded.report, text, notes), reference)
