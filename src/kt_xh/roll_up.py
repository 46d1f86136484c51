"""`ktxh tong-hop`: the data folder of a parent unit (a province) from its units' folders.

Each unit is loaded and checked as `ktxh check` would (data rules only); a unit that cannot be read
or fails is named and refused, or left out with `bo_qua_loi`. Indicators are matched by id. Values
and counts of a whole (and their wholes) are summed; a rate is recomputed from the sums of its
numerator and denominator (`ty_le_tinh_tu`), never averaged, and is left out where they are not
declared. A figure one unit lacks makes the sum missing, never the sum of the others. Each
indicator records how many units reported it, were assessed against their plan and met it
(`tong_hop.chi_tieu`). The output files are written atomically and never over an input.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kt_xh import compute, levels
from kt_xh.batch import unit_name
from kt_xh.checks import data_findings, finish
from kt_xh.domain import LoadedReport, Report
from kt_xh.errors import EXIT_FINDINGS, DataError, KtxhError, display_path
from kt_xh.files import FileRefused, read_capped
from kt_xh.loading import ACTUALS_SUFFIX, TARGETS_SUFFIX
from kt_xh.model import RateParts, Unit
from kt_xh.output import write_atomically
from kt_xh.periods import YEAR
from kt_xh.predecessors import RATE_SCALE, rate
from kt_xh.yaml_format import decimal_text

MAX_LIST_BYTES = 1_000_000
MAX_UNITS = 5_000
SUMMED = ("cung_ky", "ke_hoach", "uoc_thuc_hien")
KEPT = ("ten", "don_vi_tinh", "loai", "chieu", "thap_phan", "so_nguyen", "thap_phan_so_sanh",
        "nhom", "chu_yeu", "nguong_bien_dong")
"""What an indicator of the roll-up takes from the first unit that has it."""


class RollUpError(KtxhError):
    """Units missing or failing their check, without `--bo-qua-loi` (exit 1)."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True)
class UnitData:
    name: str
    folder: Path
    report: Report


@dataclass
class RollUpResult:
    written: list[Path]
    units: list[str]
    skipped: list[str]
    """`name: why` of each unit left out."""
    partial_ids: dict[str, list[str]] = field(default_factory=dict)
    """Indicator ids some units lack, with the units that have them."""
    not_computed: list[str] = field(default_factory=list)
    """Rates without numerator and denominator, and indicators the units disagree on."""


def read_list(path: Path) -> list[Path]:
    """The folders of a list file: one a line, relative to the list's folder; `#` comments."""
    try:
        raw = read_capped(path, MAX_LIST_BYTES, "tệp danh sách")
    except FileRefused as refused:
        raise KtxhError(f"{refused.detail} Hãy kiểm tra tệp danh sách {display_path(path)}.") \
            from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KtxhError(f"Tệp danh sách {display_path(path)} không phải chữ UTF-8: hãy lưu lại "
                        "với bảng mã UTF-8.") from None
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [path.parent / line for line in lines if line]


def roll_up(folders: list[Path], output: Path, level: str, place: str | None,
            skip_failing: bool = False) -> RollUpResult:
    if not folders:
        raise KtxhError("Chưa có đơn vị nào: hãy ghi --data cho từng đơn vị, hoặc --danh-sach.")
    if len(folders) > MAX_UNITS:
        raise KtxhError(f"Quá nhiều đơn vị ({len(folders)}, tối đa {MAX_UNITS}).")
    _refuse_inputs(output, folders)
    units, skipped = _load_units(folders)
    common = (Counter((u.report.year, u.report.period_code) for u in units).most_common(1)[0][0]
              if units else None)
    skipped += [f"{u.name}: số liệu năm {u.report.year} kỳ '{u.report.period_code}', khác năm "
                f"{common[0]} kỳ '{common[1]}' của các đơn vị khác"
                for u in units if common and (u.report.year, u.report.period_code) != common]
    units = [u for u in units if (u.report.year, u.report.period_code) == common]
    year = common[0] if common else None
    if skipped and not skip_failing:
        raise RollUpError(f"Không tổng hợp: {len(skipped)} đơn vị thiếu số liệu hoặc không qua "
                          "kiểm tra:\n" + "\n".join(f"  {s}" for s in skipped)
                          + "\nHãy sửa số liệu của các đơn vị này (chạy ktxh check trong từng "
                          "thư mục), hoặc thêm --bo-qua-loi để tổng hợp các đơn vị còn lại.")
    if not units or year is None:
        raise RollUpError("Không còn đơn vị nào để tổng hợp.")
    result = RollUpResult([], [u.name for u in units], skipped)
    actuals, targets = _combined(units, year, level, place, output, result)
    result.written = _write(output, year, actuals, targets)
    if _carry_acknowledgements(output, actuals["chi_tieu"], units):
        result.written = _write(output, year, actuals, targets)
    return result


