"""Progress for what takes longer than a blink: a spinner with the current step on a terminal,
nothing when the output goes to a file or a CI log (rich is then not even imported)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def steps() -> Iterator[Callable[[str], None]]:
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console

    with Console(stderr=True).status("Đang chuẩn bị…") as status:
        yield lambda description: status.update(f"{description}…")
