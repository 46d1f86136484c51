"""Reporting periods: the words of each period, a half-year report end to end (text, appendix
headers, subject, file name, no next year's plan needed), and rolling the data forward."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh import appendix, document
from kt_xh.cli import app
from kt_xh.errors import DataError
from kt_xh.loading import load_report
from kt_xh.periods import Period, option_code
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, SHIPPED_DATA, write_data

HALF_YEAR = """\
nam: 2025
ky: 6_thang
don_vi:
  co_quan_ban_hanh: [ỦY BAN NHÂN DÂN, XÃ TAM ĐƯỜNG]
  ten_goi_tat: UBND xã Tam Đường
  ky_hieu: BC-UBND
  dia_danh: Tam Đường
  ky_hop: Trình kỳ họp thường lệ giữa năm 2025, HĐND xã
  nguoi_ky:
    tham_quyen: TM. ỦY BAN NHÂN DÂN
    chuc_vu: CHỦ TỊCH
    ho_ten: Lò Văn Minh
chi_tieu:
  ban_le:
    ten: Tổng mức bán lẻ hàng hóa
    don_vi_tinh: tỷ đồng
    chu_yeu: 1
    cung_ky: 480
    ke_hoach: 1100
    uoc_thuc_hien: 528
  ho_ngheo:
    ten: Tỷ lệ hộ nghèo
    don_vi_tinh: '%'
    loai: ty_le
    chieu: giam_la_tot
    chu_yeu: 2
    cung_ky: 5.2
    ke_hoach: 4.5
    uoc_thuc_hien: 5.0
