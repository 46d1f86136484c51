"""The report template: a sandboxed Jinja environment, the data it sees, and its helpers.

The template is a text file (templates/bao_cao.docx.j2) holding the prose of the report; every
figure in it is an expression. Undefined names are errors naming the template line
(`StrictUndefined`), and the environment is sandboxed: a template from another office cannot reach
Python. Helpers are filters that write figures and comparisons the way the report writes them
(see docs/huong_dan_mau_bao_cao.md). A figure the data lacks is never printed as zero: it prints as
a visible `[thiếu số liệu: …]` and is recorded, so that `build-report` warns and `check` fails.
"""

from __future__ import annotations

import bisect
import difflib
import dis
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

from jinja2 import (
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    pass_environment,
)
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from kt_xh import __version__, compute, markup, wording
from kt_xh.errors import TemplateError, display_path
from kt_xh.files import FileRefused, read_capped
from kt_xh.loading import Report
from kt_xh.model import Indicator
from kt_xh.numbers import format_number, round_half_up
from kt_xh.template_api import (
    CONTEXT_NAMES,
    FIGURES,
    INDICATOR_FIELDS,
    IndicatorView,
    Missing,
    build_context,
    indicator_ids,
)
from kt_xh.template_sandbox import (
    FIGURE_DIGITS,
    BoundedSandbox,
    Budget,
    is_view,
    memory_ceiling,
)

UNIT_FACTORS = {
    ("triệu đồng", "tỷ đồng"): Decimal("0.001"),
    ("tỷ đồng", "triệu đồng"): Decimal(1000),
    ("đồng", "triệu đồng"): Decimal("0.000001"),
}


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class HelperUse:
    """One helper applied to one indicator, at a template line."""

    line: int
    helper: str
    indicator: str


@dataclass
class RenderResult:
    text: str
    missing: list[tuple[int, str]] = field(default_factory=list)
    """(template line, what is missing) for every figure printed as missing."""
    uses: list[HelperUse] = field(default_factory=list)


# ---------------------------------------------------------------- helpers (Jinja filters)
def _view(value: Any, helper: str) -> IndicatorView:
    _raise_if_undefined(value)
    if not isinstance(value, IndicatorView):
        raise TemplateError(f"Bộ lọc '{helper}' dùng cho một chỉ tiêu, ví dụ "
                            f"{{{{ ct.tong_muc_ban_le | {helper} }}}}.")
    return value


def _raise_if_undefined(value: Any) -> None:
    """An unknown name reaching a filter is reported as the unknown name it is."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()


def _or_missing(view: IndicatorView, text: str | None, what: str) -> str | Missing:
    return text if text is not None else view._missing(what)


def so(value: Any, thap_phan: int | None = None, hai_chu_so: bool = False) -> str | Missing:
    """A number in Vietnamese format: `4.148`, `271,2`, `03` (hai_chu_so)."""
    _raise_if_undefined(value)
    if isinstance(value, IndicatorView):
        value = value.uoc_thuc_hien
    if isinstance(value, Missing):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        raise TemplateError(f"Bộ lọc 'so' cần một số, nhưng nhận được {value!r}.")
    return format_number(value, thap_phan, zero_pad=hai_chu_so)


def gia_tri(view: Any, so_lieu: str = "uoc_thuc_hien", don_vi: str | None = None,
            tien_to: bool = True) -> str | Missing:
    """A figure with its unit: `4.148 tỷ đồng`, `trên 96%`, `22/28 trường`, `132,9 tỷ đồng`."""
    view = _view(view, "gia_tri")
    if so_lieu not in FIGURES:
        raise TemplateError(f"'{so_lieu}' không phải là số liệu; chọn một trong: "
                            f"{', '.join(FIGURES)}.")
    value = view._value(so_lieu)
    if value is None:
        return view._missing(FIGURES[so_lieu])
    indicator = view._indicator
    qualifier = _qualifier(view, so_lieu) if tien_to else None
    whole = None
    if so_lieu == "ke_hoach_nam_sau" and view._target is not None:
        whole = view._target.tong
    if don_vi and don_vi != indicator.don_vi_tinh:
        factor = UNIT_FACTORS.get((indicator.don_vi_tinh, don_vi))
        if factor is None:
            raise TemplateError(f"Không đổi được đơn vị '{indicator.don_vi_tinh}' sang "
                                f"'{don_vi}'.")
        text = format_number((value * factor).normalize()) + f" {don_vi}"
        return f"{qualifier} {text}" if qualifier else text
    return wording.figure_text(indicator, value, whole=whole, qualifier=qualifier) or ""


def _qualifier(view: IndicatorView, figure: str) -> str | None:
    if figure == "ke_hoach_nam_sau":
        return None if view._target is None else view._target.tien_to
    return (view._indicator.tien_to or {}).get(figure)  # type: ignore[call-overload]


def muc_tieu(view: Any, don_vi: str | None = None) -> str | Missing:
    """Next year's target with its unit: `trên 384,8 tỷ đồng`."""
    return gia_tri(view, "ke_hoach_nam_sau", don_vi=don_vi)


