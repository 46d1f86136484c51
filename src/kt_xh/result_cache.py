"""The answer of `check` and `build-report` on inputs unchanged since the last run.

A run records what it read (every file through `files.read_capped`, with the listing of the
folder it sits in and of that folder's parent, so a file added beside the data is noticed), what
it probed for and did not find (`files.probe`), what it wrote (`output.write_atomically`), what it
printed and its exit code. The next run with the same arguments, working folder, environment and
ktxh code looks the record up, hashes the same inputs again, checks that every output is still the
file it wrote, and if all agree prints the recorded answer and exits: no import of typer,
pydantic or Jinja, no rendering.

A record is only an optimisation: one that cannot be read, parsed or verified is ignored, records
are replaced atomically (concurrent runs write whole files or nothing), and `--no-cache` bypasses
the cache both ways. Only exit codes 0 and 1 (a result, not an input error) are recorded.

This module is imported by every `ktxh` run: it imports only the standard library.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_RECORD_BYTES = 64 * 1024 * 1024
"""A record larger than this is not read (a check's answer at 100 times the shipped data is a
few megabytes)."""
# Environment that can change what a run prints or reads.
ENVIRONMENT = ("KTXH_CACHE_DIR", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES",
               "CI", "GITHUB_ACTIONS", "LANG", "LC_ALL", "HOME", "XDG_CACHE_HOME", "PYTHONPATH",
               "KTXH_FUZZ_EXAMPLES", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


class Session:
    """What one run read, probed, wrote and printed."""

    def __init__(self) -> None:
        self.inputs: dict[str, str] = {}
        self.folders: set[str] = set()
        self.probes: dict[str, bool] = {}
        self.outputs: dict[str, str] = {}
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.cacheable = True


_session: Session | None = None


def note_read(path: Path | str, data: bytes) -> None:
    if _session is not None:
        absolute = os.path.abspath(path)
        _session.inputs[absolute] = _digest(data)
        folder = os.path.dirname(absolute)
        _session.folders.update((folder, os.path.dirname(folder)))


def note_probe(path: Path | str, found: bool) -> None:
    if _session is not None:
        _session.probes[os.path.abspath(path)] = found


def note_output(path: Path | str, data: bytes) -> None:
    if _session is not None:
        _session.outputs[os.path.abspath(path)] = _digest(data)


def uncacheable() -> None:
    """This run's result depends on what it did not record (work done in other processes)."""
    if _session is not None:
        _session.cacheable = False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder() -> Path:
    """$KTXH_CACHE_DIR, else the user's cache folder (also where compiled templates are kept)."""
    explicit = os.environ.get("KTXH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ktxh"


# ---------------------------------------------------------------- the key of a run
def _code_fingerprint() -> list[Any]:
    """The ktxh code that runs: the version, and each source file's size and time (an edited
    checkout is new code)."""
    from kt_xh import __version__

    package = Path(__file__).parent
    files = []
    for root, _, names in os.walk(package):
        for name in sorted(names):
            if name.endswith((".py", ".j2", ".docx", ".md", ".yaml")):
                stat = os.stat(os.path.join(root, name))
                files.append([os.path.relpath(os.path.join(root, name), package), stat.st_size,
                              stat.st_mtime_ns])
    return [__version__, sys.version, sorted(files)]


def _terminal(stream: Any) -> list[Any]:
    try:
        if not stream.isatty():
            return [False]
        size = os.get_terminal_size(stream.fileno())
        return [True, size.columns, size.lines]
    except (AttributeError, OSError, ValueError):
        return [None]


def run_key(argv: list[str]) -> str:
    material = [FORMAT, argv, os.getcwd(), {k: os.environ.get(k) for k in ENVIRONMENT},
                _terminal(sys.stdout), _terminal(sys.stderr), _code_fingerprint()]
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _record_path(key: str) -> Path:
    return folder() / "results" / f"{key}.json"


# ---------------------------------------------------------------- lookup
def _listing(path: str) -> list[str] | None:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return None


def _file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return _digest(handle.read())
    except OSError:
        return None


def _still_valid(record: dict[str, Any]) -> bool:
    return (all(_file_digest(p) == d for p, d in record["inputs"].items())
            and all(_listing(f) == names for f, names in record["folders"].items())
            and all(os.path.exists(p) == found for p, found in record["probes"].items())
            and all(_file_digest(p) == d for p, d in record["outputs"].items()))


def _well_formed(record: Any) -> bool:
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return False
    maps = ("inputs", "folders", "probes", "outputs")
    return (all(isinstance(record.get(name), dict) for name in maps)
            and isinstance(record.get("stdout"), str) and isinstance(record.get("stderr"), str)
            and record.get("exit") in (0, 1))


def cached_answer(argv: list[str]) -> dict[str, Any] | None:
    """The recorded answer of this run, if every input, probe and output is as recorded."""
    try:
        path = _record_path(run_key(argv))
        if path.stat().st_size > MAX_RECORD_BYTES:
            return None
        raw = path.read_bytes()
        body, _, checksum = raw.rpartition(b"\n")
        if _digest(body) != checksum.decode("ascii"):
            return None
        record = json.loads(body)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not _well_formed(record) or not _still_valid(record):
        return None
    return record


# ---------------------------------------------------------------- recording
class _Tee:
    """A text stream that keeps a copy of what is written to it."""

    def __init__(self, stream: Any, copy: list[str]) -> None:
        self._stream = stream
        self._copy = copy

    def write(self, text: str) -> int:
        written = int(self._stream.write(text))  # first: a probe with bytes must fail here
        self._copy.append(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def start() -> Session:
    global _session
    _session = Session()
    sys.stdout = _Tee(sys.stdout, _session.stdout)
    sys.stderr = _Tee(sys.stderr, _session.stderr)
    return _session


def stop() -> None:
    global _session
    _session = None
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, _Tee):
            setattr(sys, name, stream._stream)


def store(argv: list[str], session: Session, exit_code: int) -> None:
    """Record the run, atomically; a cache that cannot be written is just not used."""
    if exit_code not in (0, 1) or not session.cacheable:
        return
    import tempfile  # here, not at the top: a cached answer never needs it
    record = {"format": FORMAT, "inputs": session.inputs, "probes": session.probes,
              "folders": {f: _listing(f) for f in sorted(session.folders)},
              "outputs": session.outputs, "stdout": "".join(session.stdout),
              "stderr": "".join(session.stderr), "exit": exit_code}
    body = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    target = _record_path(run_key(argv))
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body + b"\n" + _digest(body).encode("ascii"))
        os.replace(temporary, target)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def replay(record: dict[str, Any]) -> int:
    sys.stdout.write(record["stdout"])
    sys.stdout.flush()
    sys.stderr.write(record["stderr"])
    sys.stderr.flush()
    return int(record["exit"])
