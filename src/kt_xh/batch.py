"""Building the reports of several units at once (the districts of a province), in parallel
processes. One unit failing never stops the others; each outcome is reported."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kt_xh.build import DEFAULT_OUTPUT_DIR, build_report
from kt_xh.errors import KtxhError


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
    resolved = data.resolve()
    return resolved.parent.name if resolved.name == "data" else resolved.name


def _build_one(data: Path, template: Path, reference: Path | None, folder: Path) -> UnitResult:
    started = time.perf_counter()
    name = unit_name(data)
    try:
        result = build_report(data, template, reference, output_dir=folder)
    except KtxhError as error:
        return UnitResult(name, data, None, error.message, time.perf_counter() - started)
    except Exception as error:  # a bug in one unit must not stop the others
        return UnitResult(name, data, None, f"Lỗi không mong đợi của ktxh ({type(error).__name__}"
                          f": {error}); hãy báo lại kèm số liệu của đơn vị này.",
                          time.perf_counter() - started)
    return UnitResult(name, data, result.output, None, time.perf_counter() - started,
                      len(result.missing))


def output_folders(folders: list[Path]) -> list[Path]:
    """build/<unit>/ for each data folder; two folders of the same unit would overwrite."""
    names = [unit_name(f) for f in folders]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise KtxhError(f"Hai thư mục số liệu cùng là đơn vị '{sorted(duplicates)[0]}': hãy đặt "
                        "tên thư mục khác nhau cho từng đơn vị.")
    return [DEFAULT_OUTPUT_DIR / name for name in names]


def build_all(folders: list[Path], template: Path, reference: Path | None,
              workers: int | None = None) -> Iterator[UnitResult]:
    """Yield each unit's result as it finishes."""
    outputs = output_folders(folders)
    workers = workers or min(len(folders), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_one, data, template, reference, output)
                   for data, output in zip(folders, outputs)]
        for future in as_completed(futures):
            yield future.result()
