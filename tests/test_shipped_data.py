"""The shipped data holds the seed's main indicators (section III of part one and I.2 of part
two) with the figures the seed states. Expected figures are read from the seed's own text here,
not copied from the data file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kt_xh.compute import plan_value
from kt_xh.loading import load_report
from kt_xh.numbers import parse_vietnamese_number

from conftest import SEED, SHIPPED_DATA

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _between(start: str, end: str) -> str:
    begin = SEED_TEXT.index(start)
    return SEED_TEXT[begin:SEED_TEXT.index(end, begin)]


SECTION_III = _between("III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", "IV. ĐÁNH GIÁ CHUNG")
PART_TWO_I2 = _between("2. Các chỉ tiêu chủ yếu:", "II. CÁC CHƯƠNG TRÌNH TRỌNG TÂM")

MILLION_PER_BILLION = Decimal(1000)

# (indicator, main number, the phrase of the seed that states the figure, the figure as the seed
#  writes it, the factor from the seed's unit to the data's).
SECTION_III_FIGURES = [
    ("thu_nhap_binh_quan", 1, "ước thực hiện 59 triệu đồng", "59", 1),
    ("thu_ngan_sach_dia_ban", 2, "năm 2023 là 132,9 tỷ đồng", "132,9", MILLION_PER_BILLION),
    ("gtsx_tren_ha", 3, "ước thực hiện 115,7 triệu đồng", "115,7", 1),
    ("quan_ly_suc_khoe_dien_tu", 4, "sổ điện tử ước thực hiện 50%", "50", 1),
    ("ty_le_tang_dan_so", 4, "dân số tự nhiên 10,4%o", "10,4", 1),
    ("suy_dinh_duong", 4, "ước thực hiện 9,4%", "9,4", 1),
    ("bao_hiem_y_te", 4, "y tế ước thực hiện 96%", "96", 1),
    ("giai_quyet_viec_lam", 6, "ước thực hiện 950 người", "950", 1),
    ("dao_tao_nghe", 6, "ước thực hiện 250 người", "250", 1),
    ("ty_le_lao_dong_qua_dao_tao", 6, "tập huấn ước thực hiện đạt 84,5%", "84,5", 1),
    ("gia_dinh_van_hoa", 7, "Trên 96% hộ gia đình", "96", 1),
    ("ban_to_dan_pho_van_hoa", 7, "100% số bản, tổ dân phố", "100", 1),
    ("co_quan_van_hoa", 7, "98,1% số cơ quan", "98,1", 1),
    ("tuyen_pho_van_minh", 7, "82% tuyến phố", "82", 1),
    ("phuong_do_thi_van_minh", 7, "80% xây dựng phường", "80", 1),
    ("nuoc_hop_ve_sinh", 8, "100% dân số dân số được sử dụng nước", "100", 1),
    ("nuoc_sach_thanh_thi", 8, "100% dân cư thành thị", "100", 1),
    ("nuoc_sach_nong_thon", 8, "85% dân số nông thôn", "85", 1),
    ("thu_gom_chat_thai_do_thi", 8, "100% chất thải đô thị", "100", 1),
    ("xu_ly_chat_thai_y_te", 8, "100% chất thải rắn y tế", "100", 1),
]

PART_TWO_TARGETS = [
    ("thu_nhap_binh_quan", "đầu người đạt 62 triệu", "62", 1),
    ("thu_ngan_sach_dia_ban", "địa bàn đạt 182,6 tỷ đồng", "182,6", MILLION_PER_BILLION),
    ("gtsx_tren_ha", "thủy sản đạt 125,1 triệu", "125,1", 1),
    ("quan_ly_suc_khoe_dien_tu", "sổ điện tử đạt 60%", "60", 1),
    ("ty_le_tang_dan_so", "tự nhiên 10,04%o", "10,04", 1),
    ("suy_dinh_duong", "giảm xuống còn 9,2%", "9,2", 1),
    ("bao_hiem_y_te", "bảo hiểm y tế đạt 97,1%", "97,1", 1),
    ("giai_quyet_viec_lam", "việc làm cho 950 lao động", "950", 1),
    ("dao_tao_nghe", "thường xuyên đạt 250 người", "250", 1),
    ("ty_le_lao_dong_qua_dao_tao", "tập huấn đạt 84,8%", "84,8", 1),
    ("gia_dinh_van_hoa", "Trên 96% hộ gia đình", "96", 1),
    ("ban_to_dan_pho_van_hoa", "100% số bản", "100", 1),
    ("co_quan_van_hoa", "98% số cơ quan", "98", 1),
    ("tuyen_pho_van_minh", "trên 85% tuyến phố", "85", 1),
    ("phuong_do_thi_van_minh", "80% phường", "80", 1),
    ("nuoc_hop_ve_sinh", "100% dân số được sử dụng nước", "100", 1),
    ("nuoc_sach_thanh_thi", "100% dân số thành thị", "100", 1),
    ("nuoc_sach_nong_thon", "85% dân số nông thôn", "85", 1),
    ("thu_gom_chat_thai_do_thi", "100% chất thải đô thị", "100", 1),
    ("xu_ly_chat_thai_y_te", "100% chất thải rắn y tế", "100", 1),
]

REPORT = load_report(SHIPPED_DATA).report


@pytest.mark.parametrize(("indicator_id", "number", "phrase", "figure", "factor"),
                         SECTION_III_FIGURES)
def test_main_indicator_of_section_iii(indicator_id: str, number: int, phrase: str, figure: str,
                                       factor: Decimal) -> None:
    assert phrase in SECTION_III and figure in phrase, f"section III does not say {phrase!r}"
    assert f"({number})" in SECTION_III
    indicator = REPORT.indicators[indicator_id]
    assert indicator.chu_yeu == number
    assert indicator.uoc_thuc_hien == parse_vietnamese_number(figure) * factor


@pytest.mark.parametrize(("indicator_id", "phrase", "figure", "factor"), PART_TWO_TARGETS)
def test_main_indicator_target_of_part_two(indicator_id: str, phrase: str, figure: str,
                                           factor: Decimal) -> None:
    assert phrase in PART_TWO_I2 and figure in phrase, f"part two does not say {phrase!r}"
    target = REPORT.targets[indicator_id]
    indicator = REPORT.indicators[indicator_id]
    value = plan_value(target.ke_hoach)
    assert value is not None
    if indicator.loai == "so_tren_tong":
        value = value * 100 / (target.tong or indicator.tong or 1)
    assert value == parse_vietnamese_number(figure) * factor


def test_schools_targets_of_part_two_as_counts_of_the_whole() -> None:
    """Part two states 100% and 64,3% of 28 schools; the data holds 28/28 and 18/28."""
    assert "Tỷ lệ các trường đạt chuẩn Quốc gia đạt 100%" in PART_TWO_I2
    assert "mức độ II đạt 64,3%" in PART_TWO_I2
    level_two = REPORT.targets["truong_chuan_muc_2"]
    assert (Decimal(100) * plan_value(level_two.ke_hoach) / level_two.tong).quantize(
        Decimal("0.1")) == Decimal("64.3")


def test_every_main_indicator_has_a_target_and_the_data_is_large() -> None:
    main = [i for i, ind in REPORT.indicators.items() if ind.chu_yeu is not None]
    assert {n for n in range(1, 9)} == {REPORT.indicators[i].chu_yeu for i in main}
    assert all(i in REPORT.targets for i in main)
    assert len(REPORT.indicators) > 100


def test_schools_of_section_iii_as_counts_of_the_whole() -> None:
    """Section III (5) states rates (78,6% and 53,6%); the data holds 22/28 and 15/28 schools."""
    for indicator_id, seed_rate in (("truong_chuan_quoc_gia", "78,6%"),
                                    ("truong_chuan_muc_2", "53,6%")):
        assert f"đạt {seed_rate}" in SECTION_III
        indicator = REPORT.indicators[indicator_id]
        assert indicator.chu_yeu == 5 and indicator.uoc_thuc_hien and indicator.tong
        share = (Decimal(100) * indicator.uoc_thuc_hien / indicator.tong).quantize(Decimal("0.1"))
        assert share == parse_vietnamese_number(seed_rate.rstrip("%"))
