"""The `ktxh` command line: each command parses its options and calls one library function.

Heavy modules are imported inside the command that needs them, so that `ktxh --help` and
`ktxh check` start fast. Errors a user can cause (`KtxhError`) are printed in Vietnamese with their
exit code. Anything else is a bug of ktxh: its traceback goes to a log file for whoever maintains
ktxh, and the officer sees one Vietnamese sentence saying where that file is (exit code 3).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kt_xh import __version__
from kt_xh.cli_vietnamese import WHAT_TO_GIVE, VietnameseCommand, VietnameseGroup
from kt_xh.errors import KtxhError, printable

app = typer.Typer(
    name="ktxh",
    help="Báo cáo tình hình kinh tế - xã hội từ các tệp số liệu: kiểm tra số liệu, sinh văn bản "
         "Word.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=VietnameseGroup,
)

F = TypeVar("F", bound=Callable[..., None])


def _echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print for a person: what came from the data cannot drive the terminal or the CI log."""
    typer.echo(printable(message), err=err, nl=nl)


def _user_errors(command: F) -> F:
    """Print a user's mistake in Vietnamese with its exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except KtxhError as error:
            _echo(error.message, err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


DEFAULT_TEMPLATE = Path("templates/bao_cao.docx.j2")
TemplateOption = Annotated[Path | None, typer.Option(
    "--template", show_default=False, metavar="TỆP",
    help="Mẫu báo cáo (mặc định: templates/bao_cao.docx.j2).")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Chạy lại từ đầu, không dùng kết quả đã lưu của lần chạy trước với cùng "
                       "số liệu và mẫu.")]
DataOption = Annotated[Path, typer.Option(
    "--data", show_default=False, metavar="THƯ_MỤC",
    help="Thư mục chứa hai tệp số liệu (mặc định: data).")]


def _version(value: bool) -> None:
    if value:
        _echo(f"ktxh {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
) -> None:
    """Báo cáo tình hình kinh tế - xã hội từ các tệp số liệu."""


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command("check", cls=VietnameseCommand)
@_user_errors
def check(
    data: DataOption = Path("data"),
    template: TemplateOption = None,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", show_default=False, metavar="DẠNG",
        help="text (bảng, mặc định), json (cho công cụ khác) hoặc github (chú thích GitHub "
             "Actions).")] = CheckFormat.text,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Coi cả cảnh báo chưa được chấp nhận là lỗi.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Kiểm tra số liệu và mẫu báo cáo; không ghi tệp nào.

    Dùng trong CI và trước mỗi lần commit. Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh
    báo, với --strict); 2 không đọc được số liệu.
    """
    import sys

    from kt_xh.checks import presenters, run_check
    from kt_xh.files import probe

    template_path: Path | None = template or DEFAULT_TEMPLATE
    if template is None and not probe(DEFAULT_TEMPLATE):
        _echo(f"Không có mẫu báo cáo {DEFAULT_TEMPLATE}: chỉ kiểm tra số liệu.", err=True)
        template_path = None
    result = run_check(data, template_path)
    if output_format is CheckFormat.json:
        typer.echo(presenters.as_json(result))
    elif output_format is CheckFormat.github:
        typer.echo(presenters.as_github(result))
    else:
        presenters.as_text(result, sys.stdout)
    raise typer.Exit(result.exit_code(strict))


