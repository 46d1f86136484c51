"""Building the reports of several units at once (the districts of a province), in parallel
processes. One unit failing never stops the others; each outcome is reported."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Generator, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from kt_xh import __version__
from kt_xh.build import DEFAULT_OUTPUT_DIR, build_report
from kt_xh.errors import KtxhError, write_crash_log


@dataclass(frozen=True)
class UnitResult:
    unit: str
    data: Path
    output: Path | None
    error: str | None
    seconds: float
    missing: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def unit_name(data: Path) -> str:
    """`huyen_a/data` is the unit `huyen_a`; a folder of another name is the unit itself."""
    absolute = Path(os.path.abspath(data))
    return absolute.parent.name if absolute.name == "data" else absolute.name


UNIT_TEMPLATE = Path("templates") / "bao_cao.docx.j2"
UNIT_REFERENCE = Path("templates") / "mau_tham_chieu.docx"


def unit_inputs(data: Path, template: Path | None, reference: Path | None
                ) -> tuple[Path, Path | None]:
    """The template and reference document of one unit: those given for every unit, else the
    unit's own `templates/` beside its `data/` (`huyen_a/templates/bao_cao.docx.j2`) when it has
    them, else the office's (`templates/` of the current folder)."""
    from kt_xh.docx_reference import reference_to_use

    absolute = Path(os.path.abspath(data))
    unit_folder = absolute.parent if absolute.name == "data" else None
    if template is None:
        own = unit_folder / UNIT_TEMPLATE if unit_folder else None
        template = own if own is not None and own.is_file() else UNIT_TEMPLATE
    if reference is None:
        own = unit_folder / UNIT_REFERENCE if unit_folder else None
        reference = own if own is not None and os.path.lexists(own) else reference_to_use(None)
    return template, reference


def _build_one(data: Path, template: Path | None, reference: Path | None, folder: Path,
               review: bool = False) -> UnitResult:
    started = time.perf_counter()
    name = unit_name(data)
    try:
        unit_template, unit_reference = unit_inputs(data, template, reference)
        result = build_report(data, unit_template, unit_reference, output_dir=folder,
                              review=review)
    except KtxhError as error:
        return UnitResult(name, data, None, error.message, time.perf_counter() - started)
    except Exception:
        log = write_crash_log(__version__)
        return UnitResult(name, data, None, f"Lỗi không mong đợi của ktxh (lỗi của chương trình, "
                          f"không phải của số liệu). Chi tiết đã ghi vào {log}; hãy gửi tệp này "
                          "cho người phụ trách ktxh.", time.perf_counter() - started)
    return UnitResult(name, data, result.output, None, time.perf_counter() - started,
                      len(result.missing))


def _lost(data: Path) -> UnitResult:
    """A unit whose worker process died (killed, out of memory) before it reported."""
    return UnitResult(unit_name(data), data, None, "Tiến trình sinh báo cáo của đơn vị này bị "
                      "dừng đột ngột (có thể do thiếu bộ nhớ hoặc bị tắt). Hãy chạy lại lệnh "
                      "cho riêng đơn vị này.", 0.0)


def output_folders(folders: list[Path]) -> list[Path]:
    """build/<unit>/ for each data folder; two folders of the same unit would overwrite."""
    names = [unit_name(f) for f in folders]
    duplicates = {n for n, count in Counter(names).items() if count > 1}
    if duplicates:
        raise KtxhError(f"Hai thư mục số liệu cùng là đơn vị '{sorted(duplicates)[0]}': hãy đặt "
                        "tên thư mục khác nhau cho từng đơn vị.")
    return [DEFAULT_OUTPUT_DIR / name for name in names]


Job = tuple[Path, Path]
"""A data folder and the folder its report goes to."""


def build_all(folders: list[Path], template: Path | None, reference: Path | None,
              workers: int | None = None, review: bool = False) -> Iterator[UnitResult]:
    """Yield each unit's result as it finishes. When a worker process dies, every unit still
    running in that pool is lost with it: those are built again, each in a pool of its own, so
    that only the unit that really kills its process is reported as failed. With `review`, each
    unit's review copy is written beside its report."""
    jobs = list(zip(folders, output_folders(folders), strict=True))
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    lost = yield from _run_pool(jobs, template, reference, workers, review)
    for job in lost:
        if (yield from _run_pool([job], template, reference, 1, review)):
            yield _lost(job[0])


def _run_pool(jobs: list[Job], template: Path | None, reference: Path | None, workers: int,
              review: bool) -> Generator[UnitResult, None, list[Job]]:
    """Yield the results of the units that finished; return the jobs lost with a dead worker."""
    lost = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_build_one, data, template, reference, output, review):
                   (data, output) for data, output in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                lost.append(futures[future])
    return lost
