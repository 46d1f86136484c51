"""The appendix table cell by cell (issue 18): headers, numbering, marks, 'Trong đó:' rows,
plan texts of every shape, comparisons of values and rates; expected cells worked out by hand.
The whole table of the shipped data and of tests/data/appendix_kinds is in tests/golden/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kt_xh import appendix
from kt_xh.loading import load_report
from kt_xh.periods import Period

from conftest import UNIT_HEAD, write_data
from factories import entry_of, indicator, target

D = Decimal
HEAD = UNIT_HEAD


def rows_of(tmp_path: Path, indicators: str, targets: str = "nam: 2024\nchi_tieu: {}\n"
            ) -> list[appendix.Row]:
    folder = write_data(tmp_path / "data", HEAD + indicators, targets)
    return appendix.rows(load_report(folder).report)


def cells(**fields: object) -> tuple[str, ...]:
    plan = fields.pop("next_year", None)
    entry = entry_of(indicator(**fields), None if plan is None else target(plan))
    return tuple(text for text, _ in appendix._cells(entry))


# --- headers and numbering -----------------------------------------------------------------------

def test_headers_of_the_year() -> None:
    assert appendix.header_labels(2023) == {
        "previous": "Thực hiện năm 2022",
        "plan": "Kế hoạch năm 2023",
        "estimate": "Ước thực hiện năm 2023",
        "next": "Kế hoạch năm 2024",
        "vs_plan": "ƯTH 2023/KH 2023",
        "vs_previous": "ƯTH 2023/TH 2022",
        "next_vs_estimate": "KH 2024/ƯTH 2023",
    }


def test_the_year_as_a_period_keeps_the_year_headers() -> None:
    assert appendix.header_labels(2023, Period("nam", 2023)) == appendix.header_labels(2023)


def test_headers_of_a_period() -> None:
    assert appendix.header_labels(2025, Period("9_thang", 2025)) == {
        "previous": "Cùng kỳ năm 2024",
        "plan": "Kế hoạch năm 2025",
        "estimate": "Ước thực hiện 9 tháng năm 2025",
        "next": "Kế hoạch năm 2026",
        "vs_plan": "ƯTH 9 tháng 2025/KH năm 2025",
        "vs_previous": "ƯTH 9 tháng 2025/CK 2024",
        "next_vs_estimate": "KH 2026/ƯTH 9 tháng 2025",
    }


@pytest.mark.parametrize(("number", "numeral"), [
    (1, "I"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"), (11, "XI"), (14, "XIV"),
    (19, "XIX"), (40, "XL"), (49, "XLIX"), (90, "XC"), (400, "CD"), (500, "D"), (900, "CM"),
    (1994, "MCMXCIV"), (2024, "MMXXIV"), (50, "L"), (60, "LX"), (100, "C"), (300, "CCC"),
    (3999, "MMMCMXCIX"),
])
def test_roman_numerals(number: int, numeral: str) -> None:
    assert appendix.roman(number) == numeral


def test_groups_beyond_ten_and_indicators_numbered_within_each(tmp_path: Path) -> None:
    groups = "".join(f"  - {{ma: nhom_{n}, ten: NHÓM {n}}}\n" for n in range(1, 12))
    indicators = "".join(f"  chi_tieu_{n}:\n    ten: Chỉ tiêu {n}\n    don_vi_tinh: hộ\n"
                         f"    nhom: nhom_{n}\n    uoc_thuc_hien: {n}\n" for n in range(1, 12))
    extra = "  chi_tieu_12:\n    ten: Chỉ tiêu 12\n    don_vi_tinh: hộ\n    nhom: nhom_11\n"
    table = rows_of(tmp_path, f"nhom_bieu:\n{groups}chi_tieu:\n{indicators}{extra}")
    numbering = [(row.kind, row.stt, row.name) for row in table]
    assert numbering[:2] == [("nhom", "I", "NHÓM 1"), ("chi_tieu", "1", "Chỉ tiêu 1")]
    assert numbering[18:20] == [("nhom", "X", "NHÓM 10"), ("chi_tieu", "1", "Chỉ tiêu 10")]
    assert numbering[20:] == [("nhom", "XI", "NHÓM 11"), ("chi_tieu", "1", "Chỉ tiêu 11"),
                              ("chi_tieu", "2", "Chỉ tiêu 12")]


def test_components_marked_by_depth_and_cut_below_the_third(tmp_path: Path) -> None:
    chain = ["a", "b", "c", "d", "e"]
    indicators = "".join(
        f"  {code}:\n    ten: Mức {code}\n    don_vi_tinh: hộ\n    uoc_thuc_hien: 1\n"
        + (f"    thanh_phan: [{chain[i + 1]}]\n" if i + 1 < len(chain) else "")
        for i, code in enumerate(chain))
    table = rows_of(tmp_path, f"chi_tieu:\n{indicators}")
    assert [(row.stt, row.name, row.depth) for row in table] == [
        ("I", "CHỈ TIÊU KHÁC", 0), ("1", "Mức a", 0), ("", "- Mức b", 1), ("", "+ Mức c", 2),
        ("", "• Mức d", 3)]


def test_trong_do_only_before_some_parts_shown(tmp_path: Path) -> None:
    indicators = """\
