"""A merged commune's last-year figures from its predecessors (`hop_nhat_tu`): sums of values,
rates recomputed from numerator and denominator, the findings of check, paths confined."""

from __future__ import annotations

import os
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kt_xh.checks import run_check
from kt_xh.errors import DataError
from kt_xh.loading import load_report
from kt_xh.template_api import build_context

UNIT = """\
don_vi:
  cap: xa
  ten: Tân Phong
  ky_hieu: BC-UBND
  nguoi_ky: {tham_quyen: TM. ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}
"""

COMMUNE = f"""\
nam: 2025
{UNIT}
hop_nhat_tu:
  - {{ten: xã Nậm A, so_lieu: ../tien_than/nam_a}}
  - {{ten: xã Bản B, so_lieu: ../tien_than/ban_b.yaml}}
  - {{ten: xã Pa C, so_lieu: ../tien_than/pa_c.yaml, phan: 40}}
ty_le_tinh_tu:
  ty_le_ho_ngheo: {{tu_so: so_ho_ngheo, mau_so: tong_so_ho}}
chi_tieu:
  thu_ngan_sach:
    ten: Thu ngân sách trên địa bàn
    don_vi_tinh: triệu đồng
    ke_hoach: 15000
    uoc_thuc_hien: 16500
  tong_so_ho:
    ten: Tổng số hộ
    don_vi_tinh: hộ
    uoc_thuc_hien: 4310
  so_ho_ngheo:
    ten: Số hộ nghèo
    don_vi_tinh: hộ
    uoc_thuc_hien: 149
  ty_le_ho_ngheo:
    ten: Tỷ lệ hộ nghèo
    don_vi_tinh: '%'
    loai: ty_le
    chieu: giam_la_tot
    thap_phan: 2
    ke_hoach: 3.5
    uoc_thuc_hien: 3.46
  ty_le_bhyt:
    ten: Tỷ lệ dân số tham gia bảo hiểm y tế
    don_vi_tinh: '%'
    loai: ty_le
    ke_hoach: 95
    uoc_thuc_hien: 95.5
"""

OLD_COMMUNE_A = """\
nam: 2024
don_vi:
  cap: xa
  ten: Nậm A
  ky_hieu: BC-UBND
  nguoi_ky: {tham_quyen: TM. ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}
chi_tieu:
  thu_ngan_sach: {ten: Thu ngân sách, don_vi_tinh: triệu đồng, uoc_thuc_hien: 6000}
  tong_so_ho: {ten: Tổng số hộ, don_vi_tinh: hộ, uoc_thuc_hien: 2000}
  so_ho_ngheo: {ten: Số hộ nghèo, don_vi_tinh: hộ, uoc_thuc_hien: 90}
  ty_le_ho_ngheo: {ten: Tỷ lệ hộ nghèo, don_vi_tinh: '%', loai: ty_le, uoc_thuc_hien: 4.5}
  ty_le_bhyt: {ten: Tỷ lệ BHYT, don_vi_tinh: '%', loai: ty_le, uoc_thuc_hien: 92}
"""

OLD_COMMUNE_B = """\
nam: 2024
so_lieu: {thu_ngan_sach: 4500, tong_so_ho: 1800, so_ho_ngheo: 54, ty_le_bhyt: 95}
"""

OLD_COMMUNE_C = """\
nam: 2024
so_lieu: {thu_ngan_sach: 5000, tong_so_ho: 1233, so_ho_ngheo: 61, ty_le_bhyt: 90}
"""


def write_commune(root: Path, commune: str = COMMUNE, targets: str = "nam: 2026\nchi_tieu: {}\n",
                  ) -> Path:
    data = root / "data"
    (root / "tien_than" / "nam_a").mkdir(parents=True)
    data.mkdir()
    (data / "2025_actuals.yaml").write_text(textwrap.dedent(commune), encoding="utf-8")
    (data / "2026_targets.yaml").write_text(targets, encoding="utf-8")
    (root / "tien_than" / "nam_a" / "2024_actuals.yaml").write_text(OLD_COMMUNE_A,
                                                                      encoding="utf-8")
    (root / "tien_than" / "ban_b.yaml").write_text(OLD_COMMUNE_B, encoding="utf-8")
    (root / "tien_than" / "pa_c.yaml").write_text(OLD_COMMUNE_C, encoding="utf-8")
    return data


