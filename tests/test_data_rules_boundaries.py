"""The data rules of `ktxh check` at their edges (issue #18): each threshold exactly, just inside
and just outside, counts of 0 and of the whole, sums within and beyond their rounding, every
figure a rule reads. Expected values are worked out by hand in the comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from kt_xh.checks import run_check
from kt_xh.checks.findings import Finding

from conftest import MINIMAL_ACTUALS, write_data

HEADER = MINIMAL_ACTUALS.split("chi_tieu:\n")[0] + "chi_tieu:\n"
NO_TARGETS = "nam: 2024\nchi_tieu: {}\n"


def block(indicator_id: str, unit: str = "tỷ đồng", **fields: object) -> str:
    """One indicator of the data file; each field is written as given (YAML flow text)."""
    lines = [f"  {indicator_id}:", f"    ten: Chỉ tiêu {indicator_id}",
             f"    don_vi_tinh: '{unit}'"]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def found(tmp_path: Path, rule: str, indicators: str, targets: str = NO_TARGETS
          ) -> list[Finding]:
    folder = write_data(tmp_path / "data", HEADER + indicators, targets)
    return [f for f in run_check(folder, None).findings if f.rule == rule]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ---------------------------------------------------------------- thanh-phan-lech
def parts(total: dict[str, object], *values: dict[str, object], kieu: str = "du") -> str:
    names = [f"phan_{n}" for n in range(1, len(values) + 1)]
    breakdown = f"[{{gom: [{', '.join(names)}], kieu: {kieu}}}]"
    return block("tong_so", **total, thanh_phan=breakdown) + "".join(
        block(name, **value) for name, value in zip(names, values, strict=True))


@pytest.mark.parametrize(("values", "difference"), [
    # Whole 10 and three whole parts: each may be off by half a unit, so 4 x 0,5 = 2 is allowed.
    (("3", "4", "5"), None),      # 12 - 10 = 2: exactly the tolerance
    (("3", "3", "2"), None),      # 8 - 10 = -2: exactly the tolerance below
    (("3", "4", "6"), "3"),       # 13 - 10 = 3 > 2
    (("3", "3", "1"), "-3"),      # 7 - 10 = -3
    # A part with one decimal may be off by 0,05: 0,5 + 0,5 + 0,5 + 0,05 = 1,55.
    (("3", "4", "4.7"), "1,7"),   # 11,7 - 10 = 1,7 > 1,55 (a tolerance 1,2 times wider passes it)
    (("3", "4", "4.5"), None),    # 11,5 - 10 = 1,5 <= 1,55
    (("3", "4", "4.6"), "1,6"),   # 1,6 > 1,55 by 0,05: one unit of the part's precision
])
def test_parts_add_up_within_the_rounding_of_every_figure(tmp_path: Path, values: tuple[str, ...],
                                                          difference: str | None) -> None:
    data = parts({"uoc_thuc_hien": 10}, *({"uoc_thuc_hien": v} for v in values))
    result = found(tmp_path, "thanh-phan-lech", data)
    if difference is None:
        assert result == []
        return
    [finding] = result
    assert finding.figures["chenh_lech"] == difference and finding.figures["tong"] == "10"
    assert finding.line == line_of(HEADER + data, "thanh_phan") and finding.indicator == "tong_so"
    assert "ước thực hiện" in finding.message


def test_the_rounding_of_a_precise_whole_is_a_twentieth(tmp_path: Path) -> None:
    """4148 with parts 4000,4 and 150,8: the sum 4151,2 is 3,2 off, beyond 0,5 + 0,05 + 0,05."""
    data = parts({"uoc_thuc_hien": 4148}, {"uoc_thuc_hien": "4000.4"}, {"uoc_thuc_hien": "150.8"})
    [finding] = found(tmp_path, "thanh-phan-lech", data)
    assert finding.figures == {"tong": "4.148", "cong_cac_phan": "4.151,2", "chenh_lech": "3,2"}


def test_a_totals_plan_is_checked_against_its_parts_plans(tmp_path: Path) -> None:
    """Estimates that add up, plans that do not: 2000 + 1600 = 3600 against a plan of 3700."""
    data = parts({"uoc_thuc_hien": 300, "ke_hoach": 3700},
                 {"uoc_thuc_hien": 100, "ke_hoach": 2000},
                 {"uoc_thuc_hien": 200, "ke_hoach": 1600})
    [finding] = found(tmp_path, "thanh-phan-lech", data)
    assert finding.figures == {"tong": "3.700", "cong_cac_phan": "3.600", "chenh_lech": "-100"}
    assert "số kế hoạch của tổng là 3.700" in finding.message
    first, second = (line_of(HEADER + data, f"ke_hoach: {v}") for v in (2000, 1600))
    assert f"(phan_1 (dòng {first}), phan_2 (dòng {second}))" in finding.message


def test_last_years_figures_are_added_too(tmp_path: Path) -> None:
    data = parts({"cung_ky": 50}, {"cung_ky": 20}, {"cung_ky": 20})  # 40 against 50
    [finding] = found(tmp_path, "thanh-phan-lech", data)
    assert "số cùng kỳ của tổng là 50" in finding.message


@pytest.mark.parametrize(("total", "first"), [
    ({"ke_hoach": "{tu: 90, den: 100}"}, {"ke_hoach": 20}),  # a range plan is not one figure
    ({"ke_hoach": 100}, {}),                                    # a part without its plan
    ({"ke_hoach": 100, "ty_le_da_neu": "[{so_voi: ke_hoach, dat: 50, o_dau: I}]",
      "uoc_thuc_hien": 50, "suy_ra": "[ke_hoach]"}, {"ke_hoach": 20}),  # reconstructed plan
])
def test_a_figure_that_is_not_one_exact_number_is_not_added(
        tmp_path: Path, total: dict[str, object], first: dict[str, object]) -> None:
    data = parts(total, first, {"ke_hoach": 20})
    assert found(tmp_path, "thanh-phan-lech", data) == []


def test_a_total_without_the_figure_leaves_its_parts_unchecked(tmp_path: Path) -> None:
    data = parts({"ke_hoach": 100}, {"uoc_thuc_hien": 1, "ke_hoach": 60},
                 {"uoc_thuc_hien": 2, "ke_hoach": 40})
    assert found(tmp_path, "thanh-phan-lech", data) == []


def test_a_listed_breakdown_is_never_added(tmp_path: Path) -> None:
    data = parts({"uoc_thuc_hien": 100}, {"uoc_thuc_hien": 1}, {"uoc_thuc_hien": 2},
                 kieu="liet_ke")
    assert found(tmp_path, "thanh-phan-lech", data) == []


@pytest.mark.parametrize(("values", "difference"), [
    (("3", "4", "5"), None),    # 12 - 10 = 2: exactly the tolerance
    (("3", "4", "6"), "3"),     # 13 > 10 + 2: a part cannot exceed the total
    (("1", "1", "1"), None),    # 3 of 10: a partial breakdown may fall far short
])
def test_a_partial_breakdown_may_fall_short_but_not_exceed(
        tmp_path: Path, values: tuple[str, ...], difference: str | None) -> None:
    data = parts({"uoc_thuc_hien": 10}, *({"uoc_thuc_hien": v} for v in values), kieu="mot_phan")
    result = found(tmp_path, "thanh-phan-lech", data)
    assert [f.figures["chenh_lech"] for f in result] == ([difference] if difference else [])
    if difference:
        assert "một phần không thể lớn hơn tổng" in result[0].message


def test_the_wholes_of_counts_of_a_whole_add_up(tmp_path: Path) -> None:
    """28 schools in all, parts of 10 and 15 schools: 25, three short of the whole."""
    count = {"loai": "so_tren_tong", "uoc_thuc_hien": 5}
    data = parts({**count, "tong": 28, "uoc_thuc_hien": 10}, {**count, "tong": 10},
                 {**count, "tong": 15}).replace("'tỷ đồng'", "trường")
    [finding] = found(tmp_path, "thanh-phan-lech", data)  # the counts, 5 + 5 = 10, add up
    assert finding.figures == {"tong": "28", "cong_cac_phan": "25", "chenh_lech": "-3"}
    assert "khác số tổng số của tổng là 28 trường" in finding.message


# ---------------------------------------------------------------- co-cau-lech
def shares(*values: str, plans: tuple[str, ...] = ()) -> str:
    return "".join(block(f"ty_trong_{n}", "%", loai="ty_trong", co_cau="grdp",
                         uoc_thuc_hien=value, **({"ke_hoach": plans[n]} if plans else {}))
                   for n, value in enumerate(values))


@pytest.mark.parametrize(("values", "total"), [
    (("25", "25", "25", "23"), None),   # 98: 2 below 100, exactly 4 x 0,5
    (("25", "25", "25", "27"), None),   # 102: exactly 2 above
    (("25", "25", "25", "22"), "97"),   # 3 > 2
    (("25", "25", "25", "26.9"), "101,9"),  # 1,9 > 3 x 0,5 + 0,05 = 1,55
    (("25", "25", "25", "26.5"), None),     # 1,5 <= 1,55
])
def test_shares_add_up_to_100_within_their_rounding(tmp_path: Path, values: tuple[str, ...],
                                                     total: str | None) -> None:
    data = shares(*values)
    result = found(tmp_path, "co-cau-lech", data)
    assert [f.figures["tong"] for f in result] == ([total] if total else [])
    if total:  # told once, at the first share's co_cau
        assert (result[0].indicator, result[0].line) == ("ty_trong_0",
                                                         line_of(HEADER + data, "co_cau"))


def test_shares_of_next_years_plan_are_added_in_the_targets_file(tmp_path: Path) -> None:
    data = shares("50", "50")
    targets = ("nam: 2024\nchi_tieu:\n  ty_trong_0:\n    ke_hoach: 60\n"
               "  ty_trong_1:\n    ke_hoach: 30\n")
    [finding] = found(tmp_path, "co-cau-lech", data, targets)
    assert finding.figures["tong"] == "90" and "2024_targets.yaml" in finding.hint
    assert "số kế hoạch năm sau cộng lại 90%" in finding.message
    assert "(1 điểm)" in finding.message  # 0,5 + 0,5


def test_a_share_without_the_figure_leaves_the_sum_unchecked(tmp_path: Path) -> None:
    data = shares("50", "30", plans=("60", "{tu: 10, den: 20}"))
    assert [f.figures["tong"] for f in found(tmp_path, "co-cau-lech", data)] == ["80"]


def test_a_reconstructed_share_is_not_added(tmp_path: Path) -> None:
    """Plans 60 + 30 = 90 would be 10 short; the 30 is reconstructed from 'thấp hơn 20 điểm'."""
    data = shares("50", "50", plans=("60", "30")).replace(
        "    ke_hoach: 30\n", "    ke_hoach: 30\n    suy_ra: [ke_hoach]\n    ty_le_da_neu:"
        " [{so_voi: ke_hoach, chenh_lech: 20, o_dau: I}]\n")
    assert "suy_ra" in data
    assert found(tmp_path, "co-cau-lech", data) == []


# ---------------------------------------------------------------- ngoai-gioi-han
@pytest.mark.parametrize(("loai", "unit", "value", "bad"), [
    ("ty_le", "%", "0", False), ("ty_le", "%", "100", False),
    ("ty_le", "%", "-0.1", True), ("ty_le", "%", "100.1", True),
    ("ty_trong", "%", "100", False), ("ty_trong", "%", "100.1", True),
    ("phan_nghin", "‰", "1000", False), ("phan_nghin", "‰", "1000.1", True),
    ("tang_truong", "%", "-100", False), ("tang_truong", "%", "-100.1", True),
    ("tang_truong", "%", "250", False),  # a growth rate has no upper bound
    ("gia_tri", "tỷ đồng", "-5", False),  # nor has a value any bound
])
def test_a_rate_lies_within_its_bounds(tmp_path: Path, loai: str, unit: str, value: str,
                                      bad: bool) -> None:
    data = block("chi_tieu_thu", unit, loai=loai, uoc_thuc_hien=value)
    result = found(tmp_path, "ngoai-gioi-han", data)
    assert [f.line for f in result] == ([line_of(HEADER + data, "uoc_thuc_hien")] if bad else [])


@pytest.mark.parametrize(("loai", "unit", "value", "bounds"), [
    ("ty_le", "%", "100.1", "0-100%"),
    ("ty_trong", "%", "100.1", "0-100%"),  # a share is in %, not ‰ (it said 0-100‰)
    ("phan_nghin", "‰", "1000.1", "0-1.000‰"),
])
def test_a_rate_out_of_bounds_names_its_own_unit(tmp_path: Path, loai: str, unit: str, value: str,
                                                bounds: str) -> None:
    [finding] = found(tmp_path, "ngoai-gioi-han",
                      block("chi_tieu_thu", unit, loai=loai, uoc_thuc_hien=value))
    assert f"nằm ngoài khoảng {bounds} của một tỷ lệ" in finding.message


def test_every_plan_figure_of_a_rate_is_bounded(tmp_path: Path) -> None:
    data = block("ty_le_thu", "%", loai="ty_le", cung_ky="101",
                 ke_hoach="[{nhan: KH tỉnh, gia_tri: 90}, {nhan: NQ, gia_tri: 120}]")
    data += block("ty_le_khoang", "%", loai="ty_le", ke_hoach="{tu: 95, den: 105}")
    targets = "nam: 2024\nchi_tieu:\n  ty_le_thu:\n    ke_hoach: 130\n"
    result = found(tmp_path, "ngoai-gioi-han", data, targets)
    assert [(f.indicator, f.figures["so_lieu"], f.file.rsplit("/", 1)[-1]) for f in result] == [
        ("ty_le_thu", "101", "2023_actuals.yaml"),
        ("ty_le_thu", "120", "2023_actuals.yaml"),
        ("ty_le_khoang", "105", "2023_actuals.yaml"),
        ("ty_le_thu", "130", "2024_targets.yaml"),
    ]
    assert "Số kế hoạch (NQ) 120" in result[1].message
    assert result[1].line == line_of(HEADER + data, "{nhan: KH tỉnh")


@pytest.mark.parametrize(("value", "bad"), [("0", False), ("28", False), ("29", True),
                                            ("-1", True)])
def test_a_count_lies_between_0_and_its_whole(tmp_path: Path, value: str, bad: bool) -> None:
    data = block("truong", "trường", loai="so_tren_tong", tong=28, uoc_thuc_hien=value)
    result = found(tmp_path, "ngoai-gioi-han", data)
    assert [f.figures["so_lieu"] for f in result] == ([value] if bad else [])


def test_next_years_count_is_bounded_by_next_years_whole(tmp_path: Path) -> None:
    data = block("truong", "trường", loai="so_tren_tong", tong=28, uoc_thuc_hien=22)
    within = "nam: 2024\nchi_tieu:\n  truong:\n    tong: 30\n    ke_hoach: 29\n"
    assert found(tmp_path / "a", "ngoai-gioi-han", data, within) == []
    beyond = "nam: 2024\nchi_tieu:\n  truong:\n    ke_hoach: 29\n"  # the whole stays 28
    [finding] = found(tmp_path / "b", "ngoai-gioi-han", data, beyond)
    assert "vượt tổng số 28 trường" in finding.message


# ---------------------------------------------------------------- bien-dong-bat-thuong
@pytest.mark.parametrize(("actual", "message"), [
    ("150", None),          # +50%: exactly the threshold
    ("50", None),           # -50%
    ("151", "tăng 51%"),    # +51%
    ("49", "giảm 51%"),     # -51%
    ("150.6", "tăng 51%"),  # +50,6%, printed half-up
    ("0", None),            # no ratio against a zero estimate: nothing to say
])
def test_a_value_moving_more_than_half_is_unusual(tmp_path: Path, actual: str,
                                                 message: str | None) -> None:
    data = block("gia_tri_thu", cung_ky=100, uoc_thuc_hien=actual)
    result = found(tmp_path, "bien-dong-bat-thuong", data)
    assert [f.message.split(" so với")[0] for f in result] == (
        [f"Số {actual.replace('.', ',')} {message}"] if message else [])


def test_a_values_own_threshold(tmp_path: Path) -> None:
    data = block("gia_tri_thu", cung_ky=100, uoc_thuc_hien=121, nguong_bien_dong=20)
    [finding] = found(tmp_path, "bien-dong-bat-thuong", data)
    assert finding.message == "Số 121 tăng 21% so với cùng kỳ (100), vượt ngưỡng 20%."
    data = block("gia_tri_thu", cung_ky=100, uoc_thuc_hien=120, nguong_bien_dong=20)
    assert found(tmp_path / "at", "bien-dong-bat-thuong", data) == []


def test_each_comparison_of_a_value_is_watched(tmp_path: Path) -> None:
    """Estimate 100 against last year 100 (0%), against the plan 200 (-50%, not unusual);
    next year's 151 against the estimate (+51%) is, at the line of the target."""
    data = block("gia_tri_thu", cung_ky=100, ke_hoach=200, uoc_thuc_hien=100)
    targets = "nam: 2024\nchi_tieu:\n  gia_tri_thu:\n    ke_hoach: 151\n"
    [finding] = found(tmp_path, "bien-dong-bat-thuong", data, targets)
    assert finding.message.startswith("Số 151 tăng 51% (kế hoạch năm sau) so với ước thực hiện")
    assert finding.file.endswith("2024_targets.yaml") and finding.line == 4
    data = block("gia_tri_thu", cung_ky=100, ke_hoach=210, uoc_thuc_hien=100)
    [finding] = found(tmp_path / "plan", "bien-dong-bat-thuong", data)
    assert finding.message.startswith("Số 100 giảm 52% so với kế hoạch (210)")  # 47,62% of it


