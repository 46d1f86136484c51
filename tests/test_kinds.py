"""Growth rates, shares of a whole, growth plans on a value, ranges and qualifiers (issue #12,
items 1-5): status, text, appendix and `check`, each with figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kt_xh import appendix, compute, wording
from kt_xh.checks import run_check
from kt_xh.compute import Status
from kt_xh.loading import load_report
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, write_data
from factories import entry_of, indicator

HEADER = MINIMAL_ACTUALS.split("chi_tieu:\n")[0] + "chi_tieu:\n"
EMPTY_TARGETS = "nam: 2024\nchi_tieu: {}\n"


def folder_with(tmp_path: Path, indicators: str, targets: str = EMPTY_TARGETS) -> Path:
    return write_data(tmp_path / "data", HEADER + indicators, targets)


def rendered(tmp_path: Path, indicators: str, source: str, targets: str = EMPTY_TARGETS) -> str:
    report = load_report(folder_with(tmp_path, indicators, targets)).report
    return render_source(source, "thu", report).text


def appendix_row(tmp_path: Path, indicators: str, name: str,
                 targets: str = EMPTY_TARGETS) -> tuple[str, ...]:
    report = load_report(folder_with(tmp_path, indicators, targets)).report
    return next(row.cells for row in appendix.rows(report) if row.name == name)


def status_of(**fields: object) -> Status | None:
    return compute.status(indicator(**fields))


# ---------------------------------------------------------------- growth rates (tang_truong)
GROWTH = """\
  tang_truong_gtsx:
    ten: Tốc độ tăng trưởng giá trị sản xuất
    don_vi_tinh: '%'
    loai: tang_truong
    cung_ky: 9.5
    ke_hoach: {{tu: 8, den: 9}}
    uoc_thuc_hien: {actual}
"""


@pytest.mark.parametrize(("actual", "text", "cell", "verdict"), [
    ("11.07", "tăng 11,07%", "tăng 11,07", "Vượt"),
    ("8.5", "tăng 8,5%", "tăng 8,5", "Đạt"),
    ("9", "tăng 9%", "tăng 9", "Đạt"),  # the upper bound is inside the range
    ("-1.5", "giảm 1,5%", "giảm 1,5", "Không đạt"),
    ("143.15", "tăng 143,15%", "tăng 143,15", "Vượt"),
])
def test_a_growth_rate_is_worded_and_judged_against_its_range(
        tmp_path: Path, actual: str, text: str, cell: str, verdict: str) -> None:
    data = GROWTH.format(actual=actual)
    assert rendered(tmp_path, data, "{{ ct.tang_truong_gtsx | gia_tri }}") == text
    cells = appendix_row(tmp_path, data, "Tốc độ tăng trưởng giá trị sản xuất")
    assert cells[1] == "tăng 8-9" and cells[2] == cell and cells[7] == verdict


def test_a_growth_rate_against_one_plan_and_last_year_in_points(tmp_path: Path) -> None:
    data = GROWTH.format(actual="11.07").replace("{tu: 8, den: 9}", "8")
    # 11,07 - 8 = 3,07 points above plan; 11,07 - 9,5 = 1,57 points above last year
    assert rendered(tmp_path, data, "{{ ct.tang_truong_gtsx | dat_ke_hoach }}") == (
        "vượt kế hoạch 3,07 điểm phần trăm")
    assert rendered(tmp_path, data, "{{ ct.tang_truong_gtsx | so_cung_ky }}") == (
        "tăng 1,57 điểm phần trăm so với cùng kỳ năm 2022")
    cells = appendix_row(tmp_path, data, "Tốc độ tăng trưởng giá trị sản xuất")
    assert cells[:3] == ("tăng 9,5", "tăng 8", "tăng 11,07")
    assert cells[4:6] == ("+3,07 điểm", "+1,57 điểm")


def test_the_range_phrase_of_a_growth_rate_reads_as_the_sources(tmp_path: Path) -> None:
    data = GROWTH.format(actual="11.07")
    line = "{{ ct.tang_truong_gtsx | gia_tri }}/KH {{ ct.tang_truong_gtsx | gia_tri('ke_hoach') }}"
    assert rendered(tmp_path, data, line) == "tăng 11,07%/KH tăng 8-9%"
    assert rendered(tmp_path, data, "{{ ct.tang_truong_gtsx | dat_ke_hoach(nhan='KH') }}") == (
        "vượt KH (tăng 8-9%)")


def test_a_growth_rate_keeps_its_sign_when_rounded() -> None:
    small = indicator(loai="tang_truong", thap_phan=1, uoc_thuc_hien="-0.04")
    # at one decimal -0,04 would print "giảm 0%": it needs two
    assert wording.figure_text(small, small.uoc_thuc_hien) == "giảm 0,04%"


def test_a_growth_rate_below_minus_100_is_out_of_bounds(tmp_path: Path) -> None:
    result = run_check(folder_with(tmp_path, GROWTH.format(actual="-120")), None)
    bounds = [f for f in result.findings if f.rule == "ngoai-gioi-han"]
    assert len(bounds) == 1 and "-120" in bounds[0].message
    ok = run_check(folder_with(tmp_path, GROWTH.format(actual="143.15")), None)
    assert not [f for f in ok.findings if f.rule == "ngoai-gioi-han"]


# ---------------------------------------------------------------- shares of a whole (ty_trong)
SHARES = """\
  ty_trong_nong_nghiep:
    ten: Tỷ trọng nông, lâm nghiệp và thủy sản
    don_vi_tinh: '%'
    loai: ty_trong
    co_cau: co_cau_kinh_te
    chieu: giam_la_tot
    ke_hoach: {{tu: 24.5, den: 25.5}}
    uoc_thuc_hien: {agriculture}
  ty_trong_cong_nghiep:
    ten: Tỷ trọng công nghiệp - xây dựng
    don_vi_tinh: '%'
    loai: ty_trong
    co_cau: co_cau_kinh_te
    uoc_thuc_hien: 31.6
  ty_trong_dich_vu:
    ten: Tỷ trọng dịch vụ
    don_vi_tinh: '%'
    loai: ty_trong
    co_cau: co_cau_kinh_te
    uoc_thuc_hien: {services}
