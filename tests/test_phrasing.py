"""Issue #12, part B: precision per comparison, stated ratios of every form, wording choices
(gấp or tăng, dropping 'so với …', zero references) and summary counts. Expected values are
worked by hand in the comments."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from kt_xh import compute, wording
from kt_xh.checks import check_template, data_findings
from kt_xh.errors import DataError, TemplateError
from kt_xh.loading import load_report
from kt_xh.model import Indicator, StatedComparison
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, write_data
from factories import entry_of, indicator, target

D = Decimal
HEAD = MINIMAL_ACTUALS.split("chi_tieu:\n")[0] + "chi_tieu:\n"


def report_of(tmp_path: Path, indicators: str, targets: str = "nam: 2024\nchi_tieu: {}\n"):
    actuals = HEAD + textwrap.indent(textwrap.dedent(indicators), "  ")
    return load_report(write_data(tmp_path, actuals, targets))


def render(loaded, source: str) -> str:
    return render_source(source, "mau.j2", loaded.report).text


# ---------------------------------------------------------------- 4. precision per comparison
# 3725 / 3450 = 107,971…% (3450 x 1,0797 = 3724,965); 3725 / 3700 = 100,675…%;
# 4000 / 3725 = 107,382…% (3725 x 1,0738 = 3999,905).
OFFICE = {"cung_ky": "3450", "ke_hoach": "3700", "uoc_thuc_hien": "3725"}


def test_each_comparison_has_its_own_precision() -> None:
    item = indicator(**OFFICE, thap_phan_so_sanh={"ke_hoach": 0, "cung_ky": 2, "nam_sau": 1})
    entry = entry_of(item, target("4000"))
    assert wording.plan_phrase(entry) == "đạt 101% kế hoạch"
    assert wording.last_year_phrase(entry, 2022) == "tăng 7,97% so với cùng kỳ năm 2022"
    assert wording.target_phrase(entry, 2023) == "tăng 7,4% so với ước thực hiện năm 2023"


def test_a_precision_left_out_is_whole_numbers_and_one_number_still_serves_all() -> None:
    only_growth = entry_of(indicator(**OFFICE, thap_phan_so_sanh={"cung_ky": 2}), target("4000"))
    assert wording.plan_phrase(only_growth) == "đạt 101% kế hoạch"
    assert wording.target_phrase(only_growth, 2023) == "tăng 7% so với ước thực hiện năm 2023"
    one = entry_of(indicator(**OFFICE, thap_phan_so_sanh=1), target("4000"))
    assert wording.plan_phrase(one) == "đạt 100,7% kế hoạch"
    assert wording.target_phrase(one, 2023) == "tăng 7,4% so với ước thực hiện năm 2023"


def test_rounding_still_never_crosses_the_plan_at_the_chosen_precision() -> None:
    # 3699 / 3700 = 99,973%: 0 decimals print 100, 1 decimal 100,0 (both say met): 2 needed
    item = indicator(ke_hoach="3700", uoc_thuc_hien="3699", cung_ky="3699",
                     thap_phan_so_sanh={"ke_hoach": 0, "cung_ky": 2})
    assert wording.plan_phrase(entry_of(item)) == "đạt 99,97% kế hoạch"
    assert compute.status(item) is compute.Status.KHONG_DAT
    assert wording.last_year_phrase(entry_of(item), 2022) == "bằng cùng kỳ năm 2022"


@pytest.mark.parametrize("places", [4, -1, {"ke_hoach": 4}, {"cung": 1}, "hai"])
def test_a_precision_out_of_bounds_is_refused(places: object) -> None:
    with pytest.raises(ValidationError):
        indicator(thap_phan_so_sanh=places)


def test_a_wrong_precision_is_explained_at_its_line(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    uoc_thuc_hien: 4148",
                                      "    uoc_thuc_hien: 4148\n    thap_phan_so_sanh: {cung: 2}")
    with pytest.raises(DataError) as caught:
        load_report(write_data(tmp_path, actuals))
    [problem] = caught.value.problems
    assert problem.line == actuals.splitlines().index("    thap_phan_so_sanh: {cung: 2}") + 1
    assert "cung" in problem.field and "Có phải ý bạn là 'cung_ky'?" in problem.message


# ---------------------------------------------------------------- 5. stated ratios
@pytest.mark.parametrize(("form", "value", "ratio", "in_form_of_120"), [
    ("dat", "112", "112", "120"), ("bang", "72.89", "72.89", "120"),
    ("vuot", "12", "112", "20"), ("tang", "12.17", "112.17", "20"),
    ("tang", "-5", "95", "20"), ("giam", "5", "95", "-20"), ("gap", "2.4", "240", "1.2"),
])
def test_every_stated_form_is_one_ratio(form: str, value: str, ratio: str,
                                        in_form_of_120: str) -> None:
    stated = StatedComparison(so_voi="cung_ky", o_dau="I.1", **{form: D(value)})
    assert stated.form == form and str(stated.ratio) == ratio
    assert stated.in_form(D(120)) == D(in_form_of_120)


def test_a_difference_is_no_ratio_and_two_forms_are_refused() -> None:
    assert StatedComparison(so_voi="cung_ky", o_dau="x", chenh_lech=D("0.5")).ratio is None
    with pytest.raises(ValidationError, match="'gap'"):
        StatedComparison(so_voi="cung_ky", o_dau="x", tang=D(20), gap=D("1.2"))


# 2431,5 / 1000 = 243,15% ('tăng 143,15%', 'gấp 2,4 lần'); 2431,5 / 2000 = 121,575% ('vượt
# 21,6%' half-up); 950 / 1000 = 95% ('giảm 5%').
CHECKED = """\
    tang_manh:
      ten: Doanh thu dịch vụ lưu trú
      don_vi_tinh: tỷ đồng
      cung_ky: 1000
      ke_hoach: 2000
      uoc_thuc_hien: 2431.5
      ty_le_da_neu:
        - {so_voi: cung_ky, tang: 143.15, o_dau: I.1}
        - {so_voi: cung_ky, gap: 2.4, o_dau: I.2}
        - {so_voi: ke_hoach, vuot: 21.6, o_dau: I.3}
    giam_nhe:
      ten: Sản lượng thủy sản
      don_vi_tinh: tấn
      cung_ky: 1000
      uoc_thuc_hien: 950
      ty_le_da_neu:
        - {so_voi: cung_ky, giam: 5, o_dau: II.1}
        - {so_voi: cung_ky, bang: 95, o_dau: II.2}