chi_tieu:
  tong:
    ten: Tổng
    don_vi_tinh: hộ
    uoc_thuc_hien: 10
    thanh_phan:
      - {gom: [phan_a], kieu: mot_phan}
      - {gom: [an], kieu: mot_phan}
      - {gom: [phan_b], kieu: du}
  phan_a:
    ten: Phần A
    don_vi_tinh: hộ
    uoc_thuc_hien: 4
  an:
    ten: Phần ẩn
    don_vi_tinh: hộ
    trong_bieu: false
    uoc_thuc_hien: 1
  phan_b:
    ten: Phần B
    don_vi_tinh: hộ
    uoc_thuc_hien: 6
"""
    table = rows_of(tmp_path, indicators)
    assert [(row.kind, row.name, row.depth) for row in table[1:]] == [
        ("chi_tieu", "Tổng", 0), ("trong_do", "Trong đó:", 1), ("chi_tieu", "- Phần A", 1),
        ("chi_tieu", "- Phần B", 1)]


def test_a_part_of_two_totals_is_listed_once_and_a_shared_name_names_its_programme(
        tmp_path: Path) -> None:
    indicators = """\
chi_tieu:
  von_ntm:
    ten: Chương trình nông thôn mới
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 5
    thanh_phan: [ntm_su_nghiep]
  von_giam_ngheo:
    ten: Chương trình giảm nghèo
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 3
    thanh_phan: [gn_su_nghiep]
  von_su_nghiep:
    ten: Tổng vốn sự nghiệp
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 8
    thanh_phan: [ntm_su_nghiep, gn_su_nghiep]
  ntm_su_nghiep:
    ten: Vốn sự nghiệp
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 5
  gn_su_nghiep:
    ten: Vốn sự nghiệp
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 3
"""
    table = rows_of(tmp_path, indicators)
    assert [(row.stt, row.name) for row in table[1:]] == [
        ("1", "Chương trình nông thôn mới"),
        ("", "- Tổng vốn sự nghiệp (vốn sự nghiệp)"),
        ("2", "Chương trình giảm nghèo"),
        ("", "- Tổng vốn sự nghiệp (vốn sự nghiệp)"),
        ("3", "Tổng vốn sự nghiệp")]
    total_first = indicators.replace(TOTAL, "").replace("chi_tieu:\n", "chi_tieu:\n" + TOTAL)
    table = rows_of(tmp_path, total_first)
    assert [(row.stt, row.name) for row in table[1:]] == [
        ("1", "Tổng vốn sự nghiệp"),
        ("", "- Chương trình nông thôn mới (vốn sự nghiệp)"),
        ("", "- Chương trình giảm nghèo (vốn sự nghiệp)"),
        ("2", "Chương trình nông thôn mới"),
        ("3", "Chương trình giảm nghèo")]


TOTAL = """\
  von_su_nghiep:
    ten: Tổng vốn sự nghiệp
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 8
    thanh_phan: [ntm_su_nghiep, gn_su_nghiep]