@app.command("build-report", cls=VietnameseCommand)
@_user_errors
def build_report(
    data: Annotated[list[Path] | None, typer.Option(
        "--data", show_default=False, metavar="THƯ_MỤC",
        help="Thư mục số liệu (mặc định: data). Ghi nhiều lần để sinh báo cáo của nhiều đơn vị "
             "cùng lúc, song song; mỗi đơn vị một thư mục con trong build, ví dụ "
             "build/xa_ta_leng/bao_cao_2023.docx; đơn vị có thư mục templates riêng (cạnh "
             "thư mục data) thì dùng mẫu của mình.")
    ] = None,
    template: TemplateOption = None,
    reference_doc: Annotated[Path | None, typer.Option(
        "--reference-doc", show_default=False, metavar="TỆP",
        help="Tệp Word lấy kiểu chữ, khổ giấy, đầu trang (mặc định: templates/mau_tham_chieu.docx "
             "nếu có, nếu không thì tệp Word kèm theo ktxh).")] = None,
    output: Annotated[str | None, typer.Option(
        "-o", "--output", show_default=False, metavar="TỆP",
        help="Tệp Word sẽ ghi (mặc định: build/bao_cao_2023.docx cho báo cáo năm 2023).")] = None,
    draft: Annotated[bool, typer.Option(
        "--ban-nhap", help="Vẫn sinh báo cáo khi kiểm tra còn lỗi; trang đầu ghi DỰ THẢO và số lỗi "
                           "chưa sửa.")] = False,
    review: Annotated[bool, typer.Option(
        "--ban-duyet", help="Ghi thêm bản duyệt: mỗi số liệu kèm chú giải Word cho biết lấy từ "
                            "đâu (chỉ tiêu, trường, tệp và dòng số liệu, công thức). Bản duyệt ghi "
                            "cạnh báo cáo, tên thêm _ban_duyet.")] = False,
    no_cache: NoCacheOption = False,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Ghi thêm bản PDF cạnh báo cáo Word (chuyển bằng LibreOffice).")] = False,
) -> None:
    """Sinh báo cáo Word từ số liệu và mẫu báo cáo.

    Trước khi ghi, chạy các quy tắc của ktxh check: còn lỗi thì không ghi (mã thoát 1), trừ khi
    dùng --ban-nhap.
    """
    from kt_xh.docx_reference import reference_to_use

    folders = data or [Path("data")]
    if len(folders) > 1:
        if output is not None:
            raise KtxhError("Khi sinh báo cáo của nhiều đơn vị, không dùng -o: mỗi báo cáo ghi "
                            "vào build/<đơn vị>/bao_cao_<năm>.docx.")
        from kt_xh import result_cache

        result_cache.uncacheable()  # the units are built in other processes, unrecorded
        _build_many(folders, template, reference_doc, review, pdf)
        return
    template = template or DEFAULT_TEMPLATE
    reference_doc = reference_to_use(reference_doc)
    from kt_xh.build import build_report as build
    from kt_xh.progress import steps

    with steps() as step:
        result = build(folders[0], template, reference_doc, output, step=step, draft=draft,
                       review=review, pdf=pdf)
    for finding in [*result.failures, *result.warnings]:
        level = "Lỗi" if finding in result.failures else "Cảnh báo"
        _echo(f"{level}: {finding.file}:{finding.line or ''} [{finding.rule}] {finding.message}",
              err=True)
    kind = "bản dự thảo" if draft else "báo cáo"
    _echo(f"Đã ghi {kind}: {result.output} ({result.indicators} chỉ tiêu, "
          f"{result.footnotes} chú thích).")
    if result.review is not None:
        _echo(f"Đã ghi bản duyệt: {result.review} ({result.comments} chú giải nguồn số liệu).")
    if pdf:
        _write_pdfs([result.output])


def _write_pdfs(reports: list[Path]) -> None:
    """One LibreOffice run for every report; without LibreOffice, how to install it (exit 1)."""
    from kt_xh import pdf, result_cache

    result_cache.uncacheable()  # LibreOffice and its fonts are outside what a run records
    soffice = pdf.find_soffice()
    if soffice is None:
        _echo(pdf.INSTALL_HINT, err=True)
        raise typer.Exit(1)
    warning = pdf.font_warning()
    if warning:
        _echo(f"Cảnh báo: {warning}", err=True)
    for path in pdf.convert(reports, soffice):
        _echo(f"Đã ghi PDF: {path}")


def _build_many(folders: list[Path], template: Path | None, reference: Path | None,
                review: bool, pdf: bool = False) -> None:
    """Each unit with its own `templates/` (beside its `data/`) uses them, unless --template or
    --reference-doc names one for all."""
    import sys

    from kt_xh.batch import build_all
    from kt_xh.progress import batch_progress, batch_summary

    results = []
    with batch_progress(len(folders)) as advance:
        for result in build_all(folders, template, reference, review=review):
            results.append(result)
            advance(result)
    batch_summary(results, sys.stdout)
    written = [r.output for r in results if r.output is not None]
    if pdf and written:
        _write_pdfs(written)
    failed = [r.unit for r in results if not r.ok]
    if failed:
        _echo(f"Không sinh được báo cáo của {len(failed)} đơn vị: {', '.join(failed)}.",
                   err=True)
        raise typer.Exit(1)