"""


def stated_findings(loaded) -> list[str]:
    return [f.message for f in data_findings(loaded) if f.rule.startswith("ty-le")]


def test_stated_ratios_of_every_form_agree_with_the_figures(tmp_path: Path) -> None:
    assert stated_findings(report_of(tmp_path, CHECKED)) == []


@pytest.mark.parametrize(("written", "wrong", "message"), [
    ("gap: 2.4", "gap: 2.5", "Báo cáo gốc nêu 'gấp 2,5 lần cùng kỳ' (I.2), nhưng số liệu cho 2,4."),
    ("vuot: 21.6", "vuot: 21.5", "'vượt 21,5% kế hoạch' (I.3), nhưng số liệu cho 21,6."),
    ("giam: 5,", "giam: 4,", "'giảm 4% so với cùng kỳ' (II.1), nhưng số liệu cho 5."),
    ("bang: 95", "bang: 96", "'bằng 96% cùng kỳ' (II.2), nhưng số liệu cho 95."),
])
def test_a_wrong_stated_ratio_of_any_form_is_caught(tmp_path: Path, written: str, wrong: str,
                                                    message: str) -> None:
    found = stated_findings(report_of(tmp_path, CHECKED.replace(written, wrong)))
    assert len(found) == 1 and message in found[0], found


RATIOS_ONLY = """\
    luu_tru:
      ten: Doanh thu lưu trú
      don_vi_tinh: tỷ đồng
      ty_le_da_neu:
        - {so_voi: cung_ky, tang: 12.17, o_dau: I.1}
        - {so_voi: cung_ky, gap: 2.4, o_dau: I.2}
        - {so_voi: ke_hoach, vuot: 12, o_dau: I.3}
        - {so_voi: cung_ky, bang: 72.89, o_dau: I.4}
        - {so_voi: cung_ky, giam: 5, o_dau: I.5}
    ty_le_lao_dong:
      ten: Tỷ lệ lao động qua đào tạo
      don_vi_tinh: '%'
      loai: ty_le
      ty_le_da_neu:
        - {so_voi: cung_ky, chenh_lech: 0.5, o_dau: II.1}
        - {so_voi: ke_hoach, chenh_lech: -0.3, o_dau: II.2}
