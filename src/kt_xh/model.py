"""The data model of the two files: `<năm>_actuals.yaml` and `<năm sau>_targets.yaml`.

Field docstrings are in Vietnamese: they become the descriptions of the JSON schema that the
officer's editor shows while typing (schema.py reads them from this file's source). Unknown keys
are errors (`extra="forbid"`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kt_xh import levels
from kt_xh.numbers import HUNDRED, decimals_of, parse_vietnamese_number
from kt_xh.periods import PeriodCode

MAX_MAGNITUDE = Decimal(10) ** 15
MAX_DECIMALS = 6


_TYPED_RANGE = re.compile(r"^\s*(-?[\d.,]+)\s*[-–]\s*([\d.,]+)\s*$")


def _typed_range(text: str) -> PydanticCustomError | None:
    """`8-9` or `"8 - 9"` typed for a figure: say how a range is written."""
    match = _TYPED_RANGE.match(text)
    if match is None:
        return None
    low, high = match.groups()
    return PydanticCustomError(
        "so_lieu",
        f"'{{text}}' là một khoảng, không phải một số. Kế hoạch là một khoảng ghi "
        f"ke_hoach: {{tu: {low}, den: {high}}}; kế hoạch tăng so với cùng kỳ là một khoảng ghi "
        f"ke_hoach: {{tang: {{tu: {low}, den: {high}}}}}.",
        {"text": text})


def _parse_figure(value: Any) -> Decimal:
    """A figure from the file: a YAML number, or a Vietnamese-style number in quotes (`"4.148"`)."""
    if isinstance(value, bool | float):
        raise PydanticCustomError("so_lieu", "Phải là một số (ví dụ 4148 hoặc \"4.148\").")
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        try:
            value = parse_vietnamese_number(value)
        except ValueError:
            typed_range = _typed_range(value)
            if typed_range is not None:
                raise typed_range from None
            raise PydanticCustomError(
                "so_lieu",
                "'{text}' không phải là số. Ghi số không có dấu nháy, dấu chấm thập phân (4148, "
                "271.2), hoặc kiểu Việt Nam trong dấu nháy (\"4.148\", \"271,2\"): dấu chấm "
                "tách hàng nghìn, dấu phẩy thập phân.",
                {"text": value},
            ) from None
    if not isinstance(value, Decimal):
        raise PydanticCustomError("so_lieu", "Phải là một số (ví dụ 4148 hoặc \"4.148\").")
    if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise PydanticCustomError("so_lieu", "Số quá lớn (tối đa 15 chữ số phần nguyên).")
    if decimals_of(value) > MAX_DECIMALS:
        raise PydanticCustomError("so_lieu", "Quá nhiều chữ số thập phân (tối đa 6).")
    return value


Figure = Annotated[Decimal, BeforeValidator(_parse_figure)]
"""A figure: Decimal from the file on, never float."""

IndicatorId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
DepartmentCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=30)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
FigureName = Literal["cung_ky", "ke_hoach", "uoc_thuc_hien"]
Qualifier = Literal["trên", "hơn", "gần", "khoảng", "từ", "dưới"]
Kind = Literal["gia_tri", "ty_le", "phan_nghin", "so_tren_tong", "tang_truong", "ty_trong"]
Direction = Literal["tang_la_tot", "giam_la_tot", "trung_tinh"]
Group = Literal["kinh_te", "van_hoa_xa_hoi", "moi_truong", "quoc_phong_an_ninh",
                "xay_dung_chinh_quyen"]

GROUP_TITLES: dict[str, str] = {
    "kinh_te": "CHỈ TIÊU KINH TẾ",
    "van_hoa_xa_hoi": "CHỈ TIÊU VĂN HÓA - XÃ HỘI",
    "moi_truong": "CHỈ TIÊU MÔI TRƯỜNG",
    "quoc_phong_an_ninh": "CHỈ TIÊU QUỐC PHÒNG - AN NINH",
    "xay_dung_chinh_quyen": "CHỈ TIÊU XÂY DỰNG CHÍNH QUYỀN",
}
"""The appendix groups of a data file that declares none (`nhom_bieu`), in their order."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanRange(_Model):
    """Kế hoạch là một khoảng, ví dụ 55 - 56 triệu đồng."""

    tu: Figure
    """Cận dưới của khoảng kế hoạch."""
    den: Figure
    """Cận trên của khoảng kế hoạch."""

    @model_validator(mode="after")
    def _ordered(self) -> PlanRange:
        if self.tu > self.den:
            raise PydanticCustomError("khoang", "Cận dưới 'tu' phải nhỏ hơn hoặc bằng cận trên 'den'.")
        return self


