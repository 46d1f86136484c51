"""What a report template sees: the names of its context and the view objects behind them.

This is the whole list; the sandbox (`template_sandbox`) refuses any attribute that is not
registered here, and docs/huong_dan_mau_bao_cao.md documents each one. Views hold plain values
(strings, whole numbers, `Decimal` figures, tuples); no pydantic model, no bound method of one and
no dictionary of internals is reachable from a template.

| name | what it is |
|---|---|
| `nam`, `nam_truoc`, `nam_sau` | the year of the report, the year before, the plan year |
| `ky` | `PeriodView`: the reporting period in words (`ky.ten`: `6 tháng đầu năm 2025`) |
| `don_vi` | `UnitView`: the issuing body |
| `ct` | `IndicatorSet`: `ct.<mã>` is an `IndicatorView` |
| `chi_tieu_chu_yeu` | tuple of (number, tuple of `IndicatorView`): the main indicators |
| `danh_gia` | `AssessmentView`: the main indicators met, missed, not assessable |
| `hop_nhat_tu` | `MergedView`: the old units last year's figures were summed from |
| `tong_hop` | `RollUpView`: the units a rolled-up report sums (`ktxh tong-hop`) |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kt_xh import compute, levels, wording
from kt_xh.domain import Entry, Figure, Report
from kt_xh.model import RollUp, RollUpCount, Signer, Unit
from kt_xh.periods import Period
from kt_xh.template_sandbox import allow_view


@dataclass(frozen=True)
class Missing:
    """A figure the data does not hold, asked for by the template."""

    what: str


class IndicatorView:
    """What the template sees of one indicator: its figures and names, read-only."""

    __slots__ = ("_count", "_entry", "_indicator", "_previous_year", "_units", "_year", "ma")

    def __init__(self, entry: Entry, report: Report) -> None:
        self.ma = entry.id
        self._entry = entry
        self._indicator = entry.indicator
        self._year = report.year
        self._previous_year = report.previous_year
        roll_up = report.roll_up
        self._count = None if roll_up is None else roll_up.chi_tieu.get(entry.id)
        self._units = "" if roll_up is None else roll_up.cap_duoi

    @property
    def ten(self) -> str:
        return self._indicator.ten

    @property
    def don_vi_tinh(self) -> str:
        return self._indicator.don_vi_tinh

    @property
    def chu_yeu(self) -> int | None:
        return self._indicator.chu_yeu

    @property
    def loai(self) -> str:
        return self._indicator.loai

    @property
    def chieu(self) -> str:
        return self._indicator.chieu

    @property
    def uoc_thuc_hien(self) -> Decimal | Missing:
        return self._figure_or_missing(Figure.UOC_THUC_HIEN)

    @property
    def ke_hoach(self) -> Decimal | str | Missing:
        """The plan's number; a range or a growth target as written (`55-56`, `tăng 8-9%`)."""
        shaped = self._shaped(self._indicator.ke_hoach)
        return shaped if shaped is not None else self._figure_or_missing(Figure.KE_HOACH)

    @property
    def cung_ky(self) -> Decimal | Missing:
        return self._figure_or_missing(Figure.CUNG_KY)

    @property
    def ke_hoach_nam_sau(self) -> Decimal | str | Missing:
        target = self._entry.target
        shaped = None if target is None else self._shaped(target.ke_hoach)
        return shaped if shaped is not None else self._figure_or_missing(Figure.KE_HOACH_NAM_SAU)

    def _shaped(self, plan: object) -> str | None:
        if plan is None or isinstance(plan, Decimal | list):
            return None
        return wording.plan_text(self._indicator, plan, with_unit=False)

    @property
    def tong(self) -> Decimal | Missing:
        whole = self._indicator.tong
        return whole if whole is not None else self._missing("tổng số")

    @property
    def co_ke_hoach(self) -> bool:
        return self._indicator.ke_hoach is not None

    @property
    def trang_thai(self) -> str | Missing:
        status = self._entry.status
        return status.value if status else self._missing("đánh giá so với kế hoạch")

    @property
    def dat_ke_hoach_chua(self) -> bool | None:
        """True when the plan is met (Đạt or Vượt), False when not, None when not assessable."""
        status = self._entry.status
        return None if status is None else status.met

    @property
    def so_don_vi_bao_cao(self) -> int | Missing:
        """In rolled-up data: how many units reported the indicator."""
        return self._counted(lambda count: count.bao_cao)

    @property
    def so_don_vi_dat(self) -> int | Missing:
        """In rolled-up data: how many units met their plan."""
        return self._counted(lambda count: count.dat)

    @property
    def don_vi_dat(self) -> str | Missing:
        """`45/52 xã`: the units that met their plan, of those assessed against one."""
        count = self._count
        if count is None:
            return self._missing("số đơn vị đạt kế hoạch (chỉ có trong số liệu tổng hợp)")
        return f"{count.dat}/{count.danh_gia} {self._units}"

    def _counted(self, read: Callable[[RollUpCount], int]) -> int | Missing:
        if self._count is None:
            return self._missing("số đơn vị (chỉ có trong số liệu tổng hợp)")
        return read(self._count)

    def _figure_or_missing(self, figure: Figure) -> Decimal | Missing:
        value = self._entry.value(figure)
        return value if value is not None else self._missing(figure.label)

    def _missing(self, what: str) -> Missing:
        return Missing(f"{what} của '{self._indicator.ten}' ({self.ma})")


