"""Last year's figures of a merged unit, from the old units it was formed from (`hop_nhat_tu`).

A value's last-year figure is the sum of its predecessors' figures (each times its share, for an
old unit split between new ones); a rate is recomputed from the sums of its numerator and
denominator (`ty_le_tinh_tu`), never averaged; a rate without them is not computed. A figure one
predecessor lacks makes the sum missing, never a sum of the others. A `cung_ky` the office entered
wins over the computed one; `ktxh check` reports where the two disagree (`cung-ky-lech-tong-hop`).

Predecessor paths are untrusted: relative to the data folder, confined to the office's folder
(the data folder's parent) after resolving `..` and symbolic links, read with the loader's cap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from kt_xh.domain import LoadedReport
from kt_xh.errors import BROKEN_REFERENCE, DataError, Problem, display_path
from kt_xh.files import MB
from kt_xh.model import ActualsFile, Indicator, Predecessor, PredecessorFigures, RateParts
from kt_xh.numbers import HUNDRED, decimals_of, round_half_up
from kt_xh.periods import YEAR
from kt_xh.yaml_source import MAX_FILE_BYTES, YamlDocument, read_yaml

RATE_SCALE = {"ty_le": Decimal(100), "phan_nghin": Decimal(1000)}
RATE_PLACES = 2
"""Decimals of a recomputed rate when the indicator sets no `thap_phan`."""
MAX_TOTAL_BYTES = MAX_FILE_BYTES
"""All predecessor files of a unit together: each is under the loader's cap, but a hundred
predecessors naming one large file would be parsed a hundred times, in `check` too."""


@dataclass(frozen=True)
class Source:
    """One predecessor's figures of last year, by indicator id."""

    name: str
    file: str
    share: Decimal
    """Its share in this unit, as a fraction (0.4 for `phan: 40`)."""
    figures: dict[str, Decimal]


@dataclass(frozen=True)
class Derivation:
    """Last year's figure of one indicator as the predecessors give it."""

    value: Decimal | None
    lacking: tuple[tuple[str, str, str], ...] = ()
    """(predecessor, its file, indicator id) of each figure a predecessor lacks."""
    rate_without_parts: bool = False
    """A rate some predecessor reports, with no numerator and denominator declared."""


def with_predecessors(loaded: LoadedReport, data_dir: Path) -> LoadedReport:
    """The report with last year's figures computed from its predecessors, where not entered."""
    report = loaded.report
    if not report.merged_from:
        return loaded
    sources, problems = read_sources(report.merged_from, report.year - 1, loaded.actuals, data_dir,
                                     report.period_code)
    if problems:
        raise DataError(problems)
    derived = derive(report.indicators, report.rate_parts, sources)
    indicators = {i: _filled(ind, derived.get(i)) for i, ind in report.indicators.items()}
    new_report = dataclasses.replace(report, indicators=indicators,
                                     last_year_derivations=derived)
    return dataclasses.replace(loaded, report=new_report)


def _filled(indicator: Indicator, derivation: Derivation | None) -> Indicator:
    if indicator.cung_ky is not None or derivation is None or derivation.value is None:
        return indicator
    return indicator.model_copy(update={"cung_ky": derivation.value})


def read_sources(declared: Iterable[Predecessor], year: int, document: YamlDocument,
                 data_dir: Path, period: str = YEAR) -> tuple[list[Source], list[Problem]]:
    sources, problems = [], []
    root = data_dir.resolve().parent
    budget = MAX_TOTAL_BYTES
    for index, predecessor in enumerate(declared):
        here = ("hop_nhat_tu", index, "so_lieu")
        where = (document.name, document.line_of(here), ".".join(map(str, here)))
        path = _confined(data_dir, predecessor.so_lieu, root)
        if path is None:
            problems.append(Problem(*where, f"Đường dẫn '{predecessor.so_lieu}' ra ngoài thư mục "
                                    f"của kho ({display_path(root)}) hoặc không hợp lệ. Hãy chép "
                                    f"số liệu của {predecessor.ten} vào trong kho và ghi đường "
                                    "dẫn tính từ thư mục số liệu.", rule=BROKEN_REFERENCE))
            continue
        budget -= _size(path, year)
        if budget < 0:
            problems.append(Problem(*where, "Số liệu năm trước của các đơn vị cũ quá lớn: tính "
                                    f"gộp tới {predecessor.ten} đã quá {MAX_TOTAL_BYTES // MB} "
                                    "MB. Tệp của một đơn vị cũ chỉ cần các chỉ tiêu của đơn vị "
                                    "này: hãy bỏ phần thừa, và không ghi một đơn vị cũ hai lần.",
                                    rule=BROKEN_REFERENCE))
            break
        source, found = _read_source(predecessor, path, year, period, where)
        problems += found
        if source is not None:
            sources.append(source)
    return sources, problems


def _size(path: Path, year: int) -> int:
    """Bytes of the file a predecessor's path names that will be read; 0 for none, and for one
    over the loader's cap, which the reader refuses unread, naming it."""
    file = path / f"{year}_actuals.yaml" if path.is_dir() else path
    try:
        size = file.stat().st_size
    except OSError:
        return 0
    return size if size <= MAX_FILE_BYTES else 0


def _confined(data_dir: Path, written: str, root: Path) -> Path | None:
    """The path resolved, if it stays in the office folder; None otherwise (and for a path the
    system cannot resolve: a NUL byte, a symlink loop)."""
    candidate = Path(written)
    if candidate.is_absolute():
        return None
    try:
        resolved = (data_dir / candidate).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    return resolved if resolved == root or root in resolved.parents else None


