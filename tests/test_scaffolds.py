"""Every scaffold `ktxh init` offers passes `check --strict` and builds as created; batch units
use their own templates."""

from __future__ import annotations

import shlex
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from kt_xh.cli import app
from kt_xh.docx_text import docx_text
from kt_xh.project import SCAFFOLDS

from conftest import ROOT, SHIPPED_DATA

REPORTS = {"nam": "bao_cao_2025.docx", "6_thang": "bao_cao_6_thang_2025.docx"}
OFFICES = {"xa": "xa", "phuong": "xa", "dac-khu": "xa", "tinh": "tinh"}
"""`--cap` and the scaffold it makes (a ward and a special zone are communes with own sections)."""


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_every_scaffold_is_listed_here() -> None:
    assert set(SCAFFOLDS) == {(office, period) for office in OFFICES.values()
                              for period in REPORTS}


def header_lines(report: Path) -> list[str]:
    """The issuer's block of the report's first table, line by line."""
    cell = Document(str(report)).tables[0].cell(0, 0)
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text]


@pytest.mark.parametrize("period", sorted(REPORTS))
@pytest.mark.parametrize(("level", "header", "council", "drafter"), [
    ("xa", "XÃ TÂN PHONG", "HĐND xã Tân Phong", "Phòng Kinh tế;"),
    ("phuong", "PHƯỜNG TÂN PHONG", "HĐND phường Tân Phong", "Phòng Kinh tế, Hạ tầng và Đô thị;"),
    ("dac-khu", "ĐẶC KHU TÂN PHONG", "HĐND đặc khu Tân Phong",
     "Phòng Kinh tế, Hạ tầng và Đô thị;"),
    ("tinh", "TỈNH TÂN PHONG", "HĐND tỉnh Tân Phong", "Sở Tài chính;"),
])
def test_init_then_check_strict_then_build(period: str, level: str, header: str, council: str,
                                          drafter: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    created = run("init", str(tmp_path / "kho"), "--cap", level, "--ten", "Tân Phong",
                  "--nam", "2025", "--ky", period.replace("_", "-"))
    assert created.exit_code == 0, created.output
    monkeypatch.chdir(tmp_path / "kho")
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output
    assert run("fmt", "--check").exit_code == 0
    built = run("build-report")
    assert built.exit_code == 0, built.output
    assert f"build/{REPORTS[period]}" in built.output
    report = Path("build") / REPORTS[period]
    assert header_lines(report)[:2] == ["ỦY BAN NHÂN DÂN", header]
    text = docx_text(report)
    session = "giữa năm" if period == "6_thang" else "cuối năm"
    assert f"(Trình kỳ họp thường lệ {session} 2025, {council})" in text
    assert f"- {drafter}" in text
    assert "[thiếu số liệu" not in text and "#[" not in text


@pytest.mark.parametrize("unit", ["xã Tam Đường", "tỉnh Lai Châu", "huyện Tam Đường",
                                  "quận Ba Đình"])
def test_the_unit_in_one_name_still_makes_its_office(unit: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    created = run("init", str(tmp_path / "kho"), "--don-vi", unit, "--nam", "2025")
    assert created.exit_code == 0, created.output
    monkeypatch.chdir(tmp_path / "kho")
    assert run("check", "--strict").exit_code == 0
    assert run("build-report").exit_code == 0
    assert header_lines(Path("build/bao_cao_2025.docx"))[:2] == ["ỦY BAN NHÂN DÂN", unit.upper()]


def test_a_new_office_is_a_commune_by_default(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "kho"), "--nam", "2025").exit_code == 0
    data = (tmp_path / "kho" / "data" / "2025_actuals.yaml").read_text(encoding="utf-8")
    assert "  cap: xa\n  ten: Mẫu\n" in data
    assert "tieu_chi_nong_thon_moi:" in data and "to_dan_pho_van_minh" not in data
    assert "huyện" not in data


def test_a_ward_reports_urban_criteria_instead_of_rural_ones(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "kho"), "--cap", "phuong", "--ten", "Tân Phong",
               "--nam", "2025").exit_code == 0
    for name in ("data/2025_actuals.yaml", "data/2026_targets.yaml", "templates/bao_cao.docx.j2"):
        text = (tmp_path / "kho" / name).read_text(encoding="utf-8")
        assert "to_dan_pho_van_minh" in text and "nong_thon_moi" not in text, name
        assert "#[" not in text, name