def _with_precision(indicator: Indicator, thap_phan: int | None) -> Indicator:
    if thap_phan is None:
        return indicator
    return indicator.model_copy(update={"thap_phan_so_sanh": thap_phan})


PRIMARY_BASE = "chinh"


def _one_base(view: IndicatorView, indicator: Indicator, can_cu: str | None
              ) -> tuple[Indicator, str | None]:
    """The indicator with one plan base as its plan: the base labelled `can_cu`, or the primary
    base for `can_cu="chinh"`; returns the base's label (None for the primary)."""
    bases = indicator.plan_bases()
    if can_cu is None or not bases and can_cu == PRIMARY_BASE:
        return indicator, None
    if can_cu == PRIMARY_BASE:
        return indicator.model_copy(update={"ke_hoach": compute.primary_base(bases).gia_tri}), None
    base = next((b for b in bases if b.nhan == can_cu), None)
    if base is None:
        labels = ", ".join(b.nhan for b in bases) or "không có"
        raise TemplateError(f"Chỉ tiêu '{view.ma}' không có căn cứ kế hoạch '{can_cu}' "
                            f"(các căn cứ: {labels}).")
    return indicator.model_copy(update={"ke_hoach": base.gia_tri}), base.nhan


def dat_ke_hoach(view: Any, kieu: str = "dat", thap_phan: int | None = None,
                 nhan: str | None = None, can_cu: str | None = None) -> str | Missing:
    """The estimate against the plan: `đạt 112% kế hoạch`; kieu 'vuot' or 'bang' for the other
    phrasings; can_cu picks one plan base by its label, or the primary one with 'chinh'."""
    view = _view(view, "dat_ke_hoach")
    indicator, base_label = _one_base(view, _with_precision(view._indicator, thap_phan), can_cu)
    label = nhan or base_label or "kế hoạch"
    return _or_missing(view, wording.plan_phrase(indicator, label=label, style=kieu),
                       "so sánh với kế hoạch")


def so_cung_ky(view: Any, so_voi: str | None = None, kieu: str = "tang",
               thap_phan: int | None = None) -> str | Missing:
    """The estimate against last year: `tăng 20% so với cùng kỳ năm 2022`; so_voi replaces the
    words after the figure (`so với năm 2022`); kieu 'bang' writes `bằng 72,89% so với …`,
    kieu 'chenh_lech' the difference in the indicator's unit (`tăng 7,5 tiêu chí so với …`)."""
    view = _view(view, "so_cung_ky")
    indicator = _with_precision(view._indicator, thap_phan)
    phrase = wording.last_year_phrase(indicator, view._previous_year, against=so_voi,
                                      style=kieu)
    return _or_missing(view, phrase, "so sánh với cùng kỳ")


def so_voi_uoc(view: Any, so_voi: str | None = None) -> str | Missing:
    """Next year's target against this year's estimate: `tăng 5% so với ước thực hiện năm 2023`."""
    view = _view(view, "so_voi_uoc")
    phrase = wording.target_phrase(view._indicator, view._target, view._year,
                                   against=so_voi)
    return _or_missing(view, phrase, "so sánh kế hoạch năm sau với ước thực hiện")


