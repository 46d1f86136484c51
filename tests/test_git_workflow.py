"""The commands of working in git: text, diff, fmt, schema, init, new-year."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from kt_xh.build import build_report
from kt_xh.cli import app
from kt_xh.schema import schema_text
from kt_xh.yaml_format import format_text
from kt_xh.yaml_source import parse_text, read_yaml

from conftest import MINIMAL_ACTUALS, ROOT, SHIPPED_DATA, write_data

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


# ---------------------------------------------------------------- ktxh text
def test_text_of_a_small_report(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    template = tmp_path / "mau.j2"
    template.write_text("@trich-yeu Báo cáo năm {{ nam }}\n# Phần thứ nhất\n## I. MỤC MỘT\n"
                        "Bán lẻ {{ ct.ban_le | gia_tri }}^[Chú thích {{ nam }}.] tăng./.\n",
                        encoding="utf-8")
    output = tmp_path / "bao_cao.docx"
    build_report(data, template, None, output)
    result = run("text", str(output))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    # the subject keeps 'năm 2023' on one line: a non-breaking space (line_breaks)
    assert lines[2:7] == ["BÁO CÁO", "Báo cáo năm\u00a02023", "# Phần thứ nhất", "## I. MỤC MỘT",
                          "Bán lẻ 4.148 tỷ đồng[^1] tăng./."]
    assert lines[-1] == "[^1]: Chú thích 2023."
    assert "| STT | Chỉ tiêu | Đơn vị tính |" in result.output


def test_text_of_something_that_is_not_a_docx(tmp_path: Path) -> None:
    fake = tmp_path / "khong.docx"
    fake.write_text("chữ", encoding="utf-8")
    result = run("text", str(fake))
    assert result.exit_code == 2 and "không phải là tệp Word" in result.output
    assert "Không tìm thấy tệp" in run("text", str(tmp_path / "khong_co.docx")).output


# ---------------------------------------------------------------- ktxh diff
def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Kiểm thử", "-c", "user.email=t@ktxh.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "kho"
    write_data(repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "số liệu tháng 10")
    actuals = repo / "data" / "2023_actuals.yaml"
    actuals.write_text(MINIMAL_ACTUALS.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: 3600")
                       + "  chi_tieu_moi:\n    ten: Chỉ tiêu mới\n    don_vi_tinh: ha\n"
                         "    uoc_thuc_hien: 12\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "số liệu tháng 11")
    monkeypatch.chdir(repo)
    return repo


def test_diff_between_two_commits(repository: Path) -> None:
    result = run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0
    assert result.output == (
        "So sánh số liệu: HEAD~1 → HEAD\n"
        "~ ban_le: Tổng mức bán lẻ hàng hóa  [!] ĐẠT → KHÔNG ĐẠT\n"
        "    ước thực hiện: 4.148 → 3.600\n"
        "    so với kế hoạch: đạt 112% kế hoạch → đạt 97% kế hoạch\n"
        "    so với cùng kỳ: tăng 20% so với cùng kỳ → tăng 4% so với cùng kỳ\n"
        "    đánh giá: Vượt → Không đạt\n"
        "    kế hoạch năm sau so với ước: tăng 8% so với ước → tăng 25% so với ước\n"
        "+ chi_tieu_moi: Chỉ tiêu mới (thêm)\n"
        "    tên: — → Chỉ tiêu mới\n"
        "    đơn vị tính: — → ha\n"
        "    loại: — → giá trị\n"
        "    chiều: — → càng cao càng tốt\n"
        "    ước thực hiện: — → 12\n"
        "Ở phiên bản 'HEAD~1' chưa có mẫu templates/bao_cao.docx.j2: bỏ qua phần so sánh lời "
        "văn.\n"
        "Tóm tắt: 1 chỉ tiêu thay đổi, 1 thêm, 0 bỏ. Chú ý: 1 chỉ tiêu chuyển sang KHÔNG ĐẠT kế "
        "hoạch: ban_le.\n")


def test_diff_markdown_and_json(repository: Path) -> None:
    markdown = run("diff", "HEAD~1", "--format", "markdown").output
    assert markdown.startswith("### Thay đổi số liệu: `HEAD~1` → `thư mục làm việc`\n")
    assert ("> **Chú ý:** chuyển sang **không đạt** kế hoạch: Tổng mức bán lẻ hàng hóa "
            "(`ban_le`)") in markdown
    assert "|  | đánh giá | Vượt | **Không đạt** |" in markdown
    document = json.loads(run("diff", "HEAD~1", "--format", "json").output)
    first = document["chi_tieu"][0]
    assert first["id"] == "ban_le" and first["chuyen_sang_khong_dat"] is True
    assert {"what": "ước thực hiện", "before": "4.148", "after": "3.600"} in first["figures"]


def test_diff_shows_the_closed_values_in_the_report_words(repository: Path) -> None:
    actuals = repository / "data" / "2023_actuals.yaml"
    actuals.write_text(MINIMAL_ACTUALS.replace("    ten: Tổng", "    nhom: kinh_te\n    chieu: "
                                               "trung_tinh\n    ten: Tổng"), encoding="utf-8")
    text = run("diff").output
    assert "\n    chiều: càng cao càng tốt → không đánh giá\n" in text
    assert "\n    nhóm: — → CHỈ TIÊU KINH TẾ\n" in text
    assert ("- chi_tieu_moi: Chỉ tiêu mới (bỏ)\n    tên: Chỉ tiêu mới → —\n"
            "    đơn vị tính: ha → —\n    loại: giá trị → —\n") in text
    for code in ("gia_tri", "tang_la_tot", "trung_tinh", "kinh_te"):
        assert code not in text
    assert "| nhóm | — | CHỈ TIÊU KINH TẾ |" in run("diff", "--format", "markdown").output
    document = json.loads(run("diff", "--format", "json").output)
    figures = document["chi_tieu"][0]["figures"]
    assert {"what": "chiều", "before": "càng cao càng tốt", "after": "không đánh giá",
            "before_code": "tang_la_tot", "after_code": "trung_tinh"} in figures
    assert {"what": "nhóm", "before": "—", "after": "CHỈ TIÊU KINH TẾ", "before_code": None,
            "after_code": "kinh_te"} in figures


def test_diff_of_the_working_tree_against_head(repository: Path) -> None:
    assert run("diff").output.endswith("Không có thay đổi nào về số liệu.\n")
    actuals = repository / "data" / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("ke_hoach: 3700",
                                                                   "ke_hoach: 3500"),
                       encoding="utf-8")
    assert "kế hoạch: 3.700 → 3.500" in run("diff").output


def test_diff_errors_are_one_clear_sentence(repository: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = run("diff", "khong-co")
    assert unknown.exit_code == 2
    assert unknown.output.strip().startswith("Không có phiên bản 'khong-co' trong kho git.")
    outside = tmp_path / "ngoai"
    write_data(outside / "data")
    monkeypatch.chdir(outside)
    result = run("diff")
    assert result.exit_code == 2 and "không nằm trong một kho git" in result.output
    assert "Traceback" not in result.output


def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branch: str = "master") -> Path:
    """An office made as the README says: ktxh init, then git init (git names the branch)."""
    folder = tmp_path / "van_phong"
    assert run("init", str(folder), "--nam", "2025").exit_code == 0
    git(folder, "-c", f"init.defaultBranch={branch}", "init", "-q")
    monkeypatch.chdir(folder)
    return folder


def test_diff_in_an_office_without_a_commit_says_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office(tmp_path, monkeypatch)
    for args in ((), ("HEAD~1", "HEAD")):
        result = run("diff", *args)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Kho git chưa có lần commit nào")
        assert "git add . rồi git commit" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("branch", ["master", "main", "nhanh-so-lieu"])
def test_the_readme_examples_work_whatever_the_branch_is_called(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branch: str) -> None:
    folder = office(tmp_path, monkeypatch, branch)
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "số liệu ban đầu")
    assert run("diff").output.startswith("So sánh số liệu: HEAD → thư mục làm việc\n")
    actuals = folder / "data" / "2025_actuals.yaml"
    text = actuals.read_text(encoding="utf-8")
    figure = next(line for line in text.splitlines() if "uoc_thuc_hien:" in line)
    actuals.write_text(text.replace(figure, figure.split(":")[0] + ": 1", 1), encoding="utf-8")
    assert "ước thực hiện:" in run("diff").output
    git(folder, "commit", "-q", "-am", "sửa số liệu")
    for args in (("HEAD~1",), ("HEAD~1", "HEAD"), ("HEAD~1", "HEAD", "--format", "markdown")):
        result = run("diff", *args)
        assert result.exit_code == 0 and "ước thực hiện" in result.output, result.output


def test_readme_examples_need_no_branch_name_and_no_ignored_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    scaffold = (ROOT / "src" / "kt_xh" / "scaffold" / "README.md").read_text(encoding="utf-8")
    for text in (readme, scaffold):
        assert "ktxh diff main" not in text and "ktxh diff master" not in text
        assert "-- build/" not in text
    assert "build/" in (ROOT / "src" / "kt_xh" / "scaffold" / "gitignore").read_text()


TEMPLATE = ("@trich-yeu Báo cáo năm {{ nam }}\n# Phần thứ nhất\n"
            "Bán lẻ {{ ct.ban_le | gia_tri }}^[Ước {{ nam }}.] tăng./.\nĐoạn không đổi.\n")


def with_template(repository: Path, text: str = TEMPLATE) -> Path:
    template = repository / "templates" / "bao_cao.docx.j2"
    template.parent.mkdir(exist_ok=True)
    template.write_text(text, encoding="utf-8")
    return template


def test_diff_shows_the_sentences_of_the_report_that_change(repository: Path) -> None:
    with_template(repository)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "mẫu báo cáo")
    actuals = repository / "data" / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("uoc_thuc_hien: 3600",
                                                                   "uoc_thuc_hien: 4200"),
                       encoding="utf-8")
    result = run("diff")
    assert result.exit_code == 0
    assert ("Lời văn của báo cáo thay đổi (- đoạn cũ, + đoạn mới):\n"
            "- Bán lẻ 3.600 tỷ đồng [chú thích: Ước 2023.] tăng./.\n"
            "+ Bán lẻ 4.200 tỷ đồng [chú thích: Ước 2023.] tăng./.\n"
            "Tóm tắt:") in result.output
    assert "Đoạn không đổi" not in result.output
    markdown = run("diff", "--format", "markdown").output
    assert "#### Lời văn thay đổi\n\n```diff\n- Bán lẻ 3.600 tỷ đồng" in markdown
    document = json.loads(run("diff", "--format", "json").output)
    assert document["loi_van"]["doan"][1] == {
        "dau": "+", "chu": "Bán lẻ 4.200 tỷ đồng [chú thích: Ước 2023.] tăng./."}
    with_template(repository, TEMPLATE.replace("Đoạn không đổi.", "Đoạn mới."))
    git(repository, "commit", "-q", "-am", "sửa lời văn")
    output = run("diff", "HEAD~1", "HEAD").output  # the data's change was committed too
    assert "\n- Đoạn không đổi.\n" in output and "\n+ Đoạn mới.\nTóm tắt:" in output
    assert "Lời văn của báo cáo không đổi.\n" in run("diff", "HEAD", "HEAD").output


def test_a_template_that_does_not_render_is_one_line(repository: Path) -> None:
    with_template(repository)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "mẫu báo cáo")
    with_template(repository, "Bán lẻ {{ ct.khong_co | gia_tri }}.\n")
    result = run("diff")
    assert result.exit_code == 0 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "không dựng được" in line]
    assert len(lines) == 1
    assert lines[0].startswith("Mẫu báo cáo ở thư mục làm việc không dựng được (")
    assert lines[0].endswith("bỏ qua phần so sánh lời văn.")
    (repository / "templates" / "bao_cao.docx.j2").unlink()
    assert ("Thư mục làm việc chưa có mẫu templates/bao_cao.docx.j2: bỏ qua phần so sánh lời "
            "văn.") in run("diff").output


def test_many_changed_paragraphs_are_counted_not_printed() -> None:
    from kt_xh.text_diff import as_text, compare_paragraphs

    before = [f"Đoạn {n}." for n in range(50)]
    after = [f"Đoạn {n} đã sửa." for n in range(50)]
    diff = compare_paragraphs(before, after, limit=10)
    assert len(diff.lines) == 10 and diff.hidden == 90
    assert as_text(diff)[-1] == "… và 90 đoạn thay đổi khác."


# ---------------------------------------------------------------- ktxh fmt
def comparable(path: Path, text: str):
    document, problems = parse_text(text, path)
    assert document is not None and not problems
    return document.data


@pytest.mark.parametrize("name", ["2023_actuals.yaml", "2024_targets.yaml"])
def test_fmt_on_the_shipped_data_changes_nothing_and_twice_changes_nothing(name: str) -> None:
    path = SHIPPED_DATA / name
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text, path)
    assert formatted == text, "the shipped data is not canonical: run ktxh fmt"
    assert format_text(formatted, path) == formatted


def test_fmt_canonicalises_and_keeps_comments(tmp_path: Path) -> None:
    messy = ("# đầu tệp\nnam: 2023\nchi_tieu:\n  ban_le:\n    uoc_thuc_hien: \"4.148\"  # ước\n"
             "    don_vi_tinh: 'tỷ đồng'\n    ten: Bán lẻ\n    ke_hoach:   3700\n"
             "don_vi:\n    ten_goi_tat: UBND\n    co_quan_ban_hanh: [A, B]\n")
    path = tmp_path / "2023_actuals.yaml"
    formatted = format_text(messy, path)
    assert formatted == (
        "# đầu tệp\nnam: 2023\n\ndon_vi:\n  co_quan_ban_hanh:\n    - A\n    - B\n"
        "  ten_goi_tat: UBND\n\nchi_tieu:\n\n  ban_le:\n    ten: Bán lẻ\n"
        "    don_vi_tinh: tỷ đồng\n    ke_hoach: 3700\n    uoc_thuc_hien: 4148     # ước\n")
    assert format_text(formatted, path) == formatted


def test_fmt_check_and_write(tmp_path: Path) -> None:
    spaced = MINIMAL_ACTUALS.replace("    ten: Tổng", "    ten:   Tổng")
    folder = write_data(tmp_path / "data", spaced)
    check = run("fmt", "--data", str(folder), "--check")
    assert check.exit_code == 1
    assert check.output.startswith(f"Chưa đúng dạng chuẩn: {folder}/2023_actuals.yaml\n")
    write = run("fmt", "--data", str(folder))
    assert write.exit_code == 0
    assert run("fmt", "--data", str(folder), "--check").output == (
        "Các tệp số liệu đã đúng dạng chuẩn (2 tệp).\n")


def test_fmt_refuses_a_file_with_a_duplicate_key(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", MINIMAL_ACTUALS + "    ten: Lặp\n")
    before = (folder / "2023_actuals.yaml").read_bytes()
    result = run("fmt", "--data", str(folder))
    assert result.exit_code == 2
    assert "2023_actuals.yaml:18 [chi_tieu.ban_le.ten]: Khóa 'ten' bị lặp" in result.output
    assert (folder / "2023_actuals.yaml").read_bytes() == before


names = st.text(alphabet="abcdefghiklmnopqrstuvxyàáảãạăâđêôơưỳ ĐẠT", min_size=1, max_size=20
                ).map(str.strip).filter(lambda s: bool(s) and yaml.safe_load(s) == s)
figures = st.decimals(min_value=Decimal(0), max_value=Decimal("1e9"), places=2,
                      allow_nan=False, allow_infinity=False)


@st.composite
def data_files(draw: st.DrawFn) -> str:
    """A valid actuals file written in a random layout: key order, quoting, number style."""
    lines = ["nam: 2023", "don_vi:", "  co_quan_ban_hanh: [ỦY BAN NHÂN DÂN, HUYỆN A]",
             "  ten_goi_tat: UBND huyện A", "  ky_hieu: BC-UBND", "  dia_danh: A",
             "  nguoi_ky: {tham_quyen: TM. UBND, chuc_vu: CHỦ TỊCH}", "chi_tieu:"]
    for number in range(draw(st.integers(1, 4))):
        fields = {"ten": repr(draw(names)) if draw(st.booleans()) else draw(names),
                  "don_vi_tinh": draw(st.sampled_from(["ha", "'%'", "\"tỷ đồng\"", "con"]))}
        for figure in draw(st.sets(st.sampled_from(["cung_ky", "ke_hoach", "uoc_thuc_hien"]))):
            value = draw(figures)
            style = draw(st.integers(0, 2))
            vietnamese = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            fields[figure] = [str(value), f'"{vietnamese}"', f"'{vietnamese}'"][style]
        if draw(st.booleans()):
            fields["suy_ra"] = "[]"
        order = draw(st.permutations(list(fields)))
        lines.append(f"  chi_tieu_{number}:  # chỉ tiêu {number}")
        lines += [f"    {key}: {fields[key]}" for key in order]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=data_files())
def test_fmt_never_changes_a_value_and_is_idempotent(tmp_path: Path, text: str) -> None:
    path = tmp_path / "2023_actuals.yaml"
    formatted = format_text(text, path)
    assert format_text(formatted, path) == formatted
    before = read_values(path, text)
    after = read_values(path, formatted)
    assert before == after
    assert formatted.count("# chỉ tiêu") == text.count("# chỉ tiêu")


def read_values(path: Path, text: str):
    from kt_xh.model import ActualsFile

    document, problems = parse_text(text, path)
    assert document is not None and not problems, problems
    return ActualsFile.model_validate(document.data).model_dump()


# ---------------------------------------------------------------- ktxh schema
def test_schema_command_writes_both_schemas(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert result.output == (f"Đã ghi lược đồ: {tmp_path}/actuals.schema.json\n"
                             f"Đã ghi lược đồ: {tmp_path}/targets.schema.json\n")
    schema = json.loads((tmp_path / "actuals.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    loai = schema["$defs"]["Indicator"]["properties"]["loai"]
    assert loai["description"].startswith("'gia_tri': một giá trị")


@pytest.mark.parametrize(("data_file", "schema_file"), [
    ("2023_actuals.yaml", "actuals.schema.json"), ("2024_targets.yaml", "targets.schema.json")])
def test_the_shipped_data_validates_against_the_shipped_schema(data_file: str, schema_file: str
                                                               ) -> None:
    shipped = (ROOT / "schema" / schema_file).read_text(encoding="utf-8")
    assert shipped == schema_text(schema_file), "run ktxh schema: the schema is out of date"
    document, _ = read_yaml(SHIPPED_DATA / data_file)
    assert document is not None
    assert document.path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../schema/{schema_file}\n")
    errors = list(Draft202012Validator(json.loads(shipped)).iter_errors(document.data))
    assert not errors


def test_a_broken_file_does_not_validate(tmp_path: Path) -> None:
    broken = MINIMAL_ACTUALS.replace("ke_hoach: 3700", "ke_hoaach: 3700").replace(
        "loai", "loai")
    document, _ = parse_text(broken, tmp_path / "2023_actuals.yaml")
    schema = json.loads(schema_text("actuals.schema.json"))
    errors = list(Draft202012Validator(schema).iter_errors(document.data))
    assert errors and "ke_hoaach" in str(errors[0].message)


# ---------------------------------------------------------------- ktxh init, new-year
def test_init_then_check_and_build_in_the_new_repository(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "huyen"
    result = run("init", str(folder), "--don-vi", "Ủy ban nhân dân huyện Tam Đường",
                 "--nam", "2025")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Đã tạo 14 tệp trong thư mục {folder}. Tiếp theo:\n"
                                    f"  cd {folder}\n  ktxh check\n  ktxh build-report")
    for expected in ("data/2025_actuals.yaml", "data/2026_targets.yaml",
                     "templates/bao_cao.docx.j2",
                     ".gitattributes", ".pre-commit-config.yaml", ".github/workflows/ktxh.yml",
                     "README.md", "schema/actuals.schema.json", "templates/mau_tham_chieu.docx",
                     "docs/huong_dan_so_lieu.md", "docs/huong_dan_mau_bao_cao.md",
                     "docs/quy_tac_kiem_tra.md"):
        assert (folder / expected).is_file(), expected
    for guide in ("huong_dan_so_lieu.md", "huong_dan_mau_bao_cao.md", "quy_tac_kiem_tra.md"):
        assert (folder / "docs" / guide).read_bytes() == (ROOT / "docs" / guide).read_bytes()
        assert f"(docs/{guide})" in (folder / "README.md").read_text(encoding="utf-8")
    assert "  cap: huyen\n  ten: Tam Đường\n" in (folder / "data/2025_actuals.yaml").read_text(
        encoding="utf-8")  # ktxh writes the header (HUYỆN TAM ĐƯỜNG) from the level and name
    monkeypatch.chdir(folder)
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output
    assert run("fmt", "--check").exit_code == 0
    build = run("build-report")
    assert build.exit_code == 0, build.output
    assert (folder / "build" / "bao_cao_2025.docx").is_file()


def without_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """git as on a new office computer: no user.name or user.email anywhere."""
    config = tmp_path / "gitconfig"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        for name in (f"GIT_{who}_NAME", f"GIT_{who}_EMAIL"):
            monkeypatch.delenv(name, raising=False)
    return config


def test_init_says_how_to_make_the_first_commit(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    config = without_git_identity(tmp_path, monkeypatch)
    folder = tmp_path / "xa"
    result = run("init", str(folder), "--nam", "2025")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "\nRồi lưu phiên bản đầu tiên vào git:\n  git init\n"
        '  git config --global user.name "Tên cán bộ"\n'
        '  git config --global user.email "ten.can.bo@donvi.gov.vn"\n'
        '  git add .\n  git commit -m "Khởi tạo kho số liệu"\n')
    assert not (folder / ".git").exists()  # git init is the officer's step, never silent
    config.write_text("[user]\n\tname = Cán bộ\n\temail = cb@ktxh.invalid\n", encoding="utf-8")
    for step in ("git init -q", "git add .", "git commit -q -m Khởi_tạo"):
        subprocess.run(step.split(), cwd=folder, check=True, capture_output=True)
    monkeypatch.chdir(folder)
    assert run("diff").output.startswith("So sánh số liệu: HEAD → thư mục làm việc\n")
    inside = run("init", str(folder / "kho_con"), "--nam", "2025").output
    assert inside.endswith('git:\n  git add .\n  git commit -m "Khởi tạo kho số liệu"\n')


def test_init_fills_in_where_ci_installs_ktxh_from(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The office's CI installs ktxh with pipx from where this ktxh came from, when that is a
    git repository or an archive; otherwise KTXH_NGUON is left empty, and the CI says so."""
    from kt_xh import project

    workflow = Path(".github") / "workflows" / "ktxh.yml"
    assert run("init", str(tmp_path / "a"), "--nam", "2025").exit_code == 0
    written = yaml.safe_load((tmp_path / "a" / workflow).read_text(encoding="utf-8"))
    assert written["env"] == {"KTXH_NGUON": ""}
    install = "\n".join(step.get("run", "") for step in written["jobs"]["check"]["steps"])
    assert 'pipx install "$KTXH_NGUON"' in install and "Chưa ghi nơi cài ktxh" in install
    monkeypatch.setattr(project, "ktxh_source", lambda: "git+https://git.example.vn/k.git@v1")
    assert run("init", str(tmp_path / "b"), "--nam", "2025").exit_code == 0
    written = yaml.safe_load((tmp_path / "b" / workflow).read_text(encoding="utf-8"))
    assert written["env"] == {"KTXH_NGUON": "git+https://git.example.vn/k.git@v1"}


