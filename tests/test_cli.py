"""The command line as an officer meets it: Vietnamese help and errors, documented commands."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from kt_xh import __version__
from kt_xh.cli import app

from conftest import ROOT

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
ENGLISH_CHROME = ("Usage:", "Options", "Commands", "Show this message", "Error:", "Try '",
                  "No such", "Missing")


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def commands() -> list[str]:
    help_text = run("--help").output
    section = help_text.split("Lệnh:", 1)[1]
    return re.findall(r"^  ([a-z-]+)\s", section, re.M)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"ktxh {__version__}"


def test_help_is_vietnamese() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: ktxh [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert "Tùy chọn:" in result.output and "Lệnh:" in result.output
    assert not [word for word in ENGLISH_CHROME if word in result.output]


def test_every_command_has_vietnamese_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert commands()
    for name in commands():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert result.output.startswith(f"Cách dùng: ktxh {name}")
        assert not [word for word in ENGLISH_CHROME if word in result.output], name
        assert f"ktxh {name}" in readme, f"README.md does not mention 'ktxh {name}'"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("chek",), "Lỗi: Không có lệnh 'chek'. Có phải ý bạn là 'check'?"),
        (("check", "--dta", "x"), "Lỗi: Không có tùy chọn --dta. Có phải ý bạn là --data?"),
        (("check", "--data"), "Lỗi: --data cần một thư mục đi kèm, ghi ngay sau nó: --data "
                              "THƯ_MỤC."),
        (("build-report", "--data"), "Lỗi: --data cần một thư mục đi kèm"),
        (("init",), "Lỗi: Thiếu THƯ_MỤC: hãy ghi thư mục của kho mới, ví dụ ktxh init "
                    "kho_xa_ta_leng."),
        (("new-year",), "Lỗi: Thiếu NĂM: hãy ghi năm báo cáo mới, ví dụ ktxh new-year 2024."),
        (("new-year", "abc"), "Lỗi: Năm phải là một số: hãy ghi năm báo cáo mới"),
        (("text",), "Lỗi: Thiếu TỆP.docx: hãy ghi tệp Word cần in ra chữ"),
        (("init", "x", "--nam", "1990"), "Lỗi: Năm phải từ 2000 đến 2100."),
        (("check", "--format", "pdf"), "Lỗi: DẠNG chỉ nhận: text, json, github"),
        (("diff", "--format", "pdf"), "Lỗi: DẠNG chỉ nhận: text, markdown, json"),
        (("check", "--strict=1"), "Lỗi: Tùy chọn --strict không đi kèm giá trị nào"),
        (("init", "a", "b"), "Lỗi: Thừa tham số: b."),
    ],
)
def test_usage_errors_are_vietnamese_with_exit_code_2(args: tuple[str, ...], expected: str
                                                      ) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "để biết cách dùng" in result.output
    assert not [word for word in ENGLISH_CHROME if word in result.output]


def test_no_arguments_shows_the_help() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: ktxh")


HEAVY_MODULES = ("docx", "lxml", "ruamel", "hypothesis", "openpyxl", "python_calamine",
                 "olefile")
PROBE = """
import sys
from kt_xh.cli import main
sys.argv = ["ktxh", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["check"], ["build-report", "-o", "{tmp}/r.docx"]])
def test_the_fast_paths_never_import_the_heavy_libraries(args: list[str], tmp_path) -> None:
    """check runs before every commit and --help is typed often: neither may pay for python-docx,
    lxml or ruamel (the build writes its XML itself, and needs lxml only for --reference-doc)."""
    import subprocess
    import sys

    argv = [a.format(tmp=tmp_path) for a in args]
    script = PROBE.replace("HEAVY", repr(HEAVY_MODULES))
    probe = subprocess.run([sys.executable, "-c", script, *argv],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    assert probe.stderr.strip().split("\n")[-1] == ""


def test_a_bug_reaches_the_officer_as_one_vietnamese_sentence(
        monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """No traceback ever reaches an officer: a bug of ktxh is logged to a file for its
    maintainer."""
    import sys
    import tempfile

    from kt_xh import cli, schema

    def broken(out):
        raise RuntimeError("a bug")

    monkeypatch.setattr(schema, "write_schemas", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["ktxh", "schema", "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    message = capsys.readouterr().err
    assert message.startswith("Lỗi không mong đợi của ktxh") and "Traceback" not in message
    [log] = tmp_path.glob("ktxh-loi-*.txt")
    assert str(log) in message
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")


# Words and marks of typer's English pages (`[required]`, `<path>`, `[default: data]`,
# `<int range>  [2000<=x<=2100]`, `TEXT`) and of click's errors ("Missing argument 'folder'").
ENGLISH_WORDS = re.compile(
    r"\b(?:required|default|Usage|Error|Options?|Arguments?|Commands?|Missing|Invalid|folder|"
    r"document|year|choose from|range|integer|valid|Try|Got|unexpected|requires|argument|env "
    r"var|YAML)\b|(?-i:\b(?:TEXT|INTEGER|PATH|FILE|DIRECTORY|BOOLEAN)\b)|[<>{}]|list\[|str\]",
    re.IGNORECASE)
_NAMES = re.compile(r"(?<![\w-])--?[a-z][\w-]*|ktxh [a-z-]+|\b(?:build-report|new-year)\b")
"""Option and command names are what the officer types: they are not prose to translate."""


def english_in(text: str) -> list[str]:
    return ENGLISH_WORDS.findall(_NAMES.sub(" ", text))


USAGE_ERRORS = [("init",), ("new-year",), ("new-year", "abc"), ("text",),
                ("init", "x", "--nam", "1990"), ("init", "x", "--nam", "abc"),
                ("init", "x", "--don-vi"), ("check", "--format", "pdf"), ("check", "--format"),
                ("diff", "--format", "pdf"), ("diff", "a", "b", "c"), ("build-report", "--data"),
                ("check", "--data"), ("check", "--strict=1"), ("init", "a", "b"), ("chek",),
                ("check", "--dta", "x"), ("schema", "--out"), ("text", "a.docx", "b.docx")]


def test_help_pages_and_usage_errors_have_no_english_or_placeholders() -> None:
    """Every help page and the usual slips on the command line read as Vietnamese, with the names
    the help page uses (THƯ_MỤC, NĂM), never typer's `<path>` or `[required]`."""
    pages = {"ktxh --help": run("--help")}
    pages |= {f"ktxh {name} --help": run(name, "--help") for name in commands()}
    errors = {" ".join(("ktxh", *args)): run(*args) for args in USAGE_ERRORS}
    for shown, result in (pages | errors).items():
        assert result.exit_code == (0 if shown in pages else 2), (shown, result.output)
        assert not english_in(result.output), (shown, english_in(result.output), result.output)
    assert not english_in("--data THƯ_MỤC  build-report new-year")  # names are not English
    assert english_in("TEXT <path> [required]; Missing argument 'folder'.")


def test_every_option_and_argument_names_what_it_takes() -> None:
    """A help row shows `--data THƯ_MỤC`, `NĂM`: every option that takes a value and every
    argument has a Vietnamese name."""
    from typer.main import get_command

    group = get_command(app)
    for name in commands():
        command = group.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "argument" or not param.is_flag:
                assert param.metavar, (name, param.name)
                assert not re.search(r"[a-z]", param.metavar.replace(".docx", "")), (
                    name, param.name, param.metavar)


def test_three_revisions_say_what_to_write_instead() -> None:
    result = run("diff", "a", "b", "c")
    assert result.exit_code == 2
    assert ("Hãy ghi hai phiên bản, ví dụ ktxh diff a b; muốn so sánh tiếp thì chạy thêm ktxh "
            "diff b c.") in result.output