class PlanReduction(_Model):
    """Kế hoạch là một mức giảm so với cùng kỳ (chỉ tiêu giảm là tốt), ví dụ giảm từ 0,5 điểm % trở lên."""

    giam: Figure = Field(gt=0)
    """Mức giảm tối thiểu so với cùng kỳ, cùng đơn vị với chỉ tiêu (điểm phần trăm với tỷ lệ)."""


def _growth_shape(value: Any) -> str:
    return "khoang" if isinstance(value, dict | PlanRange) else "so"


GrowthTarget = Annotated[
    Annotated[Figure, Tag("so")] | Annotated[PlanRange, Tag("khoang")],
    Discriminator(_growth_shape),
]


class PlanGrowth(_Model):
    """Kế hoạch là mức tăng so với cùng kỳ của chính chỉ tiêu, ví dụ 'KH tăng 10-12% so với cùng kỳ'."""

    tang: GrowthTarget
    """Mức tăng (%) so với cùng kỳ: một số ('tang: 10' là tăng 10%) hoặc một khoảng ('tang: {tu: 10, den: 12}' là tăng 10-12%)."""

    @property
    def low(self) -> Decimal:
        return self.tang.tu if isinstance(self.tang, PlanRange) else self.tang

    @property
    def high(self) -> Decimal:
        return self.tang.den if isinstance(self.tang, PlanRange) else self.tang


class PlanBase(_Model):
    """Một căn cứ kế hoạch khi chỉ tiêu có nhiều căn cứ (kế hoạch tỉnh giao, Nghị quyết HĐND giao)."""

    nhan: Text
    """Cách gọi căn cứ trong câu văn, đứng sau 'đạt X%': 'kế hoạch tỉnh giao', 'so với Nghị quyết HĐND thành phố giao'."""
    gia_tri: Figure
    """Số kế hoạch theo căn cứ này."""
    chinh: bool = False
    """Căn cứ dùng để đánh giá đạt / không đạt. Nếu không đánh dấu căn cứ nào, dùng căn cứ đầu tiên."""


def _plan_shape(value: Any) -> str | None:
    if isinstance(value, dict):
        if "giam" in value:
            return "muc_giam"
        if "tang" in value:
            return "muc_tang"
        if "tu" in value or "den" in value:
            return "khoang"
        return None
    if isinstance(value, list):
        return "nhieu_can_cu"
    if isinstance(value, PlanRange):
        return "khoang"
    if isinstance(value, PlanReduction):
        return "muc_giam"
    if isinstance(value, PlanGrowth):
        return "muc_tang"
    return "so"


PlanBases = Annotated[list[PlanBase], Field(min_length=1)]

Plan = Annotated[
    Annotated[Figure, Tag("so")]
    | Annotated[PlanRange, Tag("khoang")]
    | Annotated[PlanReduction, Tag("muc_giam")]
    | Annotated[PlanGrowth, Tag("muc_tang")]
    | Annotated[PlanBases, Tag("nhieu_can_cu")],
    Discriminator(
        _plan_shape,
        custom_error_type="ke_hoach",
        custom_error_message="Kế hoạch phải là một số, một khoảng {tu: .., den: ..}, một mức giảm "
        "{giam: ..}, một mức tăng so với cùng kỳ {tang: ..} hoặc danh sách căn cứ "
        "[{nhan: .., gia_tri: ..}].",
    ),
]
"""A plan: one value, a range, a reduction target, a growth target, or several plan bases."""


class Breakdown(_Model):
    """Một cách chia chỉ tiêu thành các chỉ tiêu thành phần."""

    gom: Annotated[list[IndicatorId], Field(min_length=1)]
    """Mã các chỉ tiêu thành phần."""
    kieu: Literal["du", "mot_phan", "liet_ke"] = "du"
    """'du': các thành phần cộng lại bằng tổng; 'mot_phan': chỉ nêu một số thành phần ('trong đó'), tổng các phần không được vượt tổng; 'liet_ke': chỉ trình bày dưới chỉ tiêu, không cộng (ví dụ các tỷ lệ)."""