"""


@pytest.mark.parametrize(("expression", "expected"), [
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky') }}", "12,17%"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', cau=true) }}",
     "tăng 12,17% so với cùng kỳ năm 2022"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', dang='gap', cau=true) }}",
     "gấp 2,4 lần cùng kỳ năm 2022"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', dang='gap') }}", "2,4 lần"),
    ("{{ ct.luu_tru | ty_le_da_neu(cau=true) }}", "vượt 12% kế hoạch"),
    ("{{ ct.luu_tru | ty_le_da_neu(cau=true, nhan='KH') }}", "vượt 12% KH"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', dang='bang', cau=true) }}",
     "bằng 72,89% so với cùng kỳ năm 2022"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', dang='giam', cau=true, nhan='') }}", "giảm 5%"),
    ("{{ ct.luu_tru | ty_le_da_neu('cung_ky', dang='giam') }}", "5%"),
    ("{{ ct.ty_le_lao_dong | ty_le_da_neu('cung_ky', cau=true) }}",
     "tăng 0,5 điểm phần trăm so với cùng kỳ năm 2022"),
    ("{{ ct.ty_le_lao_dong | ty_le_da_neu(cau=true) }}",
     "thấp hơn kế hoạch 0,3 điểm phần trăm"),
    ("{{ ct.ty_le_lao_dong | ty_le_da_neu }}", "0,3 điểm phần trăm"),
    ("{{ ct.ty_le_lao_dong | ty_le_da_neu(dang='dat') }}",
     "[thiếu số liệu: tỷ lệ đã nêu so với kế hoạch dạng 'dat' của 'Tỷ lệ lao động qua đào tạo' "
     "(ty_le_lao_dong)]"),
])
def test_a_stated_ratio_of_every_form_prints(tmp_path: Path, expression: str,
                                             expected: str) -> None:
    assert render(report_of(tmp_path, RATIOS_ONLY), expression).replace("\\", "") == expected


def test_an_unknown_stated_form_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="không có dạng 'tang_truong'"):
        render(report_of(tmp_path, RATIOS_ONLY),
               "{{ ct.luu_tru | ty_le_da_neu(dang='tang_truong') }}")


def test_a_stated_ratio_typed_by_hand_is_caught(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, RATIOS_ONLY)
    template = tmp_path / "mau.j2"
    template.write_text("Doanh thu lưu trú {{ ct.luu_tru.ten }} tăng 12,17% so với cùng kỳ.\n\n"
                        "Doanh thu {{ ct.luu_tru | ty_le_da_neu('cung_ky', cau=true) }}.\n",
                        encoding="utf-8")
    typed = [f for f in check_template(loaded, template) if f.rule == "so-go-tay"]
    assert [(f.line, f.indicator, f.figures["so_go_tay"]) for f in typed] == [(1, "luu_tru",
                                                                              "12,17")]
    assert "ty_le_da_neu(cau=true)" in typed[0].hint


# 1121,7 / 1000 = 112,17%: at 0 decimals a derived ratio would print 'tăng 12%'.
RECONSTRUCTED_ESTIMATE = """\
    luu_tru:
      ten: Doanh thu lưu trú
      don_vi_tinh: tỷ đồng
      cung_ky: 1000
      ke_hoach: 1100
      uoc_thuc_hien: 1121.7
      suy_ra: [uoc_thuc_hien]
      ty_le_da_neu:
        - {so_voi: cung_ky, tang: 12.17, o_dau: I.1}
