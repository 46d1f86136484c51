"""Column widths of the appendix table, from what the columns hold.

Word and LibreOffice draw a fixed-layout table with the widths the file gives, so the widths are
worked out here from the text: each figure column as wide as its widest line (a number never wraps;
the plan column, whose labelled bases can be long, at most 2,9 cm), the status column as wide as
`Không đạt`, the unit column as wide as its longest unit (at most 2,1 cm, never narrower than its
longest word), and the name column takes the rest of the page, at least 5,6 cm. Widths are
estimated from Times New Roman's advance widths, with room to spare, since the printing font may
differ slightly (Liberation Serif in LibreOffice).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from kt_xh.document import Appendix, AppendixRow

CELL_MARGINS = 114  # twips: the table's left and right cell margins (57 each)
SPARE = 1.06
TABLE_FONT_PT = 11
NAME_MIN = 3200  # twips (5,6 cm): below this the names wrap on every row
FIGURE_MIN = 950  # twips (1,7 cm): the headings of the figure columns wrap on words, not letters
FIGURE_MAX = 1650  # twips: a plan cell with labelled bases may wrap beyond this
UNIT_MAX = 1200  # twips: a longer unit wraps

# Advance widths of Times New Roman in em, by letter; a Vietnamese letter with marks takes its base
# letter's width (ể is e), đ is d. Other capitals are about 0,7 em, other characters 0,5.
_EM = {**dict.fromkeys("fijlrtI.,:;'!|()[] -/", 0.3), **dict.fromkeys("aceszđ", 0.45),
       **dict.fromkeys("mwMW%‰", 0.85)}


def text_width(text: str, size_pt: float = TABLE_FONT_PT, *, bold: bool = False) -> int:
    """Width in twips of `text` on one line of Times New Roman at `size_pt`."""
    em = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if char not in "đĐ" else char
        em += _EM.get(base, 0.7 if base.isupper() else 0.5)
    return int(em * size_pt * 20 * (1.06 if bold else 1.0))


def _needed(texts: Iterable[str], *, bold: bool = False) -> int:
    widths = [text_width(text, bold=bold) for text in texts if text]
    return int(max(widths, default=0) * SPARE) + CELL_MARGINS


def _longest_words(texts: Iterable[str]) -> list[str]:
    return [word for text in texts for word in text.replace("/", "/ ").split()]


def appendix_widths(appendix: Appendix, total: int) -> list[int]:
    """The eleven column widths (twips), summing to `total`."""
    rows = [row for row in appendix.rows if isinstance(row, AppendixRow)]
    labels = appendix.header.labels
    widths = [0] * len(labels)
    widths[0] = max(_needed(_longest_words([labels[0]]), bold=True),
                    _needed((row.stt for row in rows), bold=True), _needed(["VIII"], bold=True))
    widths[2] = max(min(_needed(row.unit for row in rows), UNIT_MAX),
                    _needed(_longest_words(row.unit for row in rows)),
                    _needed(_longest_words([labels[2]]), bold=True))
    for column in range(3, len(labels)):
        lines = [line for row in rows if row.cells for line in row.cells[column - 3]]
        widths[column] = min(max(_needed(lines), FIGURE_MIN,
                                 _needed(_longest_words([labels[column]]), bold=True)), FIGURE_MAX)
    widths[-1] = max(widths[-1], _needed(["Không đạt"]))
    widths[1] = total - sum(widths)
    if widths[1] < NAME_MIN:
        _shrink(widths, NAME_MIN - widths[1])
        widths[1] = total - sum(w for i, w in enumerate(widths) if i != 1)
    return widths


def _shrink(widths: list[int], excess: int) -> None:
    """Take `excess` from the figure columns, in proportion to their widths."""
    figures: Sequence[int] = range(3, len(widths) - 1)
    share = sum(widths[i] for i in figures)
    for i in figures:
        widths[i] -= excess * widths[i] // share + 1
