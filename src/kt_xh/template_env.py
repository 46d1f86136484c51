"""The report template: a sandboxed Jinja environment, the data it sees, and its helpers.

The template is a text file (templates/bao_cao.docx.j2) holding the prose of the report; every
figure in it is an expression. Undefined names are errors naming the template line
(`StrictUndefined`), and the environment is sandboxed: a template from another office cannot reach
Python. Helpers are filters that write figures and comparisons the way the report writes them
(see docs/huong_dan_mau_bao_cao.md). A figure the data lacks is never printed as zero: it prints as
a visible `[thiếu số liệu: …]` and is recorded, so that `build-report` warns and `check` fails.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateSyntaxError,
    UndefinedError,
    pass_environment,
)
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from kt_xh import __version__, markup, result_cache
from kt_xh.domain import Report
from kt_xh.errors import TemplateError, display_path
from kt_xh.files import FileRefused, read_capped
from kt_xh.numbers import format_number
from kt_xh.template_api import (
    CONTEXT_NAMES,
    INDICATOR_FIELDS,
    IndicatorView,
    Missing,
    build_context,
    indicator_ids,
)
from kt_xh.template_claims import CLAIMS, Claim, claim_filter, claim_tests
from kt_xh.template_helpers import FILTERS, raise_if_undefined
from kt_xh.template_limits import FIGURE_DIGITS, Budget, memory_ceiling, watchdog
from kt_xh.template_lines import error_line, running_line
from kt_xh.template_sandbox import BoundedSandbox, is_view

if TYPE_CHECKING:
    from kt_xh.review_notes import ReviewNotes

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class HelperUse:
    """One helper applied to one indicator, at a template line."""

    line: int
    helper: str
    indicator: str
    arguments: tuple[tuple[str, Any], ...] = ()
    """The arguments the template gave, by parameter name (`thap_phan`, `so_lieu`…)."""


@dataclass
class RenderResult:
    text: str
    missing: list[tuple[int, str]] = field(default_factory=list)
    """(template line, what is missing) for every figure printed as missing."""
    uses: list[HelperUse] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    """What the template's sentences claim about indicators (`khang_dinh`), true or not."""

    def false_claims(self) -> list[Claim]:
        return [claim for claim in self.claims if claim.holds is not True]


