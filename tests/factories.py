"""Building model objects in tests from plain values, the way the YAML loader would pass them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kt_xh.domain import Entry
from kt_xh.model import Indicator, Target


def _decimals(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("nhan", "o_dau", "ten") else _decimals(v) for k, v in value.items()}
    return value


FIGURES = ("cung_ky", "ke_hoach", "uoc_thuc_hien", "tong")


def indicator(**fields: Any) -> Indicator:
    """An indicator; figures may be given as strings ("27.85") and become Decimals."""
    data: dict[str, Any] = {"ten": "Chỉ tiêu thử", "don_vi_tinh": "tỷ đồng"}
    if fields.get("loai") in ("ty_le", "tang_truong", "ty_trong"):
        data["don_vi_tinh"] = "%"
    if fields.get("loai") == "phan_nghin":
        data["don_vi_tinh"] = "‰"
    for key, value in fields.items():
        data[key] = _decimals(value) if key in FIGURES else value
    return Indicator.model_validate(data)


def target(plan: Any) -> Target:
    return Target.model_validate({"ke_hoach": _decimals(plan)})


def entry_of(indicator: Indicator, plan: Target | None = None) -> Entry:
    """An indicator joined with next year's target, as the report holds it."""
    return Entry("chi_tieu_thu", indicator, plan)