def _carry_acknowledgements(output: Path, indicators: dict[str, Any], units: list[UnitData]
                            ) -> bool:
    """Findings the sums inherit from their units: acknowledged where every unit with the
    indicator acknowledged the same rule, and for parts that no longer add up within one
    rounding (each unit's did: the units' rounding adds up). Written in `chap_nhan`, with the
    reason, for the province to read."""
    from kt_xh.checks.registry import RULES
    from kt_xh.loading import load_report

    loaded = load_report(output)
    carried = False
    for finding in finish(loaded, data_findings(loaded)):
        if finding.acknowledged is not None or finding.indicator not in indicators:
            continue
        if not RULES[finding.rule].acknowledgeable:
            continue
        reason = _inherited_reason(finding.rule, finding.indicator, units)
        if reason is not None:
            indicators[finding.indicator].setdefault("chap_nhan", []).append(
                {"quy_tac": finding.rule, "ly_do": reason})
            carried = True
    return carried


def _inherited_reason(rule: str, indicator_id: str, units: list[UnitData]) -> str | None:
    from kt_xh.checks.registry import PARTS_DIFFER, current_ids

    having = [u for u in units if indicator_id in u.report.indicators]
    accepted = [(u.name, a.ly_do) for u in having
                for a in u.report.indicators[indicator_id].chap_nhan
                if rule in current_ids(a.quy_tac)]
    if len({name for name, _ in accepted}) == len(having):
        name, why = accepted[0]
        return (f"Tổng hợp: cả {len(having)} đơn vị đã chấp nhận phát hiện này ({name}: "
                f"{why})")
    if rule == PARTS_DIFFER.id:
        return (f"Tổng hợp {len(having)} đơn vị: số liệu của từng đơn vị đã qua kiểm tra; "
                "chênh lệch là sai số làm tròn (hoặc chênh lệch đơn vị đã chấp nhận) cộng dồn "
                "khi tổng hợp.")
    return None


def _refuse_inputs(output: Path, folders: Iterable[Path]) -> None:
    target = output.resolve()
    for folder in folders:
        source = folder.resolve()
        if target == source or source in target.parents or target in source.parents:
            raise KtxhError(f"Không ghi số liệu tổng hợp vào {display_path(output)}: thư mục này "
                            f"trùng hoặc lồng với thư mục số liệu đầu vào {display_path(folder)}; "
                            "ghi vào đó có thể mất số liệu của đơn vị. Hãy chọn thư mục khác "
                            "bằng -o, ví dụ tinh/data.")


def _load_units(folders: list[Path]) -> tuple[list[UnitData], list[str]]:
    from kt_xh.loading import load_report

    units, skipped, seen = [], [], set()
    for folder in folders:
        name = unit_name(folder)
        resolved = folder.resolve()
        if resolved in seen:
            skipped.append(f"{name}: thư mục {display_path(folder)} được ghi hai lần")
            continue
        seen.add(resolved)
        try:
            loaded = load_report(folder)
        except DataError as error:
            skipped.append(f"{name}: không đọc được số liệu ({error.problems[0]})")
            continue
        failing = [f for f in finish(loaded, data_findings(loaded)) if f.fails]
        if failing:
            first = failing[0]
            skipped.append(f"{name}: {len(failing)} lỗi kiểm tra, đầu tiên {first.file}:"
                           f"{first.line or ''} [{first.rule}] {first.message}")
            continue
        units.append(UnitData(_display_name(loaded, name), folder, loaded.report))
    named = Counter(u.name for u in units)
    units = [UnitData(f"{u.name} ({unit_name(u.folder)})", u.folder, u.report)
             if named[u.name] > 1 else u for u in units]  # two units of the same name
    return units, skipped


def _display_name(loaded: LoadedReport, folder_name: str) -> str:
    unit = loaded.report.unit
    if unit.cap is not None and unit.ten is not None:
        return levels.full_name(unit.cap, unit.ten)
    found = levels.inferred(unit.ten_goi_tat)
    return levels.full_name(*found) if found else folder_name