# ---------------------------------------------------------------- the environment
class _Recorder:
    """Turns every value the template prints into markup text, recording missing figures and
    which helper ran on which indicator."""

    def __init__(self, record_uses: bool = False, review: ReviewNotes | None = None) -> None:
        self.missing: list[tuple[int, str]] = []
        self.uses: list[HelperUse] = []
        self.claims: list[Claim] = []
        self.record_uses = record_uses
        self.review = review

    def logged(self, name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
        if self.review is not None:
            helper = _sourced(name, helper, self.review)
        if not self.record_uses:
            return helper

        def use(value: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(value, IndicatorView):
                self.uses.append(HelperUse(running_line(), name, value.ma,
                                           _arguments(helper, value, args, kwargs)))
            return helper(value, *args, **kwargs)

        return use

    def text(self, value: Any) -> str:
        """A printed or joined (`~`) value as plain text: a string, a whole number, a figure
        written the Vietnamese way, or a visible missing figure. Anything else is an error, so
        that the report never shows Python's view of an object."""
        if isinstance(value, str):
            return value
        raise_if_undefined(value)
        if isinstance(value, Missing):
            self.missing.append((running_line(), value.what))
            return f"[thiếu số liệu: {value.what}]"
        if value is None:
            self.missing.append((running_line(), "một giá trị trống"))
            return "[thiếu số liệu]"
        if isinstance(value, Decimal):
            return _figure_text(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # years and counts; their size is bounded by the sandbox
        raise TemplateError(_unprintable(value))


def _sourced(name: str, helper: Callable[..., Any], review: ReviewNotes) -> Callable[..., Any]:
    """A helper whose text carries the notes of its pieces (review mode only)."""

    def explained(value: Any, *args: Any, **kwargs: Any) -> Any:
        result = helper(value, *args, **kwargs)
        if not isinstance(result, str):
            return result
        return review.sourced(name, value, args, kwargs, result)

    return explained


@functools.cache
def _signature(helper: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(helper)


def _arguments(helper: Callable[..., Any], value: Any, args: tuple[Any, ...],
               kwargs: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The arguments of one helper call by parameter name; none when they do not fit (the
    helper itself then reports the error)."""
    try:
        bound = _signature(helper).bind_partial(value, *args, **kwargs).arguments
    except TypeError:
        return ()
    return tuple(bound.items())[1:]


def _figure_text(value: Decimal) -> str:
    if not value.is_finite() or abs(value.adjusted()) > FIGURE_DIGITS:
        raise TemplateError("số quá lớn hoặc quá nhỏ để in trong báo cáo; hãy kiểm tra phép "
                            "tính ở dòng này.")
    return format_number(value)


def _unprintable(value: Any) -> str:
    if isinstance(value, IndicatorView):
        return (f"không in trực tiếp chỉ tiêu '{value.ma}'; hãy dùng một bộ lọc, ví dụ "
                f"{{{{ ct.{value.ma} | gia_tri }}}}.")
    if isinstance(value, bool):
        return ("giá trị đúng/sai không in được trong báo cáo; hãy dùng nó trong "
                "{% if ... %}.")
    if isinstance(value, list | tuple | dict) or is_view(value):
        return ("không in trực tiếp một danh sách hay một nhóm số liệu; hãy in từng trường, "
                "dùng vòng lặp {% for %} hoặc | join.")
    return "giá trị này không in được trong báo cáo; hãy in chữ, số hoặc dùng một bộ lọc."


def make_environment(recorder: _Recorder, budget: Budget | None = None) -> BoundedSandbox:
    budget = budget or Budget()

    @pass_environment  # also keeps Jinja from printing constants at compile time, unrecorded
    def plain_finalize(_: Any, value: Any) -> str:
        return budget.emit(markup.escape_markup(recorder.text(value)))

    finalize: Callable[[Any, Any], str] = plain_finalize
    sandbox_class = BoundedSandbox
    if recorder.review is not None:  # the review copy: printed figures carry their sources
        from kt_xh.review_render import ReviewSandbox, review_finalize

        finalize = review_finalize(recorder.text, recorder.review, budget)
        sandbox_class = ReviewSandbox
    environment = sandbox_class(
        recorder.text,
        budget,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=finalize,
    )
    environment.filters.update({
        name: environment.bounded_filter(name, recorder.logged(name, helper))
        for name, helper in FILTERS.items()})
    claim_mark = recorder.review.claim_mark if recorder.review is not None else None
    environment.filters["khang_dinh"] = claim_filter(recorder.claims, claim_mark)
    environment.tests.update(claim_tests(recorder.missing))
    return environment


def cache_folder() -> Path:
    """Where compiled templates are kept: $KTXH_CACHE_DIR, else the user's cache folder."""
    return result_cache.folder()


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache, keyed by template name and source checksum, so that an unchanged
    template is not compiled again (the compile is most of a large report's cost). Written by
    `ktxh check` too, so that a CI job's next run (or a CI cache of the folder) starts warm; a cache
    that cannot be read or written is just not used."""

    def __init__(self, folder: Path, writable: bool) -> None:
        super().__init__(str(folder))
        self.writable = writable

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        if not self.writable:
            return
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


CODE_REVISION = 2
"""Part of the cache key: raised whenever the code the template compiles to changes."""


def _compiled(environment: BoundedSandbox, source: str, name: str) -> Any:
    cache = environment.bytecode_cache
    if cache is None:
        return environment.from_string(source)
    key = f"ktxh-{__version__}-{CODE_REVISION}:{name}"
    bucket = cache.get_bucket(environment, key, name, source)
    if bucket.code is None:
        bucket.code = environment.compile(source, name, name)
        cache.set_bucket(bucket)
    return environment.template_class.from_code(environment, bucket.code,
                                                environment.make_globals(None), None)


def read_template(template_path: Path) -> str:
    """The template's text: a regular UTF-8 file within the size limit (build and check alike)."""
    name = display_path(template_path)
    try:
        return read_capped(template_path, MAX_TEMPLATE_BYTES, "mẫu báo cáo").decode("utf-8")
    except FileRefused as refused:
        raise TemplateError(f"{refused.detail} Hãy chỉ đúng tệp bằng --template.",
                            file=name) from None
    except UnicodeDecodeError:
        raise TemplateError("Mẫu báo cáo không được lưu ở mã UTF-8. Hãy lưu lại tệp với mã "
                            "hóa UTF-8.", file=name) from None


def render(template_path: Path, report: Report, *, record_uses: bool = False,
           cache: str = "write", review: ReviewNotes | None = None) -> RenderResult:
    """Render the template with the report's data; errors name the template line. `cache` is
    "write" (build), "read" (check) or "off"."""
    source = read_template(template_path)
    folder = None if cache == "off" else cache_folder()
    return render_source(source, display_path(template_path), report, record_uses=record_uses,
                         cache_folder=folder, cache_writable=cache == "write", review=review)


def render_source(source: str, name: str, report: Report, *, record_uses: bool = False,
                  cache_folder: Path | None = None, cache_writable: bool = False,
                  review: ReviewNotes | None = None) -> RenderResult:
    """Render template text; `record_uses` also notes which helper ran on which indicator at
    which line (for `ktxh check`); `review` marks every figure from the data with its source
    note (the review copy, `build-report --ban-duyet`)."""
    recorder = _Recorder(record_uses, review)
    environment = make_environment(recorder)
    if cache_folder is not None:
        environment.bytecode_cache = _CompiledTemplates(cache_folder, cache_writable)
    context = build_context(report)
    try:
        template = _compiled(environment, source, name)
        with memory_ceiling(), watchdog():
            text = template.render(context)
    except TemplateSyntaxError as error:
        raise TemplateError(f"cú pháp mẫu không hợp lệ ({_syntax_hint(error)}).", file=name,
                            line=error.lineno) from None
    except TemplateError as error:
        raise TemplateError(error.detail, file=name, line=error_line(error, name)) from None
    except UndefinedError as error:
        raise TemplateError(_undefined_message(error, context), file=name,
                            line=error_line(error, name)) from None
    except SecurityError as error:
        raise TemplateError("mẫu báo cáo dùng một thuộc tính hay một hàm không có trong danh sách "
                            "được phép (xem docs/huong_dan_mau_bao_cao.md, mục 6). Hãy xóa biểu "
                            "thức đó.", file=name, line=error_line(error, name)) from None
    except JinjaTemplateError as error:
        raise TemplateError(f"lỗi trong mẫu báo cáo ({error.message}).", file=name,
                            line=error_line(error, name)) from None
    except SyntaxError:  # Python's own limits on the compiled template (deep nesting)
        raise TemplateError("mẫu báo cáo lồng nhau quá sâu để dịch; hãy tách bớt các khối "
                            "{% for %}, {% if %} lồng nhau.", file=name) from None
    except RecursionError as error:
        raise TemplateError("mẫu báo cáo gọi lồng nhau quá sâu; hãy kiểm tra macro và vòng lặp "
                            "ở dòng này.", file=name, line=error_line(error, name)) from None
    except MemoryError as error:
        raise TemplateError("mẫu báo cáo cần quá nhiều bộ nhớ; hãy kiểm tra các vòng lặp và phép "
                            "nối chuỗi ở dòng này.", file=name, line=error_line(error, name)
                            ) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as error:
        raise TemplateError(f"biểu thức trong mẫu không tính được ({type(error).__name__}). Hãy "
                            "kiểm tra lại biểu thức ở dòng này.", file=name,
                            line=error_line(error, name)) from None
    return RenderResult(text, recorder.missing, recorder.uses, recorder.claims)


_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _undefined_message(error: UndefinedError, context: dict[str, Any]) -> str:
    message = str(error.message or "")
    attribute = _NO_ATTRIBUTE.search(message)
    if attribute:
        name = attribute.group(1)
        ids = indicator_ids(context["ct"])
        if "IndicatorSet" in message:
            guess = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
            hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
            return f"không có chỉ tiêu '{name}' trong số liệu.{hint}"
        if "IndicatorView" in message:
            fields = list(INDICATOR_FIELDS)
            guess = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
            hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
            return f"chỉ tiêu không có trường '{name}'.{hint}"
        return f"không có thuộc tính '{name}'."
    undefined = _UNDEFINED_NAME.search(message)
    if undefined:
        name = undefined.group(1)
        known = [*CONTEXT_NAMES, *FILTERS]
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        return f"tên '{name}' không có trong mẫu báo cáo.{hint}"
    return "mẫu dùng một giá trị không có trong dữ liệu."


def _syntax_hint(error: TemplateSyntaxError) -> str:
    message = error.message or ""
    if message.startswith("các khối lồng nhau"):
        return f"{message}; hãy tách bớt vòng lặp hoặc điều kiện lồng nhau"
    if "No filter named" in message or "No test named" in message:
        name = message.split("'")[1] if "'" in message else ""
        test = "No test named" in message
        known = list(CLAIMS) if test else [*FILTERS, "khang_dinh"]
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là '{guess[0]}'?" if guess else ""
        return f"không có {'phép thử' if test else 'bộ lọc'} '{name}'{hint}"
    if "unexpected end of template" in message.lower():
        tags = [t for t in ("endfor", "endif", "endmacro", "endset") if f"'{t}'" in message]
        missing = " hoặc ".join(f"{{% {t} %}}" for t in tags) or "{% endfor %} hoặc {% endif %}"
        return f"thiếu thẻ đóng {missing}"
    if "Unexpected end of" in message or "expected token" in message:
        return "biểu thức viết chưa đúng, kiểm tra các dấu {{ }}, ngoặc và dấu nháy"
    return "kiểm tra các dấu {{ }}, {% %} và ngoặc ở dòng này"
