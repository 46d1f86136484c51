"""The benchmark: ktxh against pandoc, as whole processes, on the shipped report and on data sets
10 and 100 times its size.

    python bench/run.py [--runs 7] [--scales 1,10,100]

Each command runs once to warm the disk cache, then `--runs` times. "lạnh" (cold) runs each start
with an empty ktxh cache folder, as on a fresh CI runner: the template is compiled and nothing is
recorded; "không đổi" (unchanged) runs share one cache folder, so after the warm-up they find the
inputs unchanged since the last run and answer from the result cache. The table gives the median
and min-max wall time, the peak resident memory of the process (from wait4), and each ktxh time
as a ratio to pandoc converting the same report (Markdown with inline footnotes and the appendix
table, produced here from the same data and template) to .docx.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    label: str
    scale: int
    seconds: list[float]
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(command: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one process. Linux carries the parent's peak RSS into a
    child through fork and exec, so this process stays small: the data sets are made by a child
    process (`--prepare`), and nothing here imports kt_xh."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env=dict(os.environ, KTXH_CACHE_DIR=str(cache)))
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def measure(label: str, scale: int, command: list[str], cwd: Path, runs: int, *,
            cold: bool) -> Timing:
    """`cold`: every run with an empty cache folder, as on a fresh CI runner (no compiled
    template, no recorded result); otherwise all runs share one, and after the warm-up run the
    inputs are unchanged since the last run."""
    caches = itertools.count()
    shared = cwd / f"cache-{label}-{scale}".replace(" ", "_")

    def cache() -> Path:
        return cwd / f"cache-cold-{next(caches)}" if cold else shared

    run_once(command, cwd, cache())  # warm-up: the disk cache, and for warm runs ktxh's caches
    results = [run_once(command, cwd, cache()) for _ in range(runs)]
    return Timing(label, scale, [r[0] for r in results], max(r[1] for r in results))


def markdown_of(data: Path, template: Path) -> str:
    """The report as pandoc Markdown: same prose, footnotes inline, the appendix as a table."""
    from kt_xh import appendix
    from kt_xh.loading import load_report
    from kt_xh.template_env import render

    report = load_report(data).report
    lines = ["BÁO CÁO", ""]
    for line in render(template, report).text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith("@trich-yeu "):
            lines += [f"**{line.removeprefix('@trich-yeu ')}**", ""]
            continue
        if line[:2] in ("- ", "+ ") or line[:1].isdigit():
            line = "\\" + line
        lines += [line.replace(" ¶ ", " "), ""]
    lines += ["| STT | Chỉ tiêu | ĐVT | TH | KH | ƯTH | KH sau | 5 | 6 | 7 | Ghi chú |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in appendix.rows(report):
        cells = [row.stt, row.name, row.unit, *(c.replace("\n", " ") for c in row.cells)]
        cells += [""] * (11 - len(cells))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def pandoc_paths() -> dict[str, str]:
    """pandoc from the pypandoc-binary wheel, and the system's pandoc where there is one."""
    import pypandoc

    found = {"pandoc md → docx": pypandoc.get_pandoc_path()}
    system = shutil.which("pandoc")
    if system and Path(system).resolve() != Path(found["pandoc md → docx"]).resolve():
        found["pandoc (hệ thống)"] = system
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if args.prepare:
        prepare(args.prepare, scales)
        return
    ktxh = str(Path(sys.executable).parent / "ktxh")
    pandocs = pandoc_paths()
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="ktxh-bench-") as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, __file__, "--prepare", str(work), "--scales",
                        args.scales], check=True)
        for scale in scales:
            data, template = work / f"data_{scale}", work / f"mau_{scale}.j2"
            markdown = work / f"bao_cao_{scale}.md"
            runs = args.runs if scale == 1 else max(3, args.runs // 3)
            build = [ktxh, "build-report", "--data", str(data), "--template", str(template),
                     "-o", str(work / f"ktxh_{scale}.docx")]
            check = [ktxh, "check", "--data", str(data), "--template", str(template),
                     "--format", "json"]
            commands: dict[str, tuple[list[str], bool]] = {
                label: ([path, "-f", "markdown", "-t", "docx", "-o",
                         str(work / f"pandoc_{scale}.docx"), str(markdown)], False)
                for label, path in pandocs.items()}
            commands |= {
                "build, lạnh": (build, True),
                "build, không đổi": (build, False),
                "check, lạnh": (check, True),
                "check, không đổi": (check, False),
            }
            if scale == 1:
                commands["ktxh --help"] = ([ktxh, "--help"], False)
            for label, (command, cold) in commands.items():
                timings.append(measure(label, scale, command, work, runs, cold=cold))
                print(f"  {label} ×{scale}: {timings[-1].median:.3f} s", file=sys.stderr)
    report(timings)


def prepare(work: Path, scales: list[int]) -> None:
    """The data, template and pandoc Markdown of each scale, in `work`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import scaled_data, scaled_template

    for scale in scales:
        data, template = work / f"data_{scale}", work / f"mau_{scale}.j2"
        if scale == 1:
            shutil.copytree(ROOT / "data", data)
            shutil.copy(ROOT / "templates" / "bao_cao.docx.j2", template)
        else:
            scaled_data(data, scale)
            scaled_template(template, scale)
        markdown = work / f"bao_cao_{scale}.md"
        markdown.write_text(markdown_of(data, template), encoding="utf-8")


def report(timings: list[Timing]) -> None:
    pandoc = {t.scale: t.median for t in timings if t.label == "pandoc md → docx"}
    print(f"Máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"{'lệnh':<20}{'cỡ':>5}{'trung vị (s)':>14}{'min-max (s)':>16}{'bộ nhớ (MiB)':>15}"
          f"{'so với pandoc':>15}")
    for t in timings:
        ratio = "" if t.label.startswith("pandoc") else f"{t.median / pandoc[t.scale]:.2f}×"
        print(f"{t.label:<20}{t.scale:>4}×{t.median:>14.3f}"
              f"{min(t.seconds):>8.3f}-{max(t.seconds):<7.3f}{t.peak_mib:>15.0f}{ratio:>15}")
    scales = sorted({t.scale for t in timings})
    if len(scales) > 1:
        print("Tăng theo cỡ dữ liệu (thời gian ở cỡ lớn / cỡ nhỏ, so với tỷ lệ cỡ):")
        for label in ("build, lạnh", "check, lạnh", "pandoc md → docx"):
            series = {t.scale: t.median for t in timings if t.label == label}
            for small, large in itertools.pairwise(scales):
                if small in series and large in series:
                    print(f"  {label}: ×{small} → ×{large}: thời gian ×"
                          f"{series[large] / series[small]:.1f} (dữ liệu ×{large // small})")


if __name__ == "__main__":
    main()
