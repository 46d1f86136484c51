"""Reading a YAML data file into plain Python data, keeping the line of every key.

PyYAML only parses here (libyaml's C parser when available) into a stream of events; nothing is
ever constructed from a tag, so `!!python/object` cannot run code. One pass over the events builds
the values (plain numbers become `Decimal`, never float, resolved with PyYAML's own YAML 1.1
patterns), reports duplicate keys with both lines (PyYAML would silently keep the last), refuses
aliases (a "billion laughs" file stops at the first one) and remembers where each key stands so
that later messages can name the line. It is iterative: deep nesting cannot exhaust the stack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kt_xh.errors import DUPLICATE_KEY, UNREADABLE_FILE, Problem, display_path
from kt_xh.files import FileRefused, read_capped
from kt_xh.yaml_messages import TAB_MESSAGE, short, tab_problems, yaml_problem

try:
    PARSER: Any = yaml.CBaseLoader  # the C parser; tags are resolved by _Builder
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    PARSER = yaml.BaseLoader

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 30
"""A plain number with more digits, or an exponent beyond ±30, is refused as no plausible figure."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A data file read into Python values, with the line of every mapping key and list item."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    nfc_lines: list[int] = field(default_factory=list)
    """Lines whose text arrived decomposed (NFD) and was normalised to NFC."""
    source: str = ""
    """The file's text as read (a BOM dropped, not normalised): what fmt lays out and the rules
    on raw lines read, so that a file is read once."""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, path: KeyPath) -> int | None:
        """Line of the deepest known node on `path` (the key itself, or its nearest parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


# PyYAML's own YAML 1.1 patterns for plain scalars, so values are read as PyYAML would read them.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9_]+(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X)
_SEQUENCE_TAG, _MAPPING_TAG = f"{_TAG}seq", f"{_TAG}map"


class _Frame:
    __slots__ = ("container", "first_line", "key", "path", "skip")

    def __init__(self, container: dict[str, Any] | list[Any], path: KeyPath) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None  # a mapping's key waiting for its value
        self.skip = False  # the waiting key was a duplicate: its value is dropped
        self.first_line: dict[str, int] = {}


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag  # as the user typed it
    return (f"Thẻ '{shown}' không được phép trong tệp số liệu (tệp chỉ chứa chữ, số, danh sách "
            "và bảng). Hãy xóa thẻ này.")


class _Builder:
    """Python values from PyYAML's event stream, one pass, no recursion: the line of every key
    and list item, duplicate keys with both lines, tags and aliases refused."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[KeyPath, int] = {(): 1}
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.aliases = 0

    def problem(self, event: Any, path: KeyPath, message: str, rule: str = UNREADABLE_FILE) -> None:
        field_name = ".".join(str(p) for p in path) or None
        self.problems.append(Problem(self.name, event.start_mark.line + 1, field_name, message,
                                     rule))

    def build(self, events: Any) -> Any:
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                self.place(frame.container, None, event)
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.problem(event, (), "Tệp chỉ được chứa một phần số liệu: hãy xóa dòng "
                                 "'---' thứ hai.")
                    break
        return self.root

    def alias(self, event: Any) -> None:
        """Refuse an alias. Only the first is reported: an alias bomb has thousands, and one
        message says all there is to say."""
        self.aliases += 1
        if self.aliases == 1:
            self.value_path_problem(event, "Không dùng neo và bí danh (&, *) trong tệp số liệu; "
                                    "hãy viết đầy đủ giá trị tại chỗ, ở đây và ở mọi chỗ khác "
                                    "có dấu '*'.")
        self.place(None, None, event)

    def value_path_problem(self, event: Any, message: str) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            path: KeyPath = ()
        elif isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
        else:
            path = (*frame.path, frame.key) if frame.key is not None else frame.path
        self.problem(event, path, message)

    def start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        tag = event.tag
        expected = _MAPPING_TAG if isinstance(container, dict) else _SEQUENCE_TAG
        if tag is not None and tag not in (expected, "!"):
            self.value_path_problem(event, _tag_message(tag))
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.container, dict) and parent.key is None:
            self.problem(event, parent.path, "Tên khóa phải là một chữ đơn, không phải danh sách "
                         "hay bảng.")
            parent.skip, parent.key = True, ""  # the key is dropped, and so is its value
        if len(self.stack) >= MAX_DEPTH:
            self.problem(event, parent.path if parent else (), f"Dữ liệu lồng quá sâu (hơn "
                         f"{MAX_DEPTH} cấp); hãy kiểm tra lại thụt lề.")
            raise _TooDeep
        path = self.child_path(parent, event)
        self.stack.append(_Frame(container, path))

    def child_path(self, parent: _Frame | None, event: Any) -> KeyPath:
        if parent is None:
            return ()
        if isinstance(parent.container, list):
            path = (*parent.path, len(parent.container))
            self.lines[path] = event.start_mark.line + 1
            return path
        return (*parent.path, parent.key or "")

    def scalar(self, event: Any) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            self.key(frame, event)
            return
        self.place(self.resolve(event), event, event)

    def key(self, frame: _Frame, event: Any) -> None:
        key = event.value
        line = event.start_mark.line + 1
        if key == "<<" and not event.style:
            self.problem(event, frame.path, "Không dùng khóa gộp '<<' trong tệp số liệu; hãy viết "
                         "đầy đủ các trường.")
            frame.key, frame.skip = key, True
            return
        if key in frame.first_line:
            self.problem(event, (*frame.path, key), f"Khóa '{key}' bị lặp: đã có ở dòng "
                         f"{frame.first_line[key]} và lại có ở dòng {line}. Hãy giữ một lần và "
                         "xóa lần còn lại.", rule=DUPLICATE_KEY)
            frame.key, frame.skip = key, True
            return
        frame.first_line[key] = line
        self.lines[(*frame.path, key)] = line
        frame.key, frame.skip = key, False

    def place(self, value: Any, scalar: Any, event: Any) -> None:
        """Put a finished value into its parent (or make it the root)."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            if scalar is not None:
                self.lines[(*frame.path, len(frame.container))] = scalar.start_mark.line + 1
            frame.container.append(value)
            return
        if not frame.skip:
            frame.container[frame.key or ""] = value
        frame.key, frame.skip = None, False

    def resolve(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        path = self.current_path()
        if tag is not None and tag != "!":
            if tag not in _ALLOWED_SCALAR_TAGS:
                self.problem(event, path, _tag_message(tag))
                return None
            if tag == f"{_TAG}str":
                return text
        elif event.style:  # quoted, literal or folded: always text ("" or None is plain)
            return text
        value, message = _plain_value(text)
        if message is None and tag not in (None, "!") and not _fits_tag(tag, value, text):
            shown = "!!" + tag[len(_TAG):]
            message = (f"Thẻ '{shown}' không khớp với giá trị '{short(text)}'. Hãy xóa thẻ này "
                       "và ghi giá trị bình thường.")
        if message is not None:
            self.problem(event, path, message)
            return None
        return value

    def current_path(self) -> KeyPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, frame.key) if frame.key is not None else frame.path


def _plain_value(text: str) -> tuple[Any, str | None]:
    """A plain scalar read the YAML 1.1 way (PyYAML's patterns), or why it cannot be a value."""
    if _NULL.match(text):
        return None, None
    if _BOOL.match(text):
        return text.lower() == "true", None
    if _INT.match(text):
        if _digit_count(text) > MAX_NUMBER_DIGITS:
            return None, _implausible(text)
        return int(text.replace("_", "")), None
    if _FLOAT.match(text):
        number = _decimal(text)
        if number is None or not number.is_finite():
            return None, (f"'{short(text)}' không phải là một số liệu (NaN, vô cực). Hãy ghi số "
                          "cụ thể, hoặc bỏ trống nếu chưa có số liệu.")
        if not plausible_number(number):
            return None, _implausible(text)
        return number, None
    return text, None  # text, and YAML 1.1 forms read as text (yes/no, dates, 0x1F)


_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def _fits_tag(tag: str, value: Any, text: str) -> bool:
    """Whether an explicit tag (`!!int 5`) says what the value is; `!!int abc` does not."""
    kind = tag[len(_TAG):]
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, Decimal | int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    return bool(_TIMESTAMP.match(text))  # timestamp: read as its text


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _decimal(text: str) -> Decimal | None:
    """The Decimal of a YAML float, or None when it is not a number; an exponent of more than
    four digits (`1.0e+999999999`) is not a figure and is never handed to Decimal."""
    exponent = text.lower().partition("e")[2]
    if len(exponent.lstrip("+-")) > 4:
        return Decimal((0, (1,), MAX_NUMBER_DIGITS + 1))  # implausible, whatever it was
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return None


def plausible_number(number: Decimal) -> bool:
    """At most MAX_NUMBER_DIGITS significant digits, and no further than 10**±MAX_NUMBER_DIGITS:
    anything beyond is a typing accident, and would make arithmetic and printing explode."""
    return (len(number.as_tuple().digits) <= MAX_NUMBER_DIGITS
            and -MAX_NUMBER_DIGITS <= number.adjusted() <= MAX_NUMBER_DIGITS)


def _implausible(text: str) -> str:
    return (f"'{short(text)}' không phải là một số liệu hợp lý (quá {MAX_NUMBER_DIGITS} chữ số, "
            "hoặc số mũ quá lớn). Hãy kiểm tra lại số này.")


class _TooDeep(Exception):
    pass


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file (a BOM is dropped), or a problem naming the line of the first bad
    byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, "Tệp không được lưu ở mã UTF-8 (có byte không hợp "
                              "lệ). Hãy mở tệp và lưu lại với mã hóa UTF-8.")]
    return text.removeprefix("\ufeff"), []


