"""The template environment: strict, sandboxed, helpful; the helpers print what the report says."""

from __future__ import annotations

from pathlib import Path

import pytest

from kt_xh.errors import TemplateError
from kt_xh.loading import load_report
from kt_xh.template_env import render_source

from conftest import MINIMAL_ACTUALS, SHIPPED_DATA, write_data

REPORT = load_report(SHIPPED_DATA).report


def render(source: str, report=REPORT) -> str:
    return render_source(source, "mau.j2", report).text


@pytest.mark.parametrize(("expression", "expected"), [
    ("{{ ct.tong_muc_ban_le | gia_tri }}", "4.148 tỷ đồng"),
    ("{{ ct.tong_muc_ban_le | so_sanh }}",
     "đạt 112% kế hoạch, tăng 20% so với cùng kỳ năm 2022"),
    ("{{ ct.tong_muc_ban_le | ket_qua }}",
     "ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch, tăng 20% so với cùng kỳ năm 2022"),
    ("{{ ct.tong_muc_ban_le | ket_qua('gia_tri', 'ke_hoach') }}",
     "ước đạt 4.148 tỷ đồng, đạt 112% kế hoạch"),
    ("{{ ct.thu_ngan_sach_dia_ban | gia_tri(don_vi='tỷ đồng') }}", "132,9 tỷ đồng"),
    ("{{ ct.thu_ngan_sach_dia_ban | dat_ke_hoach(can_cu='chinh') }}", "đạt 64% kế hoạch"),
    ("{{ ct.thu_ngan_sach_dia_ban | muc_tieu(don_vi='tỷ đồng') }}", "182,6 tỷ đồng"),
    ("{{ ct.gtsx_tren_ha | dat_ke_hoach(kieu='vuot', thap_phan=1) }}", "vượt 7,2% kế hoạch"),
    ("{{ ct.ty_le_ho_ngheo | dat_ke_hoach }}", "thấp hơn kế hoạch 0,25 điểm phần trăm"),
    ("{{ ct.truong_chuan_quoc_gia | gia_tri }} ({{ ct.truong_chuan_quoc_gia | ty_le }})",
     "22/28 trường (78,6%)"),
    ("{{ ct.truong_chuan_quoc_gia | ty_le('ke_hoach_nam_sau') }}", "100%"),
    ("{{ ct.doanh_thu_du_lich | muc_tieu }}", "trên 384,8 tỷ đồng"),
    ("{{ ct.htx_thanh_lap_moi | so_dem }}", "03"),
    ("{{ ct.tieu_chi_ntm_binh_quan | so_cung_ky(kieu='chenh_lech') }}",
     "tăng 7,5 tiêu chí/xã so với cùng kỳ năm 2022"),
    ("{{ ct.attp_kiem_tra_giam_sat | phan_tram_ke_hoach }}", "121,1%"),
    ("{{ ct.bac_sy_van_dan | ty_le_da_neu }}", "87%"),
    ("{{ ct.tong_muc_ban_le.uoc_thuc_hien }}", "4.148"),
    ("năm {{ nam_truoc }}-{{ nam }}-{{ nam_sau }}", "năm 2022-2023-2024"),
    ("{{ danh_gia.khong_dat | so_dem }}", "04"),
])
def test_helpers(expression: str, expected: str) -> None:
    assert render(expression) == expected


def test_an_unknown_indicator_names_the_line_and_guesses() -> None:
    with pytest.raises(TemplateError) as caught:
        render("Dòng một.\n\nTổng {{ ct.tong_muc_ban_lee | gia_tri }}.")
    assert caught.value.message.startswith("mau.j2:3: ")
    assert "không có chỉ tiêu 'tong_muc_ban_lee'" in caught.value.message
    assert "Có phải ý bạn là 'tong_muc_ban_le'?" in caught.value.message


