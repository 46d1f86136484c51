"""Phrases of conventions section 3, each from figures of the seed or worked by hand."""

from __future__ import annotations

from decimal import Decimal

from kt_xh import wording

from factories import entry_of, indicator, target

D = Decimal


def test_figures_as_the_report_writes_them() -> None:
    assert wording.figure_text(indicator(), D("4148")) == "4.148 tỷ đồng"
    assert wording.figure_text(indicator(), D("271.2")) == "271,2 tỷ đồng"
    assert wording.figure_text(indicator(don_vi_tinh="ha"), D("2698.05")) == "2.698,05 ha"
    assert wording.figure_text(indicator(loai="ty_le"), D("27.85")) == "27,85%"
    assert wording.figure_text(indicator(loai="phan_nghin"), D("10.4")) == "10,4‰"
    schools = indicator(loai="so_tren_tong", tong="28", don_vi_tinh="trường")
    assert wording.figure_text(schools, D(22)) == "22/28 trường"
    assert wording.figure_text(indicator(loai="ty_le"), D(96), qualifier="trên") == "trên 96%"
    assert wording.figure_text(indicator(thap_phan=1), D("4148")) == "4.148,0 tỷ đồng"
    assert wording.figure_text(indicator(), None) is None


def test_value_against_plan() -> None:
    retail = indicator(uoc_thuc_hien="4148", ke_hoach="3700")
    assert wording.plan_phrase(entry_of(retail)) == "đạt 112% kế hoạch"
    per_ha = indicator(uoc_thuc_hien="115.7", ke_hoach="107.9", thap_phan_so_sanh=1)
    assert wording.plan_phrase(entry_of(per_ha), style="vuot") == "vượt 7,2% kế hoạch"
    assert wording.plan_phrase(entry_of(per_ha)) == "đạt 107,2% kế hoạch"
    below = indicator(uoc_thuc_hien="250", ke_hoach="350", thap_phan_so_sanh=1)
    # never "vượt -28,6%"
    assert wording.plan_phrase(entry_of(below), style="vuot") == "đạt 71,4% kế hoạch"
    same = indicator(uoc_thuc_hien="50", ke_hoach="50")
    assert wording.plan_phrase(entry_of(same), style="bang") == "bằng 100% kế hoạch"


def test_value_against_last_year() -> None:
    retail = indicator(uoc_thuc_hien="4148", cung_ky="3450")
    assert wording.last_year_phrase(entry_of(retail), 2022) == "tăng 20% so với cùng kỳ năm 2022"
    assert wording.last_year_phrase(entry_of(retail), 2022, against="so với năm 2022") == (
        "tăng 20% so với năm 2022")
    fall = indicator(uoc_thuc_hien="72.89", cung_ky="100", thap_phan_so_sanh=2)
    assert wording.last_year_phrase(entry_of(fall), 2022) == (
        "giảm 27,11% so với cùng kỳ năm 2022")
    assert wording.last_year_phrase(entry_of(fall), 2022, style="bang") == (
        "bằng 72,89% so với cùng kỳ năm 2022")
    near = indicator(uoc_thuc_hien="950", cung_ky="951")  # 99,89%: never "bằng" (conventions 2)
    assert wording.last_year_phrase(entry_of(near), 2022) == "giảm 0,1% so với cùng kỳ năm 2022"
    same = indicator(uoc_thuc_hien="951", cung_ky="951")
    assert wording.last_year_phrase(entry_of(same), 2022) == "bằng cùng kỳ năm 2022"
    double = indicator(uoc_thuc_hien="223490", cung_ky="105000")  # 212,8%
    assert wording.last_year_phrase(entry_of(double), 2022) == "gấp 2,1 lần cùng kỳ năm 2022"


