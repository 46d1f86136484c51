"""`ktxh fmt`: one canonical layout for the data files, so that diffs show only real changes.

Built on ruamel.yaml, which keeps comments and blank lines through a round trip. The canonical
layout: keys in the order of the model (the indicators themselves stay in the office's order, which
is the appendix's order); two-space indentation, list items indented under their key; lists of ids
and small maps (`{so_voi: …}`, `{tu: …, den: …}`) on one line, everything else one item a line;
numbers written the YAML way (`"4.148"` becomes `4148`, which is the same value); quotes only where
YAML needs them. Formatting never changes a value: the result is read back and compared with the
original, and nothing is written if they differ.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from kt_xh import model
from kt_xh.errors import DataError, KtxhError, display_path
from kt_xh.loading import ACTUALS_SUFFIX, TARGETS_SUFFIX
from kt_xh.numbers import format_number, parse_vietnamese_number
from kt_xh.output import write_atomically
from kt_xh.yaml_comments import misplaced_comment
from kt_xh.yaml_source import (
    _BOOL,
    _FLOAT,
    _INT,
    _NULL,
    parse_text,
    plausible_number,
    read_yaml,
)

FIGURE_KEYS = {"cung_ky", "ke_hoach", "uoc_thuc_hien", "tong", "nguong_bien_dong", "gia_tri",
               "tu", "den", "giam", "dat", "tang", "chenh_lech", "chenh_lech_ty_le"}
FLOW_LISTS = {"suy_ra", "gom"}
"""Lists of ids, written on one line."""


class FormatError(KtxhError):
    """A data file cannot be formatted (it is not valid YAML, or has duplicate keys)."""


def represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    text = decimal_text(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def decimal_text(value: Decimal) -> str:
    """A YAML number that the loader reads back as exactly `value`, exponent included:
    `4148.250` stays `4148.250`, `4148.25` stays `4148.25`; `1.0E+3` (two digits, not four)
    keeps its exponent, in the one form the loader reads as a number."""
    text = format(value, "f")
    if Decimal(text).as_tuple() == value.as_tuple():
        return text
    sign, digits, _ = value.as_tuple()
    mantissa = "".join(map(str, digits))
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:]}E{value.adjusted():+d}"


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
    yaml.representer.add_representer(Decimal, represent_decimal)
    return yaml


# ---------------------------------------------------------------- canonical order and styles
def _model_for_key(parent: type[BaseModel] | None, key: str, value: Any) -> type[BaseModel] | None:
    """The model of a child mapping, following the model classes down the tree."""
    children: dict[tuple[str | None, str], type[BaseModel]] = {
        ("ActualsFile", "don_vi"): model.Unit, ("Unit", "nguoi_ky"): model.Signer,
        ("Indicator", "ty_le_da_neu"): model.StatedComparison,
        ("Indicator", "chap_nhan"): model.Acknowledgement, ("Target", "chap_nhan"):
        model.Acknowledgement, ("Indicator", "thanh_phan"): model.Breakdown,
    }
    name = parent.__name__ if parent else None
    if key == "ke_hoach" and isinstance(value, CommentedMap):
        if "tang" in value:
            return model.PlanGrowth
        return model.PlanReduction if "giam" in value else model.PlanRange
    if key == "ke_hoach" and isinstance(value, CommentedSeq):
        return model.PlanBase
    return children.get((name, key))


def _canonical(node: Any, node_model: type[BaseModel] | None, loaded: Any,
               key: str | None = None, entries: type[BaseModel] | None = None) -> Any:
    """Put a ruamel tree in canonical order and style, in place; returns the node. `loaded` is
    the same node as the loader reads it: every scalar is written back as that value, so that
    ruamel's own reading of a number (YAML 1.2, floats) never reaches the file."""
    if isinstance(node, CommentedMap):
        if node_model is not None:
            _reorder(node, list(node_model.model_fields))
        values = loaded if isinstance(loaded, dict) else {}
        for child_key in list(node):
            value, child_loaded = node[child_key], values.get(child_key)
            if entries is not None:  # the map of indicators: each value is an indicator
                node[child_key] = _canonical(value, entries, child_loaded)
                continue
            child_model = _model_for_key(node_model, child_key, value)
            if child_key == "chi_tieu" and node_model in (model.ActualsFile, model.TargetsFile):
                child_entries = (model.Indicator if node_model is model.ActualsFile
                                 else model.Target)
                node[child_key] = _canonical(value, None, child_loaded, child_key, child_entries)
            else:
                node[child_key] = _canonical(value, child_model, child_loaded, child_key)
        _style_map(node, key, node_model)
    elif isinstance(node, CommentedSeq):
        items = loaded if isinstance(loaded, list) else []
        for index, item in enumerate(node):
            item_loaded = items[index] if index < len(items) else None
            node[index] = _canonical(item, node_model, item_loaded, key)
        _style_seq(node, key)
    else:
        return _scalar(node, loaded, key)
    return node