def _breakdowns(value: Any) -> Any:
    """`thanh_phan: [a, b]` is shorthand for one full breakdown `[{gom: [a, b]}]`."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [{"gom": value}]
    return value


StatedForm = Literal["dat", "vuot", "bang", "tang", "giam", "gap", "chenh_lech",
                     "chenh_lech_ty_le"]
STATED_FORMS: tuple[StatedForm, ...] = get_args(StatedForm)


class StatedComparison(_Model):
    """Một tỷ lệ so sánh mà báo cáo gốc nêu ra, để đối chiếu với số liệu ('đạt 112% kế hoạch')."""

    so_voi: Literal["ke_hoach", "cung_ky"]
    """So sánh ước thực hiện với kế hoạch hay với cùng kỳ năm trước."""
    can_cu: Text | None = None
    """Nhãn của căn cứ kế hoạch khi chỉ tiêu có nhiều căn cứ."""
    dat: Figure | None = None
    """Tỷ lệ đạt, A/B x 100 ('đạt 112%' ghi 112)."""
    vuot: Figure | None = None
    """Mức vượt, A/B x 100 - 100 ('vượt 12% kế hoạch' ghi 12)."""
    bang: Figure | None = None
    """Tỷ lệ viết bằng chữ 'bằng', A/B x 100 ('bằng 72,89% so với cùng kỳ' ghi 72.89)."""
    tang: Figure | None = None
    """Mức tăng tương đối, A/B x 100 - 100 ('tăng 20%' ghi 20, 'giảm 5%' ghi -5)."""
    giam: Figure | None = None
    """Mức giảm tương đối, 100 - A/B x 100 ('giảm 5%' ghi 5)."""
    gap: Figure | None = None
    """Số lần, A/B ('gấp 2,4 lần' ghi 2.4)."""
    chenh_lech: Figure | None = None
    """Chênh lệch tuyệt đối A - B, cùng đơn vị với chỉ tiêu (điểm phần trăm với tỷ lệ: 'tăng 0,5 điểm phần trăm' ghi 0.5, 'giảm' ghi số âm)."""
    chenh_lech_ty_le: Figure | None = None
    """Với chỉ tiêu số trên tổng: chênh lệch của tỷ lệ A/tổng và B/tổng, tính bằng điểm phần trăm."""
    o_dau: Text
    """Vị trí trong báo cáo gốc nêu tỷ lệ này, ví dụ 'Phần I, mục I.1.1'."""

    @model_validator(mode="after")
    def _one_value(self) -> StatedComparison:
        if len([v for v in self._values() if v is not None]) != 1:
            raise PydanticCustomError("ty_le", "Ghi đúng một trong các trường: {forms}.",
                                      {"forms": ", ".join(f"'{f}'" for f in STATED_FORMS)})
        return self

    def _values(self) -> tuple[Decimal | None, ...]:
        return tuple(getattr(self, form) for form in STATED_FORMS)

    @property
    def form(self) -> StatedForm:
        """How the source words it: the name of the one field given."""
        return next(form for form in STATED_FORMS if getattr(self, form) is not None)

    @property
    def stated(self) -> Decimal:
        """The one value the source states."""
        return next(v for v in self._values() if v is not None)

    @property
    def ratio(self) -> Decimal | None:
        """The ratio A/B x 100 the statement amounts to ('tăng 20%' and 'vượt 20%' are 120,
        'gấp 2,4 lần' is 240); None for a difference."""
        value, form = self.stated, self.form
        if form in ("dat", "bang"):
            return value
        if form in ("vuot", "tang"):
            return HUNDRED + value
        if form == "giam":
            return HUNDRED - value
        if form == "gap":  # exact: 2,4 times is 240, not 240,0
            return (value * HUNDRED).quantize(Decimal(1).scaleb(-max(decimals_of(value) - 2, 0)))
        return None

    def in_form(self, ratio: Decimal) -> Decimal:
        """A ratio A/B x 100 written the way this statement is (120 is 'tăng 20', 'gấp 1,2'),
        unrounded."""
        form = self.form
        if form in ("vuot", "tang"):
            return ratio - HUNDRED
        if form == "giam":
            return HUNDRED - ratio
        if form == "gap":
            return ratio / HUNDRED
        return ratio


Places = Annotated[int, Field(ge=0, le=3)]
ComparedWith = Literal["ke_hoach", "cung_ky", "nam_sau"]


class ComparisonPlaces(_Model):
    """Số chữ số thập phân riêng cho từng phép so sánh: 'tăng 7,97%' so với cùng kỳ mà 'đạt 112%' kế hoạch."""

    ke_hoach: Places = 0
    """Ước thực hiện so với kế hoạch ('đạt 112% kế hoạch')."""
    cung_ky: Places = 0
    """Ước thực hiện so với cùng kỳ năm trước ('tăng 7,97% so với cùng kỳ')."""
    nam_sau: Places = 0
    """Kế hoạch năm sau so với ước thực hiện năm nay ('tăng 5% so với ước thực hiện')."""


ComparisonPrecision = Annotated[
    Annotated[Places, Tag("so")] | Annotated[ComparisonPlaces, Tag("rieng")],
    Discriminator(
        lambda value: "rieng" if isinstance(value, dict | ComparisonPlaces) else "so",
        custom_error_type="thap_phan_so_sanh",
        custom_error_message="'thap_phan_so_sanh' là một số từ 0 đến 3, hoặc riêng từng phép so "
        "sánh {ke_hoach: 0, cung_ky: 2, nam_sau: 0}.",
    ),
]
"""One precision for every comparison, or one for each."""


class Acknowledgement(_Model):
    """Một phát hiện của 'ktxh check' đã được xem xét và chấp nhận."""

    quy_tac: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    """Mã quy tắc của phát hiện, ví dụ 'thanh-phan-lech'."""
    ly_do: Text
    """Lý do chấp nhận."""


class Indicator(_Model):
    """Một chỉ tiêu của năm báo cáo."""

    ten: Text
    """Tên chỉ tiêu như trong báo cáo."""
    don_vi_tinh: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
    """Đơn vị tính: 'tỷ đồng', 'ha', '%', '‰', 'trường'..."""
    loai: Kind = "gia_tri"
    """'gia_tri': một giá trị; 'ty_le': tỷ lệ %, so sánh bằng điểm phần trăm; 'phan_nghin': tỷ lệ ‰; 'so_tren_tong': số trên tổng số (22/28 trường); 'tang_truong': tốc độ tăng trưởng %, có thể âm hoặc trên 100, in 'tăng 11,07%' / 'giảm 1,5%'; 'ty_trong': tỷ trọng % trong một cơ cấu (xem co_cau)."""
    chieu: Direction = "tang_la_tot"
    """'tang_la_tot': càng cao càng tốt; 'giam_la_tot': càng thấp càng tốt (tỷ lệ hộ nghèo, tai nạn); 'trung_tinh': không đánh giá đạt / không đạt."""
    thap_phan: Annotated[int, Field(ge=0, le=MAX_DECIMALS)] | None = None
    """Số chữ số thập phân khi in số liệu; bỏ trống thì in như đã ghi trong tệp."""
    so_nguyen: bool | None = None
    """Số liệu là số đếm nguyên (hộ, người…): bỏ trống thì theo đơn vị tính; ghi false nếu chỉ tiêu đếm mà có phần lẻ (ví dụ bình quân)."""
    thap_phan_so_sanh: ComparisonPrecision = 0
    """Số chữ số thập phân của tỷ lệ so sánh (%): 0 in '112%', 1 in '71,4%'; hoặc riêng từng phép so sánh {ke_hoach: 0, cung_ky: 2, nam_sau: 0}."""
    nhom: IndicatorId | None = None
    """Mã nhóm trong biểu phụ lục: một mã khai báo ở 'nhom_bieu', hoặc (khi tệp không khai báo) kinh_te, van_hoa_xa_hoi, moi_truong, quoc_phong_an_ninh, xay_dung_chinh_quyen; chỉ tiêu thành phần không ghi thì theo nhóm của chỉ tiêu tổng."""
    phu_trach: DepartmentCode | None = None
    """Mã phòng, ban cung cấp số liệu (một mã trong danh sách 'phong_ban'); chỉ tiêu thành phần không ghi thì theo chỉ tiêu tổng. Dùng cho phiếu thu thập 'ktxh excel mau'."""
    chu_yeu: Annotated[int, Field(ge=1, le=99)] | None = None
    """Số thứ tự trong các chỉ tiêu chủ yếu (1)…(8); nhiều chỉ tiêu có thể chung một số."""
    tong: Figure | None = None
    """Tổng số (mẫu số) với chỉ tiêu 'so_tren_tong': 28 trong 22/28 trường."""
    co_cau: IndicatorId | None = None
    """Với chỉ tiêu 'ty_trong': mã của cơ cấu (tổng thể) mà tỷ trọng này là một phần, ví dụ 'grdp'; các tỷ trọng cùng một cơ cấu phải cộng lại bằng 100%."""
    cung_ky: Figure | None = None
    """Thực hiện cùng kỳ năm trước."""
    cung_ky_la_uoc: bool = False
    """Số cùng kỳ còn là số ước của năm trước (do 'ktxh new-year' chuyển sang); sửa số và xóa dòng này khi có số thực hiện chính thức."""
    ke_hoach: Plan | None = None
    """Kế hoạch năm: một số, một khoảng {tu, den}, mức giảm {giam}, mức tăng so với cùng kỳ {tang} hoặc danh sách căn cứ."""
    uoc_thuc_hien: Figure | None = None
    """Ước thực hiện cả năm."""
    tien_to: dict[FigureName, Qualifier] | None = None
    """Từ đứng trước số, in trong câu văn và phụ lục, và tính khi đánh giá: {uoc_thuc_hien: trên} cho 'ước trên 96%', {ke_hoach: trên} cho 'KH trên 96%' (đạt khi ước thực hiện lớn hơn 96)."""
    suy_ra: list[FigureName] = Field(default_factory=list)
    """Các số liệu không có trong báo cáo gốc, được suy ra từ tỷ lệ mà báo cáo nêu (xem ty_le_da_neu)."""
    nguon: Text | None = None
    """Ghi chú nguồn số liệu."""
    ty_le_da_neu: list[StatedComparison] = Field(default_factory=list)
    """Các tỷ lệ so sánh báo cáo gốc đã nêu, để đối chiếu với số liệu."""
    thanh_phan: Annotated[list[Breakdown], BeforeValidator(
        _breakdowns, json_schema_input_type=list[IndicatorId] | list[Breakdown]),
    ] = Field(default_factory=list)
    """Các chỉ tiêu thành phần: danh sách mã (cộng lại bằng tổng) hoặc danh sách cách chia {gom, kieu}."""
    nguong_bien_dong: Figure | None = Field(default=None, gt=0)
    """Ngưỡng biến động bất thường riêng của chỉ tiêu: % thay đổi với giá trị, điểm với tỷ lệ (mặc định 50% và 10 điểm)."""
    chap_nhan: list[Acknowledgement] = Field(default_factory=list)
    """Các phát hiện của 'ktxh check' đã được xem xét và chấp nhận, kèm lý do."""
    trong_bieu: bool = True
    """Ghi false để không in chỉ tiêu (và các chỉ tiêu thành phần của nó) trong biểu phụ lục, ví dụ chỉ tiêu phụ chỉ dùng trong lời văn."""

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.loai == "so_tren_tong" and self.tong is None:
            raise PydanticCustomError("tong", "Chỉ tiêu 'so_tren_tong' cần trường 'tong' (tổng "
                                      "số, ví dụ 28 trong 22/28 trường).")
        if self.loai != "so_tren_tong" and self.tong is not None:
            raise PydanticCustomError("tong", "Trường 'tong' chỉ dùng cho chỉ tiêu có loai: "
                                      "so_tren_tong.")
        if isinstance(self.ke_hoach, PlanReduction) and self.chieu != "giam_la_tot":
            raise PydanticCustomError("muc_giam", "Kế hoạch dạng mức giảm {giam: ..} chỉ dùng cho "
                                      "chỉ tiêu có chieu: giam_la_tot.")
        if isinstance(self.ke_hoach, list):
            _check_bases(self.ke_hoach)
        _check_kind_fields(self)
        if self.loai != "so_tren_tong" and any(s.chenh_lech_ty_le is not None
                                               for s in self.ty_le_da_neu):
            raise PydanticCustomError("ty_le", "'chenh_lech_ty_le' chỉ dùng cho chỉ tiêu có loai: "
                                      "so_tren_tong; với tỷ lệ, ghi 'chenh_lech'.")
        for figure in self.suy_ra:
            if getattr(self, figure) is None:
                raise PydanticCustomError("suy_ra", "'suy_ra' nêu '{figure}' nhưng chỉ tiêu không "
                                          "có số liệu này.", {"figure": figure})
        return self

    def comparison_places(self, against: ComparedWith) -> int:
        """The office's decimals for a ratio against `against` (plan, last year, next year's
        target against this year's estimate)."""
        places = self.thap_phan_so_sanh
        if isinstance(places, int):
            return places
        return {"ke_hoach": places.ke_hoach, "cung_ky": places.cung_ky,
                "nam_sau": places.nam_sau}[against]

    def plan_bases(self) -> list[PlanBase]:
        return self.ke_hoach if isinstance(self.ke_hoach, list) else []


