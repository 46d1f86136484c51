"""The `ktxh` script: a `check` or `build-report` on unchanged inputs is answered from the result
cache before anything heavy is imported; every other run goes to the CLI."""

from __future__ import annotations

import sys

CACHED_COMMANDS = ("check", "build-report")
NO_CACHE = "--no-cache"


def main() -> None:
    argv = sys.argv[1:]
    if not argv or argv[0] not in CACHED_COMMANDS or NO_CACHE in argv \
            or any(a in ("--help", "-h") for a in argv):
        _run_cli()  # --help and the other commands never pay for the cache's imports
        return
    from kt_xh import result_cache

    record = result_cache.cached_answer(argv)
    if record is not None:
        raise SystemExit(result_cache.replay(record))
    session = result_cache.start()
    exit_code: object = 0
    try:
        _run_cli()
    except SystemExit as stop:
        exit_code = 0 if stop.code is None else stop.code
    finally:
        result_cache.stop()
    if isinstance(exit_code, int):
        result_cache.store(argv, session, exit_code)
    raise SystemExit(exit_code)


def _run_cli() -> None:
    import gc
    import os

    # ktxh uses no pydantic plugin: without this, pydantic scans every installed package's
    # metadata for one on each run.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A run is short: full collections rescanning the growing heap of a large report cost more
    # than the few cycles they free.
    gc.set_threshold(100_000, 50, 100)
    from kt_xh.cli import main as cli_main

    cli_main()