@app.command("fmt", cls=VietnameseCommand)
@_user_errors
def fmt(
    data: DataOption = Path("data"),
    check: Annotated[bool, typer.Option(
        "--check", help="Không sửa gì; báo tệp nào chưa đúng dạng chuẩn (mã thoát 1).")] = False,
) -> None:
    """Viết lại các tệp số liệu theo dạng chuẩn.

    Giữ nguyên chú thích và mọi giá trị; chỉ đổi cách trình bày, để diff chỉ còn thay đổi thật.
    """
    from kt_xh.yaml_format import data_files, format_files

    files = data_files(data)
    if not files:
        _echo(f"Không có tệp số liệu nào trong {data}.", err=True)
        raise typer.Exit(2)
    results = format_files(files, check=check)
    changed = [r.path for r in results if r.changed]
    for path in changed:
        _echo(f"{'Chưa đúng dạng chuẩn' if check else 'Đã định dạng lại'}: {path}")
    if check and changed:
        _echo("Chạy 'ktxh fmt' để định dạng lại.", err=True)
        raise typer.Exit(1)
    if not changed:
        _echo(f"Các tệp số liệu đã đúng dạng chuẩn ({len(results)} tệp).")
    _remind_of_invalid_data(data)


def _remind_of_invalid_data(data: Path) -> None:
    """fmt only lays the files out; an officer should not read 'đúng dạng chuẩn' as 'đúng'."""
    from kt_xh.errors import DataError
    from kt_xh.loading import load_report

    try:
        load_report(data)
    except DataError as error:
        _echo(f"Lưu ý: cách trình bày đã chuẩn nhưng số liệu còn {len(error.problems)} lỗi (tên "
              "trường sai, thụt lề, giá trị không hợp lệ...); chạy 'ktxh check' để xem và sửa.",
              err=True)


@app.command("schema", cls=VietnameseCommand)
@_user_errors
def schema(
    out: Annotated[Path, typer.Option(
        "--out", show_default=False, metavar="THƯ_MỤC",
        help="Thư mục ghi lược đồ (mặc định: schema).")] = Path("schema"),
) -> None:
    """Ghi lược đồ JSON của hai tệp số liệu.

    Trình soạn thảo (ví dụ VS Code) dùng lược đồ để gợi ý tên trường và kiểm tra khi gõ.
    """
    from kt_xh.schema import write_schemas

    for path in write_schemas(out):
        _echo(f"Đã ghi lược đồ: {path}")


@app.command("text", cls=VietnameseCommand)
@_user_errors
def text(document: Annotated[Path, typer.Argument(
        metavar="TỆP.docx", show_default=False, help="Tệp Word cần in ra chữ.")]) -> None:
    """In chữ của một báo cáo Word, để so sánh bằng git.

    Đề mục đánh dấu #, bảng mỗi hàng một dòng, chú thích [^n] in sau phần thân.
    """
    from kt_xh.docx_text import docx_text

    _echo(docx_text(document), nl=False)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("diff", cls=VietnameseCommand)
@_user_errors
def diff(
    revisions: Annotated[list[str] | None, typer.Argument(
        metavar="[PHIÊN_BẢN_A] [PHIÊN_BẢN_B]", show_default=False,
        help="Hai phiên bản git để so sánh. Không ghi: HEAD với thư mục làm việc; một phiên bản: "
             "phiên bản đó với thư mục làm việc.")] = None,
    data: DataOption = Path("data"),
    template: TemplateOption = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", show_default=False, metavar="DẠNG",
        help="text (mặc định), markdown (dán vào bình luận merge request) hoặc json.")
    ] = DiffFormat.text,
) -> None:
    """So sánh số liệu giữa hai phiên bản git.

    Số nào đổi, các tỷ lệ và đánh giá trước và sau; chỉ tiêu chuyển sang không đạt được làm nổi;
    rồi những câu của báo cáo thay đổi theo (mẫu báo cáo dựng với số liệu của từng phiên bản).
    """
    from kt_xh import diff as data_diff
    from kt_xh.git_revisions import GitError, Repository, load_at_revision
    from kt_xh.loading import load_report
    from kt_xh.text_diff import Side, compare_report_text

    chosen = revisions or []
    if len(chosen) > 2:
        raise GitError(f"Chỉ so sánh được hai phiên bản một lần, nhưng câu lệnh ghi {len(chosen)} "
                       f"phiên bản ({', '.join(chosen)}). Hãy ghi hai phiên bản, ví dụ ktxh diff "
                       f"{chosen[0]} {chosen[1]}; muốn so sánh tiếp thì chạy thêm ktxh diff "
                       f"{chosen[1]} {chosen[2]}.")
    repository = Repository.containing(data)
    before_rev = chosen[0] if chosen else "HEAD"
    before = load_at_revision(repository, before_rev, data).report
    after_rev = chosen[1] if len(chosen) == 2 else None
    if after_rev is not None:
        after, after_label = load_at_revision(repository, after_rev, data).report, after_rev
    else:
        after, after_label = load_report(data).report, "thư mục làm việc"
    result = data_diff.compare(before, after, before_rev, after_label)
    result.text = compare_report_text(repository, template or DEFAULT_TEMPLATE,
                                      Side(before_rev, before_rev, before),
                                      Side(after_rev, after_label, after))
    render = {DiffFormat.text: data_diff.as_text, DiffFormat.markdown: data_diff.as_markdown,
              DiffFormat.json: data_diff.as_json}[output_format]
    _echo(render(result), nl=False)