def _check_kind_fields(indicator: Indicator) -> None:
    """Fields that belong to one kind or plan shape only."""
    if indicator.co_cau is not None and indicator.loai != "ty_trong":
        raise PydanticCustomError("co_cau", "Trường 'co_cau' chỉ dùng cho chỉ tiêu có loai: "
                                  "ty_trong.")
    if isinstance(indicator.ke_hoach, PlanGrowth) and (indicator.loai != "gia_tri"
                                                        or indicator.chieu == "giam_la_tot"):
        raise PydanticCustomError("muc_tang", "Kế hoạch dạng mức tăng {tang: ..} chỉ dùng cho "
                                  "chỉ tiêu giá trị (loai: gia_tri) mà không phải càng thấp càng "
                                  "tốt; với tốc độ tăng trưởng (loai: tang_truong) ghi thẳng "
                                  "ke_hoach: 10 hoặc {tu: 10, den: 12}.")
    qualified_plan = (indicator.tien_to or {}).get("ke_hoach")
    if qualified_plan and not isinstance(indicator.ke_hoach, Decimal | None):
        raise PydanticCustomError("tien_to", "'tien_to' cho ke_hoach chỉ dùng khi kế hoạch là "
                                  "một số (ví dụ ke_hoach: 96 với tien_to: {ke_hoach: trên}).")