@pytest.mark.parametrize(("loai", "unit", "last_year", "actual", "message"), [
    ("ty_le", "%", "50", "60", None),        # 10 points: exactly the threshold
    ("ty_le", "%", "50", "40", None),
    ("ty_le", "%", "50", "60.1", "chênh 10,1 điểm phần trăm"),
    ("ty_le", "%", "50", "39.9", "chênh 10,1 điểm phần trăm"),
    ("ty_trong", "%", "50", "60", None),
    ("ty_trong", "%", "50", "60.1", "chênh 10,1 điểm phần trăm"),
    ("tang_truong", "%", "5", "15", None),
    ("tang_truong", "%", "5", "15.1", "chênh 10,1 điểm phần trăm"),
    ("phan_nghin", "‰", "10", "13", None),   # 3‰: exactly the threshold of a per-mille rate
    ("phan_nghin", "‰", "10", "13.1", "chênh 3,1 ‰"),
    ("ty_le", "%", "1", "9", None),  # 9 times, but only 8 points: a rate moves by points
])
def test_a_rate_moving_more_than_its_points_is_unusual(tmp_path: Path, loai: str, unit: str,
                                                      last_year: str, actual: str,
                                                      message: str | None) -> None:
    data = block("ty_le_thu", unit, loai=loai, cung_ky=last_year, uoc_thuc_hien=actual)
    result = found(tmp_path, "bien-dong-bat-thuong", data)
    assert [f.message.split(" so với")[0] for f in result] == (
        [f"Số {actual.replace('.', ',')} {message}"] if message else [])


