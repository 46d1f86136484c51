"""Prose that cannot lie: each change of the data that flips a verdict gives a report whose
sentences follow it, a claim the data contradicts stops check and the build, and a status typed
by hand next to a figure is a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kt_xh.build import build_report
from kt_xh.checks import run_check
from kt_xh.docx_text import docx_text
from kt_xh.errors import FindingsError
from kt_xh.loading import load_report
from kt_xh.template_env import render, render_source

from conftest import ROOT, SHIPPED_DATA

TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"


def changed_data(tmp_path: Path, *changes: tuple[str, str, str]) -> Path:
    """The shipped data with, for each (file, old, new), the first `old` after the indicator
    replaced."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    for file, anchor_and_old, new in changes:
        path = data / file
        text = path.read_text(encoding="utf-8")
        anchor, old = anchor_and_old.split("|")
        start = text.index(f"\n  {anchor}:\n")
        at = text.index(old, start)
        path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return data


def report_text(data: Path) -> str:
    return render(TEMPLATE, load_report(data).report, cache="off").text


ACTUALS, TARGETS = "2023_actuals.yaml", "2024_targets.yaml"


def test_the_shipped_report_says_what_its_data_says() -> None:
    text = report_text(SHIPPED_DATA)
    assert "nguyên nhân dẫn đến chỉ tiêu thu ngân sách trên địa bàn không đạt kế hoạch" in text
    assert "tỷ lệ hộ nghèo toàn thành phố còn 1,56%" in text
    assert "(tương đương với tăng 23 hộ cận nghèo)" in text
    assert "Sản lượng lương thực có hạt không đạt kế hoạch" in text
    assert "Công tác đào tạo nghề không đạt kế hoạch" in text


def test_budget_revenue_that_meets_its_plan_is_no_longer_a_cause_of_failure(tmp_path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "thu_ngan_sach_dia_ban|uoc_thuc_hien: 132900",
                                   "uoc_thuc_hien: 210000"))
    text = report_text(data)
    assert "thu ngân sách trên địa bàn không đạt kế hoạch" not in text
    assert "đã ảnh hưởng đến nguồn lực thực hiện dự án" in text


def test_a_poverty_rate_above_last_year_is_not_said_to_fall(tmp_path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "ty_le_ho_ngheo|uoc_thuc_hien: 1.56",
                                   "uoc_thuc_hien: 1.90"))
    text = report_text(data)
    assert "tỷ lệ hộ nghèo toàn thành phố là 1,9%" in text or "là 1,90%" in text
    assert "còn 1,9" not in text and "tương đương giảm 33 hộ nghèo" not in text
    assert "mức giảm tỷ lệ hộ nghèo" not in text
    assert "tỷ lệ hộ nghèo giảm" not in text  # I.1.3
    # last year's rate is reconstructed (suy_ra): the direction is said, no derived number
    assert "tăng so với năm 2022" in text


def test_grain_and_training_that_meet_their_plans_leave_the_lists_of_failures(tmp_path) -> None:
    data = changed_data(tmp_path,
                        (ACTUALS, "luong_thuc_san_luong|uoc_thuc_hien: 8007",
                         "uoc_thuc_hien: 8600"),
                        (ACTUALS, "dao_tao_nghe|uoc_thuc_hien: 250", "uoc_thuc_hien: 360"))
    text = report_text(data)
    assert "Sản lượng cây lương thực (ước" not in text
    assert "Sản lượng lương thực có hạt không đạt kế hoạch" not in text
    assert "Công tác đào tạo nghề không đạt kế hoạch" not in text
    assert "Số lao động được đào tạo nghề sơ cấp và dạy nghề thường xuyên (ước" not in text


def test_a_lower_near_poverty_rate_is_not_an_increase_in_households(tmp_path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "ty_le_ho_can_ngheo|uoc_thuc_hien: 0.8",
                                   "uoc_thuc_hien: 0.6"))
    text = report_text(data)
    assert "giảm so với năm 2022" in text  # last year's rate is reconstructed: no number
    assert "tương đương với tăng 23 hộ cận nghèo" not in text


def test_targets_above_the_estimate_are_not_said_to_fall(tmp_path) -> None:
    data = changed_data(tmp_path, (TARGETS, "suy_dinh_duong|ke_hoach: 9.2", "ke_hoach: 9.6"),
                        (TARGETS, "ty_le_tang_dan_so|ke_hoach: 10.04", "ke_hoach: 10.6"))
    text = report_text(data)
    assert "(cân nặng theo tuổi) không vượt quá 9,6%" in text
    assert "Tỷ lệ tăng dân số tự nhiên không vượt quá 10,6‰" in text
    assert "giảm xuống còn 9,6" not in text and "giảm xuống còn 10,6" not in text


def test_retail_sales_below_last_year_are_not_listed_among_increases(tmp_path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "tong_muc_ban_le|uoc_thuc_hien: 4148",
                                   "uoc_thuc_hien: 3300"))
    text = report_text(data)
    increases = text.split("một số chỉ tiêu kinh tế tăng so với cùng kỳ năm trước như:", 1)[1]
    assert "Tổng mức bán lẻ" not in increases.split(".", 1)[0]


