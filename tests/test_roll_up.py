"""`ktxh tong-hop`: a province's data from its communes' folders, checked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kt_xh.checks import run_check
from kt_xh.errors import KtxhError
from kt_xh.loading import load_report
from kt_xh.roll_up import RollUpError, read_list, roll_up
from kt_xh.template_api import build_context

from conftest import ROOT


def commune(name: str, budget: tuple[int, int, int], households: tuple[int, int],
            poor: tuple[int, int], rate: tuple[str, str, str], schools: tuple[int, int, int],
            next_budget: int, extra: str = "") -> tuple[str, str]:
    """(actuals, targets) of a commune; tuples are (plan, estimate, last year) or
    (estimate, last year) or (whole, plan, estimate)."""
    actuals = f"""\
nam: 2025
don_vi:
  cap: xa
  ten: {name}
  ky_hieu: BC-UBND
  nguoi_ky: {{tham_quyen: TM. ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}}
ty_le_tinh_tu:
  ty_le_ho_ngheo: {{tu_so: so_ho_ngheo, mau_so: tong_so_ho}}
chi_tieu:
  thu_ngan_sach:
    ten: Thu ngân sách trên địa bàn
    don_vi_tinh: triệu đồng
    ke_hoach: {budget[0]}
    uoc_thuc_hien: {budget[1]}
    cung_ky: {budget[2]}
  tong_so_ho:
    {{ten: Tổng số hộ, don_vi_tinh: hộ, uoc_thuc_hien: {households[0]}, cung_ky: {households[1]}}}
  so_ho_ngheo: {{ten: Số hộ nghèo, don_vi_tinh: hộ, uoc_thuc_hien: {poor[0]}, cung_ky: {poor[1]}}}
  ty_le_ho_ngheo:
    ten: Tỷ lệ hộ nghèo
    don_vi_tinh: '%'
    loai: ty_le
    chieu: giam_la_tot
    ke_hoach: {rate[0]}
    uoc_thuc_hien: {rate[1]}
    cung_ky: {rate[2]}
  truong_chuan:
    ten: Trường đạt chuẩn quốc gia
    don_vi_tinh: trường
    loai: so_tren_tong
    tong: {schools[0]}
    ke_hoach: {schools[1]}
    uoc_thuc_hien: {schools[2]}
{extra}"""
    targets = f"nam: 2026\nchi_tieu:\n  thu_ngan_sach: {{ke_hoach: {next_budget}}}\n"
    return actuals, targets


COMMUNES = {
    "xa_a": commune("Nậm A", (10000, 11000, 9000), (2000, 1980), (60, 80), ("3.5", "3", "4.04"),
                    (4, 3, 3), 12000),
    "xa_b": commune("Bản B", (8000, 7600, 7000), (1500, 1500), (90, 105), ("5.5", "6", "7"),
                    (3, 3, 2), 8500),
    "xa_c": commune("Pa C", (5000, 5500, 5200), (1000, 990), (25, 30), ("3", "2.5", "3.03"),
                    (2, 1, 1), 6000,
                    "  hop_tac_xa: {ten: Hợp tác xã, don_vi_tinh: hợp tác xã, uoc_thuc_hien: 4}\n"),
}


def write_communes(root: Path, communes: dict[str, tuple[str, str]] = COMMUNES) -> list[Path]:
    folders = []
    for name, (actuals, targets) in communes.items():
        data = root / name / "data"
        data.mkdir(parents=True)
        (data / "2025_actuals.yaml").write_text(actuals, encoding="utf-8")
        (data / "2026_targets.yaml").write_text(targets, encoding="utf-8")
        folders.append(data)
    return folders


def test_three_communes_sum_recompute_rates_and_count_plans_met(tmp_path: Path) -> None:
    folders = write_communes(tmp_path)
    for folder in folders:
        assert run_check(folder, None).exit_code(strict=False) == 0
    output = tmp_path / "tinh" / "data"
    result = roll_up(folders, output, "tinh", "Lai Châu")
    assert result.units == ["xã Nậm A", "xã Bản B", "xã Pa C"]
    assert result.partial_ids == {"hop_tac_xa": ["xã Pa C"]}
    report = load_report(output).report
    figures = {i: (ind.ke_hoach, ind.uoc_thuc_hien, ind.cung_ky)
               for i, ind in report.indicators.items()}
    # 10.000 + 8.000 + 5.000; 11.000 + 7.600 + 5.500; 9.000 + 7.000 + 5.200
    assert figures["thu_ngan_sach"] == (Decimal(23000), Decimal(24100), Decimal(21200))
    assert figures["tong_so_ho"] == (None, Decimal(4500), Decimal(4470))
    assert figures["so_ho_ngheo"] == (None, Decimal(175), Decimal(215))
    # 175 / 4.500 = 3,888…% -> 3,89 (the mean of 3; 6; 2,5 would be 3,83); 215 / 4.470 = 4,8098%
    # -> 4,81; the plan has no parts to recompute it from
    assert figures["ty_le_ho_ngheo"] == (None, Decimal("3.89"), Decimal("4.81"))
    schools = report.indicators["truong_chuan"]
    assert (schools.tong, schools.ke_hoach, schools.uoc_thuc_hien) == (9, 7, 6)
    # next year's plan: 12.000 + 8.500 + 6.000
    assert report.targets["thu_ngan_sach"].ke_hoach == Decimal(26500)
    # A (110%) and C (110%) met the budget plan, B (95%) did not; poverty: A 3 ≤ 3,5 and
    # C 2,5 ≤ 3 met, B 6 > 5,5 not; schools: A 3/3 and C 1/1 met, B 2 < 3 not
    counts = report.roll_up.chi_tieu if report.roll_up else {}
    assert {i: (c.bao_cao, c.danh_gia, c.dat) for i, c in counts.items()} == {
        "thu_ngan_sach": (3, 3, 2), "tong_so_ho": (3, 0, 0), "so_ho_ngheo": (3, 0, 0),
        "ty_le_ho_ngheo": (3, 3, 2), "truong_chuan": (3, 3, 2), "hop_tac_xa": (1, 0, 0)}
    view = build_context(report)["ct"].thu_ngan_sach
    assert view.don_vi_dat == "2/3 xã"
    assert report.unit.co_quan_ban_hanh == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert run_check(output, None).exit_code(strict=False) == 0


def test_a_broken_commune_is_named_and_refused(tmp_path: Path) -> None:
    broken = dict(COMMUNES)
    actuals, targets = COMMUNES["xa_b"]
    broken["xa_b"] = (actuals.replace("    ke_hoach: 8000", "    ke_hoaach: 8000"), targets)
    folders = write_communes(tmp_path, broken)
    output = tmp_path / "tinh" / "data"
    with pytest.raises(RollUpError) as error:
        roll_up(folders, output, "tinh", "Lai Châu")
    assert "1 đơn vị" in error.value.message
    assert "xa_b: không đọc được số liệu" in error.value.message
    assert "ke_hoaach" in error.value.message and "--bo-qua-loi" in error.value.message
    assert not output.exists()


def test_skipping_a_failing_commune_sums_the_others_and_lists_it(tmp_path: Path) -> None:
    failing = dict(COMMUNES)
    actuals, targets = COMMUNES["xa_b"]
    # 120 poor households of 100: a rate over 100% fails check
    failing["xa_b"] = (actuals.replace("uoc_thuc_hien: 6\n", "uoc_thuc_hien: 120\n"), targets)
    folders = write_communes(tmp_path, failing)
    output = tmp_path / "tinh" / "data"
    result = roll_up(folders, output, "tinh", "Lai Châu", skip_failing=True)
    assert result.units == ["xã Nậm A", "xã Pa C"]
    [skipped] = result.skipped
    assert skipped.startswith("xa_b: 1 lỗi kiểm tra") and "ngoai-gioi-han" in skipped
    report = load_report(output).report
    assert report.indicators["thu_ngan_sach"].uoc_thuc_hien == Decimal(16500)  # 11.000 + 5.500
    assert report.roll_up is not None and report.roll_up.bo_qua == [skipped]


def test_the_output_never_goes_into_an_input(tmp_path: Path) -> None:
    folders = write_communes(tmp_path)
    for output in (folders[0], folders[0].parent, folders[0] / "tong"):
        with pytest.raises(KtxhError) as error:
            roll_up(folders, output, "tinh", "Lai Châu")
        assert "thư mục số liệu đầu vào" in error.value.message


def test_a_second_roll_up_keeps_the_parent_s_own_unit(tmp_path: Path) -> None:
    folders = write_communes(tmp_path)
    output = tmp_path / "tinh" / "data"
    roll_up(folders, output, "tinh", "Lai Châu")
    actuals = output / "2025_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace(
        "don_vi:\n", "don_vi:\n  so_van_ban: '215'\n"), encoding="utf-8")
    roll_up(folders, output, "tinh", None)
    assert load_report(output).report.unit.so_van_ban == "215"


def test_a_list_file_names_folders_relative_to_itself(tmp_path: Path) -> None:
    write_communes(tmp_path)
    listing = tmp_path / "danh_sach.txt"
    listing.write_text("# các xã\nxa_a/data\n\nxa_c/data  # xã Pa C\n", encoding="utf-8")
    assert read_list(listing) == [tmp_path / "xa_a/data", tmp_path / "xa_c/data"]


def test_communes_of_the_shipped_size_roll_up_into_data_that_passes_check(tmp_path: Path
                                                                         ) -> None:
    """The benchmark's province (bench/roll_up.py: 150 communes) with four: copies of the
    shipped data, whose own acknowledged findings the sums inherit."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from roll_up import communes  # type: ignore[import-not-found]

    listing = communes(tmp_path, 4)
    output = tmp_path / "tinh" / "data"
    result = roll_up(read_list(listing), output, "tinh", "Thử Nghiệm")
    assert result.units == ["xã Số 1", "xã Số 2", "xã Số 3", "xã Số 4"]
    check = run_check(output, None)
    assert check.exit_code(strict=False) == 0
    report = load_report(output).report
    # 4.148 tỷ đồng in each of the four copies
    assert report.indicators["tong_muc_ban_le"].uoc_thuc_hien == 4 * Decimal(4148)
    assert report.roll_up is not None and report.roll_up.cap_duoi == "xã"
    chap_nhan = report.indicators["dien_tich_che"].chap_nhan
    assert [a.quy_tac for a in chap_nhan] == ["thanh-phan-lech"]
    assert chap_nhan[0].ly_do.startswith("Tổng hợp: cả 4 đơn vị đã chấp nhận")


