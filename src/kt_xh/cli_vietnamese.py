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
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cách dùng: ")

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                (arguments if param.param_type_name == "argument" else options).append(record)
        for title, rows in (("Tham số", arguments), ("Tùy chọn", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

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


def usage_message(error: UsageError) -> str:
    """What went wrong on the command line, in Vietnamese, with where to find help."""
    ctx = error.ctx
    if isinstance(error, NoSuchOption):
        guesses = ", ".join(error.possibilities or [])
        hint = f" Có phải ý bạn là {guesses}?" if guesses else ""
        problem = f"Không có tùy chọn {error.option_name}.{hint}"
    elif isinstance(error, BadOptionUsage):
        problem = f"Tùy chọn {error.option_name} cần một giá trị đi kèm."
    elif isinstance(error, MissingParameter):
        problem = f"Thiếu {_param_name(error)}."
    elif isinstance(error, BadParameter):
        choices = getattr(getattr(error.param, "type", None), "choices", None)
        allowed = f" Chỉ được chọn: {', '.join(map(str, choices))}." if choices else ""
        problem = f"Giá trị không hợp lệ cho {_param_name(error)}.{allowed}"
    elif error.message.startswith("No such command") and ctx is not None:
        commands = ctx.command.list_commands(ctx)  # type: ignore[attr-defined]
        name = error.message.split("'")[1] if "'" in error.message else ""
        guess = difflib.get_close_matches(name, commands, n=1)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        problem = f"Không có lệnh '{name}'.{hint} Các lệnh: {', '.join(commands)}."
    else:
        problem = "Câu lệnh không hợp lệ."
    where = f"'{ctx.command_path} --help'" if ctx is not None else "'ktxh --help'"
    return f"Lỗi: {problem}\nXem {where} để biết cách dùng."


def _param_name(error: BadParameter) -> str:
    if error.param_hint:
        return str(error.param_hint) if isinstance(error.param_hint, str) else " / ".join(
            error.param_hint)
    param = error.param
    if param is not None and getattr(param, "opts", None):
        return " / ".join(param.opts)
    return "một tham số"