def _check_bases(bases: list[PlanBase]) -> None:
    if sum(base.chinh for base in bases) > 1:
        raise PydanticCustomError("can_cu", "Chỉ một căn cứ kế hoạch được đánh dấu 'chinh: true'.")
    labels = [base.nhan for base in bases]
    if len(set(labels)) != len(labels):
        raise PydanticCustomError("can_cu", "Nhãn các căn cứ kế hoạch phải khác nhau.")


class Signer(_Model):
    """Người ký báo cáo."""

    tham_quyen: Text
    """Thẩm quyền ký, in hoa: 'TM. ỦY BAN NHÂN DÂN' hoặc 'KT. CHỦ TỊCH'."""
    chuc_vu: Text
    """Chức vụ, in hoa: 'CHỦ TỊCH', 'PHÓ CHỦ TỊCH'."""
    ho_ten: Text | None = None
    """Họ và tên người ký; bỏ trống để ghi tay."""


def _from_level(data: dict[str, Any], make: Callable[[str, str], Any], otherwise: Any) -> Any:
    """A field of the unit that follows from `cap` and `ten` when the data does not write it."""
    level, place = data.get("cap"), data.get("ten")
    return make(level, place) if level and place else otherwise


class Unit(_Model):
    """Cơ quan ban hành báo cáo và các thông tin thể thức."""

    cap: levels.Level | None = None
    """Cấp của đơn vị: 'xa', 'phuong', 'dac_khu', 'tinh'; 'huyen', 'thi_xa', 'thanh_pho' cho báo cáo các năm trước. Ghi cùng 'ten' thì ktxh tự điền tên cơ quan ban hành, tên gọi tắt, địa danh và dòng trình kỳ họp."""
    ten: Text | None = None
    """Tên địa phương, không kèm cấp: 'Tân Phong' (của xã Tân Phong)."""
    co_quan_chu_quan: Text | None = None
    """Tên cơ quan chủ quản (dòng trên tên cơ quan ban hành), nếu có."""
    co_quan_ban_hanh: Annotated[list[Text], Field(min_length=1, max_length=3)] = Field(
        default_factory=lambda data: _from_level(data, levels.issuer_lines, []))
    """Tên cơ quan ban hành, in hoa, mỗi dòng một phần tử: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ LAI CHÂU']. Bỏ trống khi đã ghi cap và ten: ['ỦY BAN NHÂN DÂN', 'XÃ TÂN PHONG']."""
    ten_goi_tat: Text = Field(default_factory=lambda data: _from_level(data, levels.short_name, ""))
    """Tên cơ quan dùng trong câu văn: 'UBND thành phố Lai Châu'. Bỏ trống khi đã ghi cap và ten: 'UBND xã Tân Phong'."""
    ky_hieu: Text
    """Ký hiệu văn bản sau số: 'BC-UBND'."""
    so_van_ban: Text | None = None
    """Số văn bản; bỏ trống để văn thư điền khi ban hành."""
    dia_danh: Text = Field(default_factory=lambda data: data.get("ten") or "")
    """Địa danh ghi ở dòng ngày tháng: 'Lai Châu'. Bỏ trống khi đã ghi ten: lấy tên địa phương."""
    ngay_ban_hanh: dt.date | None = None
    """Ngày ban hành (YYYY-MM-DD); bỏ trống để điền tay."""
    ky_hop: Text | None = Field(
        default_factory=lambda data: _from_level(data, levels.session_line, None))
    """Dòng trình kỳ họp, không kèm ngoặc: 'Trình kỳ họp thứ 14, HĐND thành phố khóa IV, nhiệm kỳ 2021-2026'."""
    nguoi_ky: Signer
    """Người ký."""
    noi_nhan: list[Text] = Field(default_factory=list)
    """Nơi nhận, mỗi dòng một phần tử, không kèm gạch đầu dòng: 'TT. Thành ủy;'."""

    @model_validator(mode="after")
    def _named(self) -> Unit:
        for name, value in (("co_quan_ban_hanh", self.co_quan_ban_hanh),
                            ("ten_goi_tat", self.ten_goi_tat), ("dia_danh", self.dia_danh)):
            if not value:
                raise PydanticCustomError("don_vi", "Thiếu trường '{name}'. Hãy ghi trường này, "
                                          "hoặc ghi 'cap' (xa, phuong, dac_khu, tinh) và 'ten' "
                                          "(tên địa phương) để ktxh tự điền.", {"name": name})
        return self


