"""What an officer types by mistake: a count typed the Vietnamese way without quotes, a `#` that
cuts a text, single braces around an expression. Each is found and named, never silent."""

from __future__ import annotations

from pathlib import Path

from kt_xh.checks import run_check

from conftest import MINIMAL_ACTUALS, write_data

HOUSEHOLDS = MINIMAL_ACTUALS + """\
  ho_ngheo:
    ten: Số hộ nghèo
    don_vi_tinh: hộ
    cung_ky: 1.250
    ke_hoach: 1.300
    uoc_thuc_hien: 1.318
"""


def findings(result, rule: str):  # type: ignore[no-untyped-def]
    return [f for f in result.findings if f.rule == rule]


def test_a_count_typed_with_a_thousands_dot_is_an_error_with_its_reading(tmp_path: Path) -> None:
    result = run_check(write_data(tmp_path / "data", HOUSEHOLDS), None)
    found = findings(result, "so-dem-co-so-le")
    assert [f.indicator for f in found] == ["ho_ngheo"] * 3
    estimate = next(f for f in found if "1,318" in f.message)
    assert estimate.message == "1,318 hộ: số đếm không có phần lẻ."
    assert estimate.hint == ("Có phải là 1.318? Dấu chấm ngăn hàng nghìn phải đặt trong dấu "
                             "nháy: hãy viết 1318 hoặc \"1.318\".")
    assert result.exit_code(strict=False) == 1


def test_a_count_in_quotes_or_whole_is_fine_and_an_indicator_may_say_otherwise(
        tmp_path: Path) -> None:
    quoted = HOUSEHOLDS.replace("1.250", '"1.250"').replace("1.300", '"1.300"').replace(
        "1.318", '"1.318"')
    assert not findings(run_check(write_data(tmp_path / "a", quoted), None), "so-dem-co-so-le")
    averaged = HOUSEHOLDS.replace("    don_vi_tinh: hộ\n",
                                  "    don_vi_tinh: hộ\n    so_nguyen: false\n")
    assert not findings(run_check(write_data(tmp_path / "b", averaged), None), "so-dem-co-so-le")


def test_a_hash_inside_a_text_cuts_it_and_is_named(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    ten: Tổng mức bán lẻ hàng hóa",
                                      "    ten: Tổng mức bán lẻ #1 hàng hóa")
    found = findings(run_check(write_data(tmp_path / "data", actuals), None), "chu-bi-cat")
    assert len(found) == 1 and found[0].line == 13
    assert "'#1 hàng hóa'" in found[0].message and "Tổng mức bán lẻ" in found[0].message


def test_a_comment_after_a_number_is_not_a_cut_text(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: 4148  # số ước")
    assert not findings(run_check(write_data(tmp_path / "data", actuals), None), "chu-bi-cat")


def test_single_braces_around_an_expression_are_a_warning(tmp_path: Path) -> None:
    template = tmp_path / "mau.j2"
    template.write_text("Dòng một.\nBán lẻ { ct.ban_le | ket_qua }, năm {nam}; "
                        "{{ ct.ban_le | gia_tri }} {a: b}.\n", encoding="utf-8")
    found = findings(run_check(write_data(tmp_path / "data"), template), "ngoac-don")
    assert [(f.line, f.message) for f in found] == [
        (2, "'{ ct.ban_le | ket_qua }' sẽ được in nguyên văn vào báo cáo."),
        (2, "'{nam}' sẽ được in nguyên văn vào báo cáo.")]
