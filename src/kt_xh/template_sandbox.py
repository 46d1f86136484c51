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

import operator
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
from kt_xh.template_limits import (
    MAX_COMPARE_COST,
    MAX_ITEMS,
    MAX_RANGE,
    MAX_STRING,
    Budget,
    check_size,
    count_text,
    divide,
    join,
    precheck,
    replace,
    size,
    too_long_text,
    total,
)

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
        self.binop_table["/"] = divide
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
            raise TemplateError(too_long_text())
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
            raise TemplateError(f"range() quá lớn: tối đa {count_text(MAX_RANGE)} số.")
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
            if check_input and size(value) > MAX_ITEMS:
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
        precheck(operator, left, right)
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


class _NoOtherFiles(BaseLoader):
    def get_source(self, environment: Any, template: str) -> Any:
        raise TemplateError("mẫu báo cáo không được nạp tệp khác ({% include %}, {% import %}, "
                            "{% extends %}); hãy viết nội dung ngay trong mẫu.")


