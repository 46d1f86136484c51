"""Reading a YAML data file into plain Python data, keeping the line of every key.

PyYAML only composes the node graph here (the C composer when available); nothing is ever
constructed from a tag, so `!!python/object` cannot run code. The walk over the nodes turns
scalars into values (plain numbers become `Decimal`, never float), reports duplicate keys with both
lines (PyYAML would silently keep the last), refuses aliases (a "billion laughs" file stops at the
first one) and remembers where each key stands so that later messages can name the line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kt_xh.errors import Problem, display_path

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32

_TAG = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A data file read into Python values, with the line of every mapping key and list item."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    nfc_lines: list[int] = field(default_factory=list)
    """Lines whose text arrived decomposed (NFD) and was normalised to NFC."""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, path: Path_) -> int | None:
        """Line of the deepest known node on `path` (the key itself, or its nearest parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


class _Walk:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Path_, int] = {(): 1}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def problem(self, node: yaml.Node, path: Path_, message: str, rule: str = "tep-yaml"
                ) -> None:
        field_name = ".".join(str(p) for p in path) or None
        self.problems.append(Problem(self.name, node.start_mark.line + 1, field_name, message,
                                     rule))

    def value(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        if id(node) in self.seen:
            self.problem(node, path, "Không dùng neo và bí danh YAML (&, *) trong tệp số liệu; "
                         "hãy viết đầy đủ giá trị tại chỗ.")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, path, f"Dữ liệu lồng quá sâu (hơn {MAX_DEPTH} cấp); "
                         "hãy kiểm tra lại thụt lề.")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                return self.bad_tag(node, path)
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.value(item, (*path, index), depth + 1))
            return items
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != f"{_TAG}map":
            return self.bad_tag(node, path)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "Tên khóa phải là một chữ đơn, không phải danh sách "
                             "hay bảng.")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key == "<<":
                self.problem(key_node, path, "Không dùng khóa gộp '<<' trong tệp số liệu; hãy viết "
                             "đầy đủ các trường.")
                continue
            if key in first_line:
                self.problem(key_node, (*path, key), f"Khóa '{key}' bị lặp: đã có ở dòng "
                             f"{first_line[key]} và lại có ở dòng {line}. Hãy giữ một lần và xóa "
                             "lần còn lại.", rule="khoa-trung")
                continue
            first_line[key] = line
            self.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag not in _ALLOWED_SCALAR_TAGS:
            return self.bad_tag(node, path)
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}bool":
            lowered = text.lower()
            return lowered == "true" if lowered in ("true", "false") else text
        if tag == f"{_TAG}int":
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                return text
        if tag == f"{_TAG}float":
            try:
                number = Decimal(text.replace("_", ""))
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                self.problem(node, path, f"'{text}' không phải là một số liệu (NaN, vô cực). Hãy "
                             "ghi số cụ thể, hoặc bỏ trống nếu chưa có số liệu.")
                return None
            return number
        return text  # str and timestamp: pydantic parses dates from text

    def bad_tag(self, node: yaml.Node, path: Path_) -> None:
        self.problem(node, path, f"Thẻ YAML '{node.tag}' không được phép trong tệp số liệu (tệp "
                     "chỉ chứa chữ, số, danh sách và bảng). Hãy xóa thẻ này.")
        return None


_YAML_PROBLEMS = [
    ("tab character", "Có ký tự tab: YAML chỉ cho thụt lề bằng dấu cách. Hãy thay tab "
     "bằng dấu cách."),
    ("found character '\\t'", "Có ký tự tab: YAML chỉ cho thụt lề bằng dấu cách. Hãy thay tab "
     "bằng dấu cách."),
    ("mapping values are not allowed", "Dấu ':' không đúng chỗ: thường do thụt lề sai hoặc thiếu "
     "dấu cách sau ':'; nếu giá trị có dấu ':', hãy đặt nó trong dấu nháy kép."),
    ("could not find expected ':'", "Thiếu dấu ':' sau tên khóa, hoặc một dòng bị ngắt giữa chừng."),
    ("expected <block end>", "Thụt lề không thẳng hàng với các dòng cùng cấp phía trên."),
    ("did not find expected key", "Thụt lề không thẳng hàng với các dòng cùng cấp phía trên."),
    ("did not find expected '-'", "Thụt lề của danh sách không thẳng hàng."),
    ("found unexpected end of stream", "Tệp kết thúc giữa chừng: có thể thiếu dấu nháy hoặc "
     "ngoặc đóng."),
    ("found unknown escape character", "Ký tự thoát (\\) không hợp lệ trong chuỗi nháy kép; hãy "
     "dùng nháy đơn."),
    ("special characters are not allowed", "Tệp chứa ký tự điều khiển không in được; hãy xóa ký "
     "tự đó."),
    ("control characters are not allowed", "Tệp chứa ký tự điều khiển không in được; hãy xóa ký "
     "tự đó."),
    ("found undefined alias", "Không dùng bí danh YAML (*) trong tệp số liệu."),
    ("found duplicate anchor", "Không dùng neo YAML (&) trong tệp số liệu."),
    ("expected a single document", "Tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' thứ hai)."),
    ("found unexpected ':'", "Dấu ':' không đúng chỗ; nếu giá trị có dấu ':', hãy đặt nó trong dấu "
     "nháy kép."),
]


def _yaml_problem(error: yaml.YAMLError, name: str) -> Problem:
    text = f"{getattr(error, 'problem', '')} {getattr(error, 'context', '')} {error}"
    message = next((vi for en, vi in _YAML_PROBLEMS if en in text), "Cú pháp YAML không hợp lệ.")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = f" (cột {mark.column + 1})" if mark is not None else ""
    return Problem(name, line, None, f"{message}{column}")


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file (a BOM is dropped), or a problem naming the line of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, "Tệp không được lưu ở mã UTF-8 (có byte không hợp "
                              "lệ). Hãy mở tệp và lưu lại với mã hóa UTF-8.")]
    return text.removeprefix("\ufeff"), []


def parse_text(text: str, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    name = display_path(path)
    nfc_lines: list[int] = []
    if not unicodedata.is_normalized("NFC", text):
        lines = text.split("\n")
        nfc_lines = [i + 1 for i, line in enumerate(lines)
                     if not unicodedata.is_normalized("NFC", line)]
        text = unicodedata.normalize("NFC", text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(exc, name)]
    except RecursionError:
        return None, [Problem(name, None, None, "Dữ liệu lồng quá sâu; hãy kiểm tra lại thụt lề.")]
    if root is None:
        return None, [Problem(name, 1, None, "Tệp rỗng: chưa có dữ liệu.")]
    walk = _Walk(name)
    data = walk.value(root, ())
    if not isinstance(data, dict) and not walk.problems:
        walk.problem(root, (), "Tệp số liệu phải là một bảng các trường (khóa: giá trị).")
    return YamlDocument(path, data, walk.lines, nfc_lines), walk.problems


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse one data file; never raises for a bad file, returns its problems instead."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return None, [Problem(name, None, None, f"Tệp quá lớn ({size // (1024 * 1024)} MB, "
                                  f"giới hạn {limit} MB): tệp số liệu chỉ chứa các chỉ tiêu.")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, None, "Không tìm thấy tệp.")]
    except OSError as exc:
        return None, [Problem(name, None, None, f"Không đọc được tệp ({exc.strerror}).")]
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
