"""The sandbox the report template runs in: what it may touch, and how much it may do.

A template arrives in a pull request and `ktxh check` renders it in CI, so it is untrusted code.
Jinja's sandbox already refuses Python internals (`__class__`, `__globals__`); on top of it:

- **a closed list.** A template reads only the attributes listed in `ALLOWED_ATTRIBUTES` (the
  view objects of `template_api`, a few string and dict methods, Jinja's `loop`) and calls only
  macros, `loop`, `range`, `dict`, `namespace` and the listed methods. Everything else, bound
  methods of any other object included, is refused.
- **bounded work.** Every loop iteration, every `~`, `+`, `*`, `**` and `%`, every filter, every
  macro call and every piece of output passes through a `Budget` that refuses, with a Vietnamese
  message naming the template line, a string or list that is too long, too many iterations, too
  deep a recursion, too much output, or too long a render. The compiled template is rewritten
  for this (`BoundedCodeGenerator`): loops iterate through `environment.ktxh_iterate`, `~` goes
  through `environment.ktxh_concat`, literal text through `environment.ktxh_literal`.
- **plain output.** What a template prints is a string, a whole number or a figure (written the
  Vietnamese way); printing a view object, a list, a truth value or anything else is an error, so
  that the same input always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import operator
import os
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from jinja2 import BaseLoader, TemplateSyntaxError, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

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

SAFE_BUILTIN_FILTERS = ("length", "count", "first", "last", "lower", "upper", "capitalize",
                        "trim", "select", "reject", "selectattr", "rejectattr", "map", "sort",
                        "reverse", "unique", "list", "min", "max", "abs")
"""Jinja's own filters a template keeps; `join`, `replace` and `sum` are ours (bounded). The rest
print English numbers (`float`, `round`, `filesizeformat`), print Python's view of an object
(`pprint`, `string`, `tojson`), hide a missing value (`default`), are random, or make strings
without bound (`center`, `indent`, `wordwrap`, `format`)."""
STRING_FILTERS = {"length", "count", "first", "last", "lower", "upper", "capitalize", "trim"}
TEXT_ONLY_FILTERS = {"lower", "upper", "capitalize", "trim"}
"""Jinja's versions call str() on anything, which would print Python's view of an object."""


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
        if _size(iterable) > MAX_ITEMS:
            raise TemplateError(f"vòng lặp trên một danh sách quá dài (hơn {_count(MAX_ITEMS)} "
                                "phần tử).")
        for item in iterable:
            self.iterations += 1
            if self.iterations > MAX_ITERATIONS:
                raise TemplateError(f"các vòng lặp của mẫu đã chạy quá {_count(MAX_ITERATIONS)} "
                                    "lượt; hãy kiểm tra các vòng lặp lồng nhau.")
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


def _size(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def check_size(value: Any) -> Any:
    """A string or list the template made, refused when it is too long."""
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise TemplateError(_too_long_text())
    elif isinstance(value, list | tuple | dict | set) and len(value) > MAX_ITEMS:
        raise TemplateError(_too_many_items())
    return value


def _too_long_text() -> str:
    return (f"chuỗi chữ quá dài (hơn {_count(MAX_STRING)} ký tự); hãy kiểm tra phép nhân chuỗi, "
            "phép nối '~' hoặc vòng lặp ở dòng này.")


def _too_many_items() -> str:
    return f"danh sách quá dài (hơn {_count(MAX_ITEMS)} phần tử); hãy kiểm tra vòng lặp ở dòng này."


def _count(number: int) -> str:
    """10.000, as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


# ---------------------------------------------------------------- what a template may touch
def _loop_attributes() -> frozenset[str]:
    return frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                      "depth", "depth0", "previtem", "nextitem", "cycle", "changed"})


ALLOWED_ATTRIBUTES: dict[type, frozenset[str]] = {
    LoopContext: _loop_attributes(),
    str: frozenset({"upper", "lower", "capitalize", "title", "strip", "startswith", "endswith"}),
    dict: frozenset({"items", "keys", "values", "get"}),
}
"""Attributes by type; `template_api` adds its view classes with `allow_view`."""

ALLOWED_CALLABLE_TYPES: tuple[type, ...] = (Macro, LoopContext)


def allow_view(view_class: type, attributes: Iterable[str]) -> None:
    """Register a view class of the template API and its documented attributes."""
    ALLOWED_ATTRIBUTES[view_class] = frozenset(attributes)


