"""The report as a document: every line of it worded, before any layout.

`assemble` takes the loaded data and the parsed template text and decides what the report says:
the header block, the title, the body, the recipients and signature, the appendix (conventions,
section 1). The Word writer only lays a `ReportDocument` out; it never reads the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kt_xh import appendix
from kt_xh.domain import Report
from kt_xh.markup import Block, ReportText
from kt_xh.periods import Period

DEFAULT_SUBJECT = ("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm {year}, "
                   "kế hoạch năm {next_year}")
PERIOD_SUBJECT = "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội {period}"
TABLE_NOTE = ("Ghi chú: cột 5, 6, 7 ghi tỷ lệ (%) với chỉ tiêu giá trị; với chỉ tiêu tỷ lệ ghi "
              "chênh lệch (điểm phần trăm, hoặc ‰ với tỷ lệ phần nghìn).")
RECONSTRUCTED_NOTE = ("Số in nghiêng là số suy ra từ tỷ lệ báo cáo nêu, không phải số liệu gốc; "
                      "so sánh với số suy ra ghi tỷ lệ báo cáo nêu (kèm dấu % nếu báo cáo so "
                      "sánh chỉ tiêu tỷ lệ bằng tỷ lệ phần trăm).")
STATE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
APPENDIX_TITLE = ("MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM {year} VÀ KẾ HOẠCH NĂM "
                  "{next_year}")
PERIOD_APPENDIX_TITLE = "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU {period}"
STATUS_HEADING = "Đánh giá"
COLUMN_NUMBERS = ("A", "B", "C", "1", "2", "3", "4", "5=3/2", "6=3/1", "7=4/3", "8")


@dataclass(frozen=True)
class Header:
    superior: str
    """The superior body above the issuer; empty when there is none."""
    issuer: tuple[str, ...]
    state: str
    motto: str
    number: str
    date: str


@dataclass(frozen=True)
class Title:
    document_type: str
    subject: str
    session: str
    """`(Trình kỳ họp …)`; empty when the report goes to no session."""


@dataclass(frozen=True)
class Recipients:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    authority: str
    title: str
    name: str
    """Empty when the name is written by hand."""


@dataclass(frozen=True)
class AppendixHeader:
    labels: tuple[str, ...]
    """One a column, from `STT` to `Đánh giá`."""
    comparison: str
    """The label over the three comparison columns (5, 6, 7)."""
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class AppendixGroup:
    stt: str
    title: str


@dataclass(frozen=True)
class AppendixRow:
    stt: str
    name: str
    depth: int
    unit: str
    cells: tuple[tuple[str, ...], ...]
    """Columns 1 to 8, each as its lines; no lines where the figure is missing."""
    reconstructed: tuple[bool, ...] = ()
    """Per cell: a figure reconstructed from a stated ratio, not a figure of the source; the
    writer sets it apart (italics) and the table note says why. Empty: none is."""


@dataclass(frozen=True)
class Appendix:
    label: str
    title: str
    note: str
    header: AppendixHeader
    rows: tuple[AppendixGroup | AppendixRow, ...]
    table_note: str


@dataclass(frozen=True)
class ReportDocument:
    header: Header
    title: Title
    blocks: tuple[Block, ...]
    recipients: Recipients
    signature: Signature
    appendix: Appendix
    notes: tuple[tuple[str, ...], ...] = ()
    """The review copy's source notes, each as its paragraphs, indexed by a run's `note`; empty
    in the report itself."""
    draft: str | None = None
    """A mark on the first page of a draft built despite failing checks."""


def assemble(report: Report, text: ReportText, notes: tuple[tuple[str, ...], ...] = (),
             draft: str | None = None) -> ReportDocument:
    unit = report.unit
    signer = unit.nguoi_ky
    return ReportDocument(
        header=header(report),
        title=Title("BÁO CÁO", subject(report, text), f"({unit.ky_hop})" if unit.ky_hop else ""),
        blocks=tuple(text.blocks),
        recipients=Recipients("Nơi nhận:", tuple(f"- {r}" for r in unit.noi_nhan)),
        signature=Signature(signer.tham_quyen, signer.chuc_vu, signer.ho_ten or ""),
        appendix=appendix_of(report),
        draft=draft,
        notes=notes,
    )


def date_line(place: str, date: dt.date | None, year: int) -> str:
    """`Lai Châu, ngày 05 tháng 12 năm 2023`; day below 10 and months 1-2 zero-padded."""
    if date is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def header(report: Report) -> Header:
    unit = report.unit
    return Header(superior=unit.co_quan_chu_quan or "", issuer=tuple(unit.co_quan_ban_hanh),
                  state=STATE, motto=MOTTO,
                  number=f"Số: {unit.so_van_ban or '      '}/{unit.ky_hieu}",
                  date=date_line(unit.dia_danh, unit.ngay_ban_hanh, report.year))


def subject(report: Report, text: ReportText) -> str:
    """The template's `@trich-yeu`, or the usual subject of the period's report."""
    if text.subject:
        return text.subject
    if not report.period.annual:
        return PERIOD_SUBJECT.format(period=report.period.name())
    return DEFAULT_SUBJECT.format(year=report.year, next_year=report.next_year)


def appendix_of(report: Report) -> Appendix:
    rows = tuple(appendix_row(row) for row in appendix.rows(report))
    marked = any(any(row.reconstructed) for row in rows if isinstance(row, AppendixRow))
    period = report.period
    title = (APPENDIX_TITLE.format(year=report.year, next_year=report.next_year) if period.annual
             else PERIOD_APPENDIX_TITLE.format(period=period.name().upper()))
    return Appendix(
        label="Phụ lục",
        title=title,
        note=appendix_note(report),
        header=appendix_header(report.year, period),
        rows=rows,
        table_note=f"{TABLE_NOTE} {RECONSTRUCTED_NOTE}" if marked else TABLE_NOTE,
    )


def appendix_note(report: Report) -> str:
    """`(Kèm theo Báo cáo số 12/BC-UBND ngày 05/12/2023 của UBND thành phố Lai Châu)`."""
    unit = report.unit
    number = f"{unit.so_van_ban or '     '}/{unit.ky_hieu}"
    issued = (unit.ngay_ban_hanh.strftime("%d/%m/%Y") if unit.ngay_ban_hanh
              else f"     /     /{report.year}")
    return f"(Kèm theo Báo cáo số {number} ngày {issued} của {unit.ten_goi_tat})"


def appendix_header(year: int, period: Period | None = None) -> AppendixHeader:
    labels = appendix.header_labels(year, period)
    columns = ("STT", "Chỉ tiêu", "Đơn vị tính", labels["previous"], labels["plan"],
               labels["estimate"], labels["next"], labels["vs_plan"], labels["vs_previous"],
               labels["next_vs_estimate"], STATUS_HEADING)
    return AppendixHeader(columns, "So sánh (%)", COLUMN_NUMBERS)


def appendix_row(row: appendix.Row) -> AppendixGroup | AppendixRow:
    if row.kind == "nhom":
        return AppendixGroup(row.stt, row.name)
    cells = tuple(tuple(value.split("\n")) if value else () for value in row.cells)
    return AppendixRow(row.stt, row.name, row.depth, row.unit, cells, row.reconstructed)
