"""`ktxh diff`: what changed in the data between two versions, in the report's terms.

A raw YAML diff says `uoc_thuc_hien: 4148` became `4200`; a reviewer wants to know that retail
sales went from 112% to 114% of plan, and above all when an indicator goes from đạt to không đạt.
For each indicator the figures that changed are listed with the comparisons derived from them,
before and after; indicators added or removed are listed too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from kt_xh import text_diff, wording
from kt_xh.appendix import plan_text
from kt_xh.compute import Status
from kt_xh.domain import Entry, Figure, Report
from kt_xh.model import GROUP_TITLES
from kt_xh.numbers import format_number

FIELDS = {"ten": "tên", "don_vi_tinh": "đơn vị tính", "loai": "loại", "chieu": "chiều",
          "tong": "tổng số",
          **{f.key: f.label for f in (Figure.CUNG_KY, Figure.KE_HOACH, Figure.UOC_THUC_HIEN,
                                      Figure.KE_HOACH_NAM_SAU)},
          "chu_yeu": "chỉ tiêu chủ yếu", "nhom": "nhóm", "phu_trach": "phòng phụ trách"}
CLOSED_VALUES: dict[str, dict[str, str]] = {
    "loai": {"gia_tri": "giá trị", "ty_le": "tỷ lệ (%)", "phan_nghin": "tỷ lệ (‰)",
             "so_tren_tong": "số trên tổng"},
    "chieu": {"tang_la_tot": "càng cao càng tốt", "giam_la_tot": "càng thấp càng tốt",
              "trung_tinh": "không đánh giá"},
    "nhom": GROUP_TITLES,
}
"""The fields whose values are codes, with the words the report uses for them: the diff shows the
words; its JSON also keeps the codes (`before_code`, `after_code`), for tools."""
DERIVED = {"so_ke_hoach": "so với kế hoạch", "so_cung_ky": "so với cùng kỳ",
           "trang_thai": "đánh giá", "ke_hoach_nam_sau_so_uoc": "kế hoạch năm sau so với ước"}


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str
    before_code: str | None = None
    after_code: str | None = None
    """For a field of CLOSED_VALUES, the codes behind `before` and `after` (None when absent)."""

    def as_json(self) -> dict[str, str | None]:
        document = {"what": self.what, "before": self.before, "after": self.after}
        if self.before_code is None and self.after_code is None:
            return dict(document)
        return {**document, "before_code": self.before_code, "after_code": self.after_code}


@dataclass
class IndicatorDiff:
    id: str
    name: str
    kind: str
    """`sua` (changed), `them` (added), `xoa` (removed)."""
    figures: list[Change] = field(default_factory=list)
    derived: list[Change] = field(default_factory=list)

    @property
    def status_change(self) -> Change | None:
        return next((c for c in self.derived if c.what == DERIVED["trang_thai"]), None)

    @property
    def worsened(self) -> bool:
        change = self.status_change
        return change is not None and change.after == Status.KHONG_DAT.value


@dataclass
class DataDiff:
    before_label: str
    after_label: str
    indicators: list[IndicatorDiff]
    text: text_diff.TextDiff | None = None
    """The sentences of the report that change (None: not compared)."""

    @property
    def worsened(self) -> list[IndicatorDiff]:
        return [d for d in self.indicators if d.worsened]


def _figures(entry: Entry) -> dict[str, str]:
    indicator = entry.indicator

    def number(value: Decimal | None) -> str:
        return "" if value is None else format_number(value)

    return {
        "ten": indicator.ten, "don_vi_tinh": indicator.don_vi_tinh, "loai": indicator.loai,
        "chieu": indicator.chieu, "nhom": indicator.nhom or "",
        "phu_trach": indicator.phu_trach or "",
        "chu_yeu": "" if indicator.chu_yeu is None else f"({indicator.chu_yeu})",
        "tong": number(indicator.tong),
        "cung_ky": number(indicator.cung_ky),
        "ke_hoach": plan_text(indicator).replace("\n", "; "),
        "uoc_thuc_hien": number(indicator.uoc_thuc_hien),
        "ke_hoach_nam_sau": number(entry.value(Figure.KE_HOACH_NAM_SAU)),
    }


def _derived(entry: Entry, report: Report) -> dict[str, str]:
    status = entry.status
    return {
        "so_ke_hoach": wording.plan_phrase(entry) or "",
        "so_cung_ky": wording.last_year_phrase(entry, report.previous_year,
                                               against="so với cùng kỳ") or "",
        "trang_thai": "" if status is None else status.value,
        "ke_hoach_nam_sau_so_uoc": wording.target_phrase(entry, report.year,
                                                        against="so với ước") or "",
    }


def _changes(before: dict[str, str], after: dict[str, str], labels: dict[str, str],
             closed: dict[str, dict[str, str]] = CLOSED_VALUES) -> list[Change]:
    return [_change(key, labels[key], before.get(key, ""), after.get(key, ""), closed)
            for key in labels if before.get(key, "") != after.get(key, "")]


def _change(key: str, what: str, before: str, after: str,
            closed: dict[str, dict[str, str]] = CLOSED_VALUES) -> Change:
    words = closed.get(key)
    if words is None:
        return Change(what, before or "—", after or "—")
    return Change(what, words.get(before, before) or "—", words.get(after, after) or "—",
                  before or None, after or None)


def compare(before: Report, after: Report, before_label: str, after_label: str) -> DataDiff:
    diffs = []
    groups = {code: group.ten for report in (before, after)
              for code, group in report.groups.items()}
    closed = {**CLOSED_VALUES, "nhom": {**CLOSED_VALUES["nhom"], **groups}}  # the data's groups
    for indicator_id, new in after.entries.items():
        old = before.entries.get(indicator_id)
        if old is None:
            diffs.append(IndicatorDiff(indicator_id, new.indicator.ten, "them",
                                       _changes({}, _figures(new), FIELDS, closed)))
            continue
        figures = _changes(_figures(old), _figures(new), FIELDS, closed)
        derived = _changes(_derived(old, before), _derived(new, after), DERIVED)
        if figures or derived:
            diffs.append(IndicatorDiff(indicator_id, new.indicator.ten, "sua", figures, derived))
    for indicator_id, removed in before.entries.items():
        if indicator_id not in after.entries:
            diffs.append(IndicatorDiff(indicator_id, removed.indicator.ten, "xoa",
                                       _changes(_figures(removed), {}, FIELDS, closed)))
    return DataDiff(before_label, after_label, diffs)


# ---------------------------------------------------------------- output
def summary(diff: DataDiff) -> str:
    counts = {kind: sum(d.kind == kind for d in diff.indicators) for kind in ("sua", "them", "xoa")}
    if not diff.indicators:
        return "Không có thay đổi nào về số liệu."
    text = (f"Tóm tắt: {counts['sua']} chỉ tiêu thay đổi, {counts['them']} thêm, "
            f"{counts['xoa']} bỏ.")
    worsened = diff.worsened
    if worsened:
        text += (f" Chú ý: {len(worsened)} chỉ tiêu chuyển sang KHÔNG ĐẠT kế hoạch: "
                 + ", ".join(d.id for d in worsened) + ".")
    return text


MARKS = {"sua": "~", "them": "+", "xoa": "-"}
WORDS = {"sua": "", "them": " (thêm)", "xoa": " (bỏ)"}


def as_text(diff: DataDiff) -> str:
    lines = [f"So sánh số liệu: {diff.before_label} → {diff.after_label}"]
    for item in diff.indicators:
        flag = "  [!] ĐẠT → KHÔNG ĐẠT" if item.worsened else ""
        lines.append(f"{MARKS[item.kind]} {item.id}: {item.name}{WORDS[item.kind]}{flag}")
        for change in [*item.figures, *item.derived]:
            lines.append(f"    {change.what}: {change.before} → {change.after}")
    if diff.text is not None:
        lines += text_diff.as_text(diff.text)
    lines.append(summary(diff))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(diff: DataDiff) -> str:
    lines = [f"### Thay đổi số liệu: `{diff.before_label}` → `{diff.after_label}`", ""]
    if diff.worsened:
        lines += ["> **Chú ý:** chuyển sang **không đạt** kế hoạch: "
                  + ", ".join(f"{d.name} (`{d.id}`)" for d in diff.worsened), ""]
    if diff.indicators:
        lines += ["| Chỉ tiêu | Thay đổi | Trước | Sau |", "|---|---|---|---|"]
    for item in diff.indicators:
        title = f"{_cell(item.name)} (`{item.id}`){WORDS[item.kind]}"
        changes = [*item.figures, *item.derived] or [Change("", "", "")]
        for index, change in enumerate(changes):
            strong = change.what == DERIVED["trang_thai"] and item.worsened
            after = f"**{_cell(change.after)}**" if strong else _cell(change.after)
            lines.append(f"| {title if index == 0 else ''} | {_cell(change.what)} | "
                         f"{_cell(change.before)} | {after} |")
    if diff.text is not None:
        lines += ["", *text_diff.as_markdown(diff.text)]
    lines += ["", summary(diff)]
    return "\n".join(lines) + "\n"


def as_json(diff: DataDiff) -> str:
    document = {
        "truoc": diff.before_label,
        "sau": diff.after_label,
        "chi_tieu": [_indicator_json(d) for d in diff.indicators],
        **({} if diff.text is None else {"loi_van": text_diff.as_json(diff.text)}),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _indicator_json(item: IndicatorDiff) -> dict[str, object]:
    return {"id": item.id, "name": item.name, "kind": item.kind,
            "figures": [c.as_json() for c in item.figures],
            "derived": [c.as_json() for c in item.derived],
            "chuyen_sang_khong_dat": item.worsened}