"""


def test_a_part_listed_by_an_earlier_sibling_is_not_listed_again(tmp_path: Path) -> None:
    indicators = """\
chi_tieu:
  tong:
    ten: Tổng
    don_vi_tinh: hộ
    uoc_thuc_hien: 10
    thanh_phan: [phan_a, phan_b]
  phan_a:
    ten: Phần A
    don_vi_tinh: hộ
    uoc_thuc_hien: 4
    thanh_phan: [{gom: [phan_b], kieu: liet_ke}]
  phan_b:
    ten: Phần B
    don_vi_tinh: hộ
    uoc_thuc_hien: 6
"""
    table = rows_of(tmp_path, indicators)
    assert [row.name for row in table[1:]] == ["Tổng", "- Phần A", "+ Phần B"]


# --- cells ---------------------------------------------------------------------------------------

def test_value_cells() -> None:
    assert cells(cung_ky="3450", ke_hoach="3700", uoc_thuc_hien="4148", next_year="4500") == (
        "3.450", "3.700", "4.148", "4.500", "112", "120", "108", "Vượt")
    # 0,3/0,7 = 42,857…: 43; twice the estimate: 200
    assert cells(cung_ky="0.3", ke_hoach="0.7", uoc_thuc_hien="0.3", next_year="0.6") == (
        "0,3", "0,7", "0,3", "0,6", "43", "100", "200", "Không đạt")
    assert cells(ke_hoach="50", uoc_thuc_hien="50") == (
        "", "50", "50", "", "100", "", "", "Đạt")
    assert cells() == ("",) * 8


def test_whole_percent_keeps_its_side_of_a_hundred() -> None:
    # 996/1000 = 99,6 and 1000/996 = 100,4 would both round to 100; 1004/996 = 100,8 is 101
    near = cells(cung_ky="1000", uoc_thuc_hien="996", next_year="1000")
    assert near[5:7] == ("99,6", "100,4")
    assert cells(uoc_thuc_hien="996", next_year="1004")[6] == "101"
    assert cells(ke_hoach="1000", uoc_thuc_hien="996")[4] == "99,6"


def test_only_column_5_follows_the_office_precision() -> None:
    # 4148/3700 = 112,108…; 4148/3450 = 120,232…; 4500/4148 = 108,486…
    assert cells(cung_ky="3450", ke_hoach="3700", uoc_thuc_hien="4148", next_year="4500",
                 thap_phan_so_sanh=2)[4:7] == ("112,11", "120", "108")


def test_figures_at_the_indicator_precision() -> None:
    assert cells(thap_phan=1, cung_ky="3450", ke_hoach="3700", uoc_thuc_hien="4148",
                 next_year="4500")[:4] == ("3.450,0", "3.700,0", "4.148,0", "4.500,0")


def test_rate_cells_in_points_with_their_sign() -> None:
    assert cells(loai="ty_le", cung_ky="95.5", ke_hoach="96", uoc_thuc_hien="96",
                 next_year="95.8") == (
        "95,5", "96", "96", "95,8", "0 điểm", "+0,5 điểm", "-0,2 điểm", "Đạt")
    assert cells(loai="phan_nghin", chieu="giam_la_tot", cung_ky="10.4", ke_hoach="10",
                 uoc_thuc_hien="10.4", next_year="10.1") == (
        "10,4", "10", "10,4", "10,1", "+0,4‰", "0‰", "-0,3‰", "Không đạt")


def test_count_of_a_whole_cells() -> None:
    assert cells(loai="so_tren_tong", tong="28", don_vi_tinh="trường", cung_ky="0",
                 ke_hoach="22", uoc_thuc_hien="28", next_year="28") == (
        "0/28", "22/28", "28/28", "28/28", "127", "", "100", "Vượt")


def test_growth_rate_cells() -> None:
    assert cells(loai="tang_truong", cung_ky="1", ke_hoach={"tu": "-2", "den": "1"},
                 uoc_thuc_hien="-1.5", next_year="-1") == (
        "tăng 1", "từ giảm 2 đến tăng 1", "giảm 1,5", "giảm 1", "", "-2,5 điểm", "+0,5 điểm",
        "Đạt")


def test_range_and_growth_plan_cells() -> None:
    assert cells(don_vi_tinh="triệu đồng", cung_ky="50", ke_hoach={"tu": "55", "den": "56"},
                 uoc_thuc_hien="56.1", next_year={"tu": "56", "den": "58"}) == (
        "50", "55-56", "56,1", "56-58", "", "112", "", "Vượt")
    assert cells(cung_ky="100", ke_hoach={"tang": {"tu": "10", "den": "12"}},
                 uoc_thuc_hien="109", next_year={"tang": "10"}) == (
        "100", "tăng 10-12%", "109", "tăng 10%", "", "109", "", "Không đạt")


def test_reduction_cells() -> None:
    # 5,2 to 4,8 is 0,4 of the 0,5 asked: 80%
    assert cells(loai="ty_le", chieu="giam_la_tot", cung_ky="5.2", ke_hoach={"giam": "0.5"},
                 uoc_thuc_hien="4.8", next_year={"giam": "0.4"}) == (
        "5,2", "giảm ≥ 0,5", "4,8", "giảm ≥ 0,4", "80", "-0,4 điểm", "", "Không đạt")
    assert cells(loai="ty_le", chieu="giam_la_tot", cung_ky="5.2", ke_hoach={"giam": "0.5"},
                 uoc_thuc_hien="4.5")[4:8:3] == ("140", "Vượt")


def test_a_hedged_estimate_has_no_exact_comparison() -> None:
    assert cells(loai="ty_le", cung_ky="60", ke_hoach="65", uoc_thuc_hien="66",
                 tien_to={"ke_hoach": "trên", "uoc_thuc_hien": "trên"}, next_year="68") == (
        "60", "trên 65", "trên 66", "68", "", "", "+2 điểm", "Đạt")


def test_a_reduction_without_last_year_has_no_completion() -> None:
    assert cells(loai="ty_le", chieu="giam_la_tot", ke_hoach={"giam": "0.5"},
                 uoc_thuc_hien="4.7")[4] == ""


def test_a_reconstructed_target_is_marked() -> None:
    value = indicator(uoc_thuc_hien="100")
    plan = target("110").model_copy(update={"suy_ra": True})
    assert appendix._cells(entry_of(value, plan))[3] == ("110", True)
    assert appendix._cells(entry_of(value, target("110")))[3] == ("110", False)


def marks(**fields: object) -> tuple[bool, ...]:
    return tuple(mark for _, mark in appendix._cells(entry_of(indicator(**fields))))


def test_empty_cells_are_never_marked_reconstructed() -> None:
    """A mark on any cell adds the appendix's note on italics: no figure, no mark."""
    assert marks(loai="ty_le", cung_ky="60", ke_hoach="65", uoc_thuc_hien="66",
                 tien_to={"uoc_thuc_hien": "trên"}) == (False,) * 8
    stated = [{"so_voi": "ke_hoach", "dat": D(87), "o_dau": "Phần I"}]
    assert marks(ke_hoach="100", ty_le_da_neu=stated) == (False,) * 8
    assert marks() == (False,) * 8


