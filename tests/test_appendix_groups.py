"""The appendix's groups declared in the data (names, order, numbering), indicators left out
of the appendix, and the error for a group that is not declared."""

from __future__ import annotations

from pathlib import Path

import pytest

from kt_xh import appendix
from kt_xh.errors import DataError
from kt_xh.loading import load_report

from conftest import SHIPPED_DATA, UNIT_HEAD, write_data

HEAD = UNIT_HEAD

INDICATORS = """\
chi_tieu:
  ban_le:
    ten: Bán lẻ
    don_vi_tinh: tỷ đồng
    nhom: kinh_te
    uoc_thuc_hien: 10
    thanh_phan: [ban_le_a, ban_le_b]
  ban_le_a:
    ten: Phần A
    don_vi_tinh: tỷ đồng
    uoc_thuc_hien: 6
  ban_le_b:
    ten: Phần B
    don_vi_tinh: tỷ đồng
    trong_bieu: false
    uoc_thuc_hien: 4
  dang_vien_moi:
    ten: Kết nạp đảng viên mới
    don_vi_tinh: đảng viên
    nhom: xay_dung_dang
    ke_hoach: 12
    uoc_thuc_hien: 14
  phu_tro:
    ten: Chỉ tiêu phụ chỉ dùng trong lời văn
    don_vi_tinh: hộ
    nhom: kinh_te
    trong_bieu: false
    uoc_thuc_hien: 35
    thanh_phan: [phu_tro_con]
  phu_tro_con:
    ten: Thành phần của chỉ tiêu phụ
    don_vi_tinh: hộ
    uoc_thuc_hien: 35
  khong_nhom:
    ten: Chỉ tiêu không ghi nhóm
    don_vi_tinh: ha
    uoc_thuc_hien: 3
"""

GROUPS = """\
nhom_bieu:
  - {ma: xay_dung_dang, ten: CHỈ TIÊU XÂY DỰNG ĐẢNG}
  - {ma: kinh_te, ten: CHỈ TIÊU KINH TẾ, so: B}
"""

TARGETS = "nam: 2024\nchi_tieu: {}\n"


def table(folder: Path) -> list[tuple[str, str, str]]:
    return [(row.kind, row.stt, row.name) for row in appendix.rows(load_report(folder).report)]


def test_declared_groups_print_in_their_order_with_their_numbers(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", HEAD + GROUPS + INDICATORS, TARGETS)
    assert table(folder) == [
        ("nhom", "I", "CHỈ TIÊU XÂY DỰNG ĐẢNG"),  # first declared, numbered by its place
        ("chi_tieu", "1", "Kết nạp đảng viên mới"),
        ("nhom", "B", "CHỈ TIÊU KINH TẾ"),  # its own number
        ("chi_tieu", "1", "Bán lẻ"),
        ("chi_tieu", "", "- Phần A"),  # Phần B is left out; phu_tro with its part too
        ("nhom", "III", "CHỈ TIÊU KHÁC"),
        ("chi_tieu", "1", "Chỉ tiêu không ghi nhóm"),
    ]


def test_without_declared_groups_the_five_defaults_stay(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", HEAD + INDICATORS.replace(
        "nhom: xay_dung_dang", "nhom: xay_dung_chinh_quyen"), TARGETS)
    groups = [(stt, name) for kind, stt, name in table(folder) if kind == "nhom"]
    assert groups == [("I", "CHỈ TIÊU KINH TẾ"), ("II", "CHỈ TIÊU XÂY DỰNG CHÍNH QUYỀN"),
                      ("III", "CHỈ TIÊU KHÁC")]


def test_the_shipped_appendix_keeps_its_groups() -> None:
    groups = [(stt, name) for kind, stt, name in table(SHIPPED_DATA) if kind == "nhom"]
    assert groups == [("I", "CHỈ TIÊU KINH TẾ"), ("II", "CHỈ TIÊU VĂN HÓA - XÃ HỘI"),
                      ("III", "CHỈ TIÊU MÔI TRƯỜNG"), ("IV", "CHỈ TIÊU QUỐC PHÒNG - AN NINH"),
                      ("V", "CHỈ TIÊU XÂY DỰNG CHÍNH QUYỀN")]