@app.command("init", cls=VietnameseCommand)
@_user_errors
def init(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", show_default=False,
                                           help="Thư mục của kho mới (nên để trống).")],
    level: Annotated[str | None, typer.Option(
        "--cap", show_default=False, metavar="CẤP",
        help="Cấp của đơn vị: xa (mặc định), phuong, dac-khu hoặc tinh.")] = None,
    place: Annotated[str | None, typer.Option(
        "--ten", show_default=False, metavar="TÊN",
        help="Tên địa phương, không kèm cấp, ví dụ \"Tân Phong\".")] = None,
    unit: Annotated[str | None, typer.Option(
        "--don-vi", show_default=False, metavar="TÊN",
        help="Thay cho --cap và --ten: tên đơn vị có cả cấp, ví dụ \"xã Tam Đường\".")] = None,
    year: Annotated[int | None, typer.Option(
        "--nam", show_default=False, min=2000, max=2100, metavar="NĂM",
        help="Năm báo cáo, từ 2000 đến 2100 (mặc định: năm nay).")] = None,
    period: Annotated[str, typer.Option(
        "--ky", show_default=False, metavar="KỲ",
        help="Kỳ báo cáo của kho mẫu: nam (báo cáo cả năm, mặc định) hoặc 6-thang (báo cáo 6 "
             "tháng đầu năm, mẫu báo cáo riêng, không cần kế hoạch năm sau).")] = "nam",
) -> None:
    """Tạo kho số liệu mới cho một đơn vị.

    Số liệu ví dụ, mẫu báo cáo, lược đồ, kiểm tra tự động (pre-commit, CI); không ghi đè tệp nào.
    """
    from kt_xh.project import git_steps, init_project, unit_for_init

    written = init_project(folder, unit_for_init(unit, level, place), year, period)
    here = folder.resolve() == Path.cwd().resolve()
    where = "thư mục hiện tại" if here else f"thư mục {folder}"
    steps = ([] if here else [f"cd {folder}"]) + ["ktxh check", "ktxh build-report"]
    _echo(f"Đã tạo {len(written)} tệp trong {where}. Tiếp theo:\n"
          + "\n".join(f"  {step}" for step in steps)
          + "\nRồi lưu phiên bản đầu tiên vào git:\n"
          + "\n".join(f"  {step}" for step in git_steps(folder)))


@app.command("new-year", cls=VietnameseCommand)
@_user_errors
def new_year(
    year: Annotated[int, typer.Argument(metavar="NĂM", show_default=False,
                                        help="Năm báo cáo mới, ví dụ 2024.")],
    data: DataOption = Path("data"),
    period: Annotated[str | None, typer.Option(
        "--ky", show_default=False, metavar="KỲ",
        help="Kỳ báo cáo mới: nam, 6-thang, 9-thang, quy-1 … quy-4, thang-1 … thang-12 (mặc "
             "định: cùng kỳ với số liệu hiện có).")] = None,
) -> None:
    """Chuyển số liệu sang năm mới.

    Kế hoạch năm mới thành kế hoạch, số ước năm cũ thành cùng kỳ (đánh dấu là số ước) khi báo
    cáo mới cùng kỳ; mọi trường không phải số liệu được giữ nguyên; không ghi đè tệp nào.
    """
    from kt_xh.project import new_year as roll

    written = roll(data, year, period)
    for path in written:
        _echo(f"Đã tạo: {path}")
    _echo("Số cùng kỳ đang là số ước (cung_ky_la_uoc): sửa khi có số thực hiện chính thức"
          + (f"; nhập kế hoạch năm {year + 1} vào tệp kế hoạch." if len(written) > 1 else "."))