def allowed_attributes(obj: Any) -> frozenset[str] | None:
    for kind in type(obj).__mro__:
        allowed = ALLOWED_ATTRIBUTES.get(kind)
        if allowed is not None:
            return allowed
    return None


def is_view(obj: Any) -> bool:
    """An object of the template API (printing one is an error, not its repr)."""
    return type(obj) in ALLOWED_ATTRIBUTES and type(obj) not in (str, dict)


# ---------------------------------------------------------------- the code generator
class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with every loop, `~` and piece of literal output routed through
    the environment's budget."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not _is_bounded(node.iter):
            node.iter = nodes.Call(nodes.EnvironmentAttribute(ITERATE), [node.iter], [], None,
                                   None, lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        """`x in long_list` runs in C without a pause for the timer: it goes through a call that
        checks its cost first (the other comparisons stay Python's own)."""
        if not any(operand.op in CONTAINMENT for operand in node.ops):
            super().visit_Compare(node, frame)
            return
        self.write("environment.ktxh_compare(")
        self.visit(node.expr, frame)
        for operand in node.ops:
            self.write(f", {operand.op!r}, ")
            self.visit(operand.expr, frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.ktxh_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")

    def visit_Const(self, node: nodes.Const, frame: Frame) -> None:
        if isinstance(node.value, float):  # `1.5` in a template is a figure, never a float
            self.write(f"environment.ktxh_decimal({repr(node.value)!r})")
        else:
            super().visit_Const(node, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.ktxh_literal({super()._output_const_repr(group)})"


ITERATE = "ktxh_iterate"
CONTAINMENT = ("in", "notin")
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge,
    "lt": operator.lt, "lteq": operator.le, "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b}
MAX_COMPARE_COST = 50_000_000
"""Characters a single `in` may compare (an item against every element of a list)."""


def _is_bounded(iterable: nodes.Node) -> bool:
    return (isinstance(iterable, nodes.Call)
            and isinstance(iterable.node, nodes.EnvironmentAttribute)
            and iterable.node.name == ITERATE)


# ---------------------------------------------------------------- the environment
class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The template's environment: Jinja's immutable sandbox, the closed list, the budget."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%", "/", "//"})

    def __init__(self, to_text: Callable[[Any], str], budget: Budget, **options: Any) -> None:
        super().__init__(**options)
        self.budget = budget
        self.to_text = to_text
        self.loader = _NoOtherFiles()
        self.binop_table["/"] = _divide
        self.globals.clear()
        self.globals.update({"range": self.bounded_range, "dict": dict, "namespace": Namespace})
        self.filters = {name: self.bounded_filter(name, self.filters[name])
                        for name in SAFE_BUILTIN_FILTERS}
        self.filters.update({"join": self.bounded_filter("join", join),
                             "replace": self.bounded_filter("replace", replace),
                             "sum": self.bounded_filter("sum", total)})

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        _check_nesting(source)
        return super()._generate(source, name, filename, defer_init)

    # -------------------------------------------------------- hooks the compiled template calls
    def ktxh_iterate(self, iterable: Any) -> Iterator[Any]:
        return self.budget.iterate(iterable)

    def ktxh_concat(self, values: tuple[Any, ...]) -> str:
        texts = [self.to_text(v) for v in values]
        if sum(len(t) for t in texts) > MAX_STRING:
            raise TemplateError(_too_long_text())
        self.budget.tick()
        return "".join(texts)

    def ktxh_compare(self, left: Any, *chain: Any) -> bool:
        value = left
        for op, right in zip(chain[::2], chain[1::2], strict=True):
            self.budget.tick()
            if op in CONTAINMENT and isinstance(right, list | tuple):
                width = len(value) if isinstance(value, str | list | tuple) else 1
                if len(right) * max(width, 1) > MAX_COMPARE_COST:
                    raise TemplateError("phép 'in' trên một danh sách quá lớn; hãy kiểm tra biểu "
                                        "thức ở dòng này.")
            if not COMPARISONS[op](value, right):
                return False
            value = right
        return True

    def ktxh_literal(self, text: str) -> str:
        return self.budget.emit(text)

    @staticmethod
    def ktxh_decimal(text: str) -> Decimal:
        return Decimal(text)

    def bounded_range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateError(f"range() quá lớn: tối đa {_count(MAX_RANGE)} số.")
        return numbers

    def bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        budget = self.budget
        check_input = name not in STRING_FILTERS
        text_only = name in TEXT_ONLY_FILTERS

        def bounded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            value = next((a for a in args if not isinstance(a, Context | BoundedSandbox)), None)
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
            if check_input and _size(value) > MAX_ITEMS:
                raise TemplateError(f"bộ lọc '{name}' nhận một danh sách quá dài.")
            if text_only and not isinstance(value, str):
                raise TemplateError(f"bộ lọc '{name}' chỉ dùng cho chữ; với số liệu hay chỉ tiêu "
                                    "hãy dùng các bộ lọc như | so hoặc | gia_tri.")
            return check_size(function(*args, **kwargs))

        # Jinja reads how to call a filter (with the environment, the context…) from the function.
        bounded.jinja_pass_arg = getattr(function, "jinja_pass_arg", None)  # type: ignore[attr-defined]
        return bounded

    # -------------------------------------------------------- the sandbox's own decisions
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, Namespace):
            return not attr.startswith("_")
        allowed = allowed_attributes(obj)
        return allowed is not None and attr in allowed

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, ALLOWED_CALLABLE_TYPES) or obj is dict or obj is Namespace:
            return True
        if obj == self.bounded_range or obj == self.ktxh_iterate or isinstance(obj, Undefined):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        allowed = allowed_attributes(owner) if owner is not None else None
        return allowed is not None and name in allowed

    def getattr(self, obj: Any, attribute: str) -> Any:
        if is_view(obj) and attribute not in ALLOWED_ATTRIBUTES[type(obj)]:
            try:
                return obj[attribute]  # `ct.<mã>`: an indicator by its id
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if is_view(obj) and isinstance(argument, str):
            return self.getattr(obj, argument)
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> None:
        return None  # `'{}'.format(…)` is not on the list: it pads to any width

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{type(obj).__name__} is not on the template's list")
        self.budget.enter()
        try:
            return check_size(context.call(obj, *args, **kwargs))
        finally:
            self.budget.leave()

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        _precheck(operator, left, right)
        return check_size(self.binop_table[operator](left, right))


