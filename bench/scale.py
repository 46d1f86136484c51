"""Data sets N times the shipped one, for the benchmark: indicators, prose and footnotes.

Every indicator is copied N times (`tong_muc_ban_le`, `tong_muc_ban_le_1`, …, components
renamed along), and the template's body N times, each copy about its own indicators. Only the
first copy keeps the main-indicator numbers, so that the loops of section III grow with the data
and not with its square.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kt_xh.yaml_source import read_yaml

ROOT = Path(__file__).resolve().parent.parent
_INDICATOR = re.compile(r"\bct\.([a-z][a-z0-9_]*)")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the data files refuse aliases: write every value in full


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)


def _renamed(indicator: dict[str, Any], suffix: str) -> dict[str, Any]:
    copy = dict(indicator)
    parts = copy.get("thanh_phan")
    if isinstance(parts, list) and parts and all(isinstance(p, str) for p in parts):
        copy["thanh_phan"] = [p + suffix for p in parts]
    elif isinstance(parts, list):
        copy["thanh_phan"] = [{**b, "gom": [p + suffix for p in b["gom"]]} for b in parts]
    if suffix:
        copy.pop("chu_yeu", None)
    return copy


def _copies(entries: dict[str, Any], times: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for k in range(times):
        suffix = f"_{k}" if k else ""
        for indicator_id, entry in entries.items():
            renamed = _renamed(entry, suffix) if isinstance(entry, dict) else entry
            result[indicator_id + suffix] = renamed
    return result


def scaled_data(folder: Path, times: int, source: Path = ROOT / "data") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("2023_actuals.yaml", "2024_targets.yaml"):
        document, problems = read_yaml(source / name)
        assert document is not None and not problems, problems
        data = dict(document.data)
        data["chi_tieu"] = _copies(data["chi_tieu"], times)
        if "don_vi" in data and isinstance(data["don_vi"].get("ngay_ban_hanh"), str):
            data["don_vi"]["ngay_ban_hanh"] = data["don_vi"]["ngay_ban_hanh"]
        (folder / name).write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                                             sort_keys=False, width=4096), encoding="utf-8")


def scaled_template(target: Path, times: int,
                    source: Path = ROOT / "templates" / "bao_cao.docx.j2") -> None:
    text = source.read_text(encoding="utf-8")
    start = text.index("# Phần thứ nhất")
    end = text.rindex("Trên đây là Báo cáo")
    head, body, tail = text[:start], text[start:end], text[end:]
    copies = [body] + [_INDICATOR.sub(lambda m, k=k: f"ct.{m.group(1)}_{k}", body)
                       for k in range(1, times)]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(head + "".join(copies) + tail, encoding="utf-8")
