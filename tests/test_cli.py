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
        (("check", "--data"), "Lỗi: Tùy chọn --data cần một giá trị đi kèm."),
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


HEAVY_MODULES = ("docx", "lxml", "ruamel", "hypothesis")
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