"""


@pytest.mark.parametrize(("agriculture", "services", "total", "failing"), [
    ("23.4", "45.0", "100", False),
    ("23.4", "44.9", "99,9", False),   # within 3 x 0,05 of rounding
    ("23.4", "45.2", "100,2", True),   # 0,2 > 0,15
    ("23.4", "42", "97,0", True),
])
def test_the_shares_of_a_whole_add_up_to_100(tmp_path: Path, agriculture: str, services: str,
                                             total: str, failing: bool) -> None:
    data = SHARES.format(agriculture=agriculture, services=services)
    result = run_check(folder_with(tmp_path, data), None)
    found = [f for f in result.findings if f.rule == "co-cau-lech"]
    assert bool(found) == failing
    if failing:
        lines = (HEADER + data).splitlines()
        assert found[0].line == lines.index("    co_cau: co_cau_kinh_te") + 1
        assert f"cộng lại {total}%" in found[0].message
        assert "co_cau_kinh_te" in found[0].message


def test_a_falling_share_declared_lower_is_better_is_met(tmp_path: Path) -> None:
    data = SHARES.format(agriculture="23.4", services="45.0")
    assert rendered(tmp_path, data, "{{ ct.ty_trong_nong_nghiep | dat_ke_hoach(nhan='KH') }}") == (
        "thấp hơn KH (24,5-25,5%)")
    cells = appendix_row(tmp_path, data, "Tỷ trọng nông, lâm nghiệp và thủy sản")
    assert cells[1] == "24,5-25,5" and cells[7] == "Vượt"
    assert status_of(loai="ty_trong", chieu="giam_la_tot", ke_hoach="24",
                     uoc_thuc_hien="23.4") is Status.VUOT
    assert status_of(loai="ty_trong", ke_hoach="24", uoc_thuc_hien="23.4") is Status.KHONG_DAT


def test_a_share_above_100_is_out_of_bounds(tmp_path: Path) -> None:
    data = SHARES.format(agriculture="23.4", services="101")
    result = run_check(folder_with(tmp_path, data), None)
    assert [f.indicator for f in result.findings if f.rule == "ngoai-gioi-han"] == [
        "ty_trong_dich_vu"]


def test_co_cau_belongs_to_shares_only() -> None:
    with pytest.raises(ValidationError, match="co_cau"):
        indicator(loai="ty_le", co_cau="grdp")


# ---------------------------------------------------------------- a growth plan on a value
REVENUE = """\
  thu_ngan_sach:
    ten: Thu ngân sách nhà nước trên địa bàn
    don_vi_tinh: tỷ đồng
    cung_ky: 100
    ke_hoach: {{tang: {{tu: 10, den: 12}}}}
    uoc_thuc_hien: {actual}