def test_only_a_stated_ratio() -> None:
    stated = [{"so_voi": "ke_hoach", "dat": D(87), "o_dau": "Phần I"}]
    assert cells(ty_le_da_neu=stated) == ("", "", "", "", "87", "", "", "Không đạt")
    stated = [{"so_voi": "ke_hoach", "vuot": D(12), "o_dau": "Phần I"}]
    assert cells(ty_le_da_neu=stated) == ("", "", "", "", "112", "", "", "Vượt")
    with_plan = [{"so_voi": "ke_hoach", "dat": D(87), "o_dau": "Phần I"}]
    assert cells(ke_hoach="100", ty_le_da_neu=with_plan)[4:] == ("", "", "", "")
    assert cells(uoc_thuc_hien="100", ty_le_da_neu=with_plan)[4:] == ("", "", "", "")
    in_units = [{"so_voi": "ke_hoach", "chenh_lech": D(-3), "o_dau": "Phần I"}]
    assert cells(ty_le_da_neu=in_units) == ("",) * 8


def test_reconstructed_figures_print_the_stated_ratio() -> None:
    stated = [{"so_voi": "ke_hoach", "dat": D(112), "o_dau": "Phần I"},
              {"so_voi": "cung_ky", "tang": D(20), "o_dau": "Phần I"}]
    entry = entry_of(indicator(cung_ky="3450", ke_hoach="3700", uoc_thuc_hien="4148",
                               suy_ra=["cung_ky", "ke_hoach"], ty_le_da_neu=stated))
    assert appendix._cells(entry) == (
        ("3.450", True), ("3.700", True), ("4.148", False), ("", False), ("112", False),
        ("120", False), ("", False), ("Vượt", False))
    unstated = entry_of(indicator(cung_ky="3450", ke_hoach="3700", uoc_thuc_hien="4148",
                                  suy_ra=["ke_hoach"]))
    assert appendix._cells(unstated)[4:] == (
        ("112", True), ("120", False), ("", False), ("Vượt", True))