class Predecessor(_Model):
    """Một đơn vị cũ hợp thành đơn vị này (sáp nhập): số liệu năm trước của nó cộng vào cùng kỳ."""

    ten: Text
    """Tên đơn vị cũ như viết trong câu văn: 'xã Tân Phong'."""
    so_lieu: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    """Đường dẫn, tính từ thư mục số liệu, tới thư mục số liệu của đơn vị cũ (có tệp <năm trước>_actuals.yaml) hoặc tới một tệp YAML nhỏ ghi số liệu năm trước của nó; phải nằm trong thư mục của kho."""
    phan: Figure | None = Field(default=None, gt=0, le=100)
    """Phần (%) của đơn vị cũ nhập vào đơn vị này, khi đơn vị cũ được chia cho nhiều đơn vị mới; bỏ trống là cả đơn vị (100)."""


class RateParts(_Model):
    """Tử số và mẫu số của một tỷ lệ: tỷ lệ hộ nghèo = số hộ nghèo / tổng số hộ."""

    tu_so: IndicatorId
    """Mã chỉ tiêu tử số, ví dụ so_ho_ngheo."""
    mau_so: IndicatorId
    """Mã chỉ tiêu mẫu số, ví dụ tong_so_ho."""


class RollUpCount(_Model):
    """Số đơn vị của một chỉ tiêu trong số liệu tổng hợp."""

    bao_cao: Annotated[int, Field(ge=0)]
    """Số đơn vị có số ước thực hiện của chỉ tiêu."""
    dat: Annotated[int, Field(ge=0)]
    """Số đơn vị đạt hoặc vượt kế hoạch của mình."""
    danh_gia: Annotated[int, Field(ge=0)]
    """Số đơn vị đánh giá được so với kế hoạch (có cả kế hoạch và ước thực hiện)."""