def test_a_rates_own_threshold(tmp_path: Path) -> None:
    data = block("ty_le_thu", "%", loai="ty_le", cung_ky=50, uoc_thuc_hien="55.5",
                 nguong_bien_dong=5)
    [finding] = found(tmp_path, "bien-dong-bat-thuong", data)
    assert finding.message == ("Số 55,5 chênh 5,5 điểm phần trăm so với cùng kỳ (50), vượt "
                               "ngưỡng 5 điểm phần trăm.")


# ---------------------------------------------------------------- sai-hang-nghin
@pytest.mark.parametrize(("last_year", "actual", "slip"), [
    ("4", "2000", True),     # exactly 500 times
    ("4", "1996", False),    # 499 times: a move, not a slip
    ("1", "2000", True),     # exactly 2000 times
    ("1", "2001", False),    # 2001 times
    ("2000", "4", True),     # a five-hundredth
    ("1996", "4", False),    # a 499th
    ("2000", "1", True),     # a two-thousandth
    ("2001", "1", False),
])
def test_a_thousandfold_slip_lies_between_500_and_2000_times(tmp_path: Path, last_year: str,
                                                             actual: str, slip: bool) -> None:
    data = block("gia_tri_thu", cung_ky=last_year, uoc_thuc_hien=actual)
    folder = write_data(tmp_path / "data", HEADER + data, NO_TARGETS)
    rules = {f.rule for f in run_check(folder, None).findings}
    assert rules == ({"sai-hang-nghin"} if slip else {"bien-dong-bat-thuong"})


