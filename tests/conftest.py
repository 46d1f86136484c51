"""Shared helpers: small data folders written on the fly, and the shipped data."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = ROOT / "data"
SEED = Path(__file__).resolve().parent / "data" / "seed_lai_chau_2023.txt"
"""The council document ktxh is built from (Lai Châu city, 2023), as extracted from Word."""

MINIMAL_ACTUALS = """\
nam: 2023
don_vi:
  co_quan_ban_hanh: [ỦY BAN NHÂN DÂN, THÀNH PHỐ THỬ NGHIỆM]
  ten_goi_tat: UBND thành phố Thử Nghiệm
  ky_hieu: BC-UBND
  dia_danh: Thử Nghiệm
  nguoi_ky:
    tham_quyen: TM. ỦY BAN NHÂN DÂN
    chuc_vu: CHỦ TỊCH
    ho_ten: Nguyễn Văn An
chi_tieu:
  ban_le:
    ten: Tổng mức bán lẻ hàng hóa
    don_vi_tinh: tỷ đồng
    cung_ky: 3450
    ke_hoach: 3700
    uoc_thuc_hien: 4148
"""

UNIT_HEAD = """\
nam: 2023
don_vi:
  co_quan_ban_hanh: [ỦY BAN NHÂN DÂN, XÃ THỬ NGHIỆM]
  ten_goi_tat: UBND xã Thử Nghiệm
  ky_hieu: BC-UBND
  dia_danh: Thử Nghiệm
  nguoi_ky:
    tham_quyen: TM. ỦY BAN NHÂN DÂN
    chuc_vu: CHỦ TỊCH
"""
"""The year and the issuing unit of a data file, without indicators (no signer's name: a test
of the appendix does not care)."""

MINIMAL_TARGETS = """\
nam: 2024
chi_tieu:
  ban_le:
    ke_hoach: 4500
"""


def write_data(folder: Path, actuals: str = MINIMAL_ACTUALS, targets: str = MINIMAL_TARGETS,
               ) -> Path:
    """A data folder with the two files; texts are dedented so tests can indent them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2023_actuals.yaml").write_text(textwrap.dedent(actuals), encoding="utf-8")
    (folder / "2024_targets.yaml").write_text(textwrap.dedent(targets), encoding="utf-8")
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data")


@pytest.fixture(autouse=True)
def _template_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                    ) -> None:
    """Compiled templates go to a folder of the test session, never to the user's cache."""
    monkeypatch.setenv("KTXH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "ktxh-cache"))