def _scalar(node: Any, loaded: Any, key: str | None) -> Any:
    """A scalar as the loader reads it, quoted where a plain form would read differently."""
    if key in FIGURE_KEYS and isinstance(loaded, str):
        loaded = _number(loaded)
    if isinstance(loaded, Decimal | int) and not isinstance(loaded, bool):
        return loaded
    if isinstance(loaded, str) and isinstance(node, str):
        if type(node) is not str and node == loaded:
            return node  # a literal (|) or folded (>) text keeps its style and its lines
        return _quoted_if_needed(loaded)
    return node  # booleans, nulls, and dates (read as text, written back as they stand)


def _quoted_if_needed(text: str) -> str:
    if any(pattern.match(text) for pattern in (_NULL, _BOOL, _INT, _FLOAT)):
        return SingleQuotedScalarString(text)
    return text


def _number(text: str) -> Any:
    try:
        number = parse_vietnamese_number(text)
    except ValueError:
        return text  # not a number: left for `ktxh check` to report
    return number if plausible_number(number) else text


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    """A comment inside the collection: written on one line, it would swallow what follows."""
    return any(any(slot for slot in entry) for entry in node.ca.items.values())


def _style_map(node: CommentedMap, key: str | None, node_model: type[BaseModel] | None) -> None:
    small = node_model in (model.StatedComparison, model.PlanBase, model.PlanRange,
                           model.PlanReduction, model.PlanGrowth) or key in ("tien_to", "tang")
    if small and not _has_comments(node):
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _style_seq(node: CommentedSeq, key: str | None) -> None:
    ids = all(isinstance(item, str) for item in node) and key in (FLOW_LISTS | {"thanh_phan"})
    if ids and not _has_comments(node):
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _reorder(node: CommentedMap, order: list[str]) -> None:
    """Keys in `order` first, in that order, then any others as they were. Comments go with their
    key; whatever followed the map's last key (blank lines, the next section's heading) stays at
    the end of the map."""
    keys = list(node)
    wanted = [k for k in order if k in node] + [k for k in keys if k not in order]
    if wanted == keys:
        return
    above = _comments_above(node, keys)
    trailing = pop_trailing_comment(node)
    for key in wanted:
        node.move_to_end(key)
    for key, lines in above.items():
        index = wanted.index(key)
        if index:
            _append_comment(node, wanted[index - 1], lines)
    if trailing is not None:
        set_trailing_comment(node, trailing)


def _comments_above(node: CommentedMap, keys: list[Any]) -> dict[Any, str]:
    """Take the full-line comments that stand above each key (ruamel keeps them after the value
    of the key before, when that value is a scalar); the end-of-line comment stays."""
    above = {}
    for previous, key in itertools.pairwise(keys):
        entry = node.ca.items.get(previous)
        token = entry[2] if entry and len(entry) > 2 else None
        if token is None or isinstance(node[previous], CommentedMap | CommentedSeq):
            continue
        own_line, newline, rest = token.value.partition("\n")
        if rest.strip():
            token.value = own_line + newline
            above[key] = rest
    return above


def _append_comment(node: CommentedMap, key: Any, lines: str) -> None:
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    if entry[2] is None:
        entry[2] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        entry[2].value += lines


def pop_trailing_comment(node: Any) -> Any:
    if isinstance(node, CommentedMap) and node:
        last = list(node)[-1]
        if not isinstance(node[last], CommentedMap | CommentedSeq) or not node[last]:
            entry = node.ca.items.get(last)
            if entry and len(entry) > 2 and entry[2] is not None:
                comment, entry[2] = entry[2], None
                return comment
            return None
        return pop_trailing_comment(node[last])
    if isinstance(node, CommentedSeq) and node:
        last = len(node) - 1
        if isinstance(node[last], CommentedMap | CommentedSeq) and node[last] and not (
                node[last].fa.flow_style()):
            return pop_trailing_comment(node[last])
        entry = node.ca.items.get(last)
        if entry and entry[0] is not None:
            comment, entry[0] = entry[0], None
            return comment
    return None


def set_trailing_comment(node: Any, comment: Any) -> None:
    if not isinstance(node, CommentedMap | CommentedSeq) or not node:
        return
    is_map = isinstance(node, CommentedMap)
    last = list(node)[-1] if is_map else len(node) - 1
    value = node[last]
    if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
        set_trailing_comment(value, comment)
        return
    # ruamel keeps the comment after a mapping value in slot 2, after a list item in slot 0
    node.ca.items.setdefault(last, [None, None, None, None])[2 if is_map else 0] = comment


# ---------------------------------------------------------------- files
@dataclass(frozen=True)
class Formatted:
    path: Path
    changed: bool