def test_a_slip_of_next_years_plan_names_it(tmp_path: Path) -> None:
    """Next year's 4,5 against this year's 4148: about 922 times smaller (4148 / 4,5 = 921,8);
    the plan typed short stands in the targets file."""
    data = block("gia_tri_thu", uoc_thuc_hien=4148)
    targets = "nam: 2024\nchi_tieu:\n  gia_tri_thu:\n    ke_hoach: 4.5\n"
    [slip] = found(tmp_path, "sai-hang-nghin", data, targets)
    assert slip.file.endswith("2024_targets.yaml") and slip.line == 4
    assert slip.message.startswith("Số 4,5 nhỏ hơn khoảng 922 lần (kế hoạch năm sau) so với ước "
                                   "thực hiện (4.148)")
    assert "Kế hoạch năm sau 4,5 có phải là bốn nghìn năm trăm?" in slip.message
    assert slip.hint == 'Nếu vậy, hãy viết 4500 hoặc đặt trong dấu nháy "4.500".'


def test_a_slip_of_this_years_plan_names_it(tmp_path: Path) -> None:
    """The estimate 4148 against a plan typed 3.7: 1121 times (4148 / 3,7 = 1121,08)."""
    data = block("gia_tri_thu", ke_hoach="3.7", uoc_thuc_hien=4148)
    [slip] = found(tmp_path, "sai-hang-nghin", data)
    assert slip.line == line_of(HEADER + data, "ke_hoach")
    assert slip.message.startswith("Số 4.148 gấp khoảng 1.121 lần so với kế hoạch (3,7)")
    assert "Kế hoạch 3,7 có phải là ba nghìn bảy trăm?" in slip.message


