"""The generated report, read back with pandoc, reads like the seed: every part, section and
paragraph in the seed's order, and all 28 footnotes as real footnotes."""

from __future__ import annotations

import subprocess

import pypandoc
import pytest

from kt_xh.build import build_report

from conftest import ROOT, SEED, SHIPPED_DATA
from seed_compare import align, read_pandoc_markdown, read_seed, similarity


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("report") / "bao_cao.docx"
    build_report(SHIPPED_DATA, ROOT / "templates" / "bao_cao.docx.j2", None, output)
    markdown = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "docx", "-t", "markdown", "--wrap=none", str(output)],
        check=True, capture_output=True, text=True).stdout
    return read_pandoc_markdown(markdown)


SEED_TEXT = read_seed(SEED.read_text(encoding="utf-8"))


def test_the_seed_is_read_as_expected() -> None:
    assert len(SEED_TEXT.footnotes) == 28
    assert SEED_TEXT.footnotes[0].startswith("Tổ chức đánh giá, xét công nhận")
    assert SEED_TEXT.footnotes[27].startswith("Từ năm 2023 bỏ không đánh giá")


def test_all_28_footnotes_are_real_footnotes_in_the_seeds_order(generated) -> None:
    assert len(generated.footnotes) == 28
    ratios = [similarity(s, g) for s, g in zip(SEED_TEXT.footnotes, generated.footnotes,
                                                    strict=True)]
    poor = [(n + 1, round(r, 3)) for n, r in enumerate(ratios) if r < 0.9]
    assert not poor, f"footnotes that differ from the seed: {poor}"


def test_every_paragraph_of_the_seed_in_order(generated) -> None:
    # The seed's first line is the subject, cut short by the extraction; the subject is checked
    # in the header block by test_docx_structure.
    seed = SEED_TEXT.paragraphs[1:]
    alignment = align(seed, generated.paragraphs)
    unmatched = [s[:80] for s, g, _ in alignment.pairs if g is None]
    report = (f"{len(seed)} paragraphs of the seed, mean similarity {alignment.mean:.3f}; "
              f"least similar: {alignment.worst(6)}")
    print(report)
    assert not unmatched, f"seed paragraphs missing from the report: {unmatched}\n{report}"
    assert alignment.mean >= 0.97, report


def test_headings_of_every_part_and_section(generated) -> None:
    for heading in ("Phần thứ nhất", "I. KẾT QUẢ THỰC HIỆN TRÊN CÁC NGÀNH, LĨNH VỰC",
                    "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2023", "2. Hạn chế",
                    "Phần thứ hai", "2.8. Phát triển hệ thống kết cấu hạ tầng kinh tế - xã hội"):
        assert heading in generated.paragraphs