@pytest.mark.parametrize(("args", "message"), [
    (("--cap", "huyen", "--ten", "A"),
     "Cấp 'huyen' (--cap) không có. Hãy ghi một trong: xa, phuong, dac-khu, tinh."),
    (("--cap", "xa", "--don-vi", "xã A"), "Hãy ghi hoặc --cap và --ten"),
    (("--ten", "  "), "Tên đơn vị (--ten) đang trống: hãy ghi tên, ví dụ --ten \"Tân Phong\"."),
])
def test_init_refuses_a_level_or_name_it_cannot_use(args: tuple[str, ...], message: str,
                                                    tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "kho"), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "kho").exists()


@pytest.mark.parametrize("level", ["xa", "tinh"])
@pytest.mark.parametrize("period", sorted(REPORTS))
def test_the_example_poverty_rate_is_its_households(level: str, period: str,
                                                    tmp_path: Path) -> None:
    """Rolled up or summed from predecessors, a rate is recomputed from its parts: the example
    rates are their parts' quotient, so that summing one office gives the same rate."""
    run("init", str(tmp_path / "kho"), "--cap", level, "--ten", "A", "--nam", "2025",
        "--ky", period.replace("_", "-"))
    indicators = yaml.safe_load((tmp_path / "kho" / "data" / "2025_actuals.yaml").read_text(
        encoding="utf-8"))["chi_tieu"]
    for figure in ("cung_ky", "uoc_thuc_hien"):
        poor = Decimal(str(indicators["so_ho_ngheo"][figure]))
        households = Decimal(str(indicators["tong_so_ho"][figure]))
        rate = (poor / households * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert rate == Decimal(str(indicators["ty_le_ho_ngheo"][figure])), figure


def test_the_commune_report_says_its_figures(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path / "kho"), "--cap", "xa", "--ten", "Tân Phong", "--nam", "2025")
    monkeypatch.chdir(tmp_path / "kho")
    assert run("build-report").exit_code == 0
    text = docx_text(Path("build/bao_cao_2025.docx"))
    # 181 / 4.200 = 4,31%; 216 / 4.150 = 5,20%: 0,89 points fewer; plan 4,5%: 0,19 below
    assert ("Tỷ lệ hộ nghèo còn 4,31% (181 hộ/4.200 hộ), thấp hơn kế hoạch 0,19 điểm phần trăm, "
            "giảm 0,89 điểm phần trăm so với cùng kỳ năm 2024.") in text
    # 158.600 / 150.000 = 105,7%; / 155.000 = 102,3%; / 141.500 = 112,1%
    assert ("ước thực hiện 158.600 triệu đồng, đạt 106% dự toán tỉnh giao và đạt 102% dự toán "
            "HĐND xã giao, tăng 12% so với cùng kỳ năm 2024") in text
    assert ("Xây dựng nông thôn mới: xã Tân Phong ước đạt 17/19 tiêu chí xã nông thôn mới, đạt "
            "100% kế hoạch.") in text
    assert ("Thực hiện Nghị quyết của HĐND xã Tân Phong về kế hoạch phát triển kinh tế - xã hội "
            "năm 2025, UBND xã Tân Phong báo cáo") in text


def test_the_province_report_says_its_figures(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path / "kho"), "--cap", "tinh", "--ten", "Lai Châu", "--nam", "2025")
    monkeypatch.chdir(tmp_path / "kho")
    assert run("build-report").exit_code == 0
    text = docx_text(Path("build/bao_cao_2025.docx"))
    # growth 8,1% within the plan's 8-8,5%
    assert ("(GRDP) ước tăng 8,1%/KH tăng 8-8,5%, đạt KH (tăng 8-8,5%).") in text
    # the four shares: 22,9 + 31,2 + 39,8 + 6,1 = 100
    assert ("Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản 22,9%/KH 22,5-23,5%; công nghiệp - xây "
            "dựng 31,2%/KH 30,5-31,5%; dịch vụ 39,8%/KH 39,5-40,5%; thuế sản phẩm trừ trợ cấp "
            "sản phẩm 6,1%.") in text
    # 8.600 / 120.400 = 7,14%; 9.800 / 118.500 = 8,27%: 1,13 points fewer, the plan 1 or more
    assert ("Tỷ lệ hộ nghèo còn 7,14% (8.600 hộ/120.400 hộ), giảm 1,13 điểm phần trăm so với cùng "
            "kỳ, đạt kế hoạch (giảm từ 1 điểm phần trăm trở lên).") in text
    assert "- Văn phòng Chính phủ; - Bộ Tài chính; - TT. Tỉnh ủy; - TT. HĐND tỉnh;" in text