"""


@pytest.mark.parametrize(("actual", "phrase", "verdict"), [
    ("118.4", "vượt kế hoạch (tăng 10-12%)", "Vượt"),     # 118,4 / 100 = +18,4%
    ("111", "đạt kế hoạch (tăng 10-12%)", "Đạt"),
    ("112", "đạt kế hoạch (tăng 10-12%)", "Đạt"),
    ("109", "chưa đạt kế hoạch (tăng 10-12%)", "Không đạt"),
])
def test_a_growth_plan_is_met_by_the_growth_against_last_year(
        tmp_path: Path, actual: str, phrase: str, verdict: str) -> None:
    data = REVENUE.format(actual=actual)
    assert rendered(tmp_path, data, "{{ ct.thu_ngan_sach | dat_ke_hoach }}") == phrase
    assert rendered(tmp_path, data, "{{ ct.thu_ngan_sach.trang_thai }}") == verdict
    cells = appendix_row(tmp_path, data, "Thu ngân sách nhà nước trên địa bàn")
    assert cells[1] == "tăng 10-12%" and cells[4] == "" and cells[7] == verdict


def test_a_growth_plan_prints_after_kh(tmp_path: Path) -> None:
    data = REVENUE.format(actual="118.4")
    line = ("thu ngân sách {{ ct.thu_ngan_sach | so_cung_ky(thap_phan=1) }} "
            "(KH {{ ct.thu_ngan_sach | gia_tri('ke_hoach') }})")
    assert rendered(tmp_path, data, line) == (
        "thu ngân sách tăng 18,4% so với cùng kỳ năm 2022 (KH tăng 10-12%)")
    assert rendered(tmp_path, data, "{{ ct.thu_ngan_sach.ke_hoach }}") == "tăng 10-12%"


@pytest.mark.parametrize(("actual", "printed"), [
    ("112.4", "tăng 12,4%"),   # Vượt: "tăng 12%" would read as within the plan
    ("109.6", "tăng 9,6%"),    # Không đạt: "tăng 10%" would read as met
    ("111.4", "tăng 11%"),     # inside the range either way
])
def test_the_growth_keeps_its_side_of_the_plan(tmp_path: Path, actual: str, printed: str
                                               ) -> None:
    data = REVENUE.format(actual=actual)
    assert rendered(tmp_path, data, "{{ ct.thu_ngan_sach | so_cung_ky(so_voi='so với 2022') }}"
                    ) == f"{printed} so với 2022"


def test_one_growth_figure_and_no_last_year() -> None:
    assert status_of(cung_ky="200", ke_hoach={"tang": "10"}, uoc_thuc_hien="220") is Status.DAT
    assert status_of(cung_ky="200", ke_hoach={"tang": "10"}, uoc_thuc_hien="221") is Status.VUOT
    assert status_of(cung_ky="200", ke_hoach={"tang": "10"}, uoc_thuc_hien="219") is (
        Status.KHONG_DAT)
    assert status_of(ke_hoach={"tang": "10"}, uoc_thuc_hien="220") is None


@pytest.mark.parametrize("fields", [
    {"loai": "ty_le", "ke_hoach": {"tang": "2"}},
    {"chieu": "giam_la_tot", "ke_hoach": {"tang": "2"}},
])
def test_a_growth_plan_is_for_values_where_higher_is_better(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="tang"):
        indicator(**fields)


# ---------------------------------------------------------------- ranges
INCOME = """\
  thu_nhap:
    ten: Thu nhập bình quân đầu người
    don_vi_tinh: triệu đồng
    ke_hoach: {tu: 55, den: 56}
    uoc_thuc_hien: 55.3