@pytest.mark.parametrize(("last_year", "actual"), [("0", "1000"), ("1000", "0"), ("-2", "1000")])
def test_no_slip_or_move_against_zero_or_a_negative(tmp_path: Path, last_year: str,
                                                    actual: str) -> None:
    data = block("gia_tri_thu", cung_ky=last_year, uoc_thuc_hien=actual)
    folder = write_data(tmp_path / "data", HEADER + data, NO_TARGETS)
    rules = {f.rule for f in run_check(folder, None).findings}
    assert not rules & {"sai-hang-nghin", "bien-dong-bat-thuong"}


def test_a_rate_is_never_a_thousandfold_slip(tmp_path: Path) -> None:
    data = block("ty_le_thu", "‰", loai="phan_nghin", cung_ky="0.5", uoc_thuc_hien=500)
    folder = write_data(tmp_path / "data", HEADER + data, NO_TARGETS)
    rules = {f.rule for f in run_check(folder, None).findings}
    assert "sai-hang-nghin" not in rules and "bien-dong-bat-thuong" in rules


# ------------------------------------------------------------- hai-tep-lech, thieu-ke-hoach-nam-sau
@pytest.mark.parametrize(("fields", "plan", "disagree"), [
    ({"chieu": "giam_la_tot"}, "{giam: 5}", False),
    ({}, "{giam: 5}", True),                              # a reduction of a higher-is-better value
    ({}, "{tang: 10}", False),
    ({"chieu": "giam_la_tot"}, "{tang: 10}", True),
    ({"loai": "ty_le"}, "{tang: 10}", True),
    ({"chieu": "trung_tinh"}, "{tang: 10}", False),
])
def test_the_shape_of_next_years_plan_fits_the_indicator(tmp_path: Path, fields: dict[str, str],
                                                         plan: str, disagree: bool) -> None:
    unit = "%" if fields.get("loai") == "ty_le" else "tỷ đồng"
    data = block("chi_tieu_thu", unit, uoc_thuc_hien=50, **fields)
    targets = f"nam: 2024\nchi_tieu:\n  chi_tieu_thu:\n    ke_hoach: {plan}\n"
    result = found(tmp_path, "hai-tep-lech", data, targets)
    assert [(f.file.rsplit("/", 1)[-1], f.line) for f in result] == (
        [("2024_targets.yaml", 4)] if disagree else [])