def test_rates_are_compared_in_points() -> None:
    poverty = indicator(loai="ty_le", chieu="giam_la_tot", uoc_thuc_hien="1.56", ke_hoach="1.81",
                        cung_ky="1.84")
    assert wording.plan_phrase(entry_of(poverty)) == "thấp hơn kế hoạch 0,25 điểm phần trăm"
    assert wording.last_year_phrase(entry_of(poverty), 2022) == (
        "giảm 0,28 điểm phần trăm so với cùng kỳ năm 2022")
    near_poverty = indicator(loai="ty_le", chieu="giam_la_tot", uoc_thuc_hien="0.8",
                             ke_hoach="0.62")
    assert wording.plan_phrase(entry_of(near_poverty)) == "cao hơn kế hoạch 0,18 điểm phần trăm"
    forest = indicator(loai="ty_le", uoc_thuc_hien="27.85", ke_hoach="27.5")
    assert wording.plan_phrase(entry_of(forest)) == "vượt kế hoạch 0,35 điểm phần trăm"
    insured = indicator(loai="ty_le", uoc_thuc_hien="50", ke_hoach="50", cung_ky="50")
    assert wording.plan_phrase(entry_of(insured)) == "đạt kế hoạch"
    assert wording.last_year_phrase(entry_of(insured), 2022) == "bằng cùng kỳ năm 2022"
    reduction = indicator(loai="ty_le", uoc_thuc_hien="0.28", cung_ky="0.18")
    assert wording.last_year_phrase(entry_of(reduction), 2022) == (
        "tăng 0,1 điểm phần trăm so với cùng kỳ năm 2022")  # not "0,10"
    births = indicator(loai="phan_nghin", chieu="giam_la_tot", uoc_thuc_hien="10.4",
                       ke_hoach="10.5")
    assert wording.plan_phrase(entry_of(births)) == "thấp hơn kế hoạch 0,1‰"


def test_lower_is_better_value_is_never_said_to_reach_a_percentage() -> None:
    accidents = indicator(chieu="giam_la_tot", don_vi_tinh="vụ", uoc_thuc_hien="7",
                          ke_hoach="10")
    assert wording.plan_phrase(entry_of(accidents)) == "thấp hơn kế hoạch 30%"
    worse = indicator(chieu="giam_la_tot", uoc_thuc_hien="12", ke_hoach="10")
    assert wording.plan_phrase(entry_of(worse)) == "cao hơn kế hoạch 20%"


def test_several_plan_bases() -> None:
    revenue = indicator(uoc_thuc_hien="132900", ke_hoach=[
        {"nhan": "kế hoạch tỉnh giao", "gia_tri": "205000"},
        {"nhan": "so với Nghị quyết HĐND thành phố giao", "gia_tri": "208000", "chinh": True},
    ])
    assert wording.plan_phrase(entry_of(revenue)) == (
        "đạt 65% kế hoạch tỉnh giao và đạt 64% so với Nghị quyết HĐND thành phố giao")
    total = indicator(uoc_thuc_hien="517929", ke_hoach=[
        {"nhan": "kế hoạch tỉnh", "gia_tri": "465000"},
        {"nhan": "Nghị quyết HĐND thành phố giao", "gia_tri": "465000"},
    ])
    assert wording.plan_phrase(entry_of(total)) == (
        "đạt 111% kế hoạch tỉnh và Nghị quyết HĐND thành phố giao")


def test_range_and_reduction_plans() -> None:
    income = indicator(don_vi_tinh="triệu đồng", uoc_thuc_hien="55.3",
                       ke_hoach={"tu": "55", "den": "56"})
    assert wording.plan_phrase(entry_of(income)) == "đạt kế hoạch (55-56 triệu đồng)"
    high = indicator(don_vi_tinh="triệu đồng", uoc_thuc_hien="57",
                     ke_hoach={"tu": "55", "den": "56"})
    assert wording.plan_phrase(entry_of(high)) == "vượt kế hoạch (55-56 triệu đồng)"
    poverty = indicator(loai="ty_le", chieu="giam_la_tot", cung_ky="1.84", uoc_thuc_hien="1.56",
                        ke_hoach={"giam": "0.5"})
    assert wording.plan_phrase(entry_of(poverty)) == (
        "giảm 0,28 điểm phần trăm so với cùng kỳ, không đạt kế hoạch "
        "(giảm từ 0,5 điểm phần trăm trở lên)")


def test_target_against_estimate() -> None:
    income = indicator(don_vi_tinh="triệu đồng/người/năm", uoc_thuc_hien="59")
    assert wording.target_phrase(entry_of(income, target("62")), 2023) == (
        "tăng 5% so với ước thực hiện năm 2023")
    health = indicator(loai="ty_le", uoc_thuc_hien="50")
    assert wording.target_phrase(entry_of(health, target("60")), 2023) == (
        "tăng 10 điểm phần trăm so với ước thực hiện năm 2023")