# ---------------------------------------------------------------- stated claims
REPORT = load_report(SHIPPED_DATA).report
CLAIMED = ("Dòng một.\nThu ngân sách không đạt kế hoạch"
           "{{ ct.thu_ngan_sach_dia_ban | khang_dinh('khong_dat') }}.\n")


def test_a_true_claim_prints_nothing_and_is_recorded() -> None:
    result = render_source(CLAIMED, "mau.j2", REPORT)
    assert "Thu ngân sách không đạt kế hoạch." in result.text
    assert [(c.line, c.indicator, c.name, c.holds) for c in result.claims] == [
        (2, "thu_ngan_sach_dia_ban", "khong_dat", True)]


def test_a_false_claim_fails_check_and_stops_the_build(tmp_path: Path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "thu_ngan_sach_dia_ban|uoc_thuc_hien: 132900",
                                   "uoc_thuc_hien: 210000"))
    template = tmp_path / "mau.j2"
    template.write_text(CLAIMED, encoding="utf-8")
    result = run_check(data, template)
    found = [f for f in result.findings if f.rule == "khang-dinh-sai"]
    assert [(f.line, f.indicator) for f in found] == [(2, "thu_ngan_sach_dia_ban")]
    assert "không đạt kế hoạch, nhưng số liệu cho thấy: vượt kế hoạch tỉnh giao" in (
        found[0].message)
    assert result.exit_code(strict=False) == 1
    with pytest.raises(FindingsError) as caught:
        build_report(data, template, output=tmp_path / "o.docx")
    assert caught.value.exit_code == 1
    assert "mau.j2:2 [khang-dinh-sai] (thu_ngan_sach_dia_ban) câu khẳng định" in (
        caught.value.message)
    assert not (tmp_path / "o.docx").exists()


def test_an_acknowledged_false_claim_is_built(tmp_path: Path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "thu_ngan_sach_dia_ban|uoc_thuc_hien: 132900",
                                   "uoc_thuc_hien: 210000\n    chap_nhan:\n"
                                   "      - {quy_tac: khang-dinh-sai, ly_do: Chờ số quyết toán.}\n"
                                   "      - {quy_tac: ty-le-da-neu-sai, ly_do: Số mới.}"))
    template = tmp_path / "mau.j2"
    template.write_text(CLAIMED, encoding="utf-8")
    output = tmp_path / "o.docx"
    build_report(data, template, output=output)
    assert "Thu ngân sách không đạt kế hoạch." in docx_text(output)


def test_an_unknown_claim_names_the_choices() -> None:
    from kt_xh.errors import TemplateError

    with pytest.raises(TemplateError, match="chọn một trong: dat, vuot, khong_dat, tang, giam"):
        render_source("{{ ct.tong_muc_ban_le | khang_dinh('tot') }}", "mau.j2", REPORT)


def test_a_test_on_a_figure_the_data_lacks_is_a_missing_figure() -> None:
    result = render_source("{% if ct.san_pham_ocop_luy_ke is tang %}x{% endif %}", "mau.j2",
                           REPORT)
    assert result.text == "" and result.missing and "tăng so với cùng kỳ" in result.missing[0][1]


def test_a_status_typed_by_hand_next_to_a_figure_is_a_warning(tmp_path: Path) -> None:
    template = tmp_path / "mau.j2"
    template.write_text("Dòng một.\nTỷ lệ hộ nghèo còn {{ ct.ty_le_ho_ngheo | gia_tri }}, "
                        "Tăng cường giảm nghèo bền vững.\n"
                        "Tỷ lệ hộ nghèo {{ ct.ty_le_ho_ngheo | khang_dinh('giam') }}còn "
                        "{{ ct.ty_le_ho_ngheo | gia_tri }}.\n", encoding="utf-8")
    result = run_check(SHIPPED_DATA, template)
    found = [(f.line, f.indicator) for f in result.findings if f.rule == "nhan-dinh-go-tay"]
    assert found == [(2, "ty_le_ho_ngheo")]


def test_a_typed_word_the_data_contradicts_is_an_error(tmp_path: Path) -> None:
    data = changed_data(tmp_path, (ACTUALS, "ty_le_ho_ngheo|uoc_thuc_hien: 1.56",
                                   "uoc_thuc_hien: 1.90"))
    template = tmp_path / "mau.j2"
    template.write_text("Dòng một.\nTỷ lệ hộ nghèo còn {{ ct.ty_le_ho_ngheo | gia_tri }}.\n",
                        encoding="utf-8")
    result = run_check(data, template)
    found = [f for f in result.findings if f.indicator == "ty_le_ho_ngheo"
             and f.rule in ("khang-dinh-sai", "nhan-dinh-go-tay")]
    assert [(f.rule, f.line) for f in found] == [("khang-dinh-sai", 2)]
    assert "lời văn gõ 'còn'" in found[0].message and "giảm so với cùng kỳ" in found[0].message
