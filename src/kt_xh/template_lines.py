"""Which template line is running, for messages: `bao_cao.docx.j2:42: …`.

Jinja compiles a template to one Python function and keeps a table from the template's lines to
the compiled code's lines (`Template.debug_info`). An error's line comes from its traceback. The
line being rendered when a helper or the printer is called (a missing figure is recorded with its
line) comes from the compiled template's frame on the stack: CPython offers no other way to ask
where a running function is. Both lookups are by bisection over tables read once per template and
code object; the cache of code tables is bounded.
"""

from __future__ import annotations

import bisect
import dis
import sys
from types import CodeType, FrameType, TracebackType
from typing import Any

MAX_CACHED_CODE = 64
_LINE_STARTS: dict[int, tuple[CodeType, list[int], list[int]]] = {}
"""By id of the code object (hashing a code object reads all of it); the code is kept in the
value so that its id is not reused while it is cached."""


def template_line_of(template: Any, code_line: int) -> int:
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


def _code_line(frame: FrameType) -> int:
    """frame.f_lineno without its cost: CPython finds f_lineno by scanning the line table from
    the start, which on a large template's one long function made `check` quadratic. The table
    is read once per code object and searched by the instruction offset."""
    code = frame.f_code
    table = _LINE_STARTS.get(id(code))
    if table is None:
        if len(_LINE_STARTS) >= MAX_CACHED_CODE:
            _LINE_STARTS.clear()
        starts = [(offset, line) for offset, line in dis.findlinestarts(code) if line is not None]
        table = (code, [offset for offset, _ in starts], [line for _, line in starts])
        _LINE_STARTS[id(code)] = table
    _, offsets, lines = table
    index = bisect.bisect_right(offsets, frame.f_lasti) - 1
    return lines[index] if index >= 0 else code.co_firstlineno


def running_line() -> int:
    """The template line being rendered (0 outside a template)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template_line_of(template, _code_line(frame))
        frame = frame.f_back
    return 0


def error_line(error: BaseException, name: str | None = None) -> int:
    """The template line of an error: Jinja rewrites the traceback so that the template's frames
    carry the template's file name and line."""
    traceback: TracebackType | None = error.__traceback__
    line = 0
    while traceback is not None:
        template = traceback.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template_line_of(template, traceback.tb_lineno)
        elif traceback.tb_frame.f_code.co_filename in ("<template>", name):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