def _read_source(predecessor: Predecessor, path: Path, year: int, period: str,
                 where: tuple[str, int | None, str]) -> tuple[Source | None, list[Problem]]:
    share = (predecessor.phan if predecessor.phan is not None else HUNDRED) / HUNDRED
    if path.is_dir():
        file = path / f"{year}_actuals.yaml"
        if not file.is_file():
            return None, [Problem(*where, f"Thư mục {display_path(path)} của {predecessor.ten} "
                                  f"không có tệp {file.name} (số liệu năm {year}). Hãy chép tệp "
                                  "số liệu năm trước của đơn vị cũ vào đó.",
                                  rule=BROKEN_REFERENCE)]
        document, problems = _validated(file, ActualsFile)
        if document is None:
            return None, problems
        actuals = ActualsFile.model_validate(document.data)
        if actuals.ky != period:
            return None, [Problem(document.name, document.line_of(("ky",)), "ky",
                                  f"Số liệu của {predecessor.ten} là kỳ '{actuals.ky}', khác kỳ "
                                  f"'{period}' của báo cáo: cùng kỳ phải là cùng một kỳ của năm "
                                  "trước.", rule=BROKEN_REFERENCE)]
        figures = {i: ind.uoc_thuc_hien for i, ind in actuals.chi_tieu.items()
                   if ind.uoc_thuc_hien is not None}
        found_year = actuals.nam
    elif path.is_file():
        document, problems = _validated(path, PredecessorFigures)
        if document is None:
            return None, problems
        small = PredecessorFigures.model_validate(document.data)
        figures, found_year = dict(small.so_lieu), small.nam
    else:
        return None, [Problem(*where, f"Không tìm thấy {display_path(path)} (số liệu của "
                              f"{predecessor.ten}). Hãy sửa đường dẫn, tính từ thư mục số liệu.",
                              rule=BROKEN_REFERENCE)]
    if found_year != year:
        return None, [Problem(document.name, document.line_of(("nam",)), "nam",
                              f"Số liệu của {predecessor.ten} phải là năm {year} (năm trước năm "
                              f"báo cáo), nhưng ghi năm {found_year}.", rule=BROKEN_REFERENCE)]
    return Source(predecessor.ten, document.name, share, figures), []


def _validated(path: Path, model: type[ActualsFile] | type[PredecessorFigures]
               ) -> tuple[YamlDocument | None, list[Problem]]:
    from kt_xh.loading import validation_problems  # the loader imports this module

    document, problems = read_yaml(path)
    if document is None or problems:
        return None, problems
    try:
        model.model_validate(document.data)
    except ValidationError as error:
        return None, validation_problems(error, document)
    return document, []


def derive(indicators: dict[str, Indicator], rate_parts: dict[str, RateParts],
           sources: list[Source]) -> dict[str, Derivation]:
    """Last year's figure of each indicator some predecessor reports."""
    derived = {}
    for indicator_id in indicators:
        derivation = _derivation(indicator_id, indicators, rate_parts.get(indicator_id), sources)
        if derivation is not None:
            derived[indicator_id] = derivation
    return derived


def _derivation(indicator_id: str, indicators: dict[str, Indicator], parts: RateParts | None,
                sources: list[Source]) -> Derivation | None:
    indicator = indicators[indicator_id]
    scale = RATE_SCALE.get(indicator.loai)
    if scale is None:
        return summed(indicator_id, sources, indicator.thap_phan)
    if parts is None:
        reported = any(indicator_id in s.figures for s in sources)
        return Derivation(None, rate_without_parts=True) if reported else None
    # The parts as the report prints them (whole households), so that a reader dividing the
    # printed parts finds the printed rate.
    numerator = summed(parts.tu_so, sources, _places(indicators, parts.tu_so))
    denominator = summed(parts.mau_so, sources, _places(indicators, parts.mau_so))
    if numerator is None or denominator is None:
        return None
    lacking = numerator.lacking + denominator.lacking
    if lacking or numerator.value is None or denominator.value is None:
        return Derivation(None, lacking)
    return Derivation(rate(numerator.value, denominator.value, scale, indicator.thap_phan))


def rate(numerator: Decimal, denominator: Decimal, scale: Decimal, places: int | None
         ) -> Decimal | None:
    """numerator / denominator, in % or ‰, rounded half-up; None for a zero denominator."""
    if denominator == 0:
        return None
    return round_half_up(numerator / denominator * scale,
                         RATE_PLACES if places is None else places)


def _places(indicators: dict[str, Indicator], indicator_id: str) -> int | None:
    indicator = indicators.get(indicator_id)
    return None if indicator is None else indicator.thap_phan


def summed(indicator_id: str, sources: list[Source], places: int | None) -> Derivation | None:
    """The sum of one figure over the predecessors, each times its share; None when none has it.
    Rounded half-up to `places`, or to the decimals of the figures summed (a count of households
    split 40/60 stays whole)."""
    have = [s for s in sources if indicator_id in s.figures]
    if not have:
        return None
    lacking = tuple((s.name, s.file, indicator_id) for s in sources if s not in have)
    if lacking:
        return Derivation(None, lacking)
    figures = [s.figures[indicator_id] for s in have]
    total = sum((s.figures[indicator_id] * s.share for s in have), Decimal(0))
    digits = places if places is not None else max(decimals_of(f) for f in figures)
    return Derivation(round_half_up(total, digits))