def parse_text(text: str, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    name = display_path(path)
    source = text
    nfc_lines: list[int] = []
    if not unicodedata.is_normalized("NFC", text):
        lines = text.split("\n")
        nfc_lines = [i + 1 for i, line in enumerate(lines)
                     if not unicodedata.is_normalized("NFC", line)]
        text = unicodedata.normalize("NFC", text)
    builder = _Builder(name)
    try:
        data = builder.build(yaml.parse(text, Loader=PARSER))
    except yaml.YAMLError as exc:
        problem = yaml_problem(exc, name, text)
        tabs = tab_problems(text, name) if problem.message == TAB_MESSAGE else []
        return None, [*builder.problems, *(tabs or [problem])]
    except _TooDeep:
        return None, builder.problems
    if builder.documents == 0 or (data is None and not builder.problems):
        return None, [Problem(name, 1, None, "Tệp rỗng: chưa có dữ liệu.")]
    if not isinstance(data, dict) and not builder.problems:
        return None, [Problem(name, 1, None, "Tệp số liệu phải là một bảng các trường (khóa: "
                              "giá trị).")]
    return YamlDocument(path, data, builder.lines, nfc_lines, source), builder.problems


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse one data file; never raises for a bad file, returns its problems instead."""
    try:
        raw = read_capped(path, MAX_FILE_BYTES, "tệp số liệu")
    except FileRefused as refused:
        return None, [Problem(display_path(path), None, None, f"{refused.detail} Hãy kiểm tra "
                              "lại tệp này trong thư mục số liệu (--data).")]
    return parse_bytes(raw, path)


def parse_bytes(raw: bytes, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the bytes of a data file (from disk, or from `git show` for a revision)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display_path(path), None, None, "Tệp quá lớn: tệp số liệu chỉ chứa "
                              "các chỉ tiêu.")]
    text, problems = decode(raw, display_path(path))
    if text is None:
        return None, problems
    return parse_text(text, path)