def test_last_year_is_the_sum_of_the_predecessors_and_the_rate_is_recomputed(tmp_path: Path
                                                                             ) -> None:
    report = load_report(write_commune(tmp_path)).report
    last_year = {i: ind.cung_ky for i, ind in report.indicators.items()}
    # 6000 + 4500 + 40% of 5000 = 12500
    assert last_year["thu_ngan_sach"] == Decimal(12500)
    # 2000 + 1800 + 40% of 1233 (493,2) = 4293,2 -> whole households, 4293
    assert last_year["tong_so_ho"] == Decimal(4293)
    # 90 + 54 + 40% of 61 (24,4) = 168,4 -> 168
    assert last_year["so_ho_ngheo"] == Decimal(168)
    # 168 / 4293 = 3,9133% -> 3,91 (never the mean of 4,5 and the others)
    assert last_year["ty_le_ho_ngheo"] == Decimal("3.91")
    # a rate without numerator and denominator is not computed
    assert last_year["ty_le_bhyt"] is None
    entry = report.entries["ty_le_ho_ngheo"]
    assert entry.against_last_year is not None
    assert entry.against_last_year.difference == Decimal("-0.45")  # 3,46 - 3,91


def test_check_names_the_rate_that_must_be_entered(tmp_path: Path) -> None:
    result = run_check(write_commune(tmp_path), None)
    found = [f for f in result.findings if f.rule == "cung-ky-chua-tong-hop"]
    assert [(f.indicator, f.line) for f in found] == [("ty_le_bhyt", 36)]  # its `ty_le_bhyt:`
    assert found[0].file.endswith("data/2025_actuals.yaml")
    assert "hãy nhập cung_ky" in found[0].message
    assert "ty_le_tinh_tu" in found[0].message


def test_an_entered_last_year_figure_wins_and_check_reports_the_difference(tmp_path: Path
                                                                            ) -> None:
    commune = COMMUNE.replace("    uoc_thuc_hien: 4310\n", "    cung_ky: 4300\n"
                              "    uoc_thuc_hien: 4310\n")
    data = write_commune(tmp_path, commune)
    assert load_report(data).report.indicators["tong_so_ho"].cung_ky == Decimal(4300)
    found = [f for f in run_check(data, None).findings if f.rule == "cung-ky-lech-tong-hop"]
    assert len(found) == 1
    assert found[0].indicator == "tong_so_ho"
    assert "4.300" in found[0].message and "4.293" in found[0].message


def test_a_predecessor_lacking_a_figure_leaves_the_sum_missing_and_is_named(tmp_path: Path
                                                                             ) -> None:
    data = write_commune(tmp_path)
    small = tmp_path / "tien_than" / "ban_b.yaml"
    small.write_text(OLD_COMMUNE_B.replace("thu_ngan_sach: 4500, ", ""), encoding="utf-8")
    assert load_report(data).report.indicators["thu_ngan_sach"].cung_ky is None
    found = [f for f in run_check(data, None).findings
             if f.rule == "cung-ky-chua-tong-hop" and f.indicator == "thu_ngan_sach"]
    assert len(found) == 1
    assert "xã Bản B" in found[0].message and "ban_b.yaml" in found[0].message


def test_the_footnote_names_the_predecessors(tmp_path: Path) -> None:
    context = build_context(load_report(write_commune(tmp_path)).report)
    assert context["hop_nhat_tu"].chu_thich == (
        "Số liệu năm 2024 tổng hợp từ số liệu của xã Nậm A, xã Bản B và 40% số liệu của xã Pa C.")


@pytest.mark.parametrize("written", ["../../ngoai.yaml", "/etc/passwd", "../data/../../x"])
def test_a_predecessor_path_cannot_leave_the_office_folder(tmp_path: Path, written: str) -> None:
    office = tmp_path / "kho"
    office.mkdir()
    data = write_commune(office, COMMUNE.replace("../tien_than/ban_b.yaml", written))
    with pytest.raises(DataError) as error:
        load_report(data)
    [problem] = error.value.problems
    assert problem.field == "hop_nhat_tu.1.so_lieu"
    assert "ra ngoài thư mục của kho" in problem.message


def test_a_symbolic_link_out_of_the_office_folder_is_refused(tmp_path: Path) -> None:
    office = tmp_path / "kho"
    office.mkdir()
    data = write_commune(office)
    outside = tmp_path / "ngoai.yaml"
    outside.write_text(OLD_COMMUNE_B, encoding="utf-8")
    link = office / "tien_than" / "ban_b.yaml"
    link.unlink()
    os.symlink(outside, link)
    with pytest.raises(DataError) as error:
        load_report(data)
    assert "ra ngoài thư mục của kho" in error.value.problems[0].message


