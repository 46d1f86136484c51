"""Write the golden files anew: `python tests/golden/regenerate.py`, then read `git diff
tests/golden` as a reviewer would. The test (tests/test_golden.py) compares with these files.

- `bao_cao.txt`: the shipped report as `ktxh text` prints it (body, footnotes, appendix);
- `check_shipped.json`: `ktxh check --format json` on the shipped data and template;
- `check_faults.json`: the same on the shipped data without the office's acknowledgements, so
  every contradiction of the seed is reported (the known faults);
- `appendix.txt`: the appendix rows, a row a line, cells separated by ` | `; a cell the
  report prints in italics (reconstructed from a stated ratio) is written `_like this_`;
- `appendix_kinds.txt`: the same for `tests/data/appendix_kinds`, a small data set with every
  kind of indicator and every shape of plan (ranges, reductions, growth plans, bases, hedges).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
DATA = Path("data")
KINDS_DATA = Path("tests") / "data" / "appendix_kinds"
TEMPLATE = Path("templates") / "bao_cao.docx.j2"
_ACKNOWLEDGEMENTS = re.compile(r"^    chap_nhan:\n(?:(?:      .*)?\n)*", re.MULTILINE)


def without_acknowledgements(folder: Path) -> Path:
    """A copy of the shipped data with every `chap_nhan` block removed."""
    shutil.copytree(ROOT / DATA, folder)
    for path in folder.glob("*.yaml"):
        path.write_text(_ACKNOWLEDGEMENTS.sub("", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return folder


def check_json(data: Path) -> str:
    from kt_xh.checks import presenters, run_check

    text = presenters.as_json(run_check(data, TEMPLATE))
    return text.replace(str(data), "data") + "\n"


def report_text(folder: Path) -> str:
    from kt_xh.build import build_report
    from kt_xh.docx_text import docx_text

    output = folder / "bao_cao.docx"
    build_report(DATA, TEMPLATE, output=output)
    return docx_text(output)


def appendix_text(data: Path = DATA) -> str:
    from kt_xh import appendix
    from kt_xh.loading import load_report

    def cells(row: appendix.Row) -> list[str]:
        marks = row.reconstructed or (False,) * len(row.cells)
        return [f"_{cell}_" if cell and mark else cell
                for cell, mark in zip(row.cells, marks, strict=True)]

    rows = appendix.rows(load_report(data).report)
    return "".join(" | ".join([row.kind, row.stt, row.name, str(row.depth), row.unit, *cells(row)])
                   .replace("\n", " / ") + "\n" for row in rows)


def golden_files() -> dict[str, str]:
    """Every golden file's name and content, computed from the working tree."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        faults = without_acknowledgements(folder / "data")
        return {
            "bao_cao.txt": report_text(folder),
            "check_shipped.json": check_json(DATA),
            "check_faults.json": check_json(faults),
            "appendix.txt": appendix_text(),
            "appendix_kinds.txt": appendix_text(KINDS_DATA),
        }


def main() -> int:
    for name, content in golden_files().items():
        (GOLDEN / name).write_text(content, encoding="utf-8")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