PROVINCE_TEMPLATE = (
    "@trich-yeu Tình hình thực hiện kế hoạch năm {{ nam }}\n"
    "# I. KẾT QUẢ\n"
    "Thu ngân sách trên địa bàn {{ don_vi.cap }} {{ ct.thu_ngan_sach | ket_qua }}; "
    "có {{ ct.thu_ngan_sach.don_vi_dat }} đạt kế hoạch.\n"
    "Tổng hợp từ {{ tong_hop.so_don_vi }} {{ tong_hop.cap_duoi }}.\n")


def test_the_province_officer_s_commands_in_the_guide_run(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 16 of docs/huong_dan_so_lieu.md, command by command, on three communes."""
    import re
    import shlex

    from typer.testing import CliRunner

    from kt_xh.cli import app
    from kt_xh.docx_text import docx_text

    guide = (ROOT / "docs" / "huong_dan_so_lieu.md").read_text(encoding="utf-8")
    section = guide.split("## 16.", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    write_communes(tmp_path / "xa", {"nam_a": COMMUNES["xa_a"], "ban_b": COMMUNES["xa_b"],
                                     "pa_c": COMMUNES["xa_c"]})
    (tmp_path / "cac_xa.txt").write_text("xa/nam_a/data\nxa/ban_b/data\nxa/pa_c/data\n",
                                         encoding="utf-8")
    (tmp_path / "tinh").mkdir()
    (tmp_path / "tinh" / "bao_cao.docx.j2").write_text(PROVINCE_TEMPLATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert command[0] == "ktxh"
        result = CliRunner().invoke(app, command[1:], env={"COLUMNS": "100", "NO_COLOR": "1"})
        assert result.exit_code == 0, (command, result.output)
    text = docx_text(tmp_path / "build" / "bao_cao_2025.docx")
    assert "| ỦY BAN NHÂN DÂN TỈNH LAI CHÂU |" in text
    assert ("Thu ngân sách trên địa bàn tỉnh ước đạt 24.100 triệu đồng, đạt 105% kế hoạch, tăng "
            "14% so với cùng kỳ năm 2024; có 2/3 xã đạt kế hoạch.") in text  # 24.100 / 23.000,
    # 24.100 / 21.200 = 1,1368
    assert "Tổng hợp từ 3 xã." in text


def test_the_command_names_a_broken_commune_and_exits_1(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kt_xh.cli import app

    broken = dict(COMMUNES)
    actuals, targets = COMMUNES["xa_c"]
    broken["xa_c"] = (actuals.replace("uoc_thuc_hien: 5500", "uoc_thuc_hien: 5,5.00"), targets)
    folders = write_communes(tmp_path, broken)
    args = ["tong-hop", *[a for f in folders for a in ("--data", str(f))],
            "-o", str(tmp_path / "tinh" / "data"), "--ten", "Lai Châu"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "Không tổng hợp: 1 đơn vị thiếu số liệu hoặc không qua kiểm tra" in result.output
    assert "xa_c: không đọc được số liệu" in result.output
    assert not (tmp_path / "tinh").exists()


def test_an_indicator_the_units_measure_differently_is_not_summed(tmp_path: Path) -> None:
    differing = dict(COMMUNES)
    actuals, targets = COMMUNES["xa_c"]
    differing["xa_c"] = (actuals.replace("    don_vi_tinh: triệu đồng\n",
                                         "    don_vi_tinh: tỷ đồng\n"), targets)
    output = tmp_path / "tinh" / "data"
    result = roll_up(write_communes(tmp_path, differing), output, "tinh", "Lai Châu")
    assert result.not_computed == [
        "thu_ngan_sach: xã Nậm A ghi don_vi_tinh 'triệu đồng', xã Pa C ghi 'tỷ đồng'; chỉ tiêu "
        "không được cộng"]
    report = load_report(output).report
    assert "thu_ngan_sach" not in report.indicators and "thu_ngan_sach" not in report.targets
