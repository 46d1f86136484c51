"""Bad input as a planning officer would type it: one clear Vietnamese message per problem,
naming the file, the line and the field; all problems at once; exit code 2; no traceback."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh.cli import app
from kt_xh.errors import DataError, Problem
from kt_xh.loading import load_report

from conftest import MINIMAL_ACTUALS, MINIMAL_TARGETS, write_data


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_report(folder)
    return caught.value.problems


def only_problem(folder: Path) -> Problem:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return problems[0]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`, so tests don't hard-code numbers."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_minimal_data_loads(data_dir: Path) -> None:
    report = load_report(data_dir).report
    assert report.year == 2023 and report.next_year == 2024
    assert report.indicators["ban_le"].uoc_thuc_hien == Decimal(4148)
    assert report.targets["ban_le"].ke_hoach == Decimal(4500)


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    cung_ky: 3450", "   cung_ky: 3450")  # bad indent
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.file.endswith("2023_actuals.yaml")
    assert problem.line is not None and abs(problem.line - line_of(actuals, "cung_ky")) <= 1
    assert "thụt lề" in problem.message.lower()


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    cung_ky: 3450", "\tcung_ky: 3450")
    problem = only_problem(write_data(tmp_path, actuals))
    assert "tab" in problem.message
    assert problem.line == line_of(actuals, "cung_ky")


def test_misspelled_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    ke_hoach: 3700", "    ke_hoaach: 3700")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "ke_hoaach")
    assert problem.field == "chi_tieu.ban_le.ke_hoaach"
    assert "Có phải ý bạn là 'ke_hoach'?" in problem.message


def test_wrong_type(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: nhiều lắm")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "uoc_thuc_hien")
    assert "'nhiều lắm' không phải là số" in problem.message


def test_missing_required_field(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    ten: Tổng mức bán lẻ hàng hóa\n", "")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "ban_le:")
    assert problem.field == "chi_tieu.ban_le.ten"
    assert "Thiếu trường bắt buộc 'ten'" in problem.message


def test_duplicate_key_reports_both_lines(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS + "    ke_hoach: 3900\n"
    problem = only_problem(write_data(tmp_path, actuals))
    first, second = line_of(actuals, "ke_hoach: 3700"), line_of(actuals, "ke_hoach: 3900")
    assert problem.line == second
    assert f"dòng {first}" in problem.message and f"dòng {second}" in problem.message


def test_duplicate_indicator_id(tmp_path: Path) -> None:
    block = MINIMAL_ACTUALS[MINIMAL_ACTUALS.index("  ban_le:"):]
    problem = only_problem(write_data(tmp_path, MINIMAL_ACTUALS + block))
    assert "Khóa 'ban_le' bị lặp" in problem.message


def test_vietnamese_numbers_in_quotes_are_read_the_vietnamese_way(tmp_path: Path) -> None:
    actuals = (MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", 'uoc_thuc_hien: "4.148"')
               .replace("ke_hoach: 3700", "ke_hoach: 3.700,5"))
    indicator = load_report(write_data(tmp_path, actuals)).report.indicators["ban_le"]
    assert indicator.uoc_thuc_hien == Decimal(4148)
    assert indicator.ke_hoach == Decimal("3700.5")


def test_unquoted_dotted_number_is_read_as_yaml_reads_it(tmp_path: Path) -> None:
    """The documented rule: without quotes 4.148 is four point one four eight (the plausibility
    check against last year is what catches a figure typed this way by mistake)."""
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: 4.148")
    indicator = load_report(write_data(tmp_path, actuals)).report.indicators["ban_le"]
    assert indicator.uoc_thuc_hien == Decimal("4.148")


def test_ambiguous_vietnamese_number_is_refused(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", 'uoc_thuc_hien: "4.14"')
    problem = only_problem(write_data(tmp_path, actuals))
    assert "'4.14' không phải là số" in problem.message


def test_figures_are_decimals_never_floats(data_dir: Path) -> None:
    indicator = load_report(data_dir).report.indicators["ban_le"]
    for figure in (indicator.cung_ky, indicator.ke_hoach, indicator.uoc_thuc_hien):
        assert type(figure) is Decimal


def test_nan_is_not_a_figure(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: .nan")
    problem = only_problem(write_data(tmp_path, actuals))
    assert "NaN" in problem.message and problem.line == line_of(actuals, "uoc_thuc_hien")


def test_decomposed_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    name = "Tổng mức bán lẻ hàng hóa"
    actuals = MINIMAL_ACTUALS.replace(name, unicodedata.normalize("NFD", name))
    loaded = load_report(write_data(tmp_path, actuals))
    assert loaded.report.indicators["ban_le"].ten == name
    assert unicodedata.is_normalized("NFC", loaded.report.indicators["ban_le"].ten)
    assert loaded.actuals.nfc_lines == [line_of(actuals, "    ten:")]


def test_decomposed_key_still_matches(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("dia_danh: Thử Nghiệm",
                                      "dia_danh: " + unicodedata.normalize("NFD", "Thử Nghiệm"))
    assert load_report(write_data(tmp_path, actuals)).report.unit.dia_danh == "Thử Nghiệm"


def test_target_without_its_indicator(tmp_path: Path) -> None:
    targets = MINIMAL_TARGETS + "  ban_lee:\n    ke_hoach: 10\n"
    problem = only_problem(write_data(tmp_path, targets=targets))
    assert problem.file.endswith("2024_targets.yaml")
    assert problem.line == line_of(targets, "ban_lee:")
    assert "không có trong tệp số liệu năm 2023" in problem.message
    assert "Có phải ý bạn là 'ban_le'?" in problem.message


def test_a_tag_that_would_construct_an_object_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    actuals = MINIMAL_ACTUALS.replace(
        "uoc_thuc_hien: 4148",
        f"uoc_thuc_hien: !!python/object/apply:os.system ['touch {marker}']")
    problem = only_problem(write_data(tmp_path / "data", actuals))
    assert not marker.exists()
    assert "Thẻ '!!python/object/apply:os.system'" in problem.message
    assert problem.line == line_of(actuals, "uoc_thuc_hien")


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A file saved in a legacy code page: here one byte that UTF-8 cannot read (0xA9)."""
    folder = write_data(tmp_path)
    raw = MINIMAL_ACTUALS.encode().replace("Tổng mức".encode(), b"T\xa9ng m\xa9c")
    (folder / "2023_actuals.yaml").write_bytes(raw)
    problem = only_problem(folder)
    assert "UTF-8" in problem.message
    assert problem.line == line_of(MINIMAL_ACTUALS, "Tổng mức")


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    folder = write_data(tmp_path)
    (folder / "2023_actuals.yaml").write_bytes(b"\xef\xbb\xbf" + MINIMAL_ACTUALS.encode())
    assert load_report(folder).report.year == 2023