"""


def test_a_reconstructed_estimate_prints_what_the_source_states(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, RECONSTRUCTED_ESTIMATE, "nam: 2024\nchi_tieu:\n  luu_tru:\n"
                       "    ke_hoach: 1300\n")
    assert render(loaded, "{{ ct.luu_tru | so_cung_ky }}") == "tăng 12,17% so với cùng kỳ năm 2022"
    # no ratio stated against the plan: only the side, no figure derived from the estimate
    assert render(loaded, "{{ ct.luu_tru | dat_ke_hoach }}") == "vượt kế hoạch"
    assert render(loaded, "{{ ct.luu_tru | so_voi_uoc }}") == "tăng so với ước thực hiện năm 2023"
    template = tmp_path / "mau.j2"
    template.write_text("Ước đạt {{ ct.luu_tru | gia_tri }}.\n", encoding="utf-8")
    assert [f.rule for f in check_template(loaded, template)] == ["so-suy-ra"]


def test_suy_ra_names_only_figures_the_indicator_has() -> None:
    with pytest.raises(ValidationError, match="uoc_thuc_hien"):
        indicator(cung_ky="1000", suy_ra=["uoc_thuc_hien"])
    assert indicator(uoc_thuc_hien="5", suy_ra=["uoc_thuc_hien"]).suy_ra == ["uoc_thuc_hien"]


# ---------------------------------------------------------------- 6. wording choices
def growth(estimate: str, **options: object) -> str | None:
    entry = entry_of(indicator(cung_ky="100", uoc_thuc_hien=estimate))
    return wording.last_year_phrase(entry, 2022, **options)  # type: ignore[arg-type]


def test_exactly_twice_is_gap_2_lan_and_just_under_is_a_growth() -> None:
    assert growth("200") == "gấp 2 lần cùng kỳ năm 2022"
    assert growth("199.4") == "tăng 99% so với cùng kỳ năm 2022"  # 199,4 prints 199
    assert growth("300") == "gấp 3 lần cùng kỳ năm 2022"
    assert growth("243.15") == "gấp 2,4 lần cùng kỳ năm 2022"


def test_the_office_chooses_gap_or_tang(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, """\
        luu_tru:
          ten: Doanh thu lưu trú
          don_vi_tinh: tỷ đồng
          cung_ky: 100
          uoc_thuc_hien: 243.15
          thap_phan_so_sanh: 2
        giam_nhe:
          ten: Sản lượng
          don_vi_tinh: tấn
          cung_ky: 100
          uoc_thuc_hien: 95
        """)
    cases = {
        "{{ ct.luu_tru | so_cung_ky }}": "gấp 2,4 lần cùng kỳ năm 2022",
        "{{ ct.luu_tru | so_cung_ky(gap_tu=none) }}": "tăng 143,15% so với cùng kỳ năm 2022",
        "{{ ct.luu_tru | so_cung_ky(gap_tu=3) }}": "tăng 143,15% so với cùng kỳ năm 2022",
        "{{ ct.luu_tru | so_cung_ky(gap_tu=2.4) }}": "gấp 2,4 lần cùng kỳ năm 2022",
        "{{ ct.luu_tru | ket_qua('cung_ky', gap_tu=false) }}":
            "tăng 143,15% so với cùng kỳ năm 2022",
        "{{ ct.giam_nhe | so_cung_ky(kieu='gap') }}": "giảm 5% so với cùng kỳ năm 2022",
    }
    for expression, expected in cases.items():
        assert render(loaded, expression) == expected, expression
    assert growth("140", style="gap") == "gấp 1,4 lần cùng kỳ năm 2022"
    # 104% is 1,04 times: at one decimal 'gấp 1 lần' would read as no growth at all
    assert growth("104", style="gap") == "gấp 1,04 lần cùng kỳ năm 2022"
    assert growth("100", style="gap") == "bằng cùng kỳ năm 2022"


@pytest.mark.parametrize("bad", ["1", "0.5", "'hai'", "true"])
def test_a_times_threshold_must_be_above_one(tmp_path: Path, bad: str) -> None:
    loaded = report_of(tmp_path, RATIOS_ONLY)
    with pytest.raises(TemplateError, match="gap_tu là số lần, lớn hơn 1"):
        render(loaded, f"{{{{ ct.luu_tru | so_cung_ky(gap_tu={bad}) }}}}")


def test_so_voi_empty_drops_the_reference() -> None:
    assert growth("120", against="") == "tăng 20%"
    assert growth("100", against="") == "không đổi"
    assert growth("243.15", against="") == "gấp 2,4 lần"
    rate = entry_of(indicator(loai="ty_le", cung_ky="40", uoc_thuc_hien="40.5"))
    assert wording.last_year_phrase(rate, 2022, against="") == "tăng 0,5 điểm phần trăm"


def test_so_voi_empty_in_a_template(data_dir: Path) -> None:
    loaded = load_report(data_dir)
    # 4148 / 3450 = 120,2%
    assert render(loaded, "{{ ct.ban_le | so_cung_ky(so_voi='') }}") == "tăng 20%"
    assert render(loaded, "{{ ct.ban_le | ket_qua(so_voi='') }}") == (
        "ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20%")


def test_a_zero_reference_gives_a_sentence_in_the_unit() -> None:
    fires = indicator(don_vi_tinh="vụ", chieu="giam_la_tot", ke_hoach="0", uoc_thuc_hien="3",
                      cung_ky="0")
    assert wording.plan_phrase(entry_of(fires)) == "cao hơn kế hoạch 3 vụ"
    assert wording.last_year_phrase(entry_of(fires), 2022) == "tăng 3 vụ so với cùng kỳ năm 2022"
    projects = indicator(don_vi_tinh="dự án", ke_hoach="0", uoc_thuc_hien="2")
    assert wording.plan_phrase(entry_of(projects)) == "vượt kế hoạch 2 dự án"
    nothing = indicator(don_vi_tinh="vụ", chieu="giam_la_tot", ke_hoach="0", uoc_thuc_hien="0",
                        cung_ky="0")
    assert wording.plan_phrase(entry_of(nothing)) == "đạt kế hoạch"
    assert wording.last_year_phrase(entry_of(nothing), 2022) == "bằng cùng kỳ năm 2022"


def test_a_zero_estimate_against_next_years_target(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, """\
        du_an:
          ten: Dự án thu hút
          don_vi_tinh: dự án
          uoc_thuc_hien: 0
        """, "nam: 2024\nchi_tieu:\n  du_an:\n    ke_hoach: 4\n")
    assert render(loaded, "{{ ct.du_an | so_voi_uoc }}") == (
        "tăng 4 dự án so với ước thực hiện năm 2023")


# ---------------------------------------------------------------- 7. summary counts
SUMMARY = """\
    vuot:
      {ten: Chỉ tiêu vượt, don_vi_tinh: tỷ đồng, chu_yeu: 1, ke_hoach: 100, uoc_thuc_hien: 120}
    dat:
      {ten: Chỉ tiêu đạt, don_vi_tinh: '%', loai: ty_le, chu_yeu: 2, ke_hoach: 90,
       uoc_thuc_hien: 90}
    hut:
      {ten: Chỉ tiêu hụt, don_vi_tinh: ha, chu_yeu: 3, ke_hoach: 100, uoc_thuc_hien: 99.6}
    theo_doi:
      {ten: Chỉ tiêu theo dõi, don_vi_tinh: người, chu_yeu: 4, chieu: trung_tinh,
       ke_hoach: 10, uoc_thuc_hien: 12}
    khong_giao:
      {ten: Chỉ tiêu không giao kế hoạch, don_vi_tinh: hộ, chu_yeu: 5, uoc_thuc_hien: 12}
    chi_ty_le:
      ten: Số bác sỹ/vạn dân
      don_vi_tinh: bác sỹ
      ty_le_da_neu: [{so_voi: ke_hoach, dat: 87, o_dau: IV.2}]
    thieu_so:
      {ten: Chỉ tiêu thiếu số, don_vi_tinh: ha, ke_hoach: 100}