@pytest.mark.parametrize(("direct_url", "source"), [
    ('{"url": "https://git.example.vn/ktxh.git", "vcs_info": {"vcs": "git", "commit_id": "ab"}}',
     "git+https://git.example.vn/ktxh.git"),
    ('{"url": "https://git.example.vn/ktxh.git", "vcs_info": {"vcs": "git", "commit_id": "ab", '
     '"requested_revision": "v0.3"}}', "git+https://git.example.vn/ktxh.git@v0.3"),
    ('{"url": "https://example.vn/kt_xh-0.3.tar.gz", "archive_info": {}}',
     "https://example.vn/kt_xh-0.3.tar.gz"),
    ('{"url": "file:///home/an/ktxh", "dir_info": {}}', ""),
    ('{"url": "https://an:bi_mat@git.example.vn/ktxh.git", "vcs_info": {"vcs": "git"}}', ""),
    ('{"url": "https://git.example.vn/ktxh", "vcs_info": {"vcs": "hg"}}', ""),
    (None, ""), ("không phải JSON", ""), ("[]", ""),
])
def test_where_ktxh_came_from(direct_url: str | None, source: str) -> None:
    from kt_xh.project import source_from_direct_url

    assert source_from_direct_url(direct_url) == source


def test_init_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "huyen"
    (folder / "data").mkdir(parents=True)
    (folder / "README.md").write_text("của đơn vị", encoding="utf-8")
    result = run("init", str(folder), "--nam", "2025")
    assert result.exit_code == 2  # input to fix: choose an empty folder
    assert "đã có README.md: ktxh init không ghi đè tệp nào" in result.output
    assert (folder / "README.md").read_text(encoding="utf-8") == "của đơn vị"


