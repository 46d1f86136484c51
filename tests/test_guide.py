"""The officers' guide to the data files (docs/huong_dan_so_lieu.md) cannot drift from the model:
every field of every model class is named in it, every closed value is listed, every Word style
of the report is in its table, and every YAML example is read by ktxh's own reader and validated
by the model: a right example loads, a wrong one (marked `<!-- sai -->` before its block) does not,
and one marked `<!-- sai-nghia -->` loads but means something else (the very point it makes)."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from kt_xh import model
from kt_xh.docx_styles import STYLES
from kt_xh.yaml_source import parse_text

from conftest import ROOT

GUIDE_PATH = ROOT / "docs" / "huong_dan_so_lieu.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- ([a-z-]+) -->\n)?```yaml\n(.*?)```", re.S)
MARKS = {None, "sai", "sai-nghia", "ke-hoach-nam-sau"}

BASE_UNIT = {"co_quan_ban_hanh": ["ỦY BAN NHÂN DÂN", "XÃ TAM ĐƯỜNG"],
             "ten_goi_tat": "UBND xã Tam Đường", "ky_hieu": "BC-UBND", "dia_danh": "Tam Đường",
             "nguoi_ky": {"tham_quyen": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}}
"""An example may show a few fields of `don_vi`: the others are taken from here."""


def model_classes() -> list[type[BaseModel]]:
    return [cls for _, cls in inspect.getmembers(model, inspect.isclass)
            if issubclass(cls, BaseModel) and cls.__module__ == model.__name__
            and not cls.__name__.startswith("_")]


def literal_values(annotation: Any) -> set[str]:
    """Every value of every Literal inside an annotation (unions, lists, dicts, Annotated)."""
    if typing.get_origin(annotation) is Literal:
        return {str(value) for value in typing.get_args(annotation)}
    found: set[str] = set()
    for argument in typing.get_args(annotation):
        found |= literal_values(argument)
    return found


def examples() -> list[tuple[str | None, str]]:
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(GUIDE)]


def load_example(mark: str | None, text: str) -> list[str]:
    """What is wrong with an example, read and validated as ktxh reads a data file; [] if none.

    A block holds `nam`, `don_vi` and/or `chi_tieu`; its indicators are validated as indicators
    of the report's year, or of next year's plan after `<!-- ke-hoach-nam-sau -->`."""
    document, problems = parse_text(text, Path("huong_dan.yaml"))
    if problems or document is None:
        return [p.message for p in problems] or ["không đọc được"]
    data = document.data
    unknown = set(data) - {"nam", "ky", "nhom_bieu", "don_vi", "phong_ban", "chi_tieu",
                           "hop_nhat_tu", "ty_le_tinh_tu", "so_lieu"}
    assert not unknown, f"an example of the guide holds {unknown}: wrap it in don_vi or chi_tieu"
    indicator_class = model.Target if mark == "ke-hoach-nam-sau" else model.Indicator
    try:
        if "so_lieu" in data:  # the small file of an old unit's figures
            model.PredecessorFigures.model_validate(data)
            return []
        for item in data.get("hop_nhat_tu") or []:
            model.Predecessor.model_validate(item)
        for parts in (data.get("ty_le_tinh_tu") or {}).values():
            model.RateParts.model_validate(parts)
        if "ky" in data:
            TypeAdapter(model.PeriodCode).validate_python(data["ky"])
        if "nhom_bieu" in data:
            groups = TypeAdapter(list[model.TableGroup]).validate_python(data["nhom_bieu"])
            declared = {group.ma for group in groups}
            undeclared = {f.get("nhom") for f in (data.get("chi_tieu") or {}).values()
                          if isinstance(f, dict) and f.get("nhom")} - declared
            if undeclared:
                return [f"nhóm chưa khai báo: {undeclared}"]
        if "don_vi" in data:
            part = data["don_vi"]
            model.Unit.model_validate({**BASE_UNIT, **part} if isinstance(part, dict) else part)
        indicators = data.get("chi_tieu") or {}
        if not isinstance(indicators, dict):
            return ["chi_tieu không phải là bảng"]
        for key, fields in indicators.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                return [f"mã chỉ tiêu sai: {key}"]
            indicator = indicator_class.model_validate(fields)
            for breakdown in getattr(indicator, "thanh_phan", []):
                missing = [part for part in breakdown.gom if part not in indicators]
                if missing:
                    return [f"thành phần không có trong ví dụ: {missing}"]
    except ValidationError as error:
        return [str(error)]
    return []


def test_every_field_of_the_model_is_in_the_guide() -> None:
    fields = {name for cls in model_classes() for name in cls.model_fields}
    assert len(fields) > 50
    missing = sorted(name for name in fields if f"`{name}" not in GUIDE)
    assert not missing, f"fields the guide does not explain: {missing}"


def test_every_closed_value_is_listed() -> None:
    values = {value for cls in model_classes() for field in cls.model_fields.values()
              for value in literal_values(field.annotation)}
    values |= set(typing.get_args(model.Group))  # the default groups, when a file declares none
    for closed in (model.Kind, model.Direction, model.Group, model.FigureName, model.Qualifier,
                   model.PeriodCode):
        assert set(typing.get_args(closed)) <= values
    missing = sorted(value for value in values if f"`{value}`" not in GUIDE)
    assert not missing, f"closed values the guide does not list: {missing}"


def test_every_word_style_is_in_the_table() -> None:
    rows = set(re.findall(r"^\| ([^|`]+?) \| ", GUIDE, re.M))
    missing = [style.name for style in STYLES if style.name not in rows]
    assert not missing, f"Word styles missing from the guide's table: {missing}"


def test_the_guide_has_examples_of_each_kind() -> None:
    marks = [mark for mark, _ in examples()]
    assert set(marks) <= MARKS, f"unknown marks: {set(marks) - MARKS}"
    assert marks.count(None) >= 10 and marks.count("sai") >= 4 and "sai-nghia" in marks


@pytest.mark.parametrize(("mark", "text"), examples(),
                         ids=[f"{n}-{mark or 'dung'}" for n, (mark, _) in enumerate(examples())])
def test_each_example_loads_or_fails_as_the_guide_says(mark: str | None, text: str) -> None:
    problems = load_example(mark, text)
    if mark == "sai":
        assert problems, "an example marked wrong loads without a problem"
    else:
        assert not problems, problems


def test_the_dotted_number_example_is_a_thousand_times_off() -> None:
    """Rule 2's point: unquoted 4.148 is four point one…, quoted "4.148" four thousand."""
    wrong = next(text for mark, text in examples() if mark == "sai-nghia" and "4.148" in text)
    right = next(text for mark, text in examples() if mark is None and '"4.148"' in text)
    read = []
    for text in (wrong, right):
        document, _ = parse_text(text, Path("huong_dan.yaml"))
        assert document is not None
        fields = document.data["chi_tieu"]["tong_muc_ban_le"]
        read.append(model.Indicator.model_validate(fields).uoc_thuc_hien)
    assert read[1] == 1000 * read[0]


def test_the_readme_opens_with_ci_commands_then_the_officers_part() -> None:
    """.ci/run reads its test command from the second line of the README's first code block; the
    officers' part in Vietnamese comes right after it, with the pipx install and the daily cycle."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, block, rest = readme.split("```", 2)
    assert head == "# ktxh\n\n"
    lines = block.split("\n")
    assert lines[0] == "sh" and len(lines) == 4 and lines[3] == ""
    assert "ktxh build-report" in lines[1] and "pytest" in lines[2]
    officers = rest.split("## For developers")[0]
    assert officers.lstrip().startswith("## Dành cho cán bộ kế hoạch")
    for step in ("Add python.exe to PATH", "py -m pip install --user pipx", "py -m pipx ensurepath",
                 "pipx install", "ktxh fmt", "ktxh check", "ktxh build-report", "git commit",
                 "docs/huong_dan_so_lieu.md"):
        assert step in officers, step
