"""Loading a data folder: find the two files, read them, validate them, join them.

Every problem of a run is collected and raised together as one `DataError`, each naming the file,
the line and the field, in Vietnamese, with what to do.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from kt_xh import model
from kt_xh.domain import LoadedReport, Report
from kt_xh.errors import BROKEN_REFERENCE, SCHEMA_MISMATCH, DataError, Problem, display_path
from kt_xh.model import ActualsFile, TargetsFile
from kt_xh.periods import YEAR
from kt_xh.yaml_source import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

ACTUALS_SUFFIX = "_actuals.yaml"
TARGETS_SUFFIX = "_targets.yaml"


def year_of(path: Path) -> int | None:
    """The year a data file's name starts with: 2023 for `2023_actuals.yaml`."""
    head = path.name.split("_", 1)[0]
    return int(head) if head.isdigit() else None


def latest_year_files(names: Iterable[str]) -> tuple[str, str] | None:
    """Among file names, the latest `<năm>_actuals.yaml` and the name its `<năm + 1>_targets.yaml`
    must have; None when there is no actuals file. A folder may keep earlier years beside the
    current one (`ktxh new-year` adds a year); the report is always of the latest year."""
    actuals = sorted((n for n in names if n.endswith(ACTUALS_SUFFIX) and year_of(Path(n))),
                     key=lambda n: year_of(Path(n)) or 0)
    if not actuals:
        return None
    return actuals[-1], f"{(year_of(Path(actuals[-1])) or 0) + 1}{TARGETS_SUFFIX}"


def find_data_files(data_dir: Path, *, targets_required: bool = True) -> tuple[Path, Path]:
    """The latest `<năm>_actuals.yaml` of a folder and its `<năm + 1>_targets.yaml` (which may be
    absent when not `targets_required`)."""
    name = display_path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(name, None, None, "Không tìm thấy thư mục số liệu. Hãy chỉ đúng "
                                 "thư mục bằng --data.", rule=BROKEN_REFERENCE)])
    found = latest_year_files(p.name for p in data_dir.glob(f"*{ACTUALS_SUFFIX}"))
    if found is None:
        raise DataError([Problem(name, None, None, f"Không có tệp số liệu năm báo cáo "
                                 f"'<năm>{ACTUALS_SUFFIX}' trong thư mục.", rule=BROKEN_REFERENCE)])
    latest, targets = data_dir / found[0], data_dir / found[1]
    if targets_required and not targets.is_file():
        raise _missing_targets(data_dir, latest, targets)
    return latest, targets


def _missing_targets(data_dir: Path, actuals: Path, targets: Path) -> DataError:
    return DataError([Problem(display_path(data_dir), None, None, f"Có {actuals.name} nhưng thiếu "
                              f"tệp kế hoạch năm sau {targets.name} trong thư mục.",
                              rule=BROKEN_REFERENCE)])


def load_report(data_dir: Path) -> LoadedReport:
    """Read, validate and join the data folder. Raises DataError with every problem found."""
    actuals_path, targets_path = find_data_files(data_dir, targets_required=False)
    actuals_read = read_yaml(actuals_path)
    if targets_path.is_file():
        targets_read = read_yaml(targets_path)
    elif (empty := no_plan_needed(actuals_read, targets_path)) is not None:
        targets_read = (empty, [])
    else:
        raise _missing_targets(data_dir, actuals_path, targets_path)
    from kt_xh.predecessors import with_predecessors

    return with_predecessors(load_documents(actuals_read, targets_read), data_dir)


def no_plan_needed(actuals_read: ReadResult, targets_path: Path) -> YamlDocument | None:
    """A report of a period within the year needs no plan for next year: an empty targets file
    stands in for an absent one. None for the year-end report, which needs it."""
    document = actuals_read[0]
    data = document.data if document is not None else None
    if not isinstance(data, dict) or data.get("ky", YEAR) == YEAR:
        return None
    year = data.get("nam")
    next_year = year + 1 if isinstance(year, int) and not isinstance(year, bool) else None
    return YamlDocument(targets_path, {"nam": next_year, "chi_tieu": {}})


ReadResult = tuple[YamlDocument | None, list[Problem]]


