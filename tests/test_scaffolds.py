"""Every scaffold `ktxh init` offers passes `check --strict` and builds as created; batch units
use their own templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh.cli import app
from kt_xh.docx_text import docx_text
from kt_xh.project import SCAFFOLDS

from conftest import ROOT, SHIPPED_DATA

REPORTS = {"nam": "bao_cao_2025.docx", "6_thang": "bao_cao_6_thang_2025.docx"}


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_every_scaffold_is_listed_here() -> None:
    assert set(SCAFFOLDS) == set(REPORTS)


@pytest.mark.parametrize("period", sorted(SCAFFOLDS))
@pytest.mark.parametrize("unit", ["xã Tam Đường", "phường Tân Phong", "tỉnh Lai Châu"])
def test_init_then_check_strict_then_build(period: str, unit: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    created = run("init", str(tmp_path / "kho"), "--don-vi", unit, "--nam", "2025",
                  "--ky", period.replace("_", "-"))
    assert created.exit_code == 0, created.output
    monkeypatch.chdir(tmp_path / "kho")
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output
    assert run("fmt", "--check").exit_code == 0
    built = run("build-report")
    assert built.exit_code == 0, built.output
    assert f"build/{REPORTS[period]}" in built.output
    text = docx_text(Path("build") / REPORTS[period])
    assert "[thiếu số liệu" not in text


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
    assert "(Trình kỳ họp thường lệ giữa năm 2025, HĐND xã)" in text
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
