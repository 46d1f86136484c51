"""Issue 16, part 5: the shipped report as a reader sees it. LibreOffice converts it to PDF and
poppler reads the pages back (`pdftotext -layout`); the assertions are about printed lines and
pages, which no XML test can see. `.ci/run` installs both; without them the test is skipped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from kt_xh import appendix
from kt_xh.build import build_report
from kt_xh.loading import load_report

from conftest import ROOT, SHIPPED_DATA

TOOLS = ("soffice", "pdftotext")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in TOOLS),
    reason="Cần LibreOffice (soffice) và poppler (pdftotext) để dựng báo cáo ra PDF / needs "
           "LibreOffice and poppler-utils: apt-get install libreoffice-writer-nogui "
           "fonts-liberation poppler-utils")

PAGE_BAND = range(36, 43)
"""39 pages on 2026-11-30 (29 of text, 10 of appendix); a change of more than three pages means
the layout changed, not the words."""
SIGNER = "Nguyễn Văn An"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Trích yếu")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The shipped report, with a signer's name, as a .docx and as the text of each PDF page."""
    folder = tmp_path_factory.mktemp("render")
    data = folder / "data"
    shutil.copytree(SHIPPED_DATA, data)
    actuals = data / "2023_actuals.yaml"
    text = actuals.read_text(encoding="utf-8")
    actuals.write_text(re.sub(r"(?m)^    ho_ten:.*$", f"    ho_ten: {SIGNER}", text, count=1),
                       encoding="utf-8")
    output = folder / "bao_cao.docx"
    build_report(data, ROOT / "templates" / "bao_cao.docx.j2", None, output)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'lo'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(output)],
                   check=True, capture_output=True, timeout=300)
    layout = subprocess.run(["pdftotext", "-layout", str(folder / "bao_cao.pdf"), "-"],
                            check=True, capture_output=True, text=True).stdout
    return output, layout.split("\f")[:-1]


def test_the_page_count_stays_in_its_band(rendered) -> None:
    _, pages = rendered
    assert len(pages) in PAGE_BAND


def _printed(text: str) -> re.Pattern[str]:
    """`text` as pdftotext prints it: a space may become a line break (or several spaces), a
    non-breaking space never a line break."""
    pattern = ""
    for piece in re.split(r"( |\u00a0)", text.strip()):
        if piece == " ":
            pattern += r"\s+"
        elif piece == "\u00a0":
            pattern += r"[ \u00a0]+"
        else:
            pattern += re.escape(piece)
    return re.compile(pattern)


def test_headings_break_only_where_a_reader_expects(rendered) -> None:
    output, pages = rendered
    text = "".join(page[:page.find("Phụ lục")] if "Phụ lục" in page else page
                   for page in pages)
    headings = [p.text for p in docx.Document(str(output)).paragraphs
                if p.style.name in HEADING_STYLES and p.text.strip()]
    assert len(headings) > 40
    for heading in headings:
        printed = _printed(heading).search(text)
        assert printed, f"heading broken inside a word pair, or not printed: {heading!r}"
        lines = printed.group().split("\n")
        assert not any(line.lstrip().startswith(("-", "–")) for line in lines[1:]), lines


def test_no_status_breaks_over_two_lines(rendered) -> None:
    _, pages = rendered
    first = next(i for i, page in enumerate(pages) if "MỘT SỐ CHỈ TIÊU KINH TẾ" in page)
    table = "".join(pages[first:])
    statuses = [row.cells[7] for row in appendix.rows(load_report(SHIPPED_DATA).report)
                if row.cells and row.cells[7]]
    assert statuses.count("Không đạt") >= 10
    assert table.count("Không đạt") == statuses.count("Không đạt")


def test_the_signature_block_is_whole_on_one_page(rendered) -> None:
    _, pages = rendered
    page = next(page for page in pages if "TM. ỦY BAN NHÂN DÂN" in page)
    authority = next(line for line in page.split("\n") if "TM. ỦY BAN NHÂN DÂN" in line)
    assert authority.lstrip().startswith("Nơi nhận:")  # level with the authority line
    assert SIGNER in page and "- Lưu: VT, TC-KH." in page


def test_every_appendix_page_repeats_the_header(rendered) -> None:
    _, pages = rendered
    first = next(i for i, page in enumerate(pages) if "MỘT SỐ CHỈ TIÊU KINH TẾ" in page)
    appendix_pages = pages[first:]
    assert len(appendix_pages) >= 5
    for number, page in enumerate(appendix_pages, 1):
        assert "STT" in page and "Đánh giá" in page and "5=3/2" in page, f"appendix page {number}"
