"""Benchmark of `ktxh tong-hop`: a province of N communes, each a copy of the shipped data (172
indicators), rolled up from a list file. Prints the wall time and the peak memory of the command
for each N, to show both grow linearly.

    PYTHONPATH=src python bench/roll_up.py --units 10,50,150
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def communes(folder: Path, count: int, source: Path = ROOT / "data") -> Path:
    """N communes of the shipped size, and the list file naming their data folders."""
    actuals = (source / "2023_actuals.yaml").read_text(encoding="utf-8")
    targets = (source / "2024_targets.yaml").read_text(encoding="utf-8")
    lines = []
    for number in range(1, count + 1):
        data = folder / f"xa_{number:03d}" / "data"
        data.mkdir(parents=True)
        (data / "2023_actuals.yaml").write_text(
            actuals.replace("THÀNH PHỐ LAI CHÂU", f"XÃ SỐ {number}")
            .replace("UBND thành phố Lai Châu", f"UBND xã Số {number}"), encoding="utf-8")
        (data / "2024_targets.yaml").write_text(targets, encoding="utf-8")
        lines.append(f"xa_{number:03d}/data")
    listing = folder / "cac_xa.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def measure(count: int) -> tuple[float, float]:
    """(seconds, peak MiB) of one roll-up of `count` communes, in its own process."""
    with tempfile.TemporaryDirectory() as work:
        listing = communes(Path(work), count)
        command = [sys.executable, "-m", "kt_xh", "tong-hop", "--danh-sach", str(listing),
                   "-o", str(Path(work) / "tinh" / "data"), "--ten", "Thử Nghiệm"]
        environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=environment, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode("utf-8", "replace"))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", default="10,50,150")
    counts = sorted(int(n) for n in parser.parse_args().units.split(","))
    print("| xã | thời gian (s) | bộ nhớ đỉnh (MiB) |")
    print("|---|---|---|")
    for count in counts:  # increasing: the children's peak is the latest run's
        seconds, peak = measure(count)
        print(f"| {count} | {seconds:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
