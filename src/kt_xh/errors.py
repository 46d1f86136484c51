"""Everything a user can cause, as exceptions carrying Vietnamese messages.

The CLI catches `KtxhError` at its edge, prints the message and exits with the error's code; a
user's mistake never shows a traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

# The loader's kinds of problem: each is a rule of `ktxh check`, declared in
# kt_xh.checks.registry (which the loader cannot import).
UNREADABLE_FILE = "tep-khong-doc-duoc"
DUPLICATE_KEY = "khoa-trung"
SCHEMA_MISMATCH = "sai-luoc-do"
BROKEN_REFERENCE = "tham-chieu-sai"


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, which field, what is wrong and what to do."""

    file: str
    line: int | None
    field: str | None
    message: str
    rule: str = UNREADABLE_FILE
    """Stable id of the kind of problem, a rule of `ktxh check`: UNREADABLE_FILE (the file cannot
    be read as YAML), DUPLICATE_KEY, SCHEMA_MISMATCH (the data does not fit the model),
    BROKEN_REFERENCE (the files do not refer to each other correctly)."""

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        field = f" [{self.field}]" if self.field else ""
        return f"{self.location()}{field}: {self.message}"


class KtxhError(Exception):
    """Base of every error a user can cause."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(KtxhError):
    """The data files could not be read or do not validate. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        count = len(self.problems)
        header = f"Không đọc được số liệu: {count} lỗi cần sửa."
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


class TemplateError(KtxhError):
    """The report template cannot be read or rendered; `file` and `line` say where, if known."""

    def __init__(self, detail: str, *, file: str | None = None, line: int | None = None) -> None:
        self.detail, self.file, self.line = detail, file, line
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(f"{where}{detail}")


class OutputError(KtxhError):
    """The report could not be written (open in Word, no permission, disk full): nothing in the
    input is wrong, something on the machine needs a look (exit 1)."""

    exit_code = EXIT_FINDINGS


class FindingsError(KtxhError):
    """`ktxh check` would fail on this data and template (a false claim, parts that do not add
    up…): the report is not written until they are fixed or acknowledged, unless a draft is
    asked for (exit 1). The findings are check's own (checks.findings.Finding)."""

    exit_code = EXIT_FINDINGS

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        lines = [f"{f.file}:{f.line or ''} [{f.rule}]{f' ({f.indicator})' if f.indicator else ''} "
                 f"{f.message} {f.hint or ''}".rstrip() for f in findings]
        super().__init__("\n".join([
            *lines, f"Không ghi báo cáo: {len(findings)} lỗi kiểm tra chưa sửa (như 'ktxh check' "
            "báo). Hãy sửa, hoặc chấp nhận trong số liệu (chap_nhan), hoặc dùng --ban-nhap để in "
            "bản dự thảo có ghi rõ còn lỗi."]))


class OutputRefused(KtxhError):
    """The output path cannot be used (it is an input, a folder, a device, not .docx): input to
    fix (exit 2)."""


def display_path(path: Path) -> str:
    """The path as the user is likely to recognise it: relative to the working folder if inside.
    Symlinks are not followed: a link is named as typed, also when it dangles or loops."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)", re.M)


def printable(text: str) -> str:
    """A message as it may reach a terminal or a CI log: control characters, direction overrides
    and lone surrogates from the data shown as `\x1b`-style escapes, and no line that a CI
    runner would read as a command (`::error`, `::stop-commands::`)."""
    text = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)
    return _WORKFLOW_COMMAND.sub(r"\1: ", text)


def write_crash_log(version: str) -> str:
    """The traceback of the exception being handled, in a file for whoever maintains ktxh."""
    import tempfile
    import traceback

    handle, name = tempfile.mkstemp(prefix="ktxh-loi-", suffix=".txt")
    with open(handle, "w", encoding="utf-8") as log:
        log.write(f"ktxh {version}\n{traceback.format_exc()}")
    return name
