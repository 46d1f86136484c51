"""Running `ktxh` as a whole process, cheaply: the test process forks, the child runs the same
entry point as the `ktxh` script (`kt_xh.cli.main`, with its handler for unexpected errors) with
its output going to files, and exits with its own code. A fork costs milliseconds where a fresh
interpreter costs a third of a second, so fuzz tests can run hundreds of whole processes."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_ktxh(args: list[str], cwd: Path | None = None, timeout: float = 60) -> Outcome:
    """`ktxh ARGS` in a forked child; its exit code and what it printed."""
    from kt_xh.cli import main

    with tempfile.TemporaryDirectory() as folder:
        out, err = Path(folder) / "out", Path(folder) / "err"
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 3
            try:
                code = _child(main, args, cwd, out, err)
            finally:
                os._exit(code)
        code = _wait(pid, timeout)
        return Outcome(code, out.read_text("utf-8", "replace") if out.exists() else "",
                       err.read_text("utf-8", "replace") if err.exists() else "")


def _child(main: object, args: list[str], cwd: Path | None, out: Path, err: Path) -> int:
    if cwd is not None:
        os.chdir(cwd)
    for stream, path in ((1, out), (2, err)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(descriptor, stream)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = ["ktxh", *args]
    try:
        main()  # type: ignore[operator]
    except SystemExit as end:
        code = end.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0


def _wait(pid: int, timeout: float) -> int:
    import signal
    import time

    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"ktxh did not finish in {timeout} s")
        time.sleep(0.005)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (symlinks by their target)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            files[str(path.relative_to(folder))] = os.readlink(path).encode()
        elif path.is_file():
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


def assert_one_clean_message(outcome: Outcome, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    assert outcome.code in codes, (outcome.code, outcome.output)
    assert "Traceback" not in outcome.output, outcome.output
    assert "Lỗi không mong đợi" not in outcome.output, outcome.output
    assert outcome.output.strip(), "no message"