class RollUp(_Model):
    """Phần do 'ktxh tong-hop' ghi: các đơn vị đã cộng và số đơn vị của từng chỉ tiêu."""

    cap_duoi: Text = "xã"
    """Cách gọi các đơn vị được tổng hợp trong câu văn: 'xã', 'đơn vị'."""
    don_vi: list[Text] = Field(default_factory=list)
    """Tên các đơn vị đã cộng vào số liệu."""
    bo_qua: list[Text] = Field(default_factory=list)
    """Các đơn vị không cộng được (thiếu số liệu hoặc không qua kiểm tra), kèm lý do."""
    chi_tieu: dict[IndicatorId, RollUpCount] = Field(default_factory=dict)
    """Số đơn vị báo cáo và đạt kế hoạch của từng chỉ tiêu."""


class TableGroup(_Model):
    """Một nhóm chỉ tiêu của biểu phụ lục, ví dụ {ma: xay_dung_dang, ten: CHỈ TIÊU XÂY DỰNG ĐẢNG}."""

    ma: IndicatorId
    """Mã nhóm (chữ thường không dấu), ghi ở trường 'nhom' của chỉ tiêu."""
    ten: Text
    """Tên nhóm in ở dòng nhóm của biểu: 'CHỈ TIÊU XÂY DỰNG ĐẢNG'."""
    so: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10)] | None = None
    """Số thứ tự in ở cột STT của dòng nhóm ('A', '1'); bỏ trống thì đánh số La Mã theo thứ tự (I, II, III…)."""