def test_colon_inside_a_value_is_explained(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("dia_danh: Thử Nghiệm", "dia_danh: Thử Nghiệm: phường 1")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "dia_danh")


def test_value_with_colon_in_a_list_is_explained(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("chi_tieu:", "  noi_nhan:\n    - Lưu: VT, TCKH.\nchi_tieu:")
    problem = only_problem(write_data(tmp_path, actuals))
    assert "dấu nháy kép" in problem.message
    assert problem.line == line_of(actuals, "Lưu:")


def test_all_problems_of_both_files_come_together(tmp_path: Path) -> None:
    actuals = (MINIMAL_ACTUALS.replace("ke_hoach: 3700", "ke_hoaach: 3700")
               .replace("cung_ky: 3450", "cung_ky: ba nghìn"))
    targets = MINIMAL_TARGETS.replace("ke_hoach: 4500", "ke_hoach: [1, 2]")
    problems = problems_of(write_data(tmp_path, actuals, targets))
    files = {p.file.rsplit("/", 1)[-1] for p in problems}
    assert files == {"2023_actuals.yaml", "2024_targets.yaml"}
    assert len(problems) >= 3


def test_unknown_kind_lists_the_choices(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    don_vi_tinh: tỷ đồng", "    don_vi_tinh: tỷ đồng\n"
                                      "    loai: phan_tram")
    problem = only_problem(write_data(tmp_path, actuals))
    assert "'gia_tri', " not in problem.message and "gia_tri, ty_le" in problem.message


def test_years_must_follow_each_other(tmp_path: Path) -> None:
    targets = MINIMAL_TARGETS.replace("nam: 2024", "nam: 2025")
    problems = problems_of(write_data(tmp_path, targets=targets))
    assert any("phải là năm 2024" in p.message for p in problems)
    assert any("Tên tệp ghi năm 2024" in p.message for p in problems)


def test_unknown_component_and_cycle(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS + (
        "    thanh_phan: [ban_le_a, ban_le_b]\n"
        "  ban_le_a:\n    ten: A\n    don_vi_tinh: tỷ đồng\n    thanh_phan: [ban_le]\n")
    messages = [p.message for p in problems_of(write_data(tmp_path, actuals))]
    assert any("'ban_le_b' không có trong tệp" in m for m in messages)
    assert any("vòng lặp" in m for m in messages)


def test_missing_folder_and_missing_file(tmp_path: Path) -> None:
    assert "Không tìm thấy thư mục" in only_problem(tmp_path / "khong_co").message
    folder = write_data(tmp_path / "data")
    (folder / "2024_targets.yaml").unlink()
    assert "_targets.yaml" in only_problem(folder).message


def test_cli_exit_code_2_and_vietnamese_message_without_traceback(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("ke_hoach: 3700", "ke_hoaach: 3700")
    folder = write_data(tmp_path, actuals)
    result = CliRunner().invoke(app, ["check", "--data", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "2023_actuals.yaml" in result.output and "ke_hoaach" in result.output
    assert "Có phải ý bạn là 'ke_hoach'?" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------- indentation, tabs and keys as an officer types them
def test_a_field_moved_out_to_the_indicator_level_says_indentation(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    uoc_thuc_hien: 4148", "  uoc_thuc_hien: 4148")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "uoc_thuc_hien")
    assert problem.field == "chi_tieu.uoc_thuc_hien"
    assert "thụt lề" in problem.message and "sai cấp" in problem.message
    assert "Phải là một bảng" not in problem.message


def test_fields_that_lost_their_indentation_are_one_problem_at_the_first_of_them(
        tmp_path: Path) -> None:
    lines = MINIMAL_ACTUALS.split("\n")
    start = line_of(MINIMAL_ACTUALS, "ban_le:")
    actuals = "\n".join(line[2:] if i > start else line for i, line in enumerate(lines, 1))
    problem = only_problem(write_data(tmp_path, actuals))
    first, last = start + 1, line_of(actuals, "uoc_thuc_hien")
    assert problem.line == first and problem.field == "chi_tieu.ban_le"
    assert f"Thụt lề sai từ dòng {first}: các dòng {first}–{last} thẳng hàng với 'ban_le'" in (
        problem.message)


def test_a_block_moved_to_column_0_is_reported_where_it_starts(tmp_path: Path) -> None:
    """Three fields of an indicator pasted at the left margin: the parser stops at the next
    indicator, the message names the first pasted line."""
    actuals = MINIMAL_ACTUALS + "  ban_le_2:\n    ten: Bán lẻ 2\n    don_vi_tinh: tỷ đồng\n"
    for name in ("cung_ky", "ke_hoach", "uoc_thuc_hien"):
        actuals = actuals.replace(f"    {name}: ", f"{name}: ", 1)
    problem = only_problem(write_data(tmp_path, actuals))
    first = line_of(actuals, "cung_ky")
    assert problem.line == first
    assert f"Thụt lề sai từ dòng {first}: các dòng {first}–{first + 2}" in problem.message
    assert f"đến dòng {line_of(actuals, 'ban_le_2')}" in problem.message


def test_a_missing_space_after_the_colon_is_reported_at_its_line(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("    cung_ky: 3450", "    cung_ky:3450")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "cung_ky")
    assert problem.message.startswith("Thiếu dấu cách sau dấu ':' của 'cung_ky'. Hãy viết "
                                      "'cung_ky: 3450'")


@pytest.mark.parametrize("indent", ["\t", "\t  ", "  \t  "])
def test_a_tab_anywhere_in_the_indentation_gets_the_tab_message(tmp_path: Path, indent: str
                                                                ) -> None:
    actuals = MINIMAL_ACTUALS.replace("    cung_ky: 3450", f"{indent}cung_ky: 3450")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.message.startswith("Có ký tự tab: tệp số liệu chỉ được thụt lề bằng dấu cách.")
    assert problem.line == line_of(actuals, "cung_ky")


def test_a_key_typed_with_accents_gets_its_name_without(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "ước_thực_hiện: 4148")
    problem = only_problem(write_data(tmp_path, actuals))
    assert problem.line == line_of(actuals, "ước_thực_hiện")
    assert problem.message == ("Khóa 'ước_thực_hiện' không có trong tệp số liệu (không phải tên "
                               "trường nào). Có phải ý bạn là 'uoc_thuc_hien'?")


def test_an_indicator_id_typed_with_accents_is_given_without(tmp_path: Path) -> None:
    actuals = MINIMAL_ACTUALS.replace("  ban_le:", "  bán_lẻ:")
    targets = MINIMAL_TARGETS.replace("  ban_le:", "  bán_lẻ:")
    problems = problems_of(write_data(tmp_path, actuals, targets))
    assert problems and all(p.message.endswith("Hãy viết 'ban_le'.") for p in problems)


def test_a_target_id_typed_with_accents_is_matched_without(tmp_path: Path) -> None:
    from kt_xh.loading import _did_you_mean

    assert _did_you_mean("bán_lẻ", ["ban_le", "du_lich"]) == " Có phải ý bạn là 'ban_le'?"
    assert _did_you_mean("đường_giao_thông", ["duong_giao_thong"]) == (
        " Có phải ý bạn là 'duong_giao_thong'?")


def test_no_loader_message_says_yaml_or_folder(tmp_path: Path) -> None:
    broken = [MINIMAL_ACTUALS.replace("3700", "&a 3700").replace("4148", "*a"),
              MINIMAL_ACTUALS + "---\nnam: 2023\n",
              MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: !!int abc"),
              MINIMAL_ACTUALS.replace("ten: Tổng", "ten: Tổng: mức"),
              MINIMAL_ACTUALS.replace("    cung_ky: 3450", "\tcung_ky: 3450"),
              MINIMAL_ACTUALS + "  x: [1, 2\n",
              MINIMAL_ACTUALS.replace("ke_hoach: 3700", "ke_hoaach: 3700")]
    for index, actuals in enumerate(broken):
        for problem in problems_of(write_data(tmp_path / str(index), actuals)):
            assert not re.search(r"YAML|folder|mẫu dữ liệu", problem.message), problem


def test_every_tab_indented_line_is_named_in_one_run(tmp_path: Path) -> None:
    """The parser stops at the first tab; the officer should not need one run per line."""
    tabbed = MINIMAL_ACTUALS.replace("    cung_ky: 3450", "\tcung_ky: 3450").replace(
        "    uoc_thuc_hien: 4148", "\tuoc_thuc_hien: 4148")
    folder = write_data(tmp_path / "data", tabbed)
    with pytest.raises(DataError) as caught:
        load_report(folder)
    tabs = [p.line for p in caught.value.problems if p.message.startswith("Có ký tự tab")]
    assert tabs == [line_of(tabbed, "\tcung_ky"), line_of(tabbed, "\tuoc_thuc_hien")]
