"""The limits of one render of a report template, and the guards that hold them.

Every hook of the sandbox (`template_sandbox`) charges a `Budget`: string and list sizes, loop
iterations, output, call depth and time, each refused with a Vietnamese message that the
environment completes with the template line. Two guards stand behind the budget: a timer signal
for work that never pauses to ask the clock, and a ceiling on the memory a render may add.
Jinja's filters that could make a string without bound (`join`, `replace`, `sum`) are replaced
by versions that know the size of their result before they make it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jinja2 import Undefined

from kt_xh.errors import TemplateError

MAX_STRING = 1_000_000
"""Characters in one string a template builds (the whole shipped report is about 200,000)."""
MAX_ITEMS = 100_000
"""Items in one list a template builds or iterates at once."""
MAX_RANGE = 10_000
MAX_ITERATIONS = 2_000_000
"""Loop iterations in one render, all loops together."""
MAX_OUTPUT = 50_000_000
"""Characters of output in one render, captured blocks included (100x the shipped data: ~15 M)."""
MAX_CALL_DEPTH = 40
MAX_SECONDS = 30.0
MAX_INTEGER_BITS = 256
"""Whole numbers a template computes (a year, a count): far above any figure of a report."""
MAX_MEMORY = 1024**3
"""Address space a render may add (Linux): the backstop behind the limits above."""
FIGURE_DIGITS = 40
"""Digits before or after the decimal point of a figure the template prints."""

MAX_COMPARE_COST = 50_000_000
"""Characters a single `in` may compare (an item against every element of a list)."""


class Budget:
    """What one render may still do. Every hook of the sandbox charges it."""

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.iterations = 0
        self.output = 0
        self.depth = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateError(f"mẫu báo cáo chạy quá {self.seconds:g} giây và đã bị dừng; hãy "
                                "kiểm tra các vòng lặp {% for %} và macro ở dòng này.")

    def iterate(self, iterable: Any) -> Iterator[Any]:
        if size(iterable) > MAX_ITEMS:
            raise TemplateError(f"vòng lặp trên một danh sách quá dài (hơn {count_text(MAX_ITEMS)} "
                                "phần tử).")
        for item in iterable:
            self.iterations += 1
            if self.iterations > MAX_ITERATIONS:
                raise TemplateError(f"các vòng lặp của mẫu đã chạy quá "
                                    f"{count_text(MAX_ITERATIONS)} lượt; hãy kiểm tra các vòng "
                                    "lặp lồng nhau.")
            self.tick()
            yield item

    def emit(self, text: str) -> str:
        self.output += len(text)
        if self.output > MAX_OUTPUT:
            raise TemplateError(f"mẫu báo cáo sinh ra quá {MAX_OUTPUT // 1_000_000} triệu ký tự; "
                                "hãy kiểm tra các vòng lặp ở dòng này.")
        self.tick()
        return text

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_CALL_DEPTH:
            raise TemplateError(f"macro gọi lồng nhau quá {MAX_CALL_DEPTH} cấp (có thể một macro "
                                "gọi lại chính nó mãi); hãy kiểm tra macro ở dòng này.")
        self.tick()

    def leave(self) -> None:
        self.depth -= 1


def size(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def check_size(value: Any) -> Any:
    """A string or list the template made, refused when it is too long."""
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise TemplateError(too_long_text())
    elif isinstance(value, list | tuple | dict | set) and len(value) > MAX_ITEMS:
        raise TemplateError(too_many_items())
    return value


def too_long_text() -> str:
    return (f"chuỗi chữ quá dài (hơn {count_text(MAX_STRING)} ký tự); hãy kiểm tra phép nhân "
            "chuỗi, phép nối '~' hoặc vòng lặp ở dòng này.")


def too_many_items() -> str:
    return (f"danh sách quá dài (hơn {count_text(MAX_ITEMS)} phần tử); hãy kiểm tra vòng lặp ở "
            "dòng này.")


def count_text(number: int) -> str:
    """10.000, as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def divide(left: Any, right: Any) -> Any:
    """`/` gives a figure, never a float."""
    if isinstance(left, int | Decimal) and isinstance(right, int | Decimal):
        return Decimal(left) / Decimal(right)
    return left / right