@app.command("new-period", cls=VietnameseCommand)
@_user_errors
def new_period(
    period: Annotated[str, typer.Argument(
        metavar="KỲ", show_default=False,
        help="Kỳ báo cáo mới trong cùng năm: 9-thang, nam, quy-3, thang-7…")],
    data: DataOption = Path("data"),
) -> None:
    """Chuyển số liệu sang kỳ sau trong cùng năm (6 tháng sang 9 tháng, sang cả năm).

    Kế hoạch năm giữ nguyên, ước thực hiện để trống, cùng kỳ lấy số ước cùng kỳ năm trước nếu
    thư mục có; số liệu kỳ cũ được lưu trong data/luu; không ghi đè tệp nào.
    """
    from kt_xh.project import new_period as roll

    for path in roll(data, period):
        _echo(f"Đã {'lưu' if path.parent.name == 'luu' else 'tạo'}: {path}")
    _echo("Hãy nhập số ước thực hiện của kỳ mới (và số cùng kỳ nếu còn trống).")


excel_app = typer.Typer(
    help="Sổ tính Excel: biểu phụ lục cho tỉnh, phiếu thu thập số liệu gửi các phòng, nhập số "
         "liệu từ phiếu đã điền.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False, cls=VietnameseGroup)
app.add_typer(excel_app, name="excel")


@excel_app.command("xuat", cls=VietnameseCommand)
@_user_errors
def excel_export(
    data: DataOption = Path("data"),
    output: Annotated[str | None, typer.Option(
        "-o", "--output", show_default=False, metavar="TỆP.xlsx",
        help="Sổ tính sẽ ghi (mặc định: build/bieu_<năm>.xlsx).")] = None,
) -> None:
    """Ghi biểu phụ lục (các chỉ tiêu, so sánh, đánh giá) ra sổ tính .xlsx.

    Cùng các dòng, cột, nhóm như biểu trong báo cáo Word; số lưu dạng số.
    """
    from kt_xh import excel_export as export
    from kt_xh.loading import load_report
    from kt_xh.output import write_atomically

    loaded = load_report(data)
    target = export.checked_output(output or export.default_output(loaded.report))
    write_atomically(target, export.workbook_bytes(loaded.report))
    _echo(f"Đã ghi biểu: {target} ({len(loaded.report.indicators)} chỉ tiêu).")


@excel_app.command("mau", cls=VietnameseCommand)
@_user_errors
def excel_forms(
    output: Annotated[Path, typer.Option(
        "-o", "--output", show_default=False, metavar="THƯ_MỤC",
        help="Thư mục ghi phiếu (mặc định: build/phieu).")] = Path("build/phieu"),
    departments: Annotated[list[str] | None, typer.Option(
        "--phong", show_default=False, metavar="MÃ",
        help="Chỉ ghi phiếu của phòng, ban này (mã trong phong_ban); ghi nhiều lần cho nhiều "
             "phòng. Mặc định: mọi phòng có chỉ tiêu.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Ghi phiếu thu thập số liệu: mỗi phòng, ban một sổ tính với các chỉ tiêu mình phụ trách.

    Phòng điền số ước thực hiện và kế hoạch năm sau vào các ô màu vàng rồi gửi lại; nhập bằng
    ktxh excel nhap.
    """
    from kt_xh.excel_forms import write_forms
    from kt_xh.loading import load_report

    loaded = load_report(data)
    names = {str(code): " ".join(str(name).split())
             for code, name in (loaded.actuals.data.get("phong_ban") or {}).items()}
    for department, path in write_forms(loaded.report, names, output, departments or []):
        _echo(f"Đã ghi phiếu: {path} ({department.name}, {len(department.indicators)} chỉ tiêu).")


@excel_app.command("nhap", cls=VietnameseCommand)
@_user_errors
def excel_import(
    forms: Annotated[list[Path], typer.Argument(
        metavar="PHIẾU...", show_default=False,
        help="Các phiếu đã điền (.xlsx, .xls, .ods).")],
    data: DataOption = Path("data"),
    dry_run: Annotated[bool, typer.Option(
        "--thu", help="Chạy thử: kiểm tra phiếu và in những gì sẽ đổi, không ghi tệp nào.")
    ] = False,
) -> None:
    """Nhập số liệu từ các phiếu đã điền vào các tệp số liệu.

    Kiểm tra mọi phiếu trước; có lỗi thì không ghi gì và chỉ rõ tệp, ô (phong_vhxh.xlsx!F12).
    In các thay đổi như ktxh diff.
    """
    from kt_xh import diff as data_diff
    from kt_xh.excel_import import import_forms

    result = import_forms(forms, data, dry_run=dry_run)
    for note in result.notes:
        _echo(f"Lưu ý: {note}", err=True)
    _echo(data_diff.as_text(result.diff), nl=False)
    if dry_run:
        _echo("Chạy thử (--thu): chưa ghi tệp nào.")
    for path in result.written:
        _echo(f"Đã ghi: {path}")


class LevelChoice(str, Enum):
    tinh = "tinh"
    xa = "xa"
    phuong = "phuong"
    dac_khu = "dac_khu"


@app.command("tong-hop", cls=VietnameseCommand)
@_user_errors
def tong_hop(
    data: Annotated[list[Path] | None, typer.Option(
        "--data", show_default=False, metavar="THƯ_MỤC",
        help="Thư mục số liệu của một đơn vị; ghi một lần cho mỗi đơn vị.")] = None,
    unit_list: Annotated[Path | None, typer.Option(
        "--danh-sach", show_default=False, metavar="TỆP",
        help="Tệp ghi thư mục số liệu của các đơn vị, mỗi dòng một thư mục (tính từ thư mục của "
             "tệp); dòng bắt đầu bằng # là ghi chú.")] = None,
    output: Annotated[Path, typer.Option(
        "-o", "--output", show_default=False, metavar="THƯ_MỤC",
        help="Thư mục số liệu tổng hợp sẽ ghi, ví dụ tinh/data.")] = Path("tong_hop/data"),
    level: Annotated[LevelChoice, typer.Option(
        "--cap", show_default=False, metavar="CẤP",
        help="Cấp của đơn vị tổng hợp (mặc định: tinh).")] = LevelChoice.tinh,
    place: Annotated[str | None, typer.Option(
        "--ten", show_default=False, metavar="TÊN",
        help="Tên đơn vị tổng hợp, ví dụ \"Lai Châu\" (cần ở lần tổng hợp đầu tiên).")] = None,
    skip_failing: Annotated[bool, typer.Option(
        "--bo-qua-loi", help="Vẫn tổng hợp khi có đơn vị thiếu số liệu hoặc không qua kiểm "
                             "tra; các đơn vị đó được bỏ ra và liệt kê.")] = False,
) -> None:
    """Tổng hợp số liệu của nhiều đơn vị thành thư mục số liệu của đơn vị cấp trên.

    Cộng các giá trị, tính lại tỷ lệ từ tử số và mẫu số, đếm số đơn vị đạt kế hoạch; không ghi
    đè số liệu đầu vào.
    """
    from kt_xh.roll_up import read_list, roll_up

    folders = [*(data or []), *(read_list(unit_list) if unit_list else [])]
    result = roll_up(folders, output, level.value, place, skip_failing)
    for path in result.written:
        _echo(f"Đã ghi: {path}")
    _echo(f"Đã tổng hợp {len(result.units)} đơn vị: {', '.join(result.units)}.")
    for line in result.skipped:
        _echo(f"Bỏ qua {line}.", err=True)
    for indicator_id, having in result.partial_ids.items():
        _echo(f"Chỉ tiêu '{indicator_id}' chỉ có ở {len(having)}/{len(result.units)} đơn vị "
              f"({', '.join(having)}): tổng chỉ gồm các đơn vị này.", err=True)
    for line in result.not_computed:
        _echo(f"Không tính: {line}.", err=True)


WHAT_TO_GIVE.update({
    ("new-period", "period"): "hãy ghi kỳ báo cáo mới, ví dụ ktxh new-period nam",
    ("nhap", "forms"): "hãy ghi các phiếu đã điền, ví dụ ktxh excel nhap phong_vhxh.xlsx",
    ("init", "folder"): "hãy ghi thư mục của kho mới, ví dụ ktxh init kho_xa_ta_leng",
    ("new-year", "year"): "hãy ghi năm báo cáo mới, ví dụ ktxh new-year 2024",
    ("text", "document"): "hãy ghi tệp Word cần in ra chữ, ví dụ ktxh text "
                          "build/bao_cao_2023.docx",
})


def main() -> None:
    """Entry point of the `ktxh` script."""
    try:
        app()
    except Exception:  # a bug, not a user's mistake: those are KtxhError, handled above
        log = _write_crash_log()
        _echo(f"Lỗi không mong đợi của ktxh: đây là lỗi của chương trình, không phải của số "
                   f"liệu. Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người phụ trách ktxh.",
                   err=True)
        raise SystemExit(3) from None


def _write_crash_log() -> str:
    from kt_xh.errors import write_crash_log

    return write_crash_log(__version__)
