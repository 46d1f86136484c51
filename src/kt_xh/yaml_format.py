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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from kt_xh import model
from kt_xh.errors import KtxhError, display_path
from kt_xh.loading import ACTUALS_SUFFIX, TARGETS_SUFFIX
from kt_xh.numbers import parse_vietnamese_number
from kt_xh.output import write_atomically
from kt_xh.yaml_source import parse_text

FIGURE_KEYS = {"cung_ky", "ke_hoach", "uoc_thuc_hien", "tong", "nguong_bien_dong", "gia_tri",
               "tu", "den", "giam", "dat", "tang", "chenh_lech", "chenh_lech_ty_le"}
FLOW_LISTS = {"suy_ra", "gom"}
"""Lists of ids, written on one line."""
FLOW_ITEM_LISTS = {"ty_le_da_neu"}
"""Lists of small maps, each map written on one line."""


class FormatError(KtxhError):
    """A data file cannot be formatted (it is not valid YAML, or has duplicate keys)."""


def represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def _yaml() -> YAML:
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
        return model.PlanReduction if "giam" in value else model.PlanRange
    if key == "ke_hoach" and isinstance(value, CommentedSeq):
        return model.PlanBase
    return children.get((name, key))


def _canonical(node: Any, node_model: type[BaseModel] | None, key: str | None = None,
               entries: type[BaseModel] | None = None) -> Any:
    """Put a ruamel tree in canonical order and style, in place; returns the node."""
    if isinstance(node, CommentedMap):
        if node_model is not None:
            _reorder(node, list(node_model.model_fields))
        for child_key in list(node):
            value = node[child_key]
            if entries is not None:  # the map of indicators: each value is an indicator
                node[child_key] = _canonical(value, entries)
                continue
            if child_key in FIGURE_KEYS and isinstance(value, str):
                node[child_key] = _number(value)
                continue
            child_model = _model_for_key(node_model, child_key, value)
            if child_key == "chi_tieu" and node_model in (model.ActualsFile, model.TargetsFile):
                child_entries = (model.Indicator if node_model is model.ActualsFile
                                 else model.Target)
                node[child_key] = _canonical(value, None, child_key, child_entries)
            else:
                node[child_key] = _canonical(value, child_model, child_key)
        _style_map(node, key, node_model)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            node[index] = _canonical(item, node_model, key)
        _style_seq(node, key)
    return node


def _number(text: str) -> Any:
    try:
        return parse_vietnamese_number(text)
    except ValueError:
        return text  # not a number: left for `ktxh check` to report


def _style_map(node: CommentedMap, key: str | None, node_model: type[BaseModel] | None) -> None:
    small = node_model in (model.StatedComparison, model.PlanBase, model.PlanRange,
                           model.PlanReduction) or key == "tien_to"
    if small:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _style_seq(node: CommentedSeq, key: str | None) -> None:
    ids = all(isinstance(item, str) for item in node) and key in (FLOW_LISTS | {"thanh_phan"})
    if ids:
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
    trailing = _pop_trailing_comment(node)
    for key in wanted:
        node.move_to_end(key)
    if trailing is not None:
        _set_trailing_comment(node, trailing)


def _pop_trailing_comment(node: Any) -> Any:
    if isinstance(node, CommentedMap) and node:
        last = list(node)[-1]
        if not isinstance(node[last], CommentedMap | CommentedSeq) or not node[last]:
            entry = node.ca.items.get(last)
            if entry and len(entry) > 2 and entry[2] is not None:
                comment, entry[2] = entry[2], None
                return comment
            return None
        return _pop_trailing_comment(node[last])
    if isinstance(node, CommentedSeq) and node:
        last = len(node) - 1
        if isinstance(node[last], CommentedMap | CommentedSeq) and node[last] and not (
                node[last].fa.flow_style()):
            return _pop_trailing_comment(node[last])
        entry = node.ca.items.get(last)
        if entry and entry[0] is not None:
            comment, entry[0] = entry[0], None
            return comment
    return None


def _set_trailing_comment(node: Any, comment: Any) -> None:
    if not isinstance(node, CommentedMap | CommentedSeq) or not node:
        return
    is_map = isinstance(node, CommentedMap)
    last = list(node)[-1] if is_map else len(node) - 1
    value = node[last]
    if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
        _set_trailing_comment(value, comment)
        return
    # ruamel keeps the comment after a mapping value in slot 2, after a list item in slot 0
    node.ca.items.setdefault(last, [None, None, None, None])[2 if is_map else 0] = comment


# ---------------------------------------------------------------- files
@dataclass(frozen=True)
class Formatted:
    path: Path
    changed: bool


def format_text(text: str, path: Path) -> str:
    """The canonical layout of one data file's text."""
    top = model.TargetsFile if path.name.endswith(TARGETS_SUFFIX) else model.ActualsFile
    yaml = _yaml()
    name = display_path(path)
    _, problems = parse_text(text, path)
    if problems:
        # ruamel would carry a tag or a duplicate key through; our reader refuses them first.
        raise FormatError(f"{problems[0]}\nHãy sửa lỗi này (xem 'ktxh check') rồi mới định dạng.")
    try:
        tree = yaml.load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise FormatError(f"{name}{where}: tệp không phải YAML hợp lệ hoặc có khóa trùng; hãy chạy "
                          "'ktxh check' và sửa lỗi trước khi định dạng.") from None
    if not isinstance(tree, CommentedMap):
        raise FormatError(f"{name}: tệp số liệu phải là một bảng các trường.")
    _canonical(tree, top)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    result = _blank_lines(buffer.getvalue())
    _same_values(text, result, path)
    return result


_SPACED_KEY = re.compile(r"^(?:[a-z_]+|  [a-z][a-z0-9_]*):\s*(?:\{\})?$")


def _blank_lines(text: str) -> str:
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


def _same_values(before: str, after: str, path: Path) -> None:
    old, _ = parse_text(before, path)
    new, _ = parse_text(after, path)
    if old is None or new is None or _comparable(old.data) != _comparable(new.data):
        raise FormatError(f"{display_path(path)}: định dạng lại sẽ làm đổi một giá trị, nên không "
                          "ghi gì. Đây là lỗi của ktxh: hãy báo lại kèm tệp này.")


def _comparable(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _comparable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v, key) for v in value]
    if key in FIGURE_KEYS and isinstance(value, str):
        return _number(value)
    if isinstance(value, int) and not isinstance(value, bool) and key in FIGURE_KEYS:
        return Decimal(value)
    return value


def data_files(data_dir: Path) -> list[Path]:
    return sorted([*data_dir.glob(f"*{ACTUALS_SUFFIX}"), *data_dir.glob(f"*{TARGETS_SUFFIX}")])


def format_files(paths: Iterable[Path], *, check: bool) -> list[Formatted]:
    """Format files in place (or only tell which are not canonical, with `check`)."""
    results = []
    for path in paths:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        canonical = format_text(text, path)
        changed = canonical != text
        if changed and not check:
            write_atomically(path, canonical.encode("utf-8"))
        results.append(Formatted(path, changed))
    return results
