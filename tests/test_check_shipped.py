"""`ktxh check` on the shipped data, and on copies of it with one injected fault each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh.cli import app

from conftest import ROOT, SEED, SHIPPED_DATA

TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"


def run_json(data: Path, template: Path = TEMPLATE) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["check", "--data", str(data), "--template", str(template),
                                      "--format", "json"])
    return result.exit_code, json.loads(result.output)


def test_the_shipped_data_passes_with_its_acknowledgements() -> None:
    code, report = run_json(SHIPPED_DATA)
    assert code == 0
    assert report["tom_tat"]["loi"] == 0 and report["tom_tat"]["canh_bao"] == 0
    accepted = {(f["chi_tieu"], f["quy_tac"]) for f in report["phat_hien"] if f["da_chap_nhan"]}
    # the seed's own contradictions, each examined and explained in the data
    assert {("dien_tich_che", "thanh-phan-lech"), ("giai_ngan_uoc_ca_nam", "thanh-phan-lech"),
            ("giai_ngan_mtqg", "thanh-phan-lech"), ("truong_chuan_quoc_gia", "ty-le-da-neu-sai"),
            ("truong_chuan_muc_2", "so-sanh-mau-thuan")} <= accepted
    assert all(f["ly_do_chap_nhan"] for f in report["phat_hien"])


def test_the_seeds_assessment_sentence_contradicts_its_own_data(tmp_path: Path) -> None:
    """The seed says one main indicator missed its plan; its own figures say four did."""
    sentence = next(line for line in SEED.read_text(encoding="utf-8").splitlines()
                    if line.startswith("- Có 01 chỉ tiêu chủ yếu"))
    template = tmp_path / "mau.j2"
    template.write_text(f"Hạn chế:\n{sentence}\n", encoding="utf-8")
    code, report = run_json(SHIPPED_DATA, template)
    assert code == 1
    finding = next(f for f in report["phat_hien"] if f["quy_tac"] == "danh-gia-chu-yeu-sai")
    assert finding["dong"] == 2 and finding["so_lieu"] == {"ghi_trong_mau": "01",
                                                             "theo_so_lieu": "4"}


def copy_of_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    return folder


def inject(path: Path, old: str, new: str, occurrence: int = 1) -> int:
    """Replace the n-th occurrence of `old`; returns its line."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(old, index + 1)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text[:index].count("\n") + 1


FAULTS = [
    # (name, file, old, new, rule, exit code)
    ("a wrong component", "2023_actuals.yaml", "uoc_thuc_hien: 2448.2", "uoc_thuc_hien: 2548.2",
     "thanh-phan-lech", 1),
    ("a rate of 104%", "2023_actuals.yaml", "ke_hoach: 93\n    uoc_thuc_hien: 96",
     "ke_hoach: 93\n    uoc_thuc_hien: 104", "ngoai-gioi-han", 1),
    ("a value typed 1000 times too small", "2023_actuals.yaml", "uoc_thuc_hien: 4148",
     "uoc_thuc_hien: 4.148", "sai-hang-nghin", 1),
    ("a misspelled key", "2023_actuals.yaml", "    ke_hoach: 3700", "    ke_hoaach: 3700",
     "sai-luoc-do", 2),
    ("a duplicated key", "2023_actuals.yaml", "    ke_hoach: 3700",
     "    ke_hoach: 3700\n    ke_hoach: 3800", "khoa-trung", 2),
    ("a target without its indicator", "2024_targets.yaml", "  gia_dinh_van_hoa:",
     "  gia_dinh_van_hoaa:", "tham-chieu-sai", 2),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "rule", "exit_code"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_each_injected_fault_is_reported_at_its_line(tmp_path: Path, name: str, file: str,
                                                     old: str, new: str, rule: str,
                                                     exit_code: int) -> None:
    data = copy_of_shipped(tmp_path)
    line = inject(data / file, old, new) + new.count("\n")  # the line of the injected value
    code, report = run_json(data)
    assert code == exit_code
    found = [f for f in report["phat_hien"] if f["quy_tac"] == rule and not f["da_chap_nhan"]]
    assert found, f"{name}: nothing reported"
    assert found[0]["tep"].endswith(file)
    if rule == "thanh-phan-lech":
        # a sum cannot say which of its figures is wrong: it stands at the breakdown and names
        # the line of each part
        assert f"rung_tu_nhien (dòng {line})" in found[0]["noi_dung"]
    else:
        assert found[0]["dong"] == line


def test_an_unknown_name_in_the_template(tmp_path: Path) -> None:
    template = tmp_path / "bao_cao.docx.j2"
    shutil.copy(TEMPLATE, template)
    line = inject(template, "{{ ct.tong_muc_ban_le | gia_tri }}",
                  "{{ ct.tong_muc_ban_lee | gia_tri }}")
    code, report = run_json(SHIPPED_DATA, template)
    assert code == 1
    found = next(f for f in report["phat_hien"] if f["quy_tac"] == "mau-khong-dung-duoc")
    assert found["dong"] == line and "'tong_muc_ban_le'" in found["noi_dung"]


def test_the_text_report_reads_in_an_80_column_ci_log() -> None:
    result = CliRunner().invoke(app, ["check", "--data", str(SHIPPED_DATA), "--template",
                                      str(TEMPLATE)], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    # the reasons keep a column wide enough to read: a phrase of the first one on one line
    assert any("Lượng khách tăng mạnh nhờ" in line for line in lines)