def test_a_rate_stated_as_a_ratio_keeps_its_percent_sign() -> None:
    stated = [{"so_voi": "cung_ky", "giam": D(5), "o_dau": "Phần I"}]
    rate = indicator(loai="ty_le", chieu="giam_la_tot", cung_ky="10", uoc_thuc_hien="9.5",
                     suy_ra=["cung_ky"], ty_le_da_neu=stated)
    assert appendix._cells(entry_of(rate))[5] == ("95%", False)
    points = [{"so_voi": "cung_ky", "chenh_lech": D("-0.5"), "o_dau": "Phần I"}]
    rate = indicator(loai="ty_le", chieu="giam_la_tot", cung_ky="10", uoc_thuc_hien="9.5",
                     suy_ra=["cung_ky"], ty_le_da_neu=points)
    assert appendix._cells(entry_of(rate))[5] == ("-0,5 điểm", False)
    value = indicator(don_vi_tinh="hộ", cung_ky="10", uoc_thuc_hien="12", suy_ra=["cung_ky"],
                      ty_le_da_neu=[{"so_voi": "cung_ky", "chenh_lech": D(2), "o_dau": "I"}])
    assert appendix._cells(entry_of(value))[5] == ("120", True)


# --- plan bases ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "short"), [
    ("so với Nghị quyết HĐND thành phố giao", "HĐND giao"),
    ("kế hoạch tỉnh giao", "tỉnh giao"),
    ("kế hoạch tỉnh", "tỉnh giao"),
    ("Kế hoạch huyện", "huyện giao"),
    ("dự toán thành phố giao", "thành phố giao"),
    ("so với kế hoạch xã", "xã giao"),
    ("kế hoạch", "kế hoạch"),
    ("kế hoạch Sở Tài chính giao", "Sở Tài chính giao"),
])
def test_base_labels(label: str, short: str) -> None:
    assert appendix.base_label(label) == short


def test_bases_each_on_its_line() -> None:
    budget = indicator(ke_hoach=[{"nhan": "kế hoạch tỉnh giao", "gia_tri": D(205000)},
                                 {"nhan": "so với Nghị quyết HĐND xã giao", "gia_tri": D(0)}])
    assert appendix.plan_text(budget) == "tỉnh giao: 205.000\nHĐND giao: 0"
    assert appendix.plan_text(budget, stacked=True) == "tỉnh giao:\n205.000\nHĐND giao:\n0"


def test_plan_texts() -> None:
    assert appendix.plan_text(indicator(ke_hoach="3700")) == "3.700"
    assert appendix.plan_text(indicator()) == ""
    assert appendix.plan_text(indicator(loai="ty_le", ke_hoach="96",
                                        tien_to={"ke_hoach": "trên"})) == "trên 96"
    assert appendix.plan_text(indicator(loai="ty_le", chieu="giam_la_tot",
                                        ke_hoach={"giam": "0.25"})) == "giảm ≥ 0,25"
