"""Reporting periods: the year, and the month, quarter, half year and nine months of it.

A period report has the year's model: its estimate (`uoc_thuc_hien`) is the period's, compared
with the same period last year (`cung_ky`) and with the annual plan (`ke_hoach`, worded `kế hoạch
năm`); only the year-end report assesses Vượt / Đạt / Không đạt and needs next year's plan. Every
word the report prints about its period comes from here (conventions, section 5).

Cut-off dates follow Nghị định 09/2019/NĐ-CP, Article 12: a period runs from the 15th of the
month before it to the 14th of its last month (the year from 15/12 of the year before to 14/12).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

PeriodCode = Literal[
    "nam", "6_thang", "9_thang", "quy_1", "quy_2", "quy_3", "quy_4",
    "thang_1", "thang_2", "thang_3", "thang_4", "thang_5", "thang_6",
    "thang_7", "thang_8", "thang_9", "thang_10", "thang_11", "thang_12"]
YEAR: PeriodCode = "nam"
ROMAN_QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """One reporting period of one year, and how the report words it."""

    code: str
    year: int

    @property
    def annual(self) -> bool:
        return self.code == YEAR

    def _kind(self) -> tuple[str, int]:
        """(`quy`, 2), (`thang`, 5), or (`luy_ke`, last month) for the year, 6 and 9 months."""
        kind, _, number = self.code.partition("_")
        if kind in ("quy", "thang"):
            return kind, int(number)
        return "luy_ke", 12 if self.annual else int(kind)

    @property
    def first_month(self) -> int:
        """The first calendar month of the period (January for the cumulative ones)."""
        kind, number = self._kind()
        return {"quy": 3 * number - 2, "thang": number}.get(kind, 1)

    @property
    def last_month(self) -> int:
        kind, number = self._kind()
        return 3 * number if kind == "quy" else number

    @property
    def short(self) -> str:
        """`năm`, `6 tháng`, `9 tháng`, `quý II`, `tháng 5`: the period without its year."""
        kind, number = self._kind()
        if kind == "quy":
            return f"quý {ROMAN_QUARTERS[number - 1]}"
        if kind == "thang":
            return f"tháng {number}"
        return "năm" if self.annual else f"{number} tháng"

    def name(self, year: int | None = None) -> str:
        """`năm 2025`, `6 tháng đầu năm 2025`, `9 tháng năm 2025`, `quý II năm 2025`,
        `tháng 5 năm 2025`: the period as the prose names it."""
        year = self.year if year is None else year
        if self.annual:
            return f"năm {year}"
        first_half = " đầu" if self.code == "6_thang" else ""
        return f"{self.short}{first_half} năm {year}"

    def heading(self, year: int | None = None) -> str:
        """`năm 2025`, `6 tháng năm 2025`: the period in the appendix's column headings."""
        year = self.year if year is None else year
        return f"năm {year}" if self.annual else f"{self.short} năm {year}"

    @property
    def starts(self) -> str:
        """The first day of the period's figures: `15/12/2024` (Nghị định 09/2019, Article 12)."""
        month = self.first_month - 1
        year = self.year if month else self.year - 1
        return f"15/{month or 12}/{year}"

    @property
    def ends(self) -> str:
        """The last day of the period's figures: `14/6/2025`."""
        return f"14/{self.last_month}/{self.year}"

    @property
    def file_part(self) -> str:
        """What the report's file name says of the period: `` for the year, `6_thang_`."""
        return "" if self.annual else f"{self.code}_"

    @property
    def plan_label(self) -> str:
        """The plan a period's estimate is compared with: the year's (`đạt 48% kế hoạch năm`)."""
        return "kế hoạch" if self.annual else "kế hoạch năm"


def option_code(text: str) -> str | None:
    """A period as typed on the command line (`6-thang`, `6_thang`, `quy-2`), or None."""
    code = text.strip().lower().replace("-", "_")
    return code if code in PERIOD_CODES else None


PERIOD_CODES: tuple[str, ...] = get_args(PeriodCode)