def test_an_unknown_field_and_an_unknown_name() -> None:
    with pytest.raises(TemplateError) as caught:
        render("{{ ct.tong_muc_ban_le.uoc_thuc_hienn }}")
    assert "trường 'uoc_thuc_hienn'" in caught.value.message
    assert "'uoc_thuc_hien'" in caught.value.message
    with pytest.raises(TemplateError) as caught:
        render("\n{{ nam_truocc }}")
    assert caught.value.message.startswith("mau.j2:2: ")
    assert "'nam_truoc'" in caught.value.message


def test_an_unknown_filter_and_a_syntax_error() -> None:
    with pytest.raises(TemplateError) as caught:
        render("\n\n{{ ct.tong_muc_ban_le | gia_trii }}")
    assert caught.value.message.startswith("mau.j2:3: ")
    assert "'gia_tri'" in caught.value.message
    with pytest.raises(TemplateError) as caught:
        render("{% for x in nhom %}")
    assert "endfor" in caught.value.message


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ct.tong_muc_ban_le._indicator }}",
    "{{ ct.__class__.__init__.__globals__['sys'] }}",
    "{{ don_vi.__class__.__subclasses__() }}",
])
def test_the_sandbox_refuses_python_internals(attack: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(attack)
    assert "mau.j2:1:" in caught.value.message
    assert "Traceback" not in caught.value.message


def test_a_missing_figure_is_never_zero(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    ke_hoach: 3700\n", "")
    report = load_report(write_data(tmp_path, actuals)).report
    result = render_source("Dòng một.\nĐạt {{ ct.ban_le | dat_ke_hoach }}; kế hoạch "
                           "{{ ct.ban_le.ke_hoach }}.", "mau.j2", report)
    assert "[thiếu số liệu: so sánh với kế hoạch của 'Tổng mức bán lẻ hàng hóa' (ban_le)]" in (
        result.text.replace("\\", ""))
    assert "0" not in result.text.split("Đạt", 1)[1].replace("ban_le", "")
    assert [line for line, _ in result.missing] == [2, 2]


def test_data_text_cannot_inject_markup(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("ten: Tổng mức bán lẻ hàng hóa",
                                      "ten: 'Bán lẻ *đặc biệt* ^[chú thích giả]'")
    report = load_report(write_data(tmp_path, actuals)).report
    from kt_xh.markup import parse

    text = parse(render_source("{{ ct.ban_le.ten }}", "mau.j2", report).text)
    assert [i.text for i in text.blocks[0].inlines] == ["Bán lẻ *đặc biệt* ^[chú thích giả]"]


@pytest.mark.parametrize(("expression", "message"), [
    ("{{ ct.tong_muc_ban_le | dat_ke_hoach(kieu='vout') }}",
     "'dat_ke_hoach' không có kiểu 'vout'; chọn một trong: dat, vuot, bang."),
    ("{{ ct.tong_muc_ban_le | so_cung_ky(kieu='giam') }}",
     "'so_cung_ky' không có kiểu 'giam'; chọn một trong: tang, bang, chenh_lech, gap."),
    ("{{ ct.tong_muc_ban_le | chenh_lech(so_voi='ke_hoachh') }}",
     "'chenh_lech' không có so_voi 'ke_hoachh'; chọn một trong: cung_ky, ke_hoach."),
    ("{{ ct.tong_muc_ban_le | gia_tri('uoc') }}",
     ("'uoc' không phải là số liệu của 'gia_tri'; chọn một trong: uoc_thuc_hien, cung_ky, "
      "ke_hoach, ke_hoach_nam_sau.")),
    ("{{ ct.tong_muc_ban_le | ket_qua('gia_tri', 'so_sanh') }}",
     "'ket_qua' không có phần 'so_sanh'; chọn một trong: gia_tri, ke_hoach, cung_ky."),
    ("{{ ct.thu_ngan_sach_dia_ban | dat_ke_hoach(can_cu='tỉnh') }}",
     "không có căn cứ kế hoạch 'tỉnh'; chọn một trong: chinh, kế hoạch tỉnh giao"),
])
def test_a_helper_choice_outside_its_list_names_the_line_and_the_choices(
        expression: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(f"Dòng một\n{expression}")
    assert caught.value.line == 2
    assert message in caught.value.detail