class ActualsFile(_Model):
    """Tệp số liệu năm báo cáo: <năm>_actuals.yaml."""

    nam: Annotated[int, Field(ge=2000, le=2100)]
    """Năm báo cáo (năm của số ước thực hiện)."""
    ky: PeriodCode = "nam"
    """Kỳ báo cáo: 'nam' (cả năm, mặc định), '6_thang', '9_thang', 'quy_1'…'quy_4', 'thang_1'…'thang_12'. Với kỳ khác năm, ước thực hiện là số của kỳ, cùng kỳ là số cùng kỳ năm trước, kế hoạch là kế hoạch năm."""
    don_vi: Unit
    """Cơ quan ban hành và thể thức báo cáo."""
    nhom_bieu: Annotated[list[TableGroup], Field(min_length=1)] | None = None
    """Các nhóm của biểu phụ lục, theo thứ tự in; bỏ trống thì dùng năm nhóm mặc định (kinh_te, van_hoa_xa_hoi, moi_truong, quoc_phong_an_ninh, xay_dung_chinh_quyen)."""
    phong_ban: dict[DepartmentCode, Text] = Field(default_factory=dict)
    """Các phòng, ban cung cấp số liệu: mã ngắn (chữ thường không dấu) và tên, ví dụ {vhxh: Phòng Văn hóa - Xã hội}."""
    hop_nhat_tu: Annotated[list[Predecessor], Field(max_length=100)] = Field(default_factory=list)
    """Các đơn vị cũ hợp thành đơn vị này: số cùng kỳ chưa ghi được tính bằng tổng số liệu năm trước của chúng."""
    ty_le_tinh_tu: dict[IndicatorId, RateParts] = Field(default_factory=dict)
    """Các tỷ lệ tính lại từ tử số và mẫu số khi cộng nhiều đơn vị (không lấy trung bình các tỷ lệ)."""
    tong_hop: RollUp | None = None
    """Do 'ktxh tong-hop' ghi khi số liệu là tổng hợp của nhiều đơn vị; không sửa tay."""
    chi_tieu: dict[IndicatorId, Indicator]
    """Các chỉ tiêu, theo mã (chữ thường không dấu, nối bằng '_')."""

    def table_groups(self) -> dict[str, TableGroup]:
        """The appendix groups by id, in order: the declared ones, or the five defaults."""
        if self.nhom_bieu is None:
            return default_table_groups()
        return {group.ma: group for group in self.nhom_bieu}


def default_table_groups() -> dict[str, TableGroup]:
    """The five groups of a data file that declares none, by id."""
    return {code: TableGroup(ma=code, ten=title) for code, title in GROUP_TITLES.items()}


class PredecessorFigures(_Model):
    """Tệp số liệu năm trước của một đơn vị cũ (khai báo trong hop_nhat_tu)."""

    nam: Annotated[int, Field(ge=2000, le=2100)]
    """Năm của số liệu (năm trước năm báo cáo)."""
    so_lieu: dict[IndicatorId, Figure]
    """Số thực hiện năm đó của từng chỉ tiêu, theo mã của đơn vị mới."""


class Target(_Model):
    """Kế hoạch năm sau của một chỉ tiêu (cùng mã với tệp số liệu năm báo cáo)."""

    ten: Text | None = None
    """Tên chỉ tiêu, chỉ để dễ đọc; tên dùng trong báo cáo lấy từ tệp năm báo cáo."""
    don_vi_tinh: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    """Đơn vị tính; nếu ghi, phải trùng với tệp năm báo cáo."""
    tong: Figure | None = None
    """Tổng số năm sau với chỉ tiêu 'so_tren_tong', nếu khác năm báo cáo."""
    ke_hoach: Plan
    """Kế hoạch năm sau: một số, một khoảng {tu, den}, mức giảm {giam} hoặc danh sách căn cứ."""
    tien_to: Qualifier | None = None
    """Từ đứng trước số kế hoạch khi viết thành câu: 'trên' cho 'trên 85%'."""
    suy_ra: bool = False
    """Số kế hoạch được suy ra từ tỷ lệ báo cáo nêu (ví dụ số trường từ tỷ lệ %)."""
    nguon: Text | None = None
    """Ghi chú nguồn số liệu."""
    chap_nhan: list[Acknowledgement] = Field(default_factory=list)
    """Các phát hiện của 'ktxh check' đã được xem xét và chấp nhận, kèm lý do."""


class TargetsFile(_Model):
    """Tệp kế hoạch năm sau: <năm sau>_targets.yaml."""

    nam: Annotated[int, Field(ge=2000, le=2100)]
    """Năm kế hoạch."""
    chi_tieu: dict[IndicatorId, Target]
    """Kế hoạch của các chỉ tiêu, theo mã của tệp năm báo cáo."""