def format_text(text: str, path: Path) -> str:
    """The canonical layout of one data file's text; refuses (FormatError) rather than change a
    value, what the report prints, or where a comment stands."""
    top = model.TargetsFile if path.name.endswith(TARGETS_SUFFIX) else model.ActualsFile
    yaml = round_trip_yaml()
    name = display_path(path)
    _refuse_long_lines(text, name)
    document, problems = parse_text(text, path)
    if problems or document is None:
        # ruamel would carry a tag or a duplicate key through; our reader refuses them first.
        raise FormatError(f"{problems[0]}\nHãy sửa lỗi này (xem 'ktxh check') rồi mới định dạng.")
    try:
        tree = yaml.load(text)
    except (YAMLError, ValueError, TypeError) as error:  # ruamel constructs tagged values
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise FormatError(f"{name}{where}: tệp số liệu không đọc được (sai cách ghi hoặc có khóa "
                          "trùng); hãy chạy 'ktxh check' và sửa lỗi trước khi định dạng.") from None
    if not isinstance(tree, CommentedMap):
        raise FormatError(f"{name}: tệp số liệu phải là một bảng các trường.")
    _canonical(tree, top, document.data)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    result = blank_lines(buffer.getvalue())
    _same_values(document.data, result, path)
    same_comments(text, result, name)
    return result


MAX_LINE = 10_000
"""Longest line `ktxh fmt` formats: no line of a data file is longer, and ruamel slows down badly
on megabyte lines."""


def _refuse_long_lines(text: str, name: str) -> None:
    if len(text) <= MAX_LINE:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise FormatError(f"{name}:{number}: dòng dài {format_number(Decimal(len(line)))} ký "
                              f"tự, quá {format_number(Decimal(MAX_LINE))}: ktxh fmt không định "
                              "dạng tệp này. Hãy kiểm tra dòng đó (có thể dán nhầm), ngắt hoặc rút "
                              "gọn nó rồi chạy lại.")


_SPACED_KEY = re.compile(r"^(?:[a-z_]+|  [a-z][a-z0-9_]*):\s*(?:\{\})?$")


def blank_lines(text: str) -> str:
    """A blank line before each top-level section and each indicator, unless a blank line or a
    comment already stands there: the indicators read as blocks, and a diff stays local."""
    lines = text.split("\n")
    out: list[str] = []
    in_indicators = False
    for line in lines:
        if not line.startswith(" ") and line.strip():
            in_indicators = line.startswith("chi_tieu:")
        starts_block = (not line.startswith(" ") and _SPACED_KEY.match(line)) or (
            in_indicators and line.startswith("  ") and not line.startswith("   ")
            and _SPACED_KEY.match(line))
        if starts_block and out and out[-1].strip() and not out[-1].lstrip().startswith("#"):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _same_values(old: Any, after: str, path: Path) -> None:
    new, _ = parse_text(after, path)
    if new is None or _comparable(old) != _comparable(new.data):
        raise FormatError(f"{display_path(path)}: định dạng lại sẽ làm đổi một giá trị, nên không "
                          "ghi gì. Đây là lỗi của ktxh: hãy báo lại kèm tệp này.")


def _comparable(value: Any, key: str | None = None) -> Any:
    """Values as the model will take them, with their types, and a figure as its exact Decimal
    (digits and exponent: `4148.25` and `4148.250` differ, since the report prints both as
    written)."""
    if isinstance(value, dict):
        return {k: _comparable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v, key) for v in value]
    if key in FIGURE_KEYS and isinstance(value, str):
        value = _number(value)
    if key in FIGURE_KEYS and isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal):
        return ("Decimal", value.as_tuple())
    return (type(value).__name__, value)


def same_comments(before: str, after: str, name: str) -> None:
    """Every comment of `before` is in `after`, at the same key; else nothing is written."""
    lost = misplaced_comment(before, after)
    if lost is None:
        return
    line, text = lost
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise FormatError(f"{name}:{line}: ktxh fmt không giữ được chú thích '{shown}' ở đúng chỗ "
                      "của nó, nên không ghi gì. Hãy chuyển chú thích này thành một dòng riêng "
                      "ngay trên khóa mà nó nói đến (không đặt giữa danh sách hay bảng viết "
                      "trên một dòng [...], {...}), rồi chạy lại 'ktxh fmt'.")


def data_files(data_dir: Path) -> list[Path]:
    return sorted([*data_dir.glob(f"*{ACTUALS_SUFFIX}"), *data_dir.glob(f"*{TARGETS_SUFFIX}")])


def format_files(paths: Iterable[Path], *, check: bool) -> list[Formatted]:
    """Format files in place (or only tell which are not canonical, with `check`)."""
    results = []
    for path in paths:
        text = read_text(path)
        canonical = format_text(text, path)
        changed = canonical != text
        if changed and not check:
            # through a symbolic link: the link stays, its target is replaced in one step
            write_atomically(path.resolve(), canonical.encode("utf-8"))
        results.append(Formatted(path, changed))
    return results


def read_text(path: Path) -> str:
    """A data file's text, read as `ktxh check` reads it, with the same messages (exit 2)."""
    document, problems = read_yaml(path)
    if document is None or problems:
        raise DataError(problems or [])
    return document.source