def test_a_predecessor_of_the_wrong_year_is_named(tmp_path: Path) -> None:
    data = write_commune(tmp_path)
    (tmp_path / "tien_than" / "pa_c.yaml").write_text(OLD_COMMUNE_C.replace("2024", "2023"),
                                                       encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_report(data)
    [problem] = error.value.problems
    assert problem.file.endswith("pa_c.yaml") and problem.field == "nam"
    assert "phải là năm 2024" in problem.message


TEMPLATE = """\
@trich-yeu Tình hình thực hiện kế hoạch năm {{ nam }}
# I. KẾT QUẢ
Thu ngân sách trên địa bàn {{ ct.thu_ngan_sach | ket_qua }}.^[{{ hop_nhat_tu.chu_thich }}]
Tỷ lệ hộ nghèo {{ ct.ty_le_ho_ngheo | ket_qua }}.
Báo cáo trình {{ don_vi.hdnd }}.
"""


def test_the_commune_builds_with_last_year_summed(tmp_path: Path) -> None:
    from kt_xh.build import build_report
    from kt_xh.docx_text import docx_text

    data = write_commune(tmp_path, COMMUNE.replace(
        "    ke_hoach: 95\n    uoc_thuc_hien: 95.5\n",
        "    cung_ky: 94.1\n    ke_hoach: 95\n    uoc_thuc_hien: 95.5\n"))
    template = tmp_path / "bao_cao.docx.j2"
    template.write_text(TEMPLATE, encoding="utf-8")
    result = build_report(data, template, output=tmp_path / "build" / "bao_cao.docx",
                          review=True)
    text = docx_text(result.output)
    assert "| ỦY BAN NHÂN DÂN XÃ TÂN PHONG |" in text
    assert "(Trình kỳ họp HĐND xã Tân Phong)" in text
    # 16.500 of a 15.000 plan (110%), against 12.500 last year (+32%)
    assert "ước đạt 16.500 triệu đồng, đạt 110% kế hoạch, tăng 32% so với cùng kỳ năm 2024" in text
    assert "3,46%" in text and "0,45 điểm phần trăm" in text  # 3,46 against 3,91
    assert "Báo cáo trình HĐND xã Tân Phong." in text
    assert "tổng hợp từ số liệu của xã Nậm A, xã Bản B và 40% số liệu của xã Pa C" in text


def test_the_review_copy_says_last_year_was_summed_from_the_predecessors(tmp_path: Path
                                                                         ) -> None:
    from kt_xh.review_notes import ReviewNotes

    loaded = load_report(write_commune(tmp_path))
    notes = ReviewNotes(loaded)
    assert notes.location("thu_ngan_sach", "cung_ky") == (
        "cung_ky tổng hợp từ các đơn vị cũ (hop_nhat_tu: xã Nậm A, xã Bản B, xã Pa C)")
    assert notes.location("thu_ngan_sach", "ke_hoach").endswith("2025_actuals.yaml:18")


def test_the_commune_officer_s_example_in_the_guide_loads(tmp_path: Path) -> None:
    """Section 15 of docs/huong_dan_so_lieu.md: its declaration and its small file, as written."""
    import re

    from conftest import ROOT

    guide = (ROOT / "docs" / "huong_dan_so_lieu.md").read_text(encoding="utf-8")
    section = guide.split("## 15.", 1)[1].split("## 16.", 1)[0]
    declaration, small_file = re.findall(r"```yaml\n(.*?)```", section, re.S)
    head, chi_tieu = COMMUNE.split("hop_nhat_tu:", 1)[0], COMMUNE.split("chi_tieu:", 1)[1]
    data = write_commune(tmp_path, head + declaration + "chi_tieu:" + chi_tieu)
    (tmp_path / "tien_than" / "ban_b.yaml").write_text(small_file, encoding="utf-8")
    report = load_report(data).report
    assert [p.ten for p in report.merged_from] == ["xã Nậm A", "xã Bản B", "xã Pa C"]
    assert report.indicators["thu_ngan_sach"].cung_ky == Decimal(12500)  # 6.000 + 4.500 + 2.000


def test_a_pipe_named_as_a_predecessor_is_not_read(tmp_path: Path) -> None:
    """A FIFO would block a reader forever: it is neither a file nor a folder of data."""
    data = write_commune(tmp_path)
    pipe = tmp_path / "tien_than" / "ban_b.yaml"
    pipe.unlink()
    os.mkfifo(pipe)
    with pytest.raises(DataError) as error:
        load_report(data)
    [problem] = error.value.problems
    assert problem.field == "hop_nhat_tu.1.so_lieu"
    assert "Không tìm thấy" in problem.message and "xã Bản B" in problem.message


def test_an_oversized_predecessor_file_is_refused_unread(tmp_path: Path) -> None:
    from kt_xh.yaml_source import MAX_FILE_BYTES

    data = write_commune(tmp_path)
    big = tmp_path / "tien_than" / "ban_b.yaml"
    big.write_text(OLD_COMMUNE_B + "#" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_report(data)
    assert error.value.problems[0].file.endswith("ban_b.yaml")


def test_a_predecessor_folder_of_another_period_is_named(tmp_path: Path) -> None:
    """A half-year report's last-year figures are the predecessors' half-year figures."""
    data = write_commune(tmp_path, COMMUNE.replace("nam: 2025\n", "nam: 2025\nky: 6_thang\n"))
    with pytest.raises(DataError) as error:
        load_report(data)
    [problem] = error.value.problems
    assert problem.file.endswith("nam_a/2024_actuals.yaml") and problem.field == "ky"
    assert "kỳ 'nam', khác kỳ '6_thang'" in problem.message


def test_a_path_with_a_nul_byte_is_refused_not_a_crash(tmp_path: Path) -> None:
    data = write_commune(tmp_path, COMMUNE.replace("so_lieu: ../tien_than/ban_b.yaml",
                                                   'so_lieu: "../tien_than/\\0ban_b.yaml"'))
    with pytest.raises(DataError) as error:
        load_report(data)
    assert error.value.problems[0].field == "hop_nhat_tu.1.so_lieu"


def test_a_symbolic_link_loop_is_refused_not_a_crash(tmp_path: Path) -> None:
    data = write_commune(tmp_path, COMMUNE.replace("../tien_than/ban_b.yaml",
                                                   "../tien_than/vong"))
    loop = tmp_path / "tien_than" / "vong"
    os.symlink(loop, loop)  # a link to itself
    with pytest.raises(DataError) as error:
        load_report(data)
    assert error.value.problems[0].field == "hop_nhat_tu.1.so_lieu"


# ---------------------------------------------------------------- new year, new period
def test_new_year_leaves_the_predecessors_and_keeps_the_rates_parts(tmp_path: Path) -> None:
    """The new year's last-year figures are the merged commune's own estimates: its old units
    are not read again; its rates' parts stay declared for the province's roll-up."""
    from kt_xh.project import new_year

    data = write_commune(tmp_path)
    new_actuals, _ = new_year(data, 2026)
    text = new_actuals.read_text(encoding="utf-8")
    written = yaml.safe_load(text)
    assert "hop_nhat_tu" not in written
    assert ("# Các đơn vị cũ (hop_nhat_tu: xã Nậm A, xã Bản B, xã Pa C) không chuyển sang: cùng "
            "kỳ là số\n# của chính đơn vị") in text
    assert written["ty_le_tinh_tu"] == {"ty_le_ho_ngheo": {"tu_so": "so_ho_ngheo",
                                                           "mau_so": "tong_so_ho"}}
    assert written["don_vi"] == {"cap": "xa", "ten": "Tân Phong", "ky_hieu": "BC-UBND",
                                 "nguoi_ky": {"tham_quyen": "TM. ỦY BAN NHÂN DÂN",
                                              "chuc_vu": "CHỦ TỊCH"}}
    report = load_report(data).report
    assert report.year == 2026 and not report.merged_from
    last_year = {i: ind.cung_ky for i, ind in report.indicators.items()}
    assert last_year["ty_le_ho_ngheo"] == Decimal("3.46")  # 2025's estimate, not 3,91
    assert (last_year["so_ho_ngheo"], last_year["tong_so_ho"]) == (Decimal(149), Decimal(4310))
    assert report.rate_parts["ty_le_ho_ngheo"].tu_so == "so_ho_ngheo"


def test_new_period_keeps_the_predecessors_of_the_same_year(tmp_path: Path) -> None:
    """From the half year to the year of 2025: last year is still 2024, the old units'."""
    from kt_xh.project import new_period

    half_year = COMMUNE.replace("nam: 2025\n", "nam: 2025\nky: 6_thang\n").replace(
        "  - {ten: xã Nậm A, so_lieu: ../tien_than/nam_a}\n", "")
    data = write_commune(tmp_path, half_year)
    new_period(data, "nam")
    written = yaml.safe_load((data / "2025_actuals.yaml").read_text(encoding="utf-8"))
    assert [p["ten"] for p in written["hop_nhat_tu"]] == ["xã Bản B", "xã Pa C"]
    assert written["hop_nhat_tu"][1]["phan"] == 40
    report = load_report(data).report
    last_year = {i: ind.cung_ky for i, ind in report.indicators.items()}
    # 4500 + 40% of 5000 = 6500; 1800 + 493,2 = 2293 households; 54 + 24,4 = 78 poor ones
    assert last_year["thu_ngan_sach"] == Decimal(6500)
    assert (last_year["tong_so_ho"], last_year["so_ho_ngheo"]) == (Decimal(2293), Decimal(78))
    assert last_year["ty_le_ho_ngheo"] == Decimal("3.40")  # 78 / 2293 = 3,4017%