INDICATOR_FIELDS = ("ma", "ten", "don_vi_tinh", "chu_yeu", "loai", "chieu", "uoc_thuc_hien",
                    "ke_hoach", "cung_ky", "ke_hoach_nam_sau", "tong", "co_ke_hoach",
                    "trang_thai", "dat_ke_hoach_chua", "so_don_vi_bao_cao", "so_don_vi_dat",
                    "don_vi_dat")


class IndicatorSet:
    """`ct`: the indicators by id, `ct.tong_muc_ban_le`; an unknown id is an error with a guess."""

    __slots__ = ("_views",)

    def __init__(self, views: dict[str, IndicatorView]) -> None:
        self._views = views

    def __getattr__(self, name: str) -> IndicatorView:
        try:
            return self._views[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> IndicatorView:
        return self._views[name]

    def __iter__(self) -> Iterator[IndicatorView]:
        return iter(self._views.values())

    def __len__(self) -> int:
        return len(self._views)


def indicator_ids(indicators: IndicatorSet) -> list[str]:
    return list(indicators._views)


@dataclass(frozen=True)
class SignerView:
    """`don_vi.nguoi_ky`."""

    tham_quyen: str
    chuc_vu: str
    ho_ten: str | Missing


@dataclass(frozen=True)
class UnitView:
    """`don_vi`: the issuing body, as plain text."""

    ten_goi_tat: str
    co_quan_chu_quan: str | Missing
    co_quan_ban_hanh: tuple[str, ...]
    ky_hieu: str
    so_van_ban: str | Missing
    dia_danh: str
    ngay_ban_hanh: str | Missing
    """`05/12/2023`."""
    ky_hop: str | Missing
    nguoi_ky: SignerView
    noi_nhan: tuple[str, ...]
    cap: str | Missing
    """The generic word of the level: `xã`, `phường`, `đặc khu`, `tỉnh` (`thành phố`…)."""
    ten: str | Missing
    """The place: `Tân Phong`."""
    ten_day_du: str | Missing
    """`xã Tân Phong`."""
    hdnd: str | Missing
    """The council: `HĐND xã Tân Phong`."""


UNIT_FIELDS = tuple(UnitView.__dataclass_fields__)
SIGNER_FIELDS = tuple(SignerView.__dataclass_fields__)


@dataclass(frozen=True)
class AssessmentView:
    """`danh_gia`: the main indicators against their plans."""

    dat: tuple[IndicatorView, ...]
    khong_dat: tuple[IndicatorView, ...]
    chua_danh_gia: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class PeriodView:
    """`ky`: the reporting period, in the words the report uses."""

    ma: str
    """`nam`, `6_thang`, `9_thang`, `quy_2`, `thang_5`."""
    ten: str
    """`năm 2025`, `6 tháng đầu năm 2025`, `quý II năm 2025`."""
    ten_ngan: str
    """The period without its year: `năm`, `6 tháng`, `quý II`, `tháng 5`."""
    ca_nam: bool
    """The year-end report (which assesses the plan and gives next year's)."""
    cung_ky: str
    """The same period last year: `6 tháng đầu năm 2024`."""
    tu_ngay: str
    """The period's first day of figures (Nghị định 09/2019): `15/12/2024`."""
    den_ngay: str
    """Its last day: `14/6/2025`."""


def period_view(period: Period) -> PeriodView:
    return PeriodView(period.code, period.name(), period.short, period.annual,
                      period.name(period.year - 1), period.starts, period.ends)


PERIOD_FIELDS = tuple(PeriodView.__dataclass_fields__)


@dataclass(frozen=True)
class MergedView:
    """`hop_nhat_tu`: the old units last year's figures were summed from."""

    don_vi: tuple[str, ...]
    chu_thich: str | Missing
    """`Số liệu năm 2024 tổng hợp từ số liệu của xã A, xã B và 40% số liệu của xã C.`"""


@dataclass(frozen=True)
class RollUpView:
    """`tong_hop`: the units a rolled-up report sums."""

    cap_duoi: str
    don_vi: tuple[str, ...]
    bo_qua: tuple[str, ...]
    so_don_vi: int


def _merged_view(report: Report) -> MergedView:
    names = tuple(p.ten for p in report.merged_from)
    parts = tuple(wording.share_of(p.ten, p.phan) for p in report.merged_from)
    note = (f"Số liệu năm {report.previous_year} tổng hợp từ số liệu của "
            f"{wording.joined(parts)}." if parts
            else Missing("đơn vị cũ (hop_nhat_tu) của số liệu"))
    return MergedView(names, note)


def _roll_up_view(roll_up: RollUp | None) -> RollUpView:
    if roll_up is None:
        return RollUpView("", (), (), 0)
    return RollUpView(roll_up.cap_duoi, tuple(roll_up.don_vi), tuple(roll_up.bo_qua),
                      len(roll_up.don_vi))


def _level_of(unit: Unit) -> tuple[str, str] | None:
    if unit.cap is not None and unit.ten is not None:
        return unit.cap, unit.ten
    return levels.inferred(unit.ten_goi_tat)


def _unit_view(unit: Unit) -> UnitView:
    def optional(value: str | None, what: str) -> str | Missing:
        return value if value is not None else Missing(f"{what} của đơn vị (don_vi)")

    level = _level_of(unit)
    date = unit.ngay_ban_hanh
    return UnitView(
        ten_goi_tat=unit.ten_goi_tat,
        co_quan_chu_quan=optional(unit.co_quan_chu_quan, "cơ quan chủ quản"),
        co_quan_ban_hanh=tuple(unit.co_quan_ban_hanh),
        ky_hieu=unit.ky_hieu,
        so_van_ban=optional(unit.so_van_ban, "số văn bản"),
        dia_danh=unit.dia_danh,
        ngay_ban_hanh=optional(date.strftime("%d/%m/%Y") if date else None, "ngày ban hành"),
        ky_hop=optional(unit.ky_hop, "kỳ họp"),
        nguoi_ky=_signer_view(unit.nguoi_ky),
        noi_nhan=tuple(unit.noi_nhan),
        cap=optional(levels.word(level[0]) if level else None, "cấp (cap)"),
        ten=optional(level[1] if level else None, "tên địa phương (ten)"),
        ten_day_du=optional(levels.full_name(*level) if level else None, "tên (cap, ten)"),
        hdnd=optional(levels.council(*level) if level else None, "tên HĐND (cap, ten)"),
    )


def _signer_view(signer: Signer) -> SignerView:
    name = signer.ho_ten if signer.ho_ten is not None else Missing("họ tên người ký (nguoi_ky)")
    return SignerView(signer.tham_quyen, signer.chuc_vu, name)


def build_context(report: Report) -> dict[str, Any]:
    views = {i: IndicatorView(entry, report) for i, entry in report.entries.items()}
    main = sorted((v for v in views.values() if v.chu_yeu is not None),
                  key=lambda v: v.chu_yeu or 0)
    groups: dict[int, list[IndicatorView]] = {}
    for view in main:
        groups.setdefault(view.chu_yeu or 0, []).append(view)
    assessed = main if report.period.annual else []  # a period's estimate is not assessed
    assessment = compute.assess_main((v.ma, v._indicator) for v in assessed)
    unassessed = tuple(views[i] for i in assessment.unassessed) + tuple(
        v for v in main if v not in assessed)
    return {
        "nam": report.year,
        "nam_truoc": report.previous_year,
        "nam_sau": report.next_year,
        "ky": period_view(report.period),
        "don_vi": _unit_view(report.unit),
        "ct": IndicatorSet(views),
        "chi_tieu_chu_yeu": tuple((number, tuple(group)) for number, group in groups.items()),
        "danh_gia": AssessmentView(tuple(views[i] for i in assessment.met),
                                   tuple(views[i] for i in assessment.missed),
                                   unassessed),
        "hop_nhat_tu": _merged_view(report),
        "tong_hop": _roll_up_view(report.roll_up),
    }


CONTEXT_NAMES = ("nam", "nam_truoc", "nam_sau", "ky", "don_vi", "ct", "chi_tieu_chu_yeu",
                 "danh_gia", "hop_nhat_tu", "tong_hop")

allow_view(IndicatorView, INDICATOR_FIELDS)
allow_view(IndicatorSet, ())  # `ct.<mã>` is looked up by id, not as an attribute of the list
allow_view(UnitView, UNIT_FIELDS)
allow_view(SignerView, SIGNER_FIELDS)
allow_view(PeriodView, PERIOD_FIELDS)
allow_view(AssessmentView, ("dat", "khong_dat", "chua_danh_gia"))
allow_view(Missing, ())
allow_view(MergedView, tuple(MergedView.__dataclass_fields__))
allow_view(RollUpView, tuple(RollUpView.__dataclass_fields__))
