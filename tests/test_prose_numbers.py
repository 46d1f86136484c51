"""Issue 11, parts 5 and 6: rounding never misstates (conventions, section 2), and a figure
reconstructed from a stated ratio (`suy_ra`) is marked and never the source of a new figure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kt_xh import appendix, compute, wording
from kt_xh.checks import run_check
from kt_xh.compute import Status
from kt_xh.document import RECONSTRUCTED_NOTE, appendix_of
from kt_xh.domain import Report
from kt_xh.loading import load_report
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, ROOT, write_data
from factories import entry_of, indicator

D = Decimal


def _row(report: Report, name: str) -> appendix.Row:
    return next(r for r in appendix.rows(report) if r.name.endswith(name))


def _data(tmp_path: Path, estimate: str, plan: str, extra: str = "") -> Path:
    actuals = MINIMAL_ACTUALS.replace("ke_hoach: 3700", f"ke_hoach: {plan}").replace(
        "uoc_thuc_hien: 4148", f"uoc_thuc_hien: {estimate}\n    chu_yeu: 1{extra}")
    return write_data(tmp_path / "data", actuals)


# ---------------------------------------------------------------- part 5: rounding
def test_996_of_plan_prints_996_and_is_missed_in_text_appendix_and_assessment(
        tmp_path: Path) -> None:
    report = load_report(_data(tmp_path, "996", "1000")).report
    entry = report.entries["ban_le"]
    assert wording.plan_phrase(entry) == "đạt 99,6% kế hoạch"
    assert entry.status is Status.KHONG_DAT
    cells = _row(report, "bán lẻ hàng hóa").cells
    assert (cells[4], cells[7]) == ("99,6", "Không đạt")
    text = render_source("{{ ct.ban_le | dat_ke_hoach }}; {{ ct.ban_le | phan_tram_ke_hoach }};"
                         " {{ danh_gia.khong_dat | so_dem }}", "mau.j2", report).text
    assert text == "đạt 99,6% kế hoạch; 99,6%; 01"


def test_1004_of_plan_prints_1004_and_beats_it() -> None:
    entry = entry_of(indicator(uoc_thuc_hien="1004", ke_hoach="1000"))
    assert wording.plan_phrase(entry) == "đạt 100,4% kế hoạch"
    assert wording.plan_phrase(entry, style="vuot") == "vượt 0,4% kế hoạch"
    assert entry.status is Status.VUOT


def test_growth_of_04_percent_is_not_zero() -> None:
    entry = entry_of(indicator(uoc_thuc_hien="1004", cung_ky="1000"))
    assert wording.last_year_phrase(entry, 2022) == "tăng 0,4% so với cùng kỳ năm 2022"
    fall = entry_of(indicator(uoc_thuc_hien="9999", cung_ky="10000"))  # -0,01%
    assert wording.last_year_phrase(fall, 2022) == "giảm 0,01% so với cùng kỳ năm 2022"


def test_a_rate_difference_of_004_points_at_one_decimal_is_not_met() -> None:
    item = indicator(loai="ty_le", uoc_thuc_hien="27.46", ke_hoach="27.5", thap_phan=1)
    entry = entry_of(item)
    assert wording.plan_phrase(entry) == "thấp hơn kế hoạch 0,04 điểm phần trăm"
    assert entry.status is Status.KHONG_DAT
    assert wording.figure_text(item, item.uoc_thuc_hien,
                               places=compute.estimate_places(item)) == "27,46%"


def test_beyond_three_more_decimals_the_figure_is_rounded_away_from_the_boundary() -> None:
    assert compute.faithful_round(D("99.99996"), 0, D(100)) == D("99.999")
    assert compute.faithful_round(D("100.00001"), 0, D(100)) == D("100.001")
    assert compute.faithful_round(D("99.4"), 0, D(100)) == D("99")  # no extra digit needed


def test_an_explicit_precision_is_widened_and_check_warns(tmp_path: Path) -> None:
    folder = _data(tmp_path, "996", "1000")
    template = tmp_path / "mau.j2"
    template.write_text("A\n{{ ct.ban_le | dat_ke_hoach(thap_phan=0) }}\n"
                        "{{ ct.ban_le | dat_ke_hoach(thap_phan=2) }}\n", encoding="utf-8")
    found = [f for f in run_check(folder, template).findings if f.rule == "lam-tron-sai-nghia"]
    assert [(f.line, f.severity, f.figures["da_in"]) for f in found] == [(2, "canh-bao", "99,6%")]


# ---------------------------------------------------------------- part 6: reconstructed figures
def _shipped() -> Report:
    return load_report(ROOT / "data").report


def test_the_text_prints_the_stated_ratio_not_one_derived_from_a_reconstructed_plan() -> None:
    report = _shipped()
    forest = report.entries["ty_le_che_phu_rung"]
    assert wording.plan_phrase(forest) == "đạt 101% kế hoạch"  # the seed's words, I.1.3
    text = render_source("{{ ct.ty_le_che_phu_rung | phan_tram_ke_hoach }}|"
                         "{{ ct.ty_le_che_phu_rung | chenh_lech('ke_hoach') }}|"
                         "{{ ct.gtsx_tren_ha | dat_ke_hoach(kieu='vuot', thap_phan=1) }}",
                         "mau.j2", report)
    assert text.text.split("|")[0] == "101%"
    assert "thiếu số liệu" in text.text.split("|")[1]  # 0,35 points: never stated
    assert text.text.split("|")[2] == "vượt 7,2% kế hoạch"  # III(3) states 107,2


def test_a_reconstructed_comparison_without_a_stated_ratio_has_no_number() -> None:
    item = indicator(uoc_thuc_hien="17.5", cung_ky="10", suy_ra=["cung_ky"])
    assert wording.last_year_phrase(entry_of(item), 2022) == "tăng so với cùng kỳ năm 2022"
    plan = indicator(uoc_thuc_hien="90", ke_hoach="100", suy_ra=["ke_hoach"])
    assert wording.plan_phrase(entry_of(plan)) == "chưa đạt kế hoạch"


def test_a_stated_100_percent_is_met_even_if_the_reconstruction_falls_short() -> None:
    report = _shipped()
    tea = report.entries["che_cac_loai"]  # 3.019 of a reconstructed 3.020; the seed: đạt 100%
    assert tea.status is Status.DAT and wording.plan_phrase(tea) == "đạt 100% kế hoạch"


def test_the_appendix_marks_reconstructed_cells_and_says_why() -> None:
    report = _shipped()
    forest = _row(report, "Tỷ lệ che phủ rừng")
    assert forest.cells[1] == "27,5" and forest.reconstructed[1]
    assert forest.cells[4] == "101%" and not forest.reconstructed[4]
    criteria = _row(report, "Bình quân tiêu chí nông thôn mới")
    assert criteria.cells[5] == "175" and criteria.reconstructed[5]  # no ratio stated: italics
    table = appendix_of(report)
    assert table.table_note.endswith(RECONSTRUCTED_NOTE)
    figures = sum(len(i.suy_ra) for i in report.indicators.values()) + sum(
        t.suy_ra for t in report.targets.values())
    marked = [row.reconstructed[:4] for row in table.rows if hasattr(row, "reconstructed")]
    assert sum(sum(cells) for cells in marked) == figures  # every reconstructed figure


def test_check_warns_where_the_template_prints_a_reconstructed_figure(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", MINIMAL_ACTUALS.replace(
        "uoc_thuc_hien: 4148", "uoc_thuc_hien: 4148\n    suy_ra: [ke_hoach]\n    ty_le_da_neu:\n"
        "      - {so_voi: ke_hoach, dat: 112, o_dau: I.1}"))
    template = tmp_path / "mau.j2"
    template.write_text("A {{ ct.ban_le | dat_ke_hoach }}\nB {{ ct.ban_le.ke_hoach | so }}\n"
                        "C {{ ct.ban_le | gia_tri('ke_hoach') }}\n", encoding="utf-8")
    found = [f for f in run_check(folder, template).findings if f.rule == "so-suy-ra"]
    assert [(f.line, f.indicator, f.severity) for f in found] == [
        (2, "ban_le", "canh-bao"), (3, "ban_le", "canh-bao")]