def test_the_same_unit_in_both_files_agrees(tmp_path: Path) -> None:
    data = block("chi_tieu_thu", uoc_thuc_hien=50)
    targets = "nam: 2024\nchi_tieu:\n  chi_tieu_thu:\n    don_vi_tinh: tỷ đồng\n    ke_hoach: 60\n"
    assert found(tmp_path, "hai-tep-lech", data, targets) == []


def test_only_main_indicators_need_next_years_target(tmp_path: Path) -> None:
    data = block("phu", uoc_thuc_hien=50) + block("chinh", uoc_thuc_hien=50, chu_yeu=3)
    [finding] = found(tmp_path, "thieu-ke-hoach-nam-sau", data)
    assert finding.indicator == "chinh"
    assert finding.message == "Chỉ tiêu chủ yếu (3) chưa có kế hoạch năm 2024 trong tệp kế hoạch."
    targets = "nam: 2024\nchi_tieu:\n  chinh:\n    ke_hoach: 60\n"
    assert found(tmp_path / "with", "thieu-ke-hoach-nam-sau", data, targets) == []


# ---------------------------------------------------------------- cung-ky-uoc
def test_last_years_estimate_is_named_until_confirmed(tmp_path: Path) -> None:
    data = (block("uoc", cung_ky="3450.5", cung_ky_la_uoc="true")
            + block("khong_so", ke_hoach=5, cung_ky_la_uoc="true")
            + block("chinh_thuc", cung_ky=10, cung_ky_la_uoc="false"))
    result = found(tmp_path, "cung-ky-uoc", data)
    assert [(f.indicator, f.figures["so_lieu"]) for f in result] == [("uoc", "3.450,5"),
                                                                     ("khong_so", "")]
    assert result[0].message == "Số cùng kỳ 3.450,5 vẫn là số ước của năm 2022."
    assert result[0].line == line_of(HEADER + data, "cung_ky_la_uoc")