"""


def test_a_range_prints_as_the_sources_write_it(tmp_path: Path) -> None:
    line = ("{{ ct.thu_nhap | gia_tri }}/KH {{ ct.thu_nhap | gia_tri('ke_hoach') }}, "
            "{{ ct.thu_nhap.ke_hoach }}, {{ ct.thu_nhap | dat_ke_hoach(nhan='KH') }}")
    assert rendered(tmp_path, INCOME, line) == (
        "55,3 triệu đồng/KH 55-56 triệu đồng, 55-56, đạt KH (55-56 triệu đồng)")
    cells = appendix_row(tmp_path, INCOME, "Thu nhập bình quân đầu người")
    assert cells[1] == "55-56" and cells[7] == "Đạt"


def test_next_years_range_prints_the_same_way(tmp_path: Path) -> None:
    targets = "nam: 2024\nchi_tieu:\n  thu_nhap:\n    ke_hoach: {tu: 58, den: 60}\n"
    assert rendered(tmp_path, INCOME, "KH {{ ct.thu_nhap | muc_tieu }}", targets) == (
        "KH 58-60 triệu đồng")
    assert appendix_row(tmp_path, INCOME, "Thu nhập bình quân đầu người", targets)[3] == "58-60"


@pytest.mark.parametrize("typed", ["8-9", "'8 - 9'", "'8,5-9'"])
def test_a_range_typed_as_text_gets_the_range_form(tmp_path: Path, typed: str) -> None:
    data = GROWTH.format(actual="11.07").replace("{tu: 8, den: 9}", typed)
    result = run_check(folder_with(tmp_path, data), None)
    message = next(f for f in result.findings if f.rule == "sai-luoc-do")
    low = typed.strip("'").split("-")[0].strip()
    assert f"ke_hoach: {{tu: {low}, den: 9}}" in message.message
    assert message.line == (HEADER + data).splitlines().index(f"    ke_hoach: {typed}") + 1


def test_a_negative_figure_is_not_taken_for_a_range() -> None:
    assert indicator(loai="tang_truong", uoc_thuc_hien="-1,5").uoc_thuc_hien == -1.5


# ---------------------------------------------------------------- qualifiers
@pytest.mark.parametrize(("plan_qualifier", "actual", "verdict"), [
    ("trên", "96.1", Status.DAT),
    ("trên", "96", Status.KHONG_DAT),
    ("hơn", "99", Status.DAT),   # an open plan is met, never exceeded
    ("từ", "96", Status.DAT),
    ("từ", "95.9", Status.KHONG_DAT),
    ("gần", "96", Status.DAT),   # "gần 96" as a plan reads as the plan 96
    ("khoảng", "95.9", Status.KHONG_DAT),
])
def test_a_qualified_plan(plan_qualifier: str, actual: str, verdict: Status) -> None:
    assert status_of(loai="ty_le", ke_hoach="96", uoc_thuc_hien=actual,
                     tien_to={"ke_hoach": plan_qualifier}) is verdict


def test_a_plan_below_a_threshold() -> None:
    poverty = {"loai": "ty_le", "chieu": "giam_la_tot", "ke_hoach": "3",
               "tien_to": {"ke_hoach": "dưới"}}
    assert status_of(uoc_thuc_hien="2.9", **poverty) is Status.DAT
    assert status_of(uoc_thuc_hien="3", **poverty) is Status.KHONG_DAT


@pytest.mark.parametrize(("estimate_qualifier", "plan", "direction", "verdict"), [
    ("trên", "96", "tang_la_tot", Status.VUOT),      # above 96 is above the plan 96
    ("hơn", "97", "tang_la_tot", Status.KHONG_DAT),  # "hơn 96" may be 96,5: never claimed met
    ("gần", "96", "tang_la_tot", Status.KHONG_DAT),  # nearly 96 is below 96
    ("gần", "95", "tang_la_tot", Status.VUOT),
    ("khoảng", "96", "tang_la_tot", Status.KHONG_DAT),  # may be below
    ("khoảng", "95", "tang_la_tot", Status.VUOT),
    ("từ", "96", "tang_la_tot", Status.DAT),
    ("dưới", "90", "tang_la_tot", Status.KHONG_DAT),  # no floor: may be anything below
    ("dưới", "96", "giam_la_tot", Status.VUOT),      # below 96 beats a ceiling of 96
    ("khoảng", "96", "giam_la_tot", Status.KHONG_DAT),  # may be above
    ("trên", "99", "giam_la_tot", Status.KHONG_DAT),  # no ceiling
])
def test_a_qualified_estimate_is_judged_at_its_worst(estimate_qualifier: str, plan: str,
                                                     direction: str, verdict: Status) -> None:
    assert status_of(loai="ty_le", chieu=direction, ke_hoach=plan, uoc_thuc_hien="96",
                     tien_to={"uoc_thuc_hien": estimate_qualifier}) is verdict


FAMILIES = """\
  gia_dinh_van_hoa:
    ten: Tỷ lệ hộ gia đình văn hóa
    don_vi_tinh: '%'
    loai: ty_le
    ke_hoach: 96
    uoc_thuc_hien: {actual}
    tien_to: {{{which}: trên}}