def _combined(units: list[UnitData], year: int, level: str, place: str | None, output: Path,
              result: RollUpResult) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = list(dict.fromkeys(i for u in units for i in u.report.indicators))
    parts = _rate_parts(units)
    indicators: dict[str, Any] = {}
    counts: dict[str, Any] = {}
    for indicator_id in ids:
        having = [u for u in units if indicator_id in u.report.indicators]
        if len(having) < len(units):
            result.partial_ids[indicator_id] = [u.name for u in having]
        disagreement = _disagreement(indicator_id, having)
        if disagreement:
            result.not_computed.append(disagreement)
            continue
        indicators[indicator_id] = _indicator(indicator_id, having, parts, result)
        counts[indicator_id] = _counts(indicator_id, having)
    for data in indicators.values():  # a breakdown whose part was not summed is dropped
        kept = [b for b in data.pop("thanh_phan", []) if all(p in indicators for p in b["gom"])]
        if kept:
            data["thanh_phan"] = kept
    actuals = {
        "nam": year,
        "ky": units[0].report.period_code,
        "don_vi": _parent_unit(output, year, level, place),
        "ty_le_tinh_tu": {i: p.model_dump() for i, p in parts.items() if i in indicators},
        "tong_hop": {"cap_duoi": _sub_word(units), "don_vi": result.units, "bo_qua": result.skipped,
                     "chi_tieu": counts},
        "chi_tieu": indicators,
    }
    for optional, absent in (("ty_le_tinh_tu", {}), ("ky", YEAR)):
        if actuals[optional] == absent:
            del actuals[optional]
    targets = {"nam": year + 1, "chi_tieu": _targets(indicators, units, parts)}
    return actuals, targets


def _sub_word(units: list[UnitData]) -> str:
    """How the report calls the units: `xã` when all are communes, `đơn vị cấp xã` when they
    mix communes and wards, else `đơn vị`."""
    found = {_level(u.report.unit) or "" for u in units}
    if len(found) == 1 and "" not in found:
        return levels.word(found.pop())
    return "đơn vị cấp xã" if found <= set(levels.COMMUNE_LEVELS) else "đơn vị"


def _level(unit: Unit) -> str | None:
    if unit.cap is not None:
        return unit.cap
    found = levels.inferred(unit.ten_goi_tat)
    return found[0] if found else None


def _rate_parts(units: list[UnitData]) -> dict[str, RateParts]:
    parts: dict[str, RateParts] = {}
    for unit in units:
        for rate_id, declared in unit.report.rate_parts.items():
            parts.setdefault(rate_id, declared)
    return parts


def _disagreement(indicator_id: str, having: list[UnitData]) -> str | None:
    first = having[0].report.indicators[indicator_id]
    for unit in having[1:]:
        other = unit.report.indicators[indicator_id]
        for name in ("don_vi_tinh", "loai"):
            if getattr(other, name) != getattr(first, name):
                return (f"{indicator_id}: {having[0].name} ghi {name} '{getattr(first, name)}', "
                        f"{unit.name} ghi '{getattr(other, name)}'; chỉ tiêu không được cộng")
    return None


def _indicator(indicator_id: str, having: list[UnitData], parts: dict[str, RateParts],
               result: RollUpResult) -> dict[str, Any]:
    first = having[0].report.indicators[indicator_id]
    data = {k: getattr(first, k) for k in KEPT if k in first.model_fields_set}
    if first.thanh_phan:
        data["thanh_phan"] = [b.model_dump() for b in first.thanh_phan]
    scale = RATE_SCALE.get(first.loai)
    for name in SUMMED:
        if scale is None:
            value = _sum(having, indicator_id, name)
        elif indicator_id in parts:
            value = _rate_of(having, parts[indicator_id], name, scale, first.thap_phan)
        else:
            value = None
        if value is not None:
            data[name] = value
    if scale is not None and indicator_id not in parts:
        result.not_computed.append(f"{indicator_id}: tỷ lệ không có tử số và mẫu số "
                                   "(ty_le_tinh_tu) nên không tính được")
    if first.loai == "so_tren_tong":
        data["tong"] = _sum(having, indicator_id, "tong")
    if any(u.report.indicators[indicator_id].cung_ky_la_uoc for u in having):
        data["cung_ky_la_uoc"] = True
    data["nguon"] = f"Tổng hợp từ số liệu của {len(having)} đơn vị."
    return data


def _figure(report: Report, indicator_id: str, name: str) -> Decimal | None:
    indicator = report.indicators.get(indicator_id)
    if indicator is None:
        return None
    value = getattr(indicator, name)
    return compute.plan_value(value) if name == "ke_hoach" else value


def _sum(units: list[UnitData], indicator_id: str, name: str) -> Decimal | None:
    """The sum over the units; missing when one of them lacks the figure (or the indicator)."""
    values = [_figure(u.report, indicator_id, name) for u in units]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _rate_of(units: list[UnitData], parts: RateParts, name: str, scale: Decimal,
             places: int | None) -> Decimal | None:
    numerator = _sum(units, parts.tu_so, name)
    denominator = _sum(units, parts.mau_so, name)
    if numerator is None or denominator is None:
        return None
    return rate(numerator, denominator, scale, places)