# ---------------------------------------------------------------- van-ban-chua-chuan
def test_unclean_text_is_found_in_both_files_but_not_in_a_quotation(tmp_path: Path) -> None:
    data = block("chi_tieu_thu", uoc_thuc_hien=50, nguon="'Cục  Thống kê'",
                 ty_le_da_neu="[{so_voi: ke_hoach, dat: 50, o_dau: 'mục  I'}]", ke_hoach=100)
    targets = "nam: 2024\nchi_tieu:\n  chi_tieu_thu:\n    ke_hoach: 60\n    nguon: 'Nghị  quyết'\n"
    result = found(tmp_path, "van-ban-chua-chuan", data, targets)
    assert [(f.file.rsplit("/", 1)[-1], f.line, f.indicator) for f in result] == [
        ("2023_actuals.yaml", line_of(HEADER + data, "nguon"), "chi_tieu_thu"),
        ("2024_targets.yaml", 5, "chi_tieu_thu"),
    ]


def test_unclean_text_outside_the_indicators_names_none(tmp_path: Path) -> None:
    actuals = HEADER.replace("dia_danh: Thử Nghiệm", "dia_danh: Thử  Nghiệm") + block(
        "chi_tieu_thu", uoc_thuc_hien=50)
    folder = write_data(tmp_path / "data", actuals, NO_TARGETS)
    result = [f for f in run_check(folder, None).findings if f.rule == "van-ban-chua-chuan"]
    assert [(f.line, f.indicator) for f in result] == [(line_of(actuals, "dia_danh"), None)]


# ---------------------------------------------------------------- a period's report
def test_a_periods_estimate_moves_only_against_the_same_period(tmp_path: Path) -> None:
    """Half a year's 528 is 52% short of the annual plan of 1100, as it should be; against the
    same half of last year (200) it rose 164%, which is unusual. No main indicator needs next
    year's plan."""
    folder = tmp_path / "data"
    folder.mkdir()
    actuals = HEADER.replace("nam: 2023\n", "nam: 2023\nky: 6_thang\n") + block(
        "ban_le", cung_ky=200, ke_hoach=1100, uoc_thuc_hien=528, chu_yeu=1)
    (folder / "2023_actuals.yaml").write_text(actuals, encoding="utf-8")
    result = run_check(folder, None)
    assert [(f.rule, f.message.split(" so với")[0]) for f in result.findings] == [
        ("bien-dong-bat-thuong", "Số 528 tăng 164%")]


# ---------------------------------------------------------------- thieu-ten-nguoi-ky
@pytest.mark.parametrize(("signer_line", "warned"), [
    ("    ho_ten: Lò Văn Minh\n", False),  # a name
    ("    ho_ten:\n", False),               # left blank on purpose
    ("", True),                             # not written at all: the officer may have forgotten
])
def test_the_signers_name_is_asked_for_only_when_the_field_is_absent(
        tmp_path: Path, signer_line: str, warned: bool) -> None:
    header = HEADER.replace("    ho_ten: Nguyễn Văn An\n", signer_line)
    folder = write_data(tmp_path / "data", header + block("a", uoc_thuc_hien=1), NO_TARGETS)
    findings = [f for f in run_check(folder, None).findings if f.rule == "thieu-ten-nguoi-ky"]
    assert [f.line for f in findings] == ([line_of(header, "nguoi_ky:")] if warned else [])