@contextlib.contextmanager
def watchdog(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Stop a render that runs past `seconds` even inside one long operation (a `in` over a long
    list), where the budget's own clock is not asked: a timer signal raises in the main thread.
    Elsewhere (another thread, a system without timers) only the budget's clock applies."""
    import signal
    import threading

    in_main_thread = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not in_main_thread:
        yield
        return

    def stop(_signal: int, _frame: object) -> None:
        raise TemplateError(f"mẫu báo cáo chạy quá {seconds:g} giây và đã bị dừng; hãy kiểm tra "
                            "các vòng lặp và phép so sánh trên danh sách dài ở dòng này.")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)  # the budget's clock speaks first if it can
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_ceiling(extra: int = MAX_MEMORY) -> Iterator[None]:
    """While rendering, the process may grow by `extra` bytes at most; past that Python raises
    MemoryError, which the caller reports. Only where the system enforces it (Linux)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", "rb") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, AttributeError):
        yield
        return
    limit = current + extra
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def precheck(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large before Python computes it."""
    if operator == "%" and isinstance(left, str):
        raise TemplateError("không dùng '%' để định dạng chuỗi trong mẫu; hãy dùng các bộ lọc "
                            "như | so hoặc | gia_tri.")
    if operator == "*":
        sequence, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            if len(sequence) * max(count, 0) > (MAX_STRING if isinstance(sequence, str)
                                                else MAX_ITEMS):
                raise TemplateError(too_long_text() if isinstance(sequence, str)
                                    else too_many_items())
        elif isinstance(left, int) and isinstance(right, int):
            _check_bits(abs(left).bit_length() + abs(right).bit_length())
    if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list
                                                                               | tuple):
        limit = MAX_STRING if isinstance(left, str) else MAX_ITEMS
        if len(left) + len(right) > limit:
            raise TemplateError(too_long_text() if isinstance(left, str) else too_many_items())
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        _check_bits(right * max(abs(left).bit_length(), 1))


def _check_bits(bits: int) -> None:
    if bits > MAX_INTEGER_BITS:
        raise TemplateError("phép tính cho ra một số quá lớn; mẫu báo cáo chỉ tính những số "
                            "nhỏ (năm, số đếm).")


# ---------------------------------------------------------------- bounded versions of filters
def join(values: Any, separator: str = "", attribute: str | None = None) -> str:
    """Jinja's `join`, with the length known before the string is made."""
    items = list(values)
    if len(items) > MAX_ITEMS:
        raise TemplateError("bộ lọc 'join' nhận một danh sách quá dài.")
    if attribute is not None:
        raise TemplateError("bộ lọc 'join' của mẫu không có tham số attribute; hãy dùng "
                            "| map(attribute=...) | join.")
    texts = [v if isinstance(v, str) else _join_text(v) for v in items]
    separator = str(separator)
    if sum(map(len, texts)) + len(separator) * max(len(texts) - 1, 0) > MAX_STRING:
        raise TemplateError(too_long_text())
    return separator.join(texts)


def _join_text(value: Any) -> str:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TemplateError("bộ lọc 'join' chỉ nối chữ; hãy dùng | map(attribute='ten') hoặc một "
                        "bộ lọc như | gia_tri trước khi nối.")


def replace(text: Any, old: str, new: str, count: int | None = None) -> str:
    """Jinja's `replace` on text, with the length known before the string is made."""
    if not all(isinstance(v, str) for v in (text, old, new)):
        raise TemplateError("bộ lọc 'replace' chỉ dùng cho chữ.")
    found = text.count(old) if old else len(text) + 1
    if count is not None:
        found = min(found, max(count, 0))
    if len(text) + found * (len(new) - len(old)) > MAX_STRING:
        raise TemplateError(too_long_text())
    return text.replace(old, new, -1 if count is None else count)


def total(values: Any) -> Any:
    """`sum` of figures or whole numbers (not of strings or lists)."""
    items = list(values)
    if not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in items):
        raise TemplateError("bộ lọc 'sum' chỉ cộng các số.")
    return sum(items, Decimal(0)) if any(isinstance(v, Decimal) for v in items) else sum(items)