"""


@pytest.mark.parametrize(("expression", "expected"), [
    # main: vuot (Vượt), dat (Đạt), hut (99,6% Không đạt); theo_doi neutral and khong_giao
    # without a plan are not counted
    ("đạt và vượt {{ danh_gia | dat_tren_tong }} chỉ tiêu", "đạt và vượt 2/3 chỉ tiêu"),
    ("có {{ danh_gia | so_khong_dat }} chỉ tiêu không đạt", "có 01 chỉ tiêu không đạt"),
    ("{{ danh_gia | so_dat }}/{{ danh_gia | so_chi_tieu }}", "02/03"),
    ("{{ danh_gia | so_dat(hai_chu_so=false) }}", "2"),
    ("{{ [ct.vuot, ct.hut] | dat_tren_tong }}", "1/2"),
    ("{{ [ct.vuot, ct.vuot, ct.theo_doi] | dat_tren_tong }}", "1/1"),
    # 'đạt 87% kế hoạch' is all the source says of chi_ty_le: not met
    ("{{ [ct.vuot, ct.chi_ty_le] | so_khong_dat }}", "01"),
    ("{{ [] | dat_tren_tong }}", "0/0"),
    ("{{ ct | selectattr('chu_yeu') | dat_tren_tong }}", "2/3"),
    ("{{ ct | rejectattr('ma', 'eq', 'thieu_so') | dat_tren_tong }}", "2/4"),
])
def test_summary_counts(tmp_path: Path, expression: str, expected: str) -> None:
    assert render(report_of(tmp_path, SUMMARY), expression) == expected


def test_a_count_with_an_unassessable_indicator_is_missing_not_smaller(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, SUMMARY)
    text = render(loaded, "{{ [ct.vuot, ct.thieu_so] | dat_tren_tong }}").replace("\\", "")
    assert text == ("[thiếu số liệu: đánh giá so với kế hoạch của 'Chỉ tiêu thiếu số' "
                    "(thieu_so)]")


def test_a_count_agrees_with_danh_gia(tmp_path: Path) -> None:
    loaded = report_of(tmp_path, SUMMARY)
    assert render(loaded, "{{ danh_gia.khong_dat | so_dem }}|{{ danh_gia | so_khong_dat }}") == (
        "01|01")


@pytest.mark.parametrize("applied_to", ["ct.vuot", "3", "['vuot']"])
def test_a_count_is_of_a_list_of_indicators(tmp_path: Path, applied_to: str) -> None:
    with pytest.raises(TemplateError, match="'dat_tren_tong' dùng cho danh_gia"):
        render(report_of(tmp_path, SUMMARY), f"{{{{ {applied_to} | dat_tren_tong }}}}")


def test_the_model_accepts_the_new_forms_in_yaml_as_typed() -> None:
    item = Indicator.model_validate({
        "ten": "x", "don_vi_tinh": "tỷ đồng", "thap_phan_so_sanh": {"cung_ky": 2},
        "ty_le_da_neu": [{"so_voi": "cung_ky", "gap": "2,4", "o_dau": "I"}]})
    assert item.comparison_places("cung_ky") == 2 and item.comparison_places("nam_sau") == 0
    assert item.ty_le_da_neu[0].gap == D("2.4")


def test_the_appendix_shows_a_stated_ratio_of_any_form_as_its_ratio(tmp_path: Path) -> None:
    from kt_xh.appendix import rows

    loaded = report_of(tmp_path, """\
        luu_tru:
          ten: Doanh thu lưu trú
          don_vi_tinh: tỷ đồng
          nhom: kinh_te
          cung_ky: 1000
          ke_hoach: 2000
          uoc_thuc_hien: 2431.5
          suy_ra: [cung_ky, ke_hoach]
          ty_le_da_neu:
            - {so_voi: cung_ky, gap: 2.4, o_dau: I.2}
            - {so_voi: ke_hoach, vuot: 21.6, o_dau: I.3}
        """)
    [row] = [r for r in rows(loaded.report) if r.name == "Doanh thu lưu trú"]
    # columns 5 = 3/2 and 6 = 3/1: 'vượt 21,6%' is 121,6; 'gấp 2,4 lần' is 240
    assert row.cells[4:6] == ("121,6", "240")
    assert row.reconstructed[4:6] == (False, False)


def test_the_appendix_marks_a_reconstructed_estimate(tmp_path: Path) -> None:
    from kt_xh.appendix import rows

    loaded = report_of(tmp_path, RECONSTRUCTED_ESTIMATE)
    [row] = [r for r in rows(loaded.report) if r.name == "Doanh thu lưu trú"]
    # columns 1-3: last year, plan, estimate (reconstructed); 6 = 3/1 as stated, 112,17
    assert row.cells[:3] == ("1.000", "1.100", "1.121,7")
    assert row.reconstructed[:3] == (False, False, True)
    assert row.cells[5] == "112,17" and not row.reconstructed[5]


def test_new_year_keeps_a_precision_per_comparison(tmp_path: Path) -> None:
    from kt_xh.project import new_year

    actuals = MINIMAL_ACTUALS.replace("    uoc_thuc_hien: 4148",
                                      "    uoc_thuc_hien: 4148\n"
                                      "    thap_phan_so_sanh: {cung_ky: 2, nam_sau: 1}")
    folder = write_data(tmp_path / "data", actuals)
    new_year(folder, 2024)
    rolled = (folder / "2024_actuals.yaml").read_text(encoding="utf-8")
    (folder / "2023_actuals.yaml").unlink()
    (folder / "2024_targets.yaml").unlink()  # the rolled year is read with its new targets
    item = load_report(folder).report.indicators["ban_le"]
    assert item.comparison_places("cung_ky") == 2 and item.comparison_places("nam_sau") == 1
    assert item.comparison_places("ke_hoach") == 0, rolled
