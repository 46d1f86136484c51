"""Progress for what takes longer than a blink: a spinner with the current step on a terminal,
nothing when the output goes to a file or a CI log (rich is then not even imported)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from kt_xh.errors import printable


@contextmanager
def steps() -> Iterator[Callable[[str], None]]:
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console

    with Console(stderr=True).status("Đang chuẩn bị…") as status:
        yield lambda description: status.update(f"{description}…")


@contextmanager
def batch_progress(total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar over the units on a terminal; a line per finished unit in a log."""
    if not sys.stderr.isatty():
        def line(result: Any) -> None:
            state = "xong" if result.ok else "LỖI"
            print(f"[{state}] {printable(result.unit)}", file=sys.stderr, flush=True)

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("Sinh báo cáo"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)
        yield lambda _: progress.advance(task)


def batch_summary(results: list[Any], stream: Any) -> None:
    """One row per unit: outcome, file or error, time."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from kt_xh.numbers import format_number

    table = Table(title="Kết quả sinh báo cáo", title_justify="left", expand=True)
    table.add_column("Đơn vị", no_wrap=True)
    table.add_column("Kết quả", no_wrap=True)
    table.add_column("Tệp hoặc lỗi", ratio=1, overflow="fold")
    table.add_column("Thời gian", justify="right", no_wrap=True)
    for result in sorted(results, key=lambda r: r.unit):
        outcome = "[green]xong[/green]" if result.ok else "[red]lỗi[/red]"
        detail = str(result.output) if result.ok else result.error
        if result.ok and result.missing:
            detail += f" ({result.missing} chỗ thiếu số liệu)"
        seconds = format_number(Decimal(str(result.seconds)), 2)
        table.add_row(escape(printable(result.unit)), outcome, escape(printable(detail or "")),
                      f"{seconds} giây")
    Console(file=stream, highlight=False).print(table)