"""


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def half_year_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2025_actuals.yaml").write_text(HALF_YEAR, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the words of a period
@pytest.mark.parametrize(("code", "name", "short", "heading", "starts", "ends"), [
    ("nam", "năm 2025", "năm", "năm 2025", "15/12/2024", "14/12/2025"),
    ("6_thang", "6 tháng đầu năm 2025", "6 tháng", "6 tháng năm 2025", "15/12/2024", "14/6/2025"),
    ("9_thang", "9 tháng năm 2025", "9 tháng", "9 tháng năm 2025", "15/12/2024", "14/9/2025"),
    ("quy_1", "quý I năm 2025", "quý I", "quý I năm 2025", "15/12/2024", "14/3/2025"),
    ("quy_2", "quý II năm 2025", "quý II", "quý II năm 2025", "15/3/2025", "14/6/2025"),
    ("quy_4", "quý IV năm 2025", "quý IV", "quý IV năm 2025", "15/9/2025", "14/12/2025"),
    ("thang_1", "tháng 1 năm 2025", "tháng 1", "tháng 1 năm 2025", "15/12/2024", "14/1/2025"),
    ("thang_12", "tháng 12 năm 2025", "tháng 12", "tháng 12 năm 2025", "15/11/2025",
     "14/12/2025"),
])
def test_each_period_is_named_and_dated(code: str, name: str, short: str, heading: str,
                                        starts: str, ends: str) -> None:
    """Cut-off dates of Nghị định 09/2019, Article 12: the 15th of the month before the period
    to the 14th of its last month."""
    period = Period(code, 2025)
    assert (period.name(), period.short, period.heading()) == (name, short, heading)
    assert (period.starts, period.ends) == (starts, ends)
    assert period.annual is (code == "nam")


def test_period_options_are_read_with_dashes_or_underscores() -> None:
    assert option_code("6-thang") == option_code("6_thang") == "6_thang"
    assert option_code("QUY-2") == "quy_2"
    assert option_code("thang-13") is None and option_code("6 tháng") is None


def test_a_period_that_does_not_exist_is_refused_in_vietnamese(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", MINIMAL_ACTUALS.replace("nam: 2023",
                                                                   "nam: 2023\nky: 6 thang"))
    with pytest.raises(DataError) as error:
        load_report(folder)
    problem = error.value.problems[0]
    assert (problem.line, problem.field) == (2, "ky")
    assert "6_thang" in problem.message


# ---------------------------------------------------------------- a half-year report
def test_a_half_year_estimate_is_compared_with_the_annual_plan_and_the_same_period(
        tmp_path: Path) -> None:
    report = load_report(half_year_folder(tmp_path)).report
    text = render_source(
        "{{ ky.ten }}: {{ ct.ban_le | ket_qua }}. {{ ct.ho_ngheo | dat_ke_hoach }}.", "m.j2",
        report).text
    # 528 / 1100 = 48%; 528 / 480 = 110%: tăng 10%; 5,0 - 4,5 = 0,5 points above the plan
    assert text == ("6 tháng đầu năm 2025: ước đạt 528 tỷ đồng, đạt 48% kế hoạch năm, tăng 10% so "
                    "với cùng kỳ năm 2024. cao hơn kế hoạch năm 0,5 điểm phần trăm.")


@pytest.mark.parametrize(("plan", "printed"), [
    # 528 / 1150 = 45,9% → 46; 528 / 1100 = 48%: the share of each end of the annual range
    ("{tu: 1100, den: 1150}", "đạt 46-48% kế hoạch năm"),
    ("{tu: 1100, den: 1100}", "đạt 48% kế hoạch năm"),
    # a growth plan has no share: it is named as written, the growth itself is so_cung_ky's
    ("{tang: {tu: 10, den: 12}}", "kế hoạch năm tăng 10-12%"),
])
def test_a_half_year_estimate_against_an_annual_plan_that_is_not_one_figure(
        tmp_path: Path, plan: str, printed: str) -> None:
    folder = half_year_folder(tmp_path)
    actuals = folder / "2025_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace(
        "ke_hoach: 1100", f"ke_hoach: {plan}"), encoding="utf-8")
    report = load_report(folder).report
    assert render_source("{{ ct.ban_le | dat_ke_hoach }}", "m.j2", report).text == printed


def test_a_half_year_report_assesses_nothing(tmp_path: Path) -> None:
    report = load_report(half_year_folder(tmp_path)).report
    text = render_source("{{ danh_gia.dat | length }}/{{ danh_gia.khong_dat | length }}/"
                         "{{ danh_gia.chua_danh_gia | length }}", "m.j2", report).text
    assert text == "0/0/2"
    rows = [row for row in appendix.rows(report) if row.kind == "chi_tieu"]
    assert [row.cells[7] for row in rows] == ["", ""]  # column 8: no Vượt / Đạt / Không đạt
    assert rows[0].cells[4:6] == ("48", "110")


def test_the_appendix_headers_title_and_subject_follow_the_period(tmp_path: Path) -> None:
    report = load_report(half_year_folder(tmp_path)).report
    labels = appendix.header_labels(2025, report.period)
    assert labels["previous"] == "Cùng kỳ năm 2024"
    assert labels["plan"] == "Kế hoạch năm 2025"
    assert labels["estimate"] == "Ước thực hiện 6 tháng năm 2025"
    assert labels["vs_plan"] == "ƯTH 6 tháng 2025/KH năm 2025"
    assert labels["vs_previous"] == "ƯTH 6 tháng 2025/CK 2024"
    assembled = document.appendix_of(report)
    assert assembled.title == "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG ĐẦU NĂM 2025"
    from kt_xh.markup import parse

    assert document.subject(report, parse("Một đoạn.")) == (
        "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm 2025")


def test_the_year_keeps_its_headers() -> None:
    labels = appendix.header_labels(2023, Period("nam", 2023))
    assert labels == appendix.header_labels(2023)
    assert labels["estimate"] == "Ước thực hiện năm 2023"
    assert labels["previous"] == "Thực hiện năm 2022"


def test_a_half_year_report_needs_no_targets_file_and_passes_strict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = half_year_folder(tmp_path)
    (tmp_path / "mau.j2").write_text("Bán lẻ {{ ky.ten }} {{ ct.ban_le | ket_qua }}.\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    check = run("check", "--data", "data", "--template", "mau.j2", "--strict", "--format", "json")
    assert check.exit_code == 0, check.output
    rules = {f["quy_tac"] for f in json.loads(check.output)["phat_hien"]}
    assert "thieu-ke-hoach-nam-sau" not in rules  # main indicators without next year's plan
    assert "bien-dong-bat-thuong" not in rules  # 528 is 52% under the annual plan: as it should
    built = run("build-report", "--data", "data", "--template", "mau.j2")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / "bao_cao_6_thang_2025.docx").is_file()
    assert folder.is_dir() and not (folder / "2026_targets.yaml").exists()


def test_a_year_report_still_needs_its_targets_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2025_actuals.yaml").write_text(HALF_YEAR.replace("ky: 6_thang\n", ""),
                                              encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_report(folder)
    assert "thiếu tệp kế hoạch năm sau 2026_targets.yaml" in error.value.problems[0].message


def test_a_year_report_still_asks_for_next_years_plan_of_main_indicators(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2025_actuals.yaml").write_text(HALF_YEAR.replace("ky: 6_thang\n", ""),
                                              encoding="utf-8")
    (folder / "2026_targets.yaml").write_text("nam: 2026\nchi_tieu: {}\n", encoding="utf-8")
    check = run("check", "--data", str(folder), "--format", "json")
    rules = [f["quy_tac"] for f in json.loads(check.output)["phat_hien"]]
    assert rules.count("thieu-ke-hoach-nam-sau") == 2


def test_the_shipped_report_stays_a_year_report() -> None:
    report = load_report(SHIPPED_DATA).report
    assert report.period.annual and report.period.name() == "năm 2023"
    text = render_source("{{ ky.ten }}|{{ ky.cung_ky }}|{% if ky.ca_nam %}True{% endif %}",
                         "m.j2", report).text
    assert text == "năm 2023|năm 2022|True"


# ---------------------------------------------------------------- rolling forward
def test_new_year_keeps_the_session_line_and_every_field_that_is_not_a_figure(
        tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    result = run("new-year", "2024", "--data", str(folder))
    assert result.exit_code == 0, result.output
    old = load_report(SHIPPED_DATA).report
    new = load_report(folder).report
    assert new.unit.ky_hop == old.unit.ky_hop == ("Trình kỳ họp thứ 14, HĐND thành phố khóa IV, "
                                                  "nhiệm kỳ 2021-2026")
    assert new.unit.so_van_ban is None and new.unit.ngay_ban_hanh is None  # a new document
    for indicator_id, indicator in old.indicators.items():
        rolled = new.indicators[indicator_id]
        for name in ("ten", "don_vi_tinh", "loai", "chieu", "thap_phan", "so_nguyen",
                     "thap_phan_so_sanh", "nhom", "chu_yeu", "thanh_phan", "nguong_bien_dong",
                     "trong_bieu"):
            assert getattr(rolled, name) == getattr(indicator, name), (indicator_id, name)
        assert rolled.nguon is None and not rolled.ty_le_da_neu and not rolled.chap_nhan


def test_new_year_into_a_half_year_report(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    result = run("new-year", "2024", "--data", str(folder), "--ky", "6-thang")
    assert result.exit_code == 0, result.output
    assert not (folder / "2025_targets.yaml").exists()  # a half-year report needs none
    report = load_report(folder).report
    assert report.period_code == "6_thang"
    income = report.indicators["thu_nhap_binh_quan"]
    # the 2024 plan (62, from 2024_targets.yaml); the half year of 2023 is not in a year report
    assert income.ke_hoach == Decimal(62) and income.cung_ky is None
    assert "hãy nhập số thực hiện 6 tháng đầu năm 2023" in (
        folder / "2024_actuals.yaml").read_text(encoding="utf-8")


def test_new_year_keeps_the_period_and_the_declared_groups(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2025_actuals.yaml").write_text(HALF_YEAR.replace(
        "chi_tieu:\n", "nhom_bieu:\n  - {ma: kinh_te, ten: KINH TẾ, so: A}\nchi_tieu:\n", 1),
        encoding="utf-8")
    assert run("fmt", "--data", str(folder)).exit_code == 0  # the old file laid out, as an office's
    result = run("new-year", "2026", "--data", str(folder))
    assert result.exit_code == 0, result.output
    report = load_report(folder).report
    assert report.period_code == "6_thang" and report.groups_declared
    assert [(g.ma, g.ten, g.so) for g in report.groups.values()] == [("kinh_te", "KINH TẾ", "A")]
    retail = report.indicators["ban_le"]
    assert retail.cung_ky == Decimal(528) and retail.cung_ky_la_uoc  # the same period's estimate
    assert run("fmt", "--data", str(folder), "--check").exit_code == 0


def test_new_year_refuses_an_unknown_period(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    result = run("new-year", "2024", "--data", str(folder), "--ky", "nua-nam")
    assert result.exit_code == 2
    assert "Kỳ báo cáo 'nua-nam' (--ky) không có" in result.output
    assert not (folder / "2024_actuals.yaml").exists()



def test_diff_reads_a_half_year_report_without_a_targets_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Kiểm thử", "-c", "user.email=t@ktxh.invalid",
                        *args], cwd=tmp_path, check=True, capture_output=True)

    folder = half_year_folder(tmp_path)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "6 tháng")
    actuals = folder / "2025_actuals.yaml"
    actuals.write_text(HALF_YEAR.replace("uoc_thuc_hien: 528", "uoc_thuc_hien: 600"),
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("diff", "--data", "data", "--template", "khong_co.j2")
    assert result.exit_code == 0, result.output
    assert "528" in result.output and "600" in result.output


# ---------------------------------------------------------------- new-period: later in the year
LAST_YEAR = HALF_YEAR.replace("nam: 2025\nky: 6_thang\n", "nam: 2024\n").replace(
    "uoc_thuc_hien: 528", "uoc_thuc_hien: 1000").replace("uoc_thuc_hien: 5.0",
                                                         "uoc_thuc_hien: 4.8")


def test_new_period_rolls_a_half_year_report_into_the_year(tmp_path: Path) -> None:
    folder = half_year_folder(tmp_path)
    (folder / "2024_actuals.yaml").write_text(LAST_YEAR, encoding="utf-8")
    (folder / "2025_targets.yaml").write_text("nam: 2025\nchi_tieu: {}\n", encoding="utf-8")
    result = run("new-period", "nam", "--data", str(folder))
    assert result.exit_code == 0, result.output
    kept = folder / "luu" / "2025_6_thang_actuals.yaml"
    assert kept.read_text(encoding="utf-8") == HALF_YEAR  # the half year, kept as it was
    assert (folder / "2026_targets.yaml").read_text(encoding="utf-8").endswith(
        "nam: 2026\n\nchi_tieu: {}\n")
    report = load_report(folder).report
    assert report.year == 2025 and report.period.annual
    retail = report.indicators["ban_le"]
    assert retail.ke_hoach == Decimal(1100)  # the annual plan stays
    assert retail.uoc_thuc_hien is None  # the year's estimate is to be typed
    assert retail.cung_ky == Decimal(1000) and retail.cung_ky_la_uoc  # 2024's year estimate
    assert report.unit.ky_hop == "Trình kỳ họp thường lệ giữa năm 2025, HĐND xã"
    assert report.indicators["ho_ngheo"].cung_ky == Decimal("4.8")


def test_new_period_leaves_last_year_empty_when_the_folder_lacks_it(tmp_path: Path) -> None:
    folder = half_year_folder(tmp_path)
    result = run("new-period", "9-thang", "--data", str(folder))
    assert result.exit_code == 0, result.output
    report = load_report(folder).report
    assert report.period_code == "9_thang"
    assert report.indicators["ban_le"].cung_ky is None
    assert not (folder / "2026_targets.yaml").exists()  # a 9-month report needs none
    text = (folder / "2025_actuals.yaml").read_text(encoding="utf-8")
    assert "cùng kỳ để trống: hãy nhập số thực hiện 9 tháng năm 2024." in text


def test_new_period_only_goes_forward_in_the_year(tmp_path: Path) -> None:
    folder = half_year_folder(tmp_path)
    for period in ("6-thang", "quy-1"):
        result = run("new-period", period, "--data", str(folder))
        assert result.exit_code == 2
        assert "chỉ chuyển sang một kỳ sau trong cùng năm" in result.output
    assert not (folder / "luu").exists()
    assert (folder / "2025_actuals.yaml").read_text(encoding="utf-8") == HALF_YEAR
