"""Typer's help pages and usage errors in Vietnamese.

Typer writes "Usage:", "Options" and "No such option" in English; an officer reads none of it.
These subclasses of typer's command classes (passed with `cls=`) write the same pages and errors in
Vietnamese. They rely on the click that typer >= 0.29 vendors as `typer._click`.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "In hướng dẫn này rồi thoát."


class _VietnameseHelp:
    """Usage line, sections and the --help option of a command, in Vietnamese."""

    options_metavar: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[TÙY CHỌN]"
        if hasattr(self, "subcommand_metavar"):
            self.subcommand_metavar = "LỆNH [THAM SỐ]..."

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cách dùng: ")

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        """typer writes a required argument as `{THƯ_MỤC}`; an officer reads `THƯ_MỤC`."""
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                for typer_piece in param.get_usage_pieces(ctx):
                    if typer_piece in pieces:
                        pieces[pieces.index(typer_piece)] = _usage_name(param)
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not getattr(param, "hidden", False):
                (arguments if param.param_type_name == "argument" else options).append(
                    help_record(param))
        for title, rows in (("Tham số", arguments), ("Tùy chọn", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as error:
            if error.ctx is None:  # click's parser leaves it out: the message needs the command
                error.ctx = ctx
            raise

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class VietnameseCommand(_VietnameseHelp, TyperCommand):
    pass


class VietnameseGroup(_VietnameseHelp, TyperGroup):
    """The `ktxh` group: Vietnamese help, and usage errors printed in Vietnamese (exit 2)."""

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except NoArgsIsHelpError as error:
            typer.echo(error.ctx.get_help() if error.ctx else "")
            sys.exit(0)
        except UsageError as error:
            typer.echo(usage_message(error), err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("Đã dừng.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


WHAT_TO_GIVE: dict[tuple[str, str], str] = {}
"""What to write for an argument, by (command, parameter): said when it is missing or wrong.
Filled by `kt_xh.cli` next to its commands."""

_NOUNS = {"THƯ_MỤC": "một thư mục", "TỆP": "một tệp", "TỆP.docx": "một tệp Word",
          "DẠNG": "một dạng", "TÊN": "một tên", "NĂM": "một năm"}


def help_record(param: Any) -> tuple[str, str]:
    """One row of a help page, in Vietnamese: the option (with the name of what follows it) or
    the argument, and its help; never typer's `<path>`, `[required]` or `[default: …]`."""
    if param.param_type_name == "argument":
        name = _metavar(param)
    else:
        name = ", ".join([*param.opts, *param.secondary_opts])
        if not param.is_flag and not getattr(param, "count", False):
            name += f" {_metavar(param)}"
    help_text = param.help or ""
    if param.required:
        help_text = f"{help_text.rstrip('.')} (bắt buộc)." if help_text else "Bắt buộc."
    return name, help_text


def _metavar(param: Any) -> str:
    return str(param.metavar or (param.name or "").upper())


def _usage_name(param: Any) -> str:
    name = _metavar(param)
    return name if param.required or name.startswith("[") else f"[{name}]"


def usage_message(error: UsageError) -> str:
    """What went wrong on the command line, in Vietnamese, with what to write and where to find
    help."""
    ctx = error.ctx
    command = ctx.command_path if ctx is not None else "ktxh"
    if isinstance(error, NoSuchOption):
        guesses = ", ".join(error.possibilities or [])
        hint = f" Có phải ý bạn là {guesses}?" if guesses else ""
        problem = f"Không có tùy chọn {error.option_name}.{hint}"
    elif isinstance(error, BadOptionUsage):
        problem = _option_usage(error, ctx)
    elif isinstance(error, MissingParameter):
        what = _what_to_give(error)
        problem = f"Thiếu {_param_name(error)}{': ' + what if what else ''}."
    elif isinstance(error, BadParameter):
        problem = _bad_value(error)
    elif "unexpected extra argument" in error.message:
        extra = error.message.partition("argument(s) (")[2].removesuffix(")")
        problem = (f"Thừa tham số: {extra}. Hãy bỏ phần thừa; nếu là tên có dấu cách, hãy đặt "
                   "cả tên trong dấu nháy kép.")
    elif error.message.startswith("No such command") and ctx is not None:
        commands = ctx.command.list_commands(ctx)  # type: ignore[attr-defined]
        name = error.message.split("'")[1] if "'" in error.message else ""
        guess = difflib.get_close_matches(name, commands, n=1)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        problem = f"Không có lệnh '{name}'.{hint} Các lệnh: {', '.join(commands)}."
    else:
        problem = "Câu lệnh không hợp lệ."
    return f"Lỗi: {problem}\nXem '{command} --help' để biết cách dùng."


def _option_usage(error: BadOptionUsage, ctx: Context | None) -> str:
    option = error.option_name
    param = next((p for p in (ctx.command.params if ctx is not None else [])
                  if option in (*p.opts, *p.secondary_opts)), None)
    if "does not take a value" in error.message:
        return f"Tùy chọn {option} không đi kèm giá trị nào: chỉ ghi {option}."
    if param is None:
        return f"Tùy chọn {option} cần một giá trị đi kèm, ghi ngay sau nó."
    metavar = _metavar(param)
    noun = _NOUNS.get(metavar, "một giá trị")
    choices = _choices(param)
    allowed = f" ({metavar} chỉ nhận: {', '.join(choices)})" if choices else ""
    return f"{option} cần {noun} đi kèm, ghi ngay sau nó: {option} {metavar}{allowed}."


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) or getattr(
        getattr(param, "type", None), "choices", None) or []
    return [str(getattr(choice, "value", choice)) for choice in choices]


def _what_to_give(error: BadParameter) -> str:
    param, ctx = error.param, error.ctx
    if param is None or ctx is None:
        return ""
    return WHAT_TO_GIVE.get((str(ctx.info_name), str(param.name)), "")


def _bad_value(error: BadParameter) -> str:
    param = error.param
    name = _param_name(error)
    choices = _choices(param)
    if choices:
        shown = "json" if "json" in choices else choices[0]
        example = f" (ví dụ {param.opts[0]} {shown})" if param is not None and param.opts else ""
        return f"{name} chỉ nhận: {', '.join(choices)}{example}."
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    word = name.replace("_", " ").capitalize()
    if low is not None and high is not None:
        return f"{word} phải từ {low} đến {high}."
    what = _what_to_give(error)
    if "integer" in error.message or "number" in error.message:
        return f"{word} phải là một số{': ' + what if what else ''}."
    return f"Giá trị của {name} không dùng được{': ' + what if what else ''}."


def _param_name(error: BadParameter) -> str:
    """The name the help page shows for the parameter (its metavar: THƯ_MỤC, NĂM, DẠNG)."""
    param = error.param
    if param is not None:
        return _metavar(param)
    return "một tham số"
