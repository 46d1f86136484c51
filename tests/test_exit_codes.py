"""Every command holds to the README's table of exit codes, run as a whole process."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, SHIPPED_DATA, write_data
from processes import needs_fork, run_ktxh

TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"
Setup = Callable[[Path], list[str]]


def shipped(folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(SHIPPED_DATA, data)
    return data


def unreadable(folder: Path) -> Path:
    data = write_data(folder / "data")
    (data / "2023_actuals.yaml").write_text("nam: 2023\nchi_tieu: [", encoding="utf-8")
    return data


def with_error_finding(folder: Path) -> Path:
    data = write_data(folder / "data")
    actuals = data / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace(
        "uoc_thuc_hien: 4148", "uoc_thuc_hien: 4148\n    loai: ty_le"), encoding="utf-8")
    return data


def template_with(folder: Path, text: str) -> Path:
    template = folder / "mau.j2"
    template.write_text(text, encoding="utf-8")
    return template


def built_report(folder: Path) -> Path:
    output = folder / "bao_cao.docx"
    assert run_ktxh(["build-report", "--data", str(shipped(folder)), "--template", str(TEMPLATE),
                     "-o", str(output)], folder).code == 0
    return output


def git_repository(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    data = shipped(folder)
    subprocess.run(["git", "-C", str(folder), "add", "data"], check=True)
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-qm", "data"], check=True)
    return data


CASES: list[tuple[str, int, Setup]] = [
    ("--help", 0, lambda f: ["--help"]),
    ("an unknown command", 2, lambda f: ["khong-co"]),
    ("an unknown option", 2, lambda f: ["check", "--khong-co"]),
    ("check: shipped data", 0, lambda f: ["check", "--data", str(shipped(f))]),
    ("check: an error finding", 1, lambda f: ["check", "--data", str(with_error_finding(f))]),
    ("check: a template that fails", 1, lambda f: [
        "check", "--data", str(shipped(f)), "--template",
        str(template_with(f, "{{ 'x' * 10**9 }}"))]),
    ("check: unreadable data", 2, lambda f: ["check", "--data", str(unreadable(f))]),
    ("check: no data folder", 2, lambda f: ["check", "--data", str(f / "khong_co")]),
    ("build-report: shipped data", 0, lambda f: [
        "build-report", "--data", str(shipped(f)), "--template", str(TEMPLATE), "-o",
        str(f / "bao_cao.docx")]),
    ("build-report: unreadable data", 2, lambda f: [
        "build-report", "--data", str(unreadable(f)), "-o", str(f / "o.docx")]),
    ("build-report: a template that fails", 2, lambda f: [
        "build-report", "--data", str(shipped(f)), "--template",
        str(template_with(f, "{% for i in range(10**6) %}{% endfor %}")), "-o", str(f / "o.docx")]),
    ("build-report: -o onto the data", 2, lambda f: [
        "build-report", "--data", str(shipped(f)), "-o", str(f / "data" / "2023_actuals.yaml")]),
    ("build-report: the report is open in Word", 1, lambda f: [
        "build-report", "--data", str(shipped(f)), "--template", str(TEMPLATE), "-o",
        str(_locked(f))]),
    ("build-report: a unit of a batch fails", 1, lambda f: [
        "build-report", "--template", str(TEMPLATE), "--data", str(shipped(f / "a")), "--data",
        str(unreadable(f / "b"))]),
    ("fmt: canonical", 0, lambda f: ["fmt", "--data", str(shipped(f))]),
    ("fmt --check: not canonical", 1, lambda f: ["fmt", "--check", "--data", str(_spaced(f))]),
    ("fmt: unreadable", 2, lambda f: ["fmt", "--data", str(unreadable(f))]),
    ("text: a report", 0, lambda f: ["text", str(built_report(f))]),
    ("text: not a .docx", 2, lambda f: ["text", str(template_with(f, "không phải docx"))]),
    ("diff: outside git", 2, lambda f: ["diff", "--data", str(shipped(f))]),
    ("diff: in git", 0, lambda f: ["diff", "--data", str(git_repository(f))]),
    ("init: a new folder", 0, lambda f: ["init", str(f / "moi"), "--don-vi", "xã Tả Lèng"]),
    ("init: a non-empty folder", 2, lambda f: ["init", str(shipped(f))]),
    ("new-year: the next year", 0, lambda f: ["new-year", "2024", "--data", str(shipped(f))]),
    ("new-year: a year that does not follow", 2, lambda f: [
        "new-year", "2026", "--data", str(shipped(f))]),
    ("new-period: a year report goes nowhere later", 2, lambda f: [
        "new-period", "nam", "--data", str(shipped(f))]),
    ("schema", 0, lambda f: ["schema", "--out", str(f / "schema")]),
    ("tong-hop: two units", 0, lambda f: [
        "tong-hop", "--data", str(shipped(f / "a")), "--data", str(shipped(f / "b")),
        "-o", str(f / "tinh" / "data"), "--ten", "Thử Nghiệm"]),
    ("tong-hop: a unit fails its check", 1, lambda f: [
        "tong-hop", "--data", str(shipped(f / "a")), "--data", str(with_error_finding(f / "b")),
        "-o", str(f / "tinh" / "data"), "--ten", "Thử Nghiệm"]),
    ("excel xuat: shipped data", 0, lambda f: [
        "excel", "xuat", "--data", str(shipped(f)), "-o", str(f / "bieu.xlsx")]),
    ("excel xuat: -o onto the data", 2, lambda f: [
        "excel", "xuat", "--data", str(shipped(f)), "-o", str(f / "data" / "2023_actuals.yaml")]),
    ("excel mau: shipped data", 0, lambda f: [
        "excel", "mau", "--data", str(shipped(f)), "-o", str(f / "phieu")]),
    ("excel nhap: a filled form", 0, lambda f: _filled_form(f, 4200)),
    ("excel nhap: text in a number cell", 2, lambda f: _filled_form(f, "bốn nghìn")),
    ("tong-hop: -o into an input", 2, lambda f: [
        "tong-hop", "--data", str(shipped(f / "a")), "-o", str(f / "a" / "data"),
        "--ten", "Thử Nghiệm"]),
]


def _filled_form(folder: Path, estimate: object) -> list[str]:
    """The shipped data's form (no departments: one form), its first estimate cell typed in."""
    import openpyxl

    data = shipped(folder)
    assert run_ktxh(["excel", "mau", "--data", str(data), "-o", str(folder / "phieu")],
                    folder).code == 0
    form = folder / "phieu" / "phong_chua_phan_cong.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook.active["F7"] = estimate
    workbook.save(form)
    return ["excel", "nhap", "--data", str(data), str(form)]


def _locked(folder: Path) -> Path:
    (folder / "~$o_cao.docx").write_bytes(b"owner")
    return folder / "bao_cao.docx"


def _spaced(folder: Path) -> Path:
    data = shipped(folder)
    actuals = data / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("nam: 2023", "nam:   2023"),
                       encoding="utf-8")
    return data


@needs_fork
@pytest.mark.parametrize(("case", "expected", "setup"), CASES, ids=[c[0] for c in CASES])
def test_exit_code(case: str, expected: int, setup: Setup, tmp_path: Path) -> None:
    outcome = run_ktxh(setup(tmp_path), tmp_path)
    assert outcome.code == expected, outcome.output
    assert "Traceback" not in outcome.output


def test_the_readme_table_has_a_row_for_every_command() -> None:
    from kt_xh.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("Exit 3 is", 1)[0]
    rows = set(re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE))
    commands = {command.name for command in app.registered_commands}
    assert commands == rows
    tested = {case.split(":")[0].split(" ")[0] for case, _, _ in CASES}
    assert commands <= tested