def test_new_year_rolls_the_data_forward(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    result = run("new-year", "2024", "--data", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Đã tạo: {folder}/2024_actuals.yaml\n"
                                    f"Đã tạo: {folder}/2025_targets.yaml\n")
    from kt_xh.loading import load_report

    report = load_report(folder).report
    assert report.year == 2024
    retail = report.indicators["tong_muc_ban_le"]
    assert retail.cung_ky == Decimal(4148) and retail.cung_ky_la_uoc  # last year's estimate
    assert retail.uoc_thuc_hien is None and retail.ke_hoach is None  # no 2024 target was set
    income = report.indicators["thu_nhap_binh_quan"]
    assert income.ke_hoach == Decimal(62) and income.cung_ky == Decimal(59)
    schools = report.indicators["truong_chuan_quoc_gia"]
    assert (schools.ke_hoach, schools.tong) == (Decimal(28), Decimal(28))
    assert not retail.ty_le_da_neu and not retail.chap_nhan and not retail.suy_ra
    check = json.loads(run("check", "--data", str(folder), "--format", "json").output)
    assert "cung-ky-uoc" in {f["quy_tac"] for f in check["phat_hien"]}
    assert run("fmt", "--data", str(folder), "--check").exit_code == 0


def test_new_year_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    existing = folder / "2025_targets.yaml"
    existing.write_text("của đơn vị", encoding="utf-8")
    result = run("new-year", "2024", "--data", str(folder))
    assert result.exit_code == 2
    assert "2025_targets.yaml đã có: ktxh new-year không ghi đè tệp nào." in result.output
    assert existing.read_text(encoding="utf-8") == "của đơn vị"
    assert not (folder / "2024_actuals.yaml").exists()
    wrong = run("new-year", "2030", "--data", str(folder))
    assert wrong.exit_code == 2 and "chỉ chuyển được sang năm 2024" in wrong.output


def test_readme_shows_the_git_cycle() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quy trình làm việc với git", 1)[1]
    for step in ("ktxh fmt", "ktxh check", "git commit", "ktxh diff", "ktxh build-report",
                 "diff.ktxh.textconv"):
        assert step in section
