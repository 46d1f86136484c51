"""Building the reports of several units at once: in parallel, one failure never stops the
others, a summary at the end, exit 1 naming the units that failed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh.cli import app

from conftest import ROOT, SHIPPED_DATA


@pytest.fixture
def province(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for unit in ("huyen_a", "huyen_b", "huyen_c"):
        shutil.copytree(SHIPPED_DATA, tmp_path / unit / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    broken = tmp_path / "huyen_b" / "data" / "2023_actuals.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("ke_hoach: 3700",
                                                                 "ke_hoaach: 3700"),
                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_failing_unit_never_stops_the_others(province: Path) -> None:
    result = CliRunner().invoke(app, ["build-report", "--data", "huyen_a/data", "--data",
                                      "huyen_b/data", "--data", "huyen_c/data"],
                                env={"COLUMNS": "160", "NO_COLOR": "1"})
    assert result.exit_code == 1
    assert (province / "build" / "huyen_a" / "bao_cao_2023.docx").is_file()
    assert (province / "build" / "huyen_c" / "bao_cao_2023.docx").is_file()
    assert not (province / "build" / "huyen_b").exists()
    assert "Kết quả sinh báo cáo" in result.output
    assert "huyen_b/data/2023_actuals.yaml:" in result.output and "ke_hoaach" in result.output
    assert "Không sinh được báo cáo của 1 đơn vị: huyen_b." in result.output
    assert "Traceback" not in result.output


def test_all_units_built(province: Path) -> None:
    result = CliRunner().invoke(app, ["build-report", "--data", "huyen_a/data", "--data",
                                      "huyen_c/data"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert result.output.count("│ xong") == 2 and "Không sinh được" not in result.output


def test_output_file_and_same_unit_twice_are_refused(province: Path) -> None:
    with_output = CliRunner().invoke(app, ["build-report", "--data", "huyen_a/data", "--data",
                                           "huyen_c/data", "-o", "x.docx"])
    assert with_output.exit_code == 2 and "không dùng -o" in with_output.output
    twice = CliRunner().invoke(app, ["build-report", "--data", "huyen_a/data", "--data",
                                     "huyen_a/data"])
    assert twice.exit_code == 2 and "cùng là đơn vị 'huyen_a'" in twice.output