def test_the_province_readme_rolls_up_its_communes(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands the province scaffold's README gives, on two new communes."""
    for folder, level, name in (("xa_a", "xa", "Tân Phong"), ("xa_b", "phuong", "Đông Phong"),
                                ("tinh", "tinh", "Lai Châu")):
        assert run("init", str(tmp_path / folder), "--cap", level, "--ten", name,
                   "--nam", "2025").exit_code == 0
    readme = (tmp_path / "tinh" / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines()
                if line.startswith(("ktxh tong-hop", "ktxh excel xuat --data"))]
    assert len(commands) == 2
    (tmp_path / "tinh" / "cac_xa.txt").write_text("../xa_a/data\n../xa_b/data\n",
                                                  encoding="utf-8")
    monkeypatch.chdir(tmp_path / "tinh")
    for command in commands:
        result = run(*shlex.split(command.split("#")[0])[1:])
        assert result.exit_code == 0, result.output
    summed = yaml.safe_load(Path("tong_hop_xa/data/2025_actuals.yaml").read_text(
        encoding="utf-8"))
    # 181 + 181 poor households of 4.200 + 4.200: 362 / 8.400 = 4,31%
    assert summed["chi_tieu"]["so_ho_ngheo"]["uoc_thuc_hien"] == 362
    assert Decimal(str(summed["chi_tieu"]["ty_le_ho_ngheo"]["uoc_thuc_hien"])) == \
        Decimal("4.31")
    assert Path("build/bieu_tong_hop_xa.xlsx").is_file()


def test_the_half_year_scaffold_is_a_half_year_report(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path / "kho"), "--don-vi", "xã Tam Đường", "--nam", "2025",
        "--ky", "6-thang")
    monkeypatch.chdir(tmp_path / "kho")
    assert sorted(p.name for p in Path("data").iterdir()) == ["2025_actuals.yaml"]
    assert run("build-report").exit_code == 0
    text = docx_text(Path("build") / "bao_cao_6_thang_2025.docx")
    # 528 / 1.100 = 48% of the annual plan; 528 / 480 = 110%: tăng 10%
    assert ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ 6 tháng đầu năm 2025 ước đạt 528 tỷ "
            "đồng, đạt 48% kế hoạch năm, tăng 10% so với cùng kỳ năm 2024.") in text
    heading = "# TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2025"
    assert heading in text.replace("\u00a0", " ")  # word pairs joined by non-breaking spaces
    assert "Số liệu trong báo cáo tính từ ngày 15/12/2024 đến ngày 14/6/2025." in text
    assert "(Trình kỳ họp thường lệ giữa năm 2025, HĐND xã Tam Đường)" in text
    assert "| Cùng kỳ năm 2024 | Kế hoạch năm 2025 | Ước thực hiện 6 tháng năm 2025 |" in text


def test_a_scaffold_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "kho"), "--ky", "quy-2")
    assert result.exit_code == 2
    assert "Không có kho mẫu cho kỳ báo cáo 'quy-2' (--ky). Các kỳ có kho mẫu: nam, 6-thang." \
        in result.output
    assert not (tmp_path / "kho").exists()


def test_the_scaffold_ci_says_in_vietnamese_what_to_fill(tmp_path: Path) -> None:
    run("init", str(tmp_path / "kho"), "--nam", "2025")
    workflow = (tmp_path / "kho" / ".github" / "workflows" / "ktxh.yml").read_text(
        encoding="utf-8")
    assert "example.vn" not in workflow.split("# ", 1)[0]
    assert "Chưa ghi nơi cài ktxh: hãy ghi KTXH_NGUON" in workflow


