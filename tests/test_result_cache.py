"""The result cache: `check` and `build-report` on unchanged inputs answer from the record of the
last run, byte for byte, and any change to what the run read, probed or wrote makes it run again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kt_xh

from conftest import ROOT

# Runs the `ktxh` script's entry point and writes to a side file whether the CLI (typer) was
# imported: a run answered from the cache never imports it.
PROBE = """
import os, sys
from kt_xh.launcher import main
sys.argv = ["ktxh", *sys.argv[1:]]
try:
    main()
finally:
    with open(os.environ["PROBE_FILE"], "w") as side:
        side.write("ran" if "typer" in sys.modules else "cached")
"""


def ktxh(args: list[str], cwd: Path, cache: Path) -> tuple[int, str, str, str]:
    """Exit code, stdout, stderr, and "ran" or "cached"."""
    side = cache.parent / "probe.txt"
    env = dict(os.environ, KTXH_CACHE_DIR=str(cache), PROBE_FILE=str(side),
               PYTHONPATH=str(Path(kt_xh.__file__).parents[1]))  # this code, from any folder
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr, side.read_text()


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A copy of the shipped office: data and template."""
    folder = tmp_path / "office"
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_an_unchanged_check_is_answered_from_the_cache_byte_for_byte(office, cache) -> None:
    first = ktxh(["check", "--format", "json"], office, cache)
    second = ktxh(["check", "--format", "json"], office, cache)
    assert first[3] == "ran" and second[3] == "cached"
    assert second[:3] == first[:3]
    assert json.loads(second[1])  # the whole answer, not an empty replay


def test_check_without_the_cache_gives_the_same_answer(office, cache) -> None:
    cached = ktxh(["check"], office, cache), ktxh(["check"], office, cache)
    fresh = ktxh(["check", "--no-cache"], office, cache)
    assert cached[1][3] == "cached" and fresh[3] == "ran"
    assert fresh[:3] == cached[1][:3]


def _edit_comment(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n# one more byte\n")


@pytest.mark.parametrize("change", [
    pytest.param(lambda o: _edit_comment(o / "data" / "2023_actuals.yaml"), id="actuals byte"),
    pytest.param(lambda o: _edit_comment(o / "data" / "2024_targets.yaml"), id="targets byte"),
    pytest.param(lambda o: (o / "templates" / "bao_cao.docx.j2").write_text(
        (o / "templates" / "bao_cao.docx.j2").read_text("utf-8") + "{# x #}", "utf-8"),
        id="template byte"),
    pytest.param(lambda o: (o / "data" / "2024_actuals.yaml").write_text("nam: 2024\n", "utf-8"),
                 id="a newer year's file added"),
    pytest.param(lambda o: (o / "templates" / "mau_tham_chieu.docx").write_bytes(b"x"),
                 id="an office reference document added"),
])
def test_any_change_to_an_input_runs_again(office, cache, change) -> None:
    ktxh(["check"], office, cache)
    change(office)
    again = ktxh(["check"], office, cache)
    assert again[3] == "ran"
    assert again[:3] == ktxh(["check", "--no-cache"], office, cache)[:3]


def test_other_arguments_or_folders_are_other_runs(office, cache) -> None:
    ktxh(["check"], office, cache)
    assert ktxh(["check", "--strict"], office, cache)[3] == "ran"
    moved = office.parent / "moved"
    shutil.copytree(office, moved)
    assert ktxh(["check"], moved, cache)[3] == "ran"


def test_a_damaged_record_is_ignored(office, cache) -> None:
    first = ktxh(["check"], office, cache)
    for record in (cache / "results").iterdir():
        record.write_bytes(record.read_bytes().replace(b'"exit": 0', b'"exit": 1'))
    again = ktxh(["check"], office, cache)
    assert again[3] == "ran" and again[:3] == first[:3]


def test_an_oversized_record_is_not_read(office, cache, monkeypatch) -> None:
    from kt_xh import result_cache

    first = ktxh(["check"], office, cache)
    (record,) = (cache / "results").iterdir()
    monkeypatch.setattr(result_cache, "MAX_RECORD_BYTES", record.stat().st_size - 1)
    monkeypatch.chdir(office)
    monkeypatch.setenv("KTXH_CACHE_DIR", str(cache))
    monkeypatch.setenv("PYTHONPATH", str(Path(kt_xh.__file__).parents[1]))  # as ktxh() runs it
    assert result_cache.cached_answer(["check"]) is None
    monkeypatch.setattr(result_cache, "MAX_RECORD_BYTES", record.stat().st_size)
    assert result_cache.cached_answer(["check"])["stdout"] == first[1]


def test_a_build_is_skipped_only_while_its_report_is_the_one_it_wrote(office, cache) -> None:
    report = office / "build" / "bao_cao_2023.docx"
    first = ktxh(["build-report"], office, cache)
    assert first[0] == 0 and report.exists()
    written = report.read_bytes()
    assert ktxh(["build-report"], office, cache)[3] == "cached"
    report.unlink()
    again = ktxh(["build-report"], office, cache)
    assert again[3] == "ran" and report.read_bytes() == written
    report.write_bytes(b"edited by hand")
    assert ktxh(["build-report"], office, cache)[3] == "ran"
    assert report.read_bytes() == written


def test_an_input_error_is_never_recorded(office, cache) -> None:
    (office / "data" / "2023_actuals.yaml").write_text("nam: [\n", "utf-8")
    first = ktxh(["check"], office, cache)
    assert first[0] == 2
    assert ktxh(["check"], office, cache)[3] == "ran"
