"""`build-report --pdf`: the report as PDF, converted from the .docx by LibreOffice (headless).

One LibreOffice run converts every report of a run (all units of a batch): LibreOffice takes a
few seconds to start and converts a report in well under one. It runs with a private, temporary
profile (`-env:UserInstallation`), so that runs at the same time, or a LibreOffice the officer
has open, do not collide, and under a timeout. The PDFs are written to a temporary folder and
moved beside their reports. Without LibreOffice the reports are still written, and one
Vietnamese line says how to install it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kt_xh.errors import OutputError, display_path
from kt_xh.output import write_atomically

REPORT_FONT = "Times New Roman"
SUBSTITUTE_FONT = "Liberation Serif"
START_SECONDS = 120
SECONDS_PER_REPORT = 60
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
INSTALL_HINT = ("Chưa ghi được PDF vì máy chưa cài LibreOffice (báo cáo Word vẫn đã ghi). Cài "
                "LibreOffice rồi chạy lại lệnh với --pdf: trên Debian, Ubuntu: sudo apt-get "
                "install libreoffice-writer-nogui fonts-liberation; trên Windows: tải bộ cài tại "
                "https://www.libreoffice.org/download/ và cài như bình thường.")


def find_soffice() -> str | None:
    """LibreOffice's command: `$KTXH_SOFFICE`, on PATH, or where Windows installs it."""
    chosen = os.environ.get("KTXH_SOFFICE")
    if chosen is not None:
        return chosen if Path(chosen).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((place for place in _WINDOWS_PLACES if Path(place).is_file()), None)


def font_warning() -> str | None:
    """The report is set in Times New Roman; where fontconfig knows the fonts (Linux) and lacks
    it, the PDF uses the metric-compatible Liberation Serif (same widths: the same line and
    page breaks). On Windows, Times New Roman is part of the system."""
    fc_match = shutil.which("fc-list")
    if fc_match is None:
        return None
    try:
        listed = subprocess.run([fc_match, ":", "family"], capture_output=True, text=True,
                                timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    if REPORT_FONT in families:
        return None
    if SUBSTITUTE_FONT in families:
        return (f"Máy không có phông {REPORT_FONT}: PDF dùng phông {SUBSTITUTE_FONT}, có cùng "
                f"độ rộng từng chữ với {REPORT_FONT} nên ngắt dòng, ngắt trang như trong Word.")
    return (f"Máy không có phông {REPORT_FONT}, cũng không có phông {SUBSTITUTE_FONT} thay thế: "
            "PDF sẽ dùng phông khác và có thể ngắt trang khác bản Word. Hãy cài phông (Debian, "
            "Ubuntu: sudo apt-get install fonts-liberation) rồi chạy lại.")


def pdf_path(report: Path) -> Path:
    return report.with_suffix(".pdf")


def convert(reports: Sequence[Path], soffice: str) -> list[Path]:
    """Convert every report in one LibreOffice run; the PDFs beside them (`.pdf`)."""
    if not reports:
        return []
    with tempfile.TemporaryDirectory(prefix="ktxh-pdf-") as scratch:
        folder = Path(scratch)
        inputs = []
        for index, report in enumerate(reports):
            staged = folder / "in" / f"{index}.docx"
            staged.parent.mkdir(exist_ok=True)
            shutil.copyfile(report, staged)
            inputs.append(staged)
        out = folder / "out"
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out),
                   *map(str, inputs)]
        timeout = START_SECONDS + SECONDS_PER_REPORT * len(reports)
        try:
            stderr = _run(command, timeout)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice không chuyển xong sang PDF sau {timeout} giây: báo "
                              "cáo Word đã ghi; hãy đóng các cửa sổ LibreOffice đang treo rồi "
                              "chạy lại với --pdf.") from None
        except OSError as error:
            raise OutputError(f"Không chạy được LibreOffice ({soffice}: {error.strerror}); báo "
                              "cáo Word đã ghi.") from None
        written = []
        for report, staged in zip(reports, inputs, strict=True):
            made = out / f"{staged.stem}.pdf"
            if not made.is_file():
                detail = stderr.decode("utf-8", "replace").strip().splitlines()
                raise OutputError(f"LibreOffice không chuyển được {display_path(report)} sang PDF"
                                  f"{': ' + detail[-1] if detail else ''}. Báo cáo Word đã ghi; "
                                  "hãy mở nó bằng LibreOffice Writer để xem lỗi.")
            target = pdf_path(report)
            write_atomically(target, made.read_bytes())
            written.append(target)
        return written


def _run(command: list[str], timeout: int) -> bytes:
    """LibreOffice's error output. `soffice` is a launcher and the program that converts is its
    child, in a session of its own: on a timeout (or Ctrl+C) the whole group is killed, or
    soffice.bin would go on running, holding its profile, after ktxh has said it stopped."""
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, start_new_session=True) as process:
        try:
            return process.communicate(timeout=timeout)[1]
        except BaseException:
            if hasattr(os, "killpg"):
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.kill()
            process.communicate()
            raise