def test_any_number_of_groups(tmp_path: Path) -> None:
    groups = "nhom_bieu:\n" + "".join(f"  - {{ma: nhom_{n}, ten: NHÓM {n}}}\n"
                                      for n in range(1, 15))
    indicators = "chi_tieu:\n" + "".join(
        f"  chi_tieu_{n}:\n    ten: Chỉ tiêu {n}\n    don_vi_tinh: ha\n    nhom: nhom_{n}\n"
        f"    uoc_thuc_hien: {n}\n" for n in range(1, 15))
    folder = write_data(tmp_path / "data", HEAD + groups + indicators, TARGETS)
    numbers = [stt for kind, stt, _ in table(folder) if kind == "nhom"]
    assert numbers == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
                       "XIII", "XIV"]


@pytest.mark.parametrize(("number", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"),
                                               (40, "XL"), (99, "XCIX")])
def test_roman_numbers(number: int, roman: str) -> None:
    assert appendix.roman(number) == roman


def test_a_group_that_is_not_declared_names_file_line_field_and_the_declared_ones(
        tmp_path: Path) -> None:
    declared = "nhom_bieu:\n  - {ma: kinh_te, ten: CHỈ TIÊU KINH TẾ}\n"
    folder = write_data(tmp_path / "data", HEAD + declared + INDICATORS, TARGETS)
    with pytest.raises(DataError) as error:
        load_report(folder)
    [problem] = error.value.problems
    assert problem.file.endswith("2023_actuals.yaml")
    assert problem.field == "chi_tieu.dang_vien_moi.nhom"
    lines = (HEAD + declared + INDICATORS).splitlines()
    assert lines[problem.line - 1] == "    nhom: xay_dung_dang"
    assert problem.message.startswith(
        "Nhóm 'xay_dung_dang' không có trong biểu phụ lục. Các nhóm khai báo trong 'nhom_bieu': "
        "kinh_te.")
    assert "khai báo nhóm mới trong 'nhom_bieu'" in problem.message


def test_a_group_unknown_among_the_defaults_lists_them_with_a_guess(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", HEAD + INDICATORS.replace(
        "nhom: xay_dung_dang", "nhom: moi_truon"), TARGETS)
    with pytest.raises(DataError) as error:
        load_report(folder)
    [problem] = error.value.problems
    assert ("Các nhóm mặc định (tệp chưa khai báo 'nhom_bieu'): kinh_te, van_hoa_xa_hoi, "
            "moi_truong, quoc_phong_an_ninh, xay_dung_chinh_quyen.") in problem.message
    assert "Có phải ý bạn là 'moi_truong'?" in problem.message


def test_a_group_declared_twice_is_refused(tmp_path: Path) -> None:
    twice = "nhom_bieu:\n  - {ma: kinh_te, ten: A}\n  - {ma: kinh_te, ten: B}\n"
    folder = write_data(tmp_path / "data", HEAD + twice + INDICATORS, TARGETS)
    with pytest.raises(DataError) as error:
        load_report(folder)
    twice_problem = next(p for p in error.value.problems if p.field == "nhom_bieu")
    assert twice_problem.line == 12  # the second declaration
    assert twice_problem.message.startswith("Mã nhóm 'kinh_te' được khai báo hai lần")


def test_diff_words_a_declared_group_by_its_title(tmp_path: Path) -> None:
    from kt_xh.diff import compare

    before = load_report(write_data(tmp_path / "a", HEAD + GROUPS + INDICATORS, TARGETS)).report
    moved = INDICATORS.replace("    nhom: kinh_te\n    uoc_thuc_hien: 10",
                               "    nhom: xay_dung_dang\n    uoc_thuc_hien: 10")
    after_text = HEAD + GROUPS + moved
    after = load_report(write_data(tmp_path / "b", after_text, TARGETS)).report
    [changed] = compare(before, after, "trước", "sau").indicators
    [group_change] = [c for c in changed.figures if c.before_code == "kinh_te"]
    assert (group_change.before, group_change.after) == ("CHỈ TIÊU KINH TẾ",
                                                         "CHỈ TIÊU XÂY DỰNG ĐẢNG")
