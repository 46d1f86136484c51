"""build-report --pdf: the report converted by LibreOffice, one run for a whole batch, and what
an officer sees without LibreOffice or without Times New Roman."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kt_xh import pdf
from kt_xh.cli import app
from kt_xh.docx_text import docx_text

from conftest import ROOT, SHIPPED_DATA

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
TEMPLATE = str(ROOT / "templates" / "bao_cao.docx.j2")
WORD = re.compile(r"[^\W\d_]+")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


def needs_libreoffice() -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) hoặc pdftotext chưa cài: .ci/run cài chúng trước khi "
                    "chạy kiểm thử")


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def lines_of(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_has_the_reports_text_and_its_pages(tmp_path: Path) -> None:
    needs_libreoffice()
    report = tmp_path / "bao_cao.docx"
    result = run("build-report", "--data", str(SHIPPED_DATA), "--template", TEMPLATE, "-o",
                 str(report), "--pdf")
    assert result.exit_code == 0, result.output
    made = tmp_path / "bao_cao.pdf"
    assert f"Đã ghi PDF: {made}" in result.output
    pages = pdf_pages(made)
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True).stdout
    assert re.search(rf"^Pages: +{len(pages)}$", info, re.M), info
    assert "(A4)" in info
    assert lines_of(pages[0])[:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ LAI CHÂU"]
    assert "BÁO CÁO" in lines_of(pages[0])
    # the body numbered from page 2 on, the appendix on its own from its page 2 on: the pages
    # of the PDF are the report's own
    appendix = next(i for i, page in enumerate(pages) if lines_of(page)[0] == "Phụ lục")
    assert appendix > 10
    for index, page in enumerate(pages[1:appendix], start=2):
        assert lines_of(page)[0] == str(index)
    for index, page in enumerate(pages[appendix + 1:], start=2):
        assert lines_of(page)[0] == str(index)
        assert "STT" in lines_of(page)  # the header rows repeat on every page
    # the words of the report's paragraphs are the PDF's, in the same order, and those of each
    # footnote too; the PDF may have more between them (page numbers, the footnotes at the foot
    # of a page, a footnote's number stuck to the word before it): words of letters, compared as
    # a subsequence (greedy matching finds one if there is one)
    pdf_words = words_of("\n".join(pages))
    lines = [line for line in docx_text(report).splitlines() if line and not line.startswith("|")]
    footnotes = [line for line in lines if line.startswith("[^")]
    body = [line for line in lines if not line.startswith("[^")]
    assert len(body) > 150 and len(footnotes) == 28
    assert in_order(words_of(re.sub(r"\[\^\d+\]", " ", "\n".join(body))), pdf_words)
    for footnote in footnotes:
        assert in_order(words_of(footnote.split(": ", 1)[1]), pdf_words), footnote


def words_of(text: str) -> list[str]:
    """Words of letters; a hyphen is dropped (pdftotext joins `KH-` at a line's end to `UBND`)."""
    return WORD.findall(text.replace("-", ""))


def in_order(wanted: list[str], words: list[str]) -> bool:
    remaining = iter(words)
    return all(any(word == seen for seen in remaining) for word in wanted)


def test_without_libreoffice_the_report_is_written_and_one_line_says_how_to_install(
        tmp_path: Path) -> None:
    report = tmp_path / "bao_cao.docx"
    result = run("build-report", "--data", str(SHIPPED_DATA), "--template", TEMPLATE, "-o",
                 str(report), "--pdf", env={"KTXH_SOFFICE": str(tmp_path / "khong_co")})
    assert result.exit_code == 1
    assert report.is_file() and not (tmp_path / "bao_cao.pdf").exists()
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Chưa ghi được PDF vì máy chưa cài LibreOffice (báo cáo Word vẫn đã "
                           "ghi).")
    assert "sudo apt-get install libreoffice-writer-nogui fonts-liberation" in last
    assert "https://www.libreoffice.org/download/" in last
    assert "Traceback" not in result.output


def _script(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_a_batch_converts_every_unit_in_one_libreoffice_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    needs_libreoffice()
    log = tmp_path / "soffice.log"
    wrapper = _script(tmp_path / "soffice", f'#!/bin/sh\necho run >> "{log}"\n'
                      f'exec "{shutil.which("soffice")}" "$@"\n')
    for unit in ("xa_a", "xa_b"):
        shutil.copytree(SHIPPED_DATA, tmp_path / unit / "data")
    monkeypatch.chdir(tmp_path)
    result = run("build-report", "--data", "xa_a/data", "--data", "xa_b/data", "--template",
                 TEMPLATE, "--pdf", env={"KTXH_SOFFICE": str(wrapper)})
    assert result.exit_code == 0, result.output
    assert log.read_text(encoding="utf-8") == "run\n"
    for unit in ("xa_a", "xa_b"):
        made = tmp_path / "build" / unit / "bao_cao_2023.pdf"
        assert made.is_file() and made.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("families", "expected"), [
    ("Times New Roman\nDejaVu Sans\n", None),
    ("Liberation Serif,Liberation Serif Regular\nDejaVu Sans\n",
     "Máy không có phông Times New Roman: PDF dùng phông Liberation Serif"),
    ("DejaVu Sans\n", "cũng không có phông Liberation Serif thay thế"),
])
def test_the_fonts_the_report_needs(families: str, expected: str | None, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _script(tmp_path / "fc-list", f"#!/bin/sh\nprintf '{families}'\n")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    warning = pdf.font_warning()
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and expected in warning
