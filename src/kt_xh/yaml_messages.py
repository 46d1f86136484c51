"""A parser's complaint about a data file, as an officer can act on it: in Vietnamese, on the
line where the fault is (a tab, a missing space after ':', a block that lost its indentation),
saying what to do. PyYAML reports where parsing failed, which is often lines after the fault."""

from __future__ import annotations

import re

import yaml

from kt_xh.errors import Problem

TAB_MESSAGE = ("Có ký tự tab: tệp số liệu chỉ được thụt lề bằng dấu cách. Hãy thay tab bằng dấu "
               "cách (mỗi cấp hai dấu cách).")
_INDENT = "Thụt lề không thẳng hàng với các dòng cùng cấp phía trên."
_INDENT_ERRORS = ("expected <block end>", "did not find expected key", "did not find expected '-'",
                  "mapping values are not allowed")
_YAML_PROBLEMS = [
    ("tab character", TAB_MESSAGE),
    ("found character '\\t'", TAB_MESSAGE),
    ("mapping values are not allowed", "Dấu ':' không đúng chỗ: thường do thụt lề sai hoặc thiếu "
     "dấu cách sau ':'; nếu giá trị có dấu ':', hãy đặt nó trong dấu nháy kép."),
    ("could not find expected ':'",
     "Thiếu dấu ':' sau tên khóa, hoặc một dòng bị ngắt giữa chừng."),
    ("expected <block end>", _INDENT),
    ("did not find expected key", _INDENT),
    ("did not find expected '-'", "Thụt lề của danh sách không thẳng hàng: các dòng bắt đầu bằng "
     "'- ' của cùng một danh sách phải thẳng cột với nhau."),
    ("found unexpected end of stream", "Tệp kết thúc giữa chừng: có thể thiếu dấu nháy hoặc "
     "ngoặc đóng."),
    ("found unknown escape character", "Ký tự thoát (\\) không hợp lệ trong chuỗi nháy kép; hãy "
     "dùng nháy đơn."),
    ("special characters are not allowed", "Tệp chứa ký tự điều khiển không in được; hãy xóa ký "
     "tự đó."),
    ("control characters are not allowed", "Tệp chứa ký tự điều khiển không in được; hãy xóa ký "
     "tự đó."),
    ("found undefined alias", "Không dùng bí danh (*) trong tệp số liệu; hãy viết đầy đủ giá trị "
     "tại chỗ."),
    ("found duplicate anchor", "Không dùng neo (&) trong tệp số liệu; hãy viết đầy đủ giá trị tại "
     "chỗ."),
    ("expected a single document", "Tệp chỉ được chứa một phần số liệu: hãy xóa dòng '---' thứ "
     "hai."),
    ("found unexpected ':'", "Dấu ':' không đúng chỗ; nếu giá trị có dấu ':', hãy đặt nó trong dấu "
     "nháy kép."),
]
_GENERIC = ("Dòng này không viết đúng cách ghi của tệp số liệu (tên_trường: giá trị, mỗi cấp thụt "
            "vào hai dấu cách). Hãy so với các dòng cùng loại phía trên.")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?):([^\s/].*)$")


def yaml_problem(error: yaml.YAMLError, name: str, text: str = "") -> Problem:
    """PyYAML's error as a Vietnamese problem at the line where the fault is, which is not
    always the line where the parser gave up: a missing space after ':' is found at the next key,
    a block moved out to the left at the first line that no longer fits."""
    detail = f"{getattr(error, 'problem', '')} {getattr(error, 'context', '')} {error}"
    message = next((vi for en, vi in _YAML_PROBLEMS if en in detail), _GENERIC)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return Problem(name, None, None, message)
    lines = text.split("\n")
    line, column = mark.line, mark.column
    context = getattr(error, "context_mark", None)
    tab = _tab_line(lines, line, context.line if context is not None else line)
    if tab is not None:
        return Problem(name, tab + 1, None, TAB_MESSAGE)
    if "could not find expected ':'" in detail and context is not None:
        return Problem(name, context.line + 1, None, _missing_colon(lines, context.line, message))
    if any(kind in detail for kind in _INDENT_ERRORS):
        moved = _moved_out(lines, line)
        if moved is not None:
            first, last = moved
            rows = f"dòng {first + 1}" if first == last else f"các dòng {first + 1}–{last + 1}"
            them = "nó" if first == last else "chúng"
            return Problem(name, first + 1, None, (
                f"Thụt lề sai từ dòng {first + 1}: {rows} lùi ra ngoài hơn khối chứa {them}, nên "
                f"đến dòng {line + 1} thì không còn khớp với cấp nào. Hãy thụt {rows} vào cho "
                "thẳng hàng với các dòng cùng cấp phía trên."))
    return Problem(name, line + 1, None, f"{message} (cột {column + 1})")


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _tab_line(lines: list[str], line: int, context: int) -> int | None:
    """The line (0-based) of a tab in the indentation near where the parser stopped: the C parser
    says "cannot start any token" for a tab that begins a line."""
    for index in (line, context, line - 1):
        text = _line(lines, index)
        if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
            return index
    return None


def _missing_colon(lines: list[str], index: int, message: str) -> str:
    found = _NO_SPACE.match(_line(lines, index))
    if found is None:
        return message
    key, value = found.group(1).strip(), short(found.group(2).split(" #", 1)[0].strip())
    return (f"Thiếu dấu cách sau dấu ':' của '{key}'. Hãy viết '{key}: {value}' (một dấu cách sau "
            "dấu hai chấm).")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _significant(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _opens_block(text: str) -> bool:
    body = text.split(" #", 1)[0].rstrip()
    return body.endswith(":") or body.lstrip() == "-"


def _moved_out(lines: list[str], line: int) -> tuple[int, int] | None:
    """The lines (first, last; 0-based) just above `line` that lost their indentation: more to the
    left than `line` and than the block they stand in. None when `line` itself is the fault."""
    indent = _indent(_line(lines, line))
    run: list[int] = []  # from `line` upwards
    for index in range(line - 1, -1, -1):
        text = lines[index]
        if not _significant(text):
            continue
        if _indent(text) >= indent:  # a line of the block that `line` meant to continue
            break
        if _opens_block(text):
            if not run:
                return None  # `line` is the first child of this line: nothing above moved
            child = lines[run[-1]]
            if not (_indent(child) == _indent(text) and child.lstrip().startswith("- ")):
                run = [i for i in run if _indent(lines[i]) <= _indent(text)]
                break
        run.append(index)
    else:
        return None
    return (run[-1], run[0]) if run else None


def short(text: str) -> str:
    """A value quoted in a message, cut to a glance."""
    return text if len(text) <= 24 else f"{text[:20]}…"


def tab_problems(text: str, name: str) -> list[Problem]:
    """Every line indented with a tab, so that one run of `ktxh check` names them all (the
    parser stops at the first)."""
    return [Problem(name, number, None, TAB_MESSAGE)
            for number, line in enumerate(text.split("\n"), 1)
            if "\t" in line[:len(line) - len(line.lstrip(" \t"))]]
