"""Rules on the figures a template prints: an explicit precision that would misstate
(`lam-tron-sai-nghia`), and a figure reconstructed from a stated ratio printed as if the source
gave it (`so-suy-ra`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kt_xh import wording
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import RECONSTRUCTED_PRINTED, ROUNDING_WIDENED
from kt_xh.compute import Comparison
from kt_xh.domain import Entry, Figure, Report
from kt_xh.numbers import format_number
from kt_xh.template_env import HelperUse, RenderResult

PRECISION_HELPERS = {"dat_ke_hoach", "so_cung_ky", "phan_tram_ke_hoach"}
_FIGURE_ATTRIBUTE = re.compile(r"\bct\.([a-z][a-z0-9_]*)\.(ke_hoach_nam_sau|ke_hoach|cung_ky)\b")
_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


# ---------------------------------------------------------------- lam-tron-sai-nghia
def widened_precision(result: RenderResult, report: Report, name: str) -> Iterator[Finding]:
    """A `thap_phan=` the template gives that would print a comparison across its boundary."""
    for use in result.uses:
        arguments = dict(use.arguments)
        places = arguments.get("thap_phan")
        entry = report.entries.get(use.indicator)
        if use.helper not in PRECISION_HELPERS or not isinstance(places, int) or entry is None:
            continue
        for comparison in _compared(use.helper, entry, arguments):
            printed = wording.at_places(comparison, places)
            if printed is not None and printed.widened and not printed.reconstructed:
                yield _widened(use, name, places, printed)


def _compared(helper: str, entry: Entry, arguments: dict[str, Any]) -> list[Comparison]:
    if helper == "so_cung_ky":
        found = [entry.against_last_year]
    elif arguments.get("can_cu") not in (None, "chinh"):
        found = [c for base, c in entry.against_bases if base.nhan == arguments["can_cu"]]
    else:
        found = [entry.against_plan, *(c for _, c in entry.against_bases)]
    return [c for c in found if c is not None]


def _widened(use: HelperUse, name: str, places: int, printed: Comparison) -> Finding:
    if printed.by_points:
        what, shown = "chênh lệch", format_number(printed.points)
    else:
        assert printed.percent is not None
        what, shown = "tỷ lệ", f"{format_number(printed.percent)}%"
    return ROUNDING_WIDENED.finding(
        name, use.line, use.indicator,
        f"Mẫu ghi thap_phan={places} cho '{use.helper}', nhưng làm tròn {what} {shown} ở "
        f"{places} chữ số thập phân sẽ đổi nghĩa câu (vượt qua ngưỡng đạt/không đạt hoặc tăng/"
        f"giảm); báo cáo in {shown}.",
        figures={"thap_phan": str(places), "da_in": shown})


# ---------------------------------------------------------------- so-suy-ra
def reconstructed_figures(result: RenderResult, source: str, report: Report, name: str
                          ) -> Iterator[Finding]:
    """A figure the data reconstructed from a stated ratio, printed by a helper or read as
    `ct.<mã>.<số liệu>` in an expression."""
    seen: set[tuple[int, str, str]] = set()
    for use in result.uses:
        figure = _printed_figure(use)
        entry = report.entries.get(use.indicator)
        if figure is not None and entry is not None and _is_reconstructed(entry, figure):
            seen.add((use.line, use.indicator, figure.key))
    for number, line in enumerate(source.split("\n"), 1):
        for expression in _EXPRESSION.findall(line):
            for indicator_id, key in _FIGURE_ATTRIBUTE.findall(expression):
                entry = report.entries.get(indicator_id)
                figure = Figure.named(key)
                if entry is not None and figure is not None and _is_reconstructed(entry, figure):
                    seen.add((number, indicator_id, key))
    for line_number, indicator_id, key in sorted(seen):
        yield _reconstructed(name, line_number, indicator_id, Figure.named(key))


def _printed_figure(use: HelperUse) -> Figure | None:
    if use.helper == "muc_tieu":
        return Figure.KE_HOACH_NAM_SAU
    if use.helper == "gia_tri":
        key = dict(use.arguments).get("so_lieu", Figure.UOC_THUC_HIEN.key)
        return Figure.named(key) if isinstance(key, str) else None
    return None


def _is_reconstructed(entry: Entry, figure: Figure) -> bool:
    if figure is Figure.KE_HOACH_NAM_SAU:
        return entry.target is not None and entry.target.suy_ra
    return figure.key in entry.indicator.suy_ra


def _reconstructed(name: str, line: int, indicator_id: str, figure: Figure | None) -> Finding:
    label = figure.label if figure else "số liệu"
    return RECONSTRUCTED_PRINTED.finding(
        name, line, indicator_id,
        f"Mẫu in số {label} của '{indicator_id}', nhưng số này được suy ra từ tỷ lệ báo cáo nêu "
        "(suy_ra), không phải số liệu gốc.",
        hint=f"Hãy in tỷ lệ báo cáo nêu, ví dụ {{{{ ct.{indicator_id} | ty_le_da_neu }}}}, hoặc "
             "nhập số liệu gốc và bỏ suy_ra; nếu số suy ra là duy nhất, ghi chấp nhận kèm lý do.",
        figures={"so_lieu": figure.key if figure else ""})