"""


def test_qualifiers_print_in_text_and_appendix(tmp_path: Path) -> None:
    plan = FAMILIES.format(actual="96.1", which="ke_hoach")
    line = "{{ ct.gia_dinh_van_hoa | gia_tri }}/KH {{ ct.gia_dinh_van_hoa | gia_tri('ke_hoach') }}"
    assert rendered(tmp_path, plan, line) == "96,1%/KH trên 96%"
    assert rendered(tmp_path, plan, "{{ ct.gia_dinh_van_hoa | dat_ke_hoach }}") == (
        "đạt kế hoạch (trên 96%)")
    cells = appendix_row(tmp_path, plan, "Tỷ lệ hộ gia đình văn hóa")
    assert (cells[1], cells[2], cells[7]) == ("trên 96", "96,1", "Đạt")
    estimate = FAMILIES.format(actual="96", which="uoc_thuc_hien")
    assert rendered(tmp_path, estimate, "{{ ct.gia_dinh_van_hoa | ket_qua('gia_tri', "
                                        "'ke_hoach') }}") == (
        "ước đạt trên 96%, vượt kế hoạch (96%)")
    cells = appendix_row(tmp_path, estimate, "Tỷ lệ hộ gia đình văn hóa")
    # the hedge leaves the difference unknown: no "0 điểm" beside a Vượt
    assert (cells[1], cells[2], cells[4], cells[7]) == ("96", "trên 96", "", "Vượt")


def test_a_plan_qualifier_needs_a_plan_that_is_one_number() -> None:
    with pytest.raises(ValidationError, match="tien_to"):
        indicator(ke_hoach={"tu": "1", "den": "2"}, tien_to={"ke_hoach": "trên"})


def test_a_range_is_text_for_so(tmp_path: Path) -> None:
    from kt_xh.errors import TemplateError

    with pytest.raises(TemplateError, match="gia_tri\\('ke_hoach'\\)"):
        rendered(tmp_path, INCOME, "{{ ct.thu_nhap.ke_hoach | so }}")


def test_next_years_growth_target_belongs_to_a_value(tmp_path: Path) -> None:
    targets = "nam: 2024\nchi_tieu:\n  tang_truong_gtsx:\n    ke_hoach: {tang: 9}\n"
    result = run_check(folder_with(tmp_path, GROWTH.format(actual="11.07"), targets), None)
    found = [f for f in result.findings if f.rule == "hai-tep-lech"]
    assert len(found) == 1 and found[0].line == 4 and "mức tăng" in found[0].message


def test_new_year_keeps_the_structure_of_a_share(tmp_path: Path) -> None:
    from kt_xh.project import new_year

    folder = folder_with(tmp_path, SHARES.format(agriculture="23.4", services="45.0"))
    new_actuals, _ = new_year(folder, 2024)
    rolled = new_actuals.read_text(encoding="utf-8")
    assert rolled.count("co_cau: co_cau_kinh_te") == 3


def test_a_hedged_estimate_against_a_reduction_plan_and_plan_bases() -> None:
    poverty = {"loai": "ty_le", "chieu": "giam_la_tot", "cung_ky": "2", "ke_hoach": {"giam": "0.5"}}
    # "dưới 1,5%": the rate is below 1,5, so it fell by more than 2 - 1,5 = 0,5 points
    below = indicator(uoc_thuc_hien="1.5", tien_to={"uoc_thuc_hien": "dưới"}, **poverty)
    assert compute.status(below) is Status.VUOT
    assert wording.plan_phrase(entry_of(below)) == (
        "vượt kế hoạch (giảm từ 0,5 điểm phần trăm trở lên)")
    # "khoảng 1,5%" may be 1,51: a fall of 0,49 does not reach the plan
    about = indicator(uoc_thuc_hien="1.5", tien_to={"uoc_thuc_hien": "khoảng"}, **poverty)
    assert compute.status(about) is Status.KHONG_DAT
    assert wording.plan_phrase(entry_of(about)) == (
        "không đạt kế hoạch (giảm từ 0,5 điểm phần trăm trở lên)")
    revenue = indicator(uoc_thuc_hien="120", tien_to={"uoc_thuc_hien": "hơn"}, ke_hoach=[
        {"nhan": "kế hoạch tỉnh giao", "gia_tri": "100"},
        {"nhan": "Nghị quyết HĐND giao", "gia_tri": "130", "chinh": True}])
    # the primary base (130) decides: "hơn 120" may be 125
    assert compute.status(revenue) is Status.KHONG_DAT
    assert wording.plan_phrase(entry_of(revenue)) == "chưa đạt kế hoạch"