# ---------------------------------------------------------------- batch: a unit's own template
def test_a_batch_unit_uses_its_own_templates(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for unit in ("xa_a", "xa_b"):
        shutil.copytree(SHIPPED_DATA, tmp_path / unit / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    own = tmp_path / "xa_b" / "templates"
    own.mkdir()
    (own / "bao_cao.docx.j2").write_text(
        "Mẫu riêng của xã B: bán lẻ {{ ct.tong_muc_ban_le | ket_qua }}.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("build-report", "--data", "xa_a/data", "--data", "xa_b/data")
    assert result.exit_code == 0, result.output
    own_text = docx_text(tmp_path / "build" / "xa_b" / "bao_cao_2023.docx")
    shared_text = docx_text(tmp_path / "build" / "xa_a" / "bao_cao_2023.docx")
    assert ("Mẫu riêng của xã B: bán lẻ ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20% so "
            "với cùng kỳ năm 2022.") in own_text
    assert "Mẫu riêng" not in shared_text and "Phần thứ nhất" in shared_text


def test_a_template_given_for_the_batch_applies_to_every_unit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for unit in ("xa_a", "xa_b"):
        shutil.copytree(SHIPPED_DATA, tmp_path / unit / "data")
    own = tmp_path / "xa_b" / "templates"
    own.mkdir()
    (own / "bao_cao.docx.j2").write_text("Mẫu riêng.\n", encoding="utf-8")
    (tmp_path / "chung.j2").write_text("Mẫu chung {{ nam }}.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("build-report", "--data", "xa_a/data", "--data", "xa_b/data",
                 "--template", "chung.j2")
    assert result.exit_code == 0, result.output
    for unit in ("xa_a", "xa_b"):
        assert "Mẫu chung 2023." in docx_text(tmp_path / "build" / unit / "bao_cao_2023.docx")


@pytest.mark.parametrize("level", ["xa", "tinh"])
def test_new_year_of_a_scaffold_writes_what_the_officer_wrote(level: str, tmp_path: Path) -> None:
    """The unit as written (its level and name, not the header ktxh fills in from them), its
    departments (each indicator names one) and its rates' parts: the new year loads."""
    from kt_xh.loading import load_report

    run("init", str(tmp_path / "kho"), "--cap", level, "--ten", "Tân Phong", "--nam", "2025")
    data = tmp_path / "kho" / "data"
    result = run("new-year", "2026", "--data", str(data))
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((data / "2026_actuals.yaml").read_text(encoding="utf-8"))
    assert list(written["don_vi"]) == ["cap", "ten", "ky_hieu", "ky_hop", "nguoi_ky", "noi_nhan"]
    before = yaml.safe_load((data / "2025_actuals.yaml").read_text(encoding="utf-8"))
    assert written["phong_ban"] == before["phong_ban"]
    assert written["ty_le_tinh_tu"] == before["ty_le_tinh_tu"]
    report = load_report(data).report
    assert report.unit.co_quan_ban_hanh == ["ỦY BAN NHÂN DÂN",
                                            "XÃ TÂN PHONG" if level == "xa" else "TỈNH TÂN PHONG"]
    # last year's estimate is the new year's last-year figure: 4,31% (xã), 7,14% (tỉnh)
    assert report.indicators["ty_le_ho_ngheo"].cung_ky == Decimal(
        "4.31" if level == "xa" else "7.14")


def test_the_assessment_never_says_all_met_while_a_main_indicator_lacks_its_figure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path / "kho"), "--cap", "xa", "--ten", "Tân Phong", "--nam", "2025")
    monkeypatch.chdir(tmp_path / "kho")
    actuals = Path("data/2025_actuals.yaml")
    text = actuals.read_text(encoding="utf-8")
    assert "    uoc_thuc_hien: 57.2\n" in text  # the per-capita income's estimate
    actuals.write_text(text.replace("    uoc_thuc_hien: 57.2\n", ""), encoding="utf-8")
    assert run("build-report", "--ban-nhap").exit_code == 0
    report = docx_text(Path("build/bao_cao_2025.docx"))
    assert "Các chỉ tiêu chủ yếu đều dự ước đạt kế hoạch đề ra." not in report
    assert ("Các chỉ tiêu chủ yếu đã có số liệu đều dự ước đạt kế hoạch đề ra; 01 chỉ tiêu chưa "
            "đủ số liệu để đánh giá (Thu nhập bình quân đầu người).") in report