MAX_NESTING = 16
"""Blocks inside blocks ({% for %}, {% if %}, {% macro %}…): Python refuses to compile more than
about twenty nested loops; a report needs three or four."""
_BLOCKS = (nodes.For, nodes.If, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.With,
           nodes.AssignBlock, nodes.Scope, nodes.ScopedEvalContextModifier)


def _check_nesting(template: nodes.Template) -> None:
    pending: list[tuple[nodes.Node, int]] = [(template, 0)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, _BLOCKS):
            depth += 1
            if depth > MAX_NESTING:
                raise TemplateSyntaxError(f"các khối lồng nhau quá {MAX_NESTING} cấp",
                                          node.lineno)
        pending.extend((child, depth) for child in node.iter_child_nodes())


def _divide(left: Any, right: Any) -> Any:
    """`/` gives a figure, never a float."""
    if isinstance(left, int | Decimal) and isinstance(right, int | Decimal):
        return Decimal(left) / Decimal(right)
    return left / right


class _NoOtherFiles(BaseLoader):
    def get_source(self, environment: Any, template: str) -> Any:
        raise TemplateError("mẫu báo cáo không được nạp tệp khác ({% include %}, {% import %}, "
                            "{% extends %}); hãy viết nội dung ngay trong mẫu.")


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


def _precheck(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large before Python computes it."""
    if operator == "%" and isinstance(left, str):
        raise TemplateError("không dùng '%' để định dạng chuỗi trong mẫu; hãy dùng các bộ lọc "
                            "như | so hoặc | gia_tri.")
    if operator == "*":
        sequence, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            if len(sequence) * max(count, 0) > (MAX_STRING if isinstance(sequence, str)
                                                else MAX_ITEMS):
                raise TemplateError(_too_long_text() if isinstance(sequence, str)
                                    else _too_many_items())
        elif isinstance(left, int) and isinstance(right, int):
            _check_bits(abs(left).bit_length() + abs(right).bit_length())
    if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list
                                                                               | tuple):
        limit = MAX_STRING if isinstance(left, str) else MAX_ITEMS
        if len(left) + len(right) > limit:
            raise TemplateError(_too_long_text() if isinstance(left, str) else _too_many_items())
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
        raise TemplateError(_too_long_text())
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
        raise TemplateError(_too_long_text())
    return text.replace(old, new, -1 if count is None else count)


def total(values: Any) -> Any:
    """`sum` of figures or whole numbers (not of strings or lists)."""
    items = list(values)
    if not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in items):
        raise TemplateError("bộ lọc 'sum' chỉ cộng các số.")
    return sum(items, Decimal(0)) if any(isinstance(v, Decimal) for v in items) else sum(items)