def so_sanh(view: Any) -> str | Missing:
    """Against the plan and against last year, whichever the data allows: `đạt 112% kế hoạch,
    tăng 20% so với cùng kỳ năm 2022`."""
    view = _view(view, "so_sanh")
    parts = [wording.plan_phrase(view._indicator),
             wording.last_year_phrase(view._indicator, view._previous_year)]
    present = [p for p in parts if p]
    return ", ".join(present) if present else view._missing("so sánh với kế hoạch và cùng kỳ")


PARTS = ("gia_tri", "ke_hoach", "cung_ky")


def ket_qua(view: Any, *phan: str, so_voi: str | None = None) -> str | Missing:
    """`ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20% so với cùng kỳ năm 2022`; the parts
    (gia_tri, ke_hoach, cung_ky) can be chosen: `ket_qua('gia_tri', 'ke_hoach')`; so_voi
    replaces the words after the growth (`so với năm 2022`)."""
    view = _view(view, "ket_qua")
    chosen = phan or PARTS
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        raise TemplateError(f"'ket_qua' không có phần '{unknown[0]}'; chọn trong: "
                            f"{', '.join(PARTS)}.")
    texts: list[str | Missing] = []
    if "gia_tri" in chosen:
        value = gia_tri(view)
        texts.append(value if isinstance(value, Missing) else f"ước đạt {value}")
    if "ke_hoach" in chosen:
        texts.append(dat_ke_hoach(view))
    if "cung_ky" in chosen:
        texts.append(so_cung_ky(view, so_voi=so_voi))
    missing = next((t for t in texts if isinstance(t, Missing)), None)
    return missing if missing else ", ".join(t for t in texts if isinstance(t, str))


def ty_le(view: Any, so_lieu: str = "uoc_thuc_hien", thap_phan: int = 1) -> str | Missing:
    """The share of a count of a whole: `78,6%` for 22/28; `100%` for 28/28."""
    view = _view(view, "ty_le")
    value = view._value(so_lieu)
    whole = view._indicator.tong
    if so_lieu == "ke_hoach_nam_sau" and view._target is not None and view._target.tong:
        whole = view._target.tong
    share = compute.share_percent(value, whole)
    if share is None:
        return view._missing(f"tỷ lệ {FIGURES.get(so_lieu, so_lieu)}")
    rounded = round_half_up(share, thap_phan)
    return wording.percent_text(rounded.normalize() if rounded == rounded.to_integral() else rounded)


def phan_tram_ke_hoach(view: Any, thap_phan: int | None = None, can_cu: str | None = None
                       ) -> str | Missing:
    """Only the percentage of the plan: `112%` (for `bằng 112% KH`); can_cu as in dat_ke_hoach."""
    view = _view(view, "phan_tram_ke_hoach")
    indicator, _ = _one_base(view, _with_precision(view._indicator, thap_phan), can_cu)
    comparison = compute.against_plan(indicator)
    percent = None if comparison is None else comparison.percent
    return (wording.percent_text(percent) if percent is not None
            else view._missing("tỷ lệ so với kế hoạch"))


def chenh_lech(view: Any, so_voi: str = "cung_ky") -> str | Missing:
    """The difference, without a verb: `7,5 tiêu chí`, `0,25 điểm phần trăm`."""
    view = _view(view, "chenh_lech")
    reference = {"cung_ky": view._value("cung_ky"), "ke_hoach": view._value("ke_hoach")}.get(so_voi)
    comparison = compute.compare(view._indicator, view._indicator.uoc_thuc_hien, reference)
    if comparison is None:
        return view._missing(f"chênh lệch so với {FIGURES.get(so_voi, so_voi)}")
    return wording.points_text(view._indicator, comparison.points)


def ty_le_da_neu(view: Any, so_voi: str = "ke_hoach") -> str | Missing:
    """A ratio only the source report states (the figures are not known): `87%`."""
    view = _view(view, "ty_le_da_neu")
    stated = next((s for s in view._indicator.ty_le_da_neu if s.so_voi == so_voi and s.dat), None)
    if stated is None or stated.dat is None:
        return view._missing(f"tỷ lệ đã nêu so với {FIGURES.get(so_voi, so_voi)}")
    return wording.percent_text(stated.dat)


def so_dem(value: Any) -> str | Missing:
    """A count as prose writes it, below 10 with a leading zero: `01`, `03`, `12`."""
    if isinstance(value, list | tuple):
        value = len(value)
    return so(value, hai_chu_so=True)


