"""The `ktxh` command line: each command parses its options and calls one library function.

Heavy modules are imported inside the command that needs them, so that `ktxh --help` and
`ktxh check` start fast. Errors a user can cause (`KtxhError`) are printed in Vietnamese with their
exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kt_xh import __version__
from kt_xh.cli_vietnamese import VietnameseCommand, VietnameseGroup
from kt_xh.errors import KtxhError

app = typer.Typer(
    name="ktxh",
    help="Báo cáo tình hình kinh tế - xã hội từ số liệu YAML: kiểm tra số liệu, sinh văn bản Word.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=VietnameseGroup,
)

F = TypeVar("F", bound=Callable[..., None])


def _user_errors(command: F) -> F:
    """Print a user's mistake in Vietnamese with its exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except KtxhError as error:
            typer.echo(error.message, err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


DEFAULT_TEMPLATE = Path("templates/bao_cao.docx.j2")
TemplateOption = Annotated[Path | None, typer.Option(
    "--template", show_default=False, metavar="TỆP",
    help="Mẫu báo cáo (mặc định: templates/bao_cao.docx.j2).")]
DataOption = Annotated[Path, typer.Option(
    "--data", show_default=False, metavar="THƯ_MỤC", help="Thư mục chứa hai tệp số liệu YAML (mặc định: data).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ktxh {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
) -> None:
    """Báo cáo tình hình kinh tế - xã hội từ số liệu YAML."""


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
) -> None:
    """Kiểm tra số liệu và mẫu báo cáo (dùng trong CI và trước mỗi lần commit); không ghi tệp nào.

    Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo, với --strict); 2 không đọc được số liệu.
    """
    import sys

    from kt_xh.checks import run_check
    from kt_xh.checks import presenters

    template_path = template or DEFAULT_TEMPLATE
    if template is None and not template_path.exists():
        typer.echo(f"Không có mẫu báo cáo {template_path}: chỉ kiểm tra số liệu.", err=True)
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
    data: DataOption = Path("data"),
    template: TemplateOption = None,
    reference_doc: Annotated[Path | None, typer.Option(
        "--reference-doc", show_default=False, metavar="TỆP",
        help="Tệp Word lấy kiểu chữ, khổ giấy, đầu trang (mặc định: mẫu kèm theo ktxh).")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", show_default=False, metavar="TỆP",
        help="Tệp Word sẽ ghi (mặc định: build/bao_cao_<năm>.docx).")] = None,
) -> None:
    """Sinh báo cáo Word từ số liệu và mẫu báo cáo."""
    from kt_xh.build import build_report as build
    from kt_xh.progress import steps

    with steps() as step:
        result = build(data, template or DEFAULT_TEMPLATE, reference_doc, output, step=step)
    for line, what in result.missing:
        typer.echo(f"Cảnh báo: {template or DEFAULT_TEMPLATE}:{line}: thiếu số liệu ({what}); báo cáo ghi "
                   "'[thiếu số liệu: ...]' ở chỗ này.", err=True)
    typer.echo(f"Đã ghi báo cáo: {result.output} ({result.indicators} chỉ tiêu, "
               f"{result.footnotes} chú thích).")


def main() -> None:
    """Entry point of the `ktxh` script."""
    app()