def load_documents(actuals_read: ReadResult, targets_read: ReadResult) -> LoadedReport:
    """Validate and join two files already read (from disk, or from a git revision)."""
    problems: list[Problem] = []
    actuals_doc, actuals = _validate(actuals_read, ActualsFile, problems)
    targets_doc, targets = _validate(targets_read, TargetsFile, problems)
    if actuals is not None and actuals_doc is not None:
        problems += _file_year_problems(actuals_doc, actuals.nam)
        problems += _reference_problems(actuals, actuals_doc)
    if targets is not None and targets_doc is not None:
        problems += _file_year_problems(targets_doc, targets.nam)
        if actuals is not None:
            problems += _join_problems(actuals, targets, targets_doc)
    if problems:
        raise DataError(problems)
    assert actuals is not None and targets is not None and actuals_doc and targets_doc
    report = Report(actuals.nam, actuals.don_vi, dict(actuals.chi_tieu), dict(targets.chi_tieu),
                    actuals.ky, actuals.table_groups(), actuals.nhom_bieu is not None,
                    tuple(actuals.hop_nhat_tu), dict(actuals.ty_le_tinh_tu), actuals.tong_hop)
    return LoadedReport(report, actuals_doc, targets_doc)


def _validate(read: ReadResult, model_class: type[M], problems: list[Problem]
              ) -> tuple[YamlDocument | None, M | None]:
    document, read_problems = read
    problems += read_problems
    if document is None:
        return None, None
    try:
        validated = model_class.model_validate(document.data)
    except ValidationError as exc:
        # A key the reader already reported (a duplicate, a tag) is not reported twice.
        reported = {p.field for p in read_problems if p.field}
        problems += [p for p in validation_problems(exc, document)
                     if not any(p.field and (p.field == f or p.field.startswith(f + "."))
                                for f in reported)]
        return document, None
    return document, None if read_problems else validated


def validation_problems(error: ValidationError, document: YamlDocument) -> list[Problem]:
    """Pydantic's errors as Vietnamese problems at the line of the offending key. Fields that lost
    their indentation (`ten:` written at the level of the indicator ids) are told as one
    indentation problem at the line where the indentation goes wrong."""
    items = [(item, _data_path(document.data, item["loc"]))
             for item in error.errors(include_url=False)
             if item["type"] != "default_factory_not_called"]  # follows from another error
    emptied = {path: _lost_children(path, document, items)
               for item, path in items if _empty_block(item, path)}
    problems = []
    for item, path in items:
        if any(_is_lost_child(path, parent, rows) for parent, rows in emptied.items()):
            continue  # told with the block they left
        field = ".".join(str(p) for p in path) or None
        line = document.line_of(path)
        if emptied.get(path):
            line = emptied[path][0]  # where the indentation goes wrong
        if path in emptied:
            message = _emptied_message(path, emptied[path], document)
        elif _misplaced_field(item, path):
            message = _misplaced_message(path)
        else:
            message = _message(item, path)
        problems.append(Problem(document.name, line, field, message, rule=SCHEMA_MISMATCH))
    return problems


_BLOCK_TYPES = {"dict_type", "model_type", "model_attributes_type"}


def _empty_block(item: Any, path: tuple[str | int, ...]) -> bool:
    """A block (an indicator, `don_vi`) written with nothing under it."""
    return item["type"] in _BLOCK_TYPES and item.get("input") is None and bool(path)


def _misplaced_field(item: Any, path: tuple[str | int, ...]) -> bool:
    """A field's name where a block was expected (`uoc_thuc_hien: 4148` at the level of the
    indicator ids), or where it is no field (`chuc_vu` moved out of `nguoi_ky`)."""
    if not path or not isinstance(path[-1], str) or path[-1] not in _field_names():
        return False
    return (item["type"] in _BLOCK_TYPES and not isinstance(item.get("input"), dict)) or (
        item["type"] == "extra_forbidden")


def _lost_children(path: tuple[str | int, ...], document: YamlDocument,
                   items: list[tuple[Any, tuple[str | int, ...]]]) -> list[int]:
    """Lines of the fields that follow an empty block at its own level: its lost children."""
    own = document.line_of(path) or 0
    rows = sorted((document.line_of(p) or 0, p) for item, p in items
                  if len(p) == len(path) and p[:-1] == path[:-1] and _misplaced_field(item, p)
                  and (document.line_of(p) or 0) > own)
    lines, expected = [], own + 1
    for line, _ in rows:  # only the fields right below it, up to the next block
        if line > expected + 1:
            break
        lines.append(line)
        expected = line
    return lines


def _is_lost_child(path: tuple[str | int, ...], parent: tuple[str | int, ...],
                   rows: list[int]) -> bool:
    return bool(rows) and len(path) == len(parent) and path[:-1] == parent[:-1] and path != parent