FILTERS: dict[str, Callable[..., Any]] = {
    "so": so, "gia_tri": gia_tri, "muc_tieu": muc_tieu, "dat_ke_hoach": dat_ke_hoach,
    "so_cung_ky": so_cung_ky, "so_voi_uoc": so_voi_uoc, "so_sanh": so_sanh, "ket_qua": ket_qua,
    "ty_le": ty_le, "phan_tram_ke_hoach": phan_tram_ke_hoach, "chenh_lech": chenh_lech,
    "ty_le_da_neu": ty_le_da_neu, "so_dem": so_dem,
}


# ---------------------------------------------------------------- the environment
class _Recorder:
    """Turns every value the template prints into markup text, recording missing figures and
    which helper ran on which indicator."""

    def __init__(self, record_uses: bool = False) -> None:
        self.missing: list[tuple[int, str]] = []
        self.uses: list[HelperUse] = []
        self.record_uses = record_uses

    def logged(self, name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
        if not self.record_uses:
            return helper

        def use(value: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(value, IndicatorView):
                self.uses.append(HelperUse(_template_line(), name, value.ma))
            return helper(value, *args, **kwargs)

        return use

    def text(self, value: Any) -> str:
        """A printed or joined (`~`) value as plain text: a string, a whole number, a figure
        written the Vietnamese way, or a visible missing figure. Anything else is an error, so
        that the report never shows Python's view of an object."""
        if isinstance(value, str):
            return value
        _raise_if_undefined(value)
        if isinstance(value, Missing):
            self.missing.append((_template_line(), value.what))
            return f"[thiếu số liệu: {value.what}]"
        if value is None:
            self.missing.append((_template_line(), "một giá trị trống"))
            return "[thiếu số liệu]"
        if isinstance(value, Decimal):
            return _figure_text(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # years and counts; their size is bounded by the sandbox
        raise TemplateError(_unprintable(value))



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


def _corresponding_line(template: Any, code_line: int) -> int:
    """Jinja's get_corresponding_lineno, with the table parsed once per template (Jinja parses
    it on every call, which made rendering a large template quadratic)."""
    table = getattr(template, "_ktxh_line_table", None)
    if table is None:
        pairs = sorted((code, source) for source, code in template.debug_info)
        table = ([code for code, _ in pairs], [source for _, source in pairs])
        template._ktxh_line_table = table
    codes, sources = table
    index = bisect.bisect_right(codes, code_line) - 1
    return sources[index] if index >= 0 else 1


_LINE_STARTS: dict[int, tuple[CodeType, list[int], list[int]]] = {}
"""By id of the code object (hashing a code object reads all of it); the code is kept in the
value so that its id is not reused."""


def _code_line(frame: FrameType) -> int:
    """frame.f_lineno without its cost: CPython finds f_lineno by scanning the line table from
    the start, which on a large template's one long function made `check` quadratic. The table
    is read once per code object and searched by the instruction offset."""
    code = frame.f_code
    table = _LINE_STARTS.get(id(code))
    if table is None:
        starts = [(offset, line) for offset, line in dis.findlinestarts(code) if line is not None]
        table = (code, [offset for offset, _ in starts], [line for _, line in starts])
        _LINE_STARTS[id(code)] = table
    _, offsets, lines = table
    index = bisect.bisect_right(offsets, frame.f_lasti) - 1
    return lines[index] if index >= 0 else code.co_firstlineno


def _template_line() -> int:
    """The template line being rendered, found from the frame of the compiled template."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return _corresponding_line(template, _code_line(frame))
        frame = frame.f_back  # type: ignore[assignment]
    return 0


def make_environment(recorder: _Recorder, budget: Budget | None = None) -> BoundedSandbox:
    budget = budget or Budget()

    @pass_environment  # also keeps Jinja from printing constants at compile time, unrecorded
    def finalize(_: Any, value: Any) -> str:
        return budget.emit(markup.escape(recorder.text(value)))

    environment = BoundedSandbox(
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
    return environment


def cache_folder() -> Path:
    """Where compiled templates are kept: $KTXH_CACHE_DIR, else the user's cache folder."""
    explicit = os.environ.get("KTXH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ktxh"


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache, keyed by template name and source checksum, so that an unchanged
    template is not compiled again (the compile is most of a large report's cost). Read-only for
    `ktxh check`, which writes no file; a cache that cannot be read or written is just not used."""

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
           cache: str = "write") -> RenderResult:
    """Render the template with the report's data; errors name the template line. `cache` is
    "write" (build), "read" (check) or "off"."""
    source = read_template(template_path)
    folder = None if cache == "off" else cache_folder()
    return render_source(source, display_path(template_path), report, record_uses=record_uses,
                         cache_folder=folder, cache_writable=cache == "write")


def render_source(source: str, name: str, report: Report, *, record_uses: bool = False,
                  cache_folder: Path | None = None, cache_writable: bool = False
                  ) -> RenderResult:
    """Render template text; `record_uses` also notes which helper ran on which indicator at
    which line (for `ktxh check`)."""
    recorder = _Recorder(record_uses)
    environment = make_environment(recorder)
    if cache_folder is not None:
        environment.bytecode_cache = _CompiledTemplates(cache_folder, cache_writable)
    context = build_context(report)
    try:
        template = _compiled(environment, source, name)
        with memory_ceiling():
            text = template.render(context)
    except TemplateSyntaxError as error:
        raise TemplateError(f"cú pháp mẫu không hợp lệ ({_syntax_hint(error)}).", file=name,
                            line=error.lineno) from None
    except TemplateError as error:
        raise TemplateError(error.detail, file=name, line=_error_line(error, name)) from None
    except UndefinedError as error:
        raise TemplateError(_undefined_message(error, context), file=name,
                            line=_error_line(error, name)) from None
    except SecurityError as error:
        raise TemplateError("mẫu báo cáo dùng một thuộc tính hay một hàm không có trong danh sách "
                            "được phép (xem docs/huong_dan_mau_bao_cao.md, mục 5). Hãy xóa biểu "
                            "thức đó.", file=name, line=_error_line(error, name)) from None
    except JinjaTemplateError as error:
        raise TemplateError(f"lỗi trong mẫu báo cáo ({error.message}).", file=name,
                            line=_error_line(error, name)) from None
    except RecursionError as error:
        raise TemplateError("mẫu báo cáo gọi lồng nhau quá sâu; hãy kiểm tra macro và vòng lặp "
                            "ở dòng này.", file=name, line=_error_line(error, name)) from None
    except MemoryError as error:
        raise TemplateError("mẫu báo cáo cần quá nhiều bộ nhớ; hãy kiểm tra các vòng lặp và phép "
                            "nối chuỗi ở dòng này.", file=name, line=_error_line(error, name)
                            ) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as error:
        raise TemplateError(f"biểu thức trong mẫu không tính được ({type(error).__name__}). Hãy "
                            "kiểm tra lại biểu thức ở dòng này.", file=name,
                            line=_error_line(error, name)) from None
    return RenderResult(text, recorder.missing, recorder.uses)


TEMPLATE_FILENAMES = {"<template>"}


def _error_line(error: BaseException, name: str | None = None) -> int:
    """The template line of an error: Jinja rewrites the traceback so that the template's frames
    carry the template's file name and line."""
    traceback = error.__traceback__
    line = 0
    while traceback is not None:
        template = traceback.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = _corresponding_line(template, traceback.tb_lineno)
        elif traceback.tb_frame.f_code.co_filename in TEMPLATE_FILENAMES | {name}:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


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
    if "No filter named" in message:
        name = message.split("'")[1] if "'" in message else ""
        guess = difflib.get_close_matches(name, list(FILTERS), n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là '{guess[0]}'?" if guess else ""
        return f"không có bộ lọc '{name}'{hint}"
    if "unexpected end of template" in message.lower():
        tags = [t for t in ("endfor", "endif", "endmacro", "endset") if f"'{t}'" in message]
        missing = " hoặc ".join(f"{{% {t} %}}" for t in tags) or "{% endfor %} hoặc {% endif %}"
        return f"thiếu thẻ đóng {missing}"
    if "Unexpected end of" in message or "expected token" in message:
        return "biểu thức viết chưa đúng, kiểm tra các dấu {{ }}, ngoặc và dấu nháy"
    return "kiểm tra các dấu {{ }}, {% %} và ngoặc ở dòng này"
