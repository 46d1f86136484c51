"""Levels of local government (`don_vi.cap`) and what follows from them: the header block, the
short name, the council, the session line, and the words a template uses for the unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kt_xh.document import header
from kt_xh.errors import DataError
from kt_xh.loading import load_report
from kt_xh.model import Unit
from kt_xh.template_api import Missing, build_context
from tests.conftest import MINIMAL_ACTUALS, SHIPPED_DATA, write_data

SIGNER = {"tham_quyen": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}


def unit(**fields: Any) -> Unit:
    return Unit.model_validate({"ky_hieu": "BC-UBND", "nguoi_ky": SIGNER, **fields})


@pytest.mark.parametrize(("level", "place", "issuer", "short", "council"), [
    ("xa", "Tân Phong", "XÃ TÂN PHONG", "UBND xã Tân Phong", "HĐND xã Tân Phong"),
    ("phuong", "Đông Hồ", "PHƯỜNG ĐÔNG HỒ", "UBND phường Đông Hồ", "HĐND phường Đông Hồ"),
    ("dac_khu", "Phú Quốc", "ĐẶC KHU PHÚ QUỐC", "UBND đặc khu Phú Quốc",
     "HĐND đặc khu Phú Quốc"),
    ("tinh", "Lai Châu", "TỈNH LAI CHÂU", "UBND tỉnh Lai Châu", "HĐND tỉnh Lai Châu"),
    ("huyen", "Tam Đường", "HUYỆN TAM ĐƯỜNG", "UBND huyện Tam Đường", "HĐND huyện Tam Đường"),
    ("thi_xa", "Mường Lay", "THỊ XÃ MƯỜNG LAY", "UBND thị xã Mường Lay",
     "HĐND thị xã Mường Lay"),
    ("thanh_pho", "Lai Châu", "THÀNH PHỐ LAI CHÂU", "UBND thành phố Lai Châu",
     "HĐND thành phố Lai Châu"),
])
def test_the_level_and_place_give_the_unit_s_names(level: str, place: str, issuer: str,
                                                   short: str, council: str) -> None:
    filled = unit(cap=level, ten=place)
    assert filled.co_quan_ban_hanh == ["ỦY BAN NHÂN DÂN", issuer]
    assert filled.ten_goi_tat == short
    assert filled.dia_danh == place
    assert filled.ky_hop == f"Trình kỳ họp {council}"
    view = build_context_unit(filled)
    assert view.hdnd == council
    assert view.ten == place


def build_context_unit(filled: Unit) -> Any:
    from kt_xh.template_api import _unit_view

    return _unit_view(filled)


def test_what_the_data_writes_itself_wins_over_the_level() -> None:
    filled = unit(cap="xa", ten="Tân Phong", co_quan_ban_hanh=["UBND XÃ TÂN PHONG"],
                  ten_goi_tat="Ủy ban nhân dân xã", dia_danh="Lai Châu",
                  ky_hop="Trình kỳ họp thứ 5, HĐND xã khóa I")
    assert filled.co_quan_ban_hanh == ["UBND XÃ TÂN PHONG"]
    assert filled.ten_goi_tat == "Ủy ban nhân dân xã"
    assert filled.dia_danh == "Lai Châu"
    assert filled.ky_hop == "Trình kỳ họp thứ 5, HĐND xã khóa I"


def test_a_unit_without_level_or_header_is_told_what_to_write(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace(
        "  co_quan_ban_hanh: [ỦY BAN NHÂN DÂN, THÀNH PHỐ THỬ NGHIỆM]\n", "")
    with pytest.raises(DataError) as error:
        load_report(write_data(tmp_path / "data", actuals))
    [problem] = error.value.problems
    assert (problem.line, problem.field) == (2, "don_vi")
    assert "Thiếu trường 'co_quan_ban_hanh'" in problem.message
    assert "ghi 'cap' (xa, phuong, dac_khu, tinh) và 'ten'" in problem.message


def test_an_unknown_level_lists_the_levels(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("  ky_hieu:", "  cap: quan\n  ky_hieu:")
    with pytest.raises(DataError) as error:
        load_report(write_data(tmp_path / "data", actuals))
    [problem] = error.value.problems
    assert problem.field == "don_vi.cap"
    assert "xa, phuong, dac_khu, tinh, huyen, thi_xa, thanh_pho" in problem.message


def test_the_shipped_district_keeps_its_header_and_gets_its_words_from_its_short_name() -> None:
    report = load_report(SHIPPED_DATA).report
    assert report.unit.cap is None
    assert header(report).issuer == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ LAI CHÂU")
    view = build_context(report)["don_vi"]
    assert (view.cap, view.ten, view.ten_day_du, view.hdnd) == (
        "thành phố", "Lai Châu", "thành phố Lai Châu", "HĐND thành phố Lai Châu")
    assert view.ky_hop == "Trình kỳ họp thứ 14, HĐND thành phố khóa IV, nhiệm kỳ 2021-2026"


def test_a_short_name_without_a_level_leaves_the_words_missing() -> None:
    view = build_context_unit(unit(co_quan_ban_hanh=["BAN QUẢN LÝ"], ten_goi_tat="Ban quản lý",
                                   dia_danh="Hà Nội"))
    assert isinstance(view.cap, Missing) and isinstance(view.hdnd, Missing)