def _emptied_message(path: tuple[str | int, ...], rows: list[int], document: YamlDocument
                     ) -> str:
    name = path[-1]
    own = document.line_of(path)
    if not rows:
        return (f"'{name}' không có trường nào bên dưới. Các trường của nó phải viết ở các dòng "
                f"ngay sau dòng {own}, thụt vào sâu hơn '{name}' hai dấu cách.")
    span = f"dòng {rows[0]}" if len(rows) == 1 else f"các dòng {rows[0]}–{rows[-1]}"
    return (f"Thụt lề sai từ dòng {rows[0]}: {span} thẳng hàng với '{name}' nên không thuộc "
            f"'{name}'. Hãy thụt {span} vào thêm hai dấu cách.")


def _misplaced_message(path: tuple[str | int, ...]) -> str:
    name = path[-1]
    return (f"'{name}' là tên trường nhưng đứng sai cấp: có lẽ dòng này bị mất thụt lề (hoặc thụt "
            "lề thừa). Hãy thụt dòng này cho thẳng hàng với các trường cùng nhóm phía trên.")


def _holds(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _data_path(data: Any, loc: Iterable[Any]) -> tuple[str | int, ...]:
    """The part of pydantic's location that exists in the data (drops union tags, '[key]')."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if _holds(current, part):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and part not in _SKIPPED_LOC:
            path.append(part)  # a missing field: name it, its line is its parent's
            break
    return tuple(path)


_SKIPPED_LOC = {"so", "khoang", "muc_giam", "nhieu_can_cu", "rieng", "[key]"}


def _field_names() -> list[str]:
    classes = [c for c in vars(model).values()
               if isinstance(c, type) and issubclass(c, BaseModel) and c is not BaseModel]
    return sorted({name for c in classes for name in c.model_fields})


_ENUM_LIST = re.compile(r"'([^']*)'")


def _message(item: Any, path: tuple[str | int, ...]) -> str:
    kind, ctx = item["type"], item.get("ctx") or {}
    last = str(path[-1]) if path else ""
    if kind == "missing":
        return f"Thiếu trường bắt buộc '{last}'. Hãy thêm trường này."
    if kind == "extra_forbidden":
        guess = _closest(last, _field_names(), cutoff=0.7)
        hint = f" Có phải ý bạn là '{guess}'?" if guess else " Hãy sửa tên khóa hoặc xóa nó."
        return f"Khóa '{last}' không có trong tệp số liệu (không phải tên trường nào).{hint}"
    if kind == "literal_error":
        choices = ", ".join(_ENUM_LIST.findall(str(ctx.get("expected", ""))))
        return f"Giá trị '{item['input']}' không hợp lệ; chỉ được chọn một trong: {choices}."
    if kind == "string_pattern_mismatch":
        plain = without_accents(str(item.get("input", ""))).lower()
        hint = (f" Hãy viết '{plain}'." if re.fullmatch(r"[a-z][a-z0-9_]*", plain) else "")
        return ("Mã chỉ tiêu chỉ gồm chữ thường không dấu, chữ số và dấu '_', bắt đầu bằng chữ "
                f"(ví dụ tong_muc_ban_le).{hint}")
    if kind == "string_type" and isinstance(item.get("input"), dict):
        return ("Giá trị có dấu ': ' nên được hiểu thành một bảng con. Hãy đặt cả giá trị trong "
                "dấu nháy kép, ví dụ \"Lưu: VT, TC-KH.\".")
    if kind in _OWN_ERROR_TYPES or kind not in _PYDANTIC_ERROR_TYPES:
        return str(item["msg"])  # raised by the model with a Vietnamese message
    simple = _SIMPLE_MESSAGES.get(kind)
    if simple is not None:
        return simple.format(**ctx)
    return f"Giá trị không hợp lệ (mã lỗi {kind})."


_SIMPLE_MESSAGES = {
    "string_type": "Phải là chữ (văn bản); nếu là số, hãy đặt trong dấu nháy.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự); hãy rút gọn.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "greater_than": "Phải lớn hơn {gt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "dict_type": "Phải là một bảng các trường (khóa: giá trị).",
    "model_type": "Phải là một bảng các trường (khóa: giá trị).",
    "model_attributes_type": "Phải là một bảng các trường (khóa: giá trị).",
    "list_type": "Phải là một danh sách (mỗi phần tử một dòng bắt đầu bằng '- ').",
    "too_short": "Cần ít nhất {min_length} phần tử.",
    "too_long": "Tối đa {max_length} phần tử; hãy bớt phần tử thừa.",
    "date_type": "Phải là ngày dạng YYYY-MM-DD, ví dụ 2023-12-05.",
    "date_parsing": "Phải là ngày dạng YYYY-MM-DD, ví dụ 2023-12-05.",
    "date_from_datetime_parsing": "Phải là ngày dạng YYYY-MM-DD, ví dụ 2023-12-05.",
    "date_from_datetime_inexact": "Phải là ngày dạng YYYY-MM-DD, ví dụ 2023-12-05.",
    "decimal_type": "Phải là một số.",
    "decimal_parsing": "Phải là một số.",
    "union_tag_not_found": "Kiểu dữ liệu không hợp lệ.",
    "union_tag_invalid": "Kiểu dữ liệu không hợp lệ.",
}
_PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))
"""Any other type is one of the model's own (`co_cau`, `muc_tang`, ...), raised with its
Vietnamese message: a new check in the model needs no entry here to reach the officer."""
_OWN_ERROR_TYPES = {"so_lieu", "khoang", "muc_giam", "ty_le", "tong", "suy_ra", "can_cu",
                    "ke_hoach", "thap_phan_so_sanh", "don_vi"}


def _file_year_problems(document: YamlDocument, year: int) -> list[Problem]:
    stem_year = document.path.name.split("_", 1)[0]
    if stem_year.isdigit() and int(stem_year) != year:
        return [Problem(document.name, document.line_of(("nam",)), "nam",
                        f"Tên tệp ghi năm {stem_year} nhưng trường 'nam' là {year}. Hãy sửa một "
                        "trong hai cho khớp.", rule=BROKEN_REFERENCE)]
    return []


def _reference_problems(actuals: ActualsFile, document: YamlDocument) -> list[Problem]:
    """Components must name indicators of the file, and no total may contain itself."""
    problems = []
    ids = actuals.chi_tieu
    for indicator_id, indicator in ids.items():
        for breakdown in indicator.thanh_phan:
            for part in breakdown.gom:
                if part not in ids:
                    path = ("chi_tieu", indicator_id, "thanh_phan")
                    problems.append(Problem(document.name, document.line_of(path), ".".join(path),
                                            f"Chỉ tiêu thành phần '{part}' không có trong tệp."
                                            f"{_did_you_mean(part, ids)}", rule=BROKEN_REFERENCE))
    problems += _rate_part_problems(actuals, document)
    problems += _group_problems(actuals, document)
    for indicator_id, indicator in ids.items():
        code = indicator.phu_trach
        if code is not None and code not in actuals.phong_ban:
            path = ("chi_tieu", indicator_id, "phu_trach")
            problems.append(Problem(document.name, document.line_of(path), ".".join(path),
                                    f"Phòng, ban '{code}' không có trong danh sách 'phong_ban' "
                                    "của tệp. Hãy thêm nó vào 'phong_ban' (mã: tên phòng) hoặc "
                                    f"sửa mã.{_did_you_mean(code, actuals.phong_ban)}",
                                    rule=BROKEN_REFERENCE))
    cycle = _find_cycle({i: [p for b in ind.thanh_phan for p in b.gom if p in ids]
                         for i, ind in ids.items()})
    if cycle:
        path = ("chi_tieu", cycle[0], "thanh_phan")
        problems.append(Problem(document.name, document.line_of(path), ".".join(path),
                                "Các chỉ tiêu thành phần tạo thành vòng lặp: "
                                + _chain_text(cycle) + ". Một chỉ tiêu không thể là thành phần "
                                "của chính nó.", rule=BROKEN_REFERENCE))
    return problems


def _rate_part_problems(actuals: ActualsFile, document: YamlDocument) -> list[Problem]:
    """A rate recomputed from its parts must be a rate of the file."""
    problems = []
    for rate_id in actuals.ty_le_tinh_tu:
        indicator = actuals.chi_tieu.get(rate_id)
        if indicator is not None and indicator.loai in ("ty_le", "phan_nghin"):
            continue
        path = ("ty_le_tinh_tu", rate_id)
        what = ("không có trong tệp" + _did_you_mean(rate_id, actuals.chi_tieu)
                if indicator is None else "không phải tỷ lệ (loai: ty_le hoặc phan_nghin)")
        problems.append(Problem(document.name, document.line_of(path), ".".join(path),
                                f"Chỉ tiêu '{rate_id}' {what}: chỉ tỷ lệ mới tính lại từ tử số "
                                "và mẫu số. Hãy sửa mã hoặc xóa dòng này.",
                                rule=BROKEN_REFERENCE))
    return problems


def _group_problems(actuals: ActualsFile, document: YamlDocument) -> list[Problem]:
    """An indicator's `nhom` names a group of the appendix: a declared one, or a default."""
    groups = actuals.table_groups()
    problems = []
    codes = [group.ma for group in actuals.nhom_bieu or ()]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            problems.append(Problem(document.name, document.line_of(("nhom_bieu", index, "ma")),
                                    "nhom_bieu",
                                    f"Mã nhóm '{code}' được khai báo hai lần trong 'nhom_bieu': "
                                    "mỗi nhóm một mã riêng; hãy đổi mã hoặc xóa một dòng.",
                                    rule=BROKEN_REFERENCE))
    for indicator_id, indicator in actuals.chi_tieu.items():
        if indicator.nhom is not None and indicator.nhom not in groups:
            path = ("chi_tieu", indicator_id, "nhom")
            where = ("khai báo trong 'nhom_bieu'" if actuals.nhom_bieu
                     else "mặc định (tệp chưa khai báo 'nhom_bieu')")
            problems.append(Problem(
                document.name, document.line_of(path), ".".join(path),
                f"Nhóm '{indicator.nhom}' không có trong biểu phụ lục. Các nhóm {where}: "
                f"{', '.join(groups)}.{_did_you_mean(indicator.nhom, groups)} Hãy ghi một mã nhóm "
                "có sẵn, hoặc khai báo nhóm mới trong 'nhom_bieu' ({ma: .., ten: ..}).",
                rule=BROKEN_REFERENCE))
    return problems


def _chain_text(chain: list[str]) -> str:
    """`a → b → c → a`; a long chain shows its ends and how many are between."""
    if len(chain) <= 8:
        return " → ".join(chain)
    middle = f"… ({len(chain) - 6} chỉ tiêu nữa) …"
    return " → ".join([*chain[:4], middle, *chain[-2:]])


def _find_cycle(children: dict[str, list[str]]) -> list[str] | None:
    """A cycle of components, as the ids around it; iterative, so that a chain thousands of
    indicators long cannot exhaust the stack."""
    done: set[str] = set()
    for start in children:
        if start in done:
            continue
        trail = [start]
        on_trail = {start}
        pending = [iter(children.get(start, []))]
        while pending:
            child = next(pending[-1], None)
            if child is None:
                pending.pop()
                done.add(trail[-1])
                on_trail.discard(trail.pop())
            elif child in on_trail:
                return [*trail[trail.index(child):], child]
            elif child not in done:
                trail.append(child)
                on_trail.add(child)
                pending.append(iter(children.get(child, [])))
    return None


def _join_problems(actuals: ActualsFile, targets: TargetsFile, document: YamlDocument
                   ) -> list[Problem]:
    problems = []
    if targets.nam != actuals.nam + 1:
        problems.append(Problem(document.name, document.line_of(("nam",)), "nam",
                                f"Tệp kế hoạch phải là năm {actuals.nam + 1} (năm sau năm báo cáo "
                                f"{actuals.nam}), nhưng ghi năm {targets.nam}.",
                                rule=BROKEN_REFERENCE))
    for target_id in targets.chi_tieu:
        if target_id not in actuals.chi_tieu:
            path = ("chi_tieu", target_id)
            problems.append(Problem(document.name, document.line_of(path), ".".join(path),
                                    f"Chỉ tiêu '{target_id}' có kế hoạch năm {targets.nam} nhưng "
                                    f"không có trong tệp số liệu năm {actuals.nam}."
                                    f"{_did_you_mean(target_id, actuals.chi_tieu)} Hãy thêm chỉ "
                                    "tiêu vào tệp số liệu hoặc sửa mã cho khớp.",
                                    rule=BROKEN_REFERENCE))
    return problems


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    guess = _closest(word, choices, cutoff=0.75)
    return f" Có phải ý bạn là '{guess}'?" if guess else ""


def without_accents(text: str) -> str:
    """`ước_thực_hiện` -> `uoc_thuc_hien`: names are written without accents, and an officer
    types them with."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _closest(word: str, choices: Iterable[str], *, cutoff: float) -> str | None:
    """The choice nearest to `word`, compared without accents and case."""
    by_plain = {without_accents(c).lower(): c for c in choices}
    guess = difflib.get_close_matches(without_accents(word).lower(), list(by_plain), n=1,
                                      cutoff=cutoff)
    return by_plain[guess[0]] if guess else None
