"""Writing the report so that it is never lost: to a temporary file beside the target, flushed to
disk, then moved into place in one step. A failed or killed build leaves the previous report as it
was; its temporary file is removed by the next build."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from kt_xh import result_cache
from kt_xh.errors import OutputError, display_path

TEMP_SUFFIX = ".ktxh-tmp"
STALE_SECONDS = 600


def word_lock_files(target: Path) -> list[Path]:
    """The owner files Word keeps beside a document it has open (`~$` + name, or its tail)."""
    names = {f"~${target.name}", f"~${target.name[1:]}", f"~${target.name[2:]}"}
    return [target.parent / name for name in names]


def write_atomically(target: Path, data: bytes) -> None:
    name = display_path(target)
    if any(lock.exists() for lock in word_lock_files(target)):
        raise OutputError(f"Tệp {name} đang mở trong Word: hãy đóng tệp rồi chạy lại lệnh.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Không tạo được thư mục {display_path(target.parent)} để ghi tệp "
                          f"({error.strerror}).") from None
    remove_stale_temporaries(target)
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                                 suffix=TEMP_SUFFIX, dir=target.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
        temporary = None
        result_cache.note_output(target, data)
        _sync_directory(target.parent)
    except PermissionError:
        raise OutputError(f"Không ghi được {name}: tệp đang mở trong chương trình khác hoặc không "
                          "có quyền ghi; hãy đóng tệp rồi chạy lại lệnh.") from None
    except OSError as error:
        raise OutputError(f"Không ghi được {name} ({error.strerror}).") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _file_mode(target: Path) -> int:
    """The mode the report would have had if written directly (mkstemp makes files private)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_stale_temporaries(target: Path) -> None:
    """Temporary files of builds that were killed: their process is gone (or, where that cannot be
    asked, they are older than ten minutes)."""
    prefix = f".{target.name}."
    for candidate in target.parent.glob(f"{prefix}*{TEMP_SUFFIX}"):
        pid = candidate.name[len(prefix):].split(".", 1)[0]
        if _is_stale(candidate, int(pid) if pid.isdigit() else None):
            with contextlib.suppress(OSError):
                candidate.unlink()


def _is_stale(path: Path, pid: int | None) -> bool:
    if os.name == "posix" and pid is not None:
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def _sync_directory(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