def _counts(indicator_id: str, having: list[UnitData]) -> dict[str, int]:
    statuses = [u.report.entries[indicator_id].status for u in having]
    return {
        "bao_cao": sum(u.report.indicators[indicator_id].uoc_thuc_hien is not None
                       for u in having),
        "dat": sum(s is not None and s.met for s in statuses),
        "danh_gia": sum(s is not None for s in statuses),
    }


def _targets(indicators: dict[str, Any], units: list[UnitData], parts: dict[str, RateParts]
             ) -> dict[str, Any]:
    """Next year's plans of values summed over the units that have the indicator (all of them
    must have a plan of one number); a rate's from its parts' plans."""
    targets: dict[str, Any] = {}
    for indicator_id, data in indicators.items():
        having = [u for u in units if indicator_id in u.report.indicators]
        scale = RATE_SCALE.get(data.get("loai", "gia_tri"))
        if scale is None:
            plan = _sum_targets(having, indicator_id)
        elif indicator_id in parts:
            numerator = _sum_targets(having, parts[indicator_id].tu_so)
            denominator = _sum_targets(having, parts[indicator_id].mau_so)
            plan = (None if numerator is None or denominator is None
                    else rate(numerator, denominator, scale, data.get("thap_phan")))
        else:
            plan = None
        if plan is not None:
            targets[indicator_id] = {"ke_hoach": plan}
    return targets


def _sum_targets(units: list[UnitData], indicator_id: str) -> Decimal | None:
    plans = []
    for unit in units:
        target = unit.report.targets.get(indicator_id)
        plans.append(None if target is None else compute.plan_value(target.ke_hoach))
    if not plans or any(p is None for p in plans):
        return None
    return sum((p for p in plans if p is not None), Decimal(0))


def _parent_unit(output: Path, year: int, level: str, place: str | None) -> dict[str, Any]:
    """The parent's own `don_vi` when an earlier roll-up into the same folder has one (the
    office edits it once); else one made from the level and the place."""
    earlier = output / f"{year}{ACTUALS_SUFFIX}"
    if earlier.is_file():
        from kt_xh.yaml_source import read_yaml

        document, problems = read_yaml(earlier)
        if document is not None and not problems and isinstance(document.data, dict) \
                and isinstance(document.data.get("don_vi"), dict):
            return dict(document.data["don_vi"])
    if not place:
        raise KtxhError(f"Chưa có tên đơn vị tổng hợp: hãy ghi --ten, ví dụ --ten \"Lai Châu\" "
                        f"(lần sau ktxh giữ phần don_vi của {display_path(earlier)}).")
    return {"cap": level, "ten": place, "ky_hieu": "BC-UBND",
            "nguoi_ky": {"tham_quyen": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}}


def _write(output: Path, year: int, actuals: dict[str, Any], targets: dict[str, Any]
           ) -> list[Path]:
    written = []
    header = ("# yaml-language-server: $schema=../schema/{}.schema.json\n"
              "# Do 'ktxh tong-hop' ghi: số liệu cộng từ các đơn vị; chạy lại lệnh sẽ ghi lại tệp "
              "này (phần don_vi được giữ).\n")
    for path, data, schema in ((output / f"{year}{ACTUALS_SUFFIX}", actuals, "actuals"),
                               (output / f"{year + 1}{TARGETS_SUFFIX}", targets, "targets")):
        text = header.format(schema) + "\n".join(_block(data, 0, spaced=True)) + "\n"
        write_atomically(path, text.encode("utf-8"))
        written.append(path)
    return written


def _block(data: dict[str, Any], depth: int, spaced: bool = False) -> list[str]:
    """YAML in block style, a key a line; lists and small maps in flow style. Written directly
    (ruamel took seconds on a province's file); `ktxh fmt` reads it back unchanged in value."""
    lines: list[str] = []
    pad = "  " * depth
    for key, value in data.items():
        if spaced and lines:
            lines.append("")  # between the sections of the file, and between indicators
        if isinstance(value, dict) and value and not _small(value):
            lines += [f"{pad}{key}:", *_block(value, depth + 1, depth == 0 and key == "chi_tieu")]
        elif value is not None:
            lines.append(f"{pad}{key}: {_flow(value)}")
    return lines


def _small(data: dict[str, Any]) -> bool:
    return len(data) <= 3 and not any(isinstance(v, dict | list) for v in data.values())


def _flow(data: Any) -> str:
    """A value on one line: JSON's syntax is YAML's, figures written exactly (never float)."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{key}: {_flow(value)}" for key, value in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(_flow(value) for value in data) + "]"
    if isinstance(data, Decimal):
        return decimal_text(data)
    if isinstance(data, bool | int):
        return json.dumps(data)
    if hasattr(data, "isoformat"):
        return data.isoformat()
    return json.dumps(str(data), ensure_ascii=False)
