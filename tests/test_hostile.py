"""Hostile input: the files are typed by hand by several people, so bad input is the normal case.
Whatever arrives, the outcome is an exit code of 0, 1 or 2 with a message, never a traceback; a
failed build creates no file and leaves the previous report as it was."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kt_xh.cli import app

from conftest import MINIMAL_ACTUALS, ROOT, SHIPPED_DATA, write_data
from processes import assert_one_clean_message, needs_fork, run_ktxh, snapshot
from test_template_sandbox import HOSTILE

TEMPLATE = ROOT / "templates" / "bao_cao.docx.j2"
NASTY_VALUES = ["[1, 2]", "{a: 1}", "chữ thay số", "''", "-5", "-0.0",
                "123456789012345678901234567890", ".nan", ".inf", "-.inf", "1e400", "~",
                "!!binary aGVsbG8=", "&neo 5", "*neo", "yes", "0x1F", "2023-13-45", '"4.14"']


def run(args: list[str]):
    return CliRunner().invoke(app, args, env={"COLUMNS": "120", "NO_COLOR": "1"})


def assert_clean_outcome(result, command: str) -> None:
    assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command, repr(result.exception))
    assert "Traceback" not in result.output
    assert result.output.strip(), f"{command}: no message"


# ---------------------------------------------------------------- mutations
def delete_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def rename_key(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    if not keyed:  # an earlier mutation left no key (a file truncated to its first bytes)
        return text
    index = rng.choice(keyed)
    key, _, rest = lines[index].partition(":")
    lines[index] = f"{key}x:{rest}"
    return "\n".join(lines)


def swap_value(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    valued = [i for i, line in enumerate(lines)
              if ": " in line and not line.lstrip().startswith("#")]
    if not valued:
        return text
    index = rng.choice(valued)
    key = lines[index].split(": ", 1)[0]
    lines[index] = f"{key}: {rng.choice(NASTY_VALUES)}"
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def control_character(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    return text[:position] + rng.choice("\x00\x07\x1b\x0b\ufeff\u202e") + text[position:]


def with_bom(text: str, rng: random.Random) -> str:
    return "\ufeff" + text


def crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def tab_indent(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    lines[index] = "\t" + lines[index].lstrip(" ")
    return "\n".join(lines)


def deep_nesting(text: str, rng: random.Random) -> str:
    depth = rng.choice([40, 500, 5000])
    return text + f"\nsau: {'[' * depth}{']' * depth}\n"


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


DATA_MUTATIONS = [delete_line, rename_key, swap_value, duplicate_line, control_character,
                  with_bom, crlf, tab_indent, deep_nesting, truncate]


def broken_expression(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    fragment = rng.choice(["{{", "}}", "{%", "%}", "^[", "]", "**", "{{ ct.x }}",
                           "{{ ct.tong_muc_ban_le | khong_co }}", "\\"])
    return text[:position] + fragment + text[position:]


TEMPLATE_MUTATIONS = [delete_line, duplicate_line, control_character, truncate, broken_expression,
                      crlf, with_bom]


FUZZ_EXAMPLES = int(os.environ.get("KTXH_FUZZ_EXAMPLES", "100"))
"""Examples per fuzz test: a few hundred in CI; set KTXH_FUZZ_EXAMPLES=5000 for a long hunt."""
FUZZ_RANDOM = os.environ.get("KTXH_FUZZ_RANDOM") == "1"
"""The same examples on every run (CI is reproducible) unless KTXH_FUZZ_RANDOM=1 asks for new
ones."""


@needs_fork
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=not FUZZ_RANDOM,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), target=st.sampled_from(
    ["2023_actuals.yaml", "2024_targets.yaml", "template"]), count=st.integers(1, 3),
    raw_truncate=st.booleans(), previous=st.booleans())
def test_fuzzed_input_never_gives_a_traceback(seed: int, target: str, count: int,
                                              raw_truncate: bool, previous: bool) -> None:
    """Each example runs check and build-report as whole processes: exit 0, 1 or 2 with a
    message, inputs byte-identical afterwards, no file created but the report."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        shutil.copytree(SHIPPED_DATA, data)
        template = folder / "mau.j2"
        shutil.copy(TEMPLATE, template)
        victim = template if target == "template" else data / target
        text = victim.read_text(encoding="utf-8")
        mutations = TEMPLATE_MUTATIONS if target == "template" else DATA_MUTATIONS
        for _ in range(count):
            text = rng.choice(mutations)(text, rng)
        raw = text.encode("utf-8", "surrogatepass")
        if raw_truncate and raw:
            raw = raw[: rng.randrange(len(raw))]  # may cut a Vietnamese letter in half
        victim.write_bytes(raw)
        output = folder / "bao_cao.docx"
        if previous:
            output.write_bytes(b"PREVIOUS REPORT")
        before = snapshot(folder)
        check = run_ktxh(["check", "--data", str(data), "--template", str(template)], folder)
        assert_one_clean_message(check)
        assert snapshot(folder) == before
        build = run_ktxh(["build-report", "--data", str(data), "--template", str(template),
                          "-o", str(output)], folder)
        assert_one_clean_message(build)
        if build.code == 2:
            assert check.code != 0, "check passed what build-report refuses"
        after = snapshot(folder)
        if build.code == 0:
            assert zipfile.is_zipfile(output)
            assert_valid_xml(output)
        elif previous:
            assert output.read_bytes() == b"PREVIOUS REPORT"
        else:
            assert not output.exists()
        after.pop(output.name, None)
        before.pop(output.name, None)
        assert after == before, "an input changed or another file was created"


def assert_valid_xml(document: Path) -> None:
    from xml.etree import ElementTree

    with zipfile.ZipFile(document) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(package.read(name))


def test_a_ten_megabyte_string(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    actuals = data / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace(
        "ten: Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ (giá hiện hành)",
        "ten: " + "a" * 10_000_000), encoding="utf-8")
    result = run(["check", "--data", str(data), "--template", str(TEMPLATE)])
    assert result.exit_code == 2 and "Quá dài (tối đa 2000 ký tự)" in result.output


# ---------------------------------------------------------------- bombs, big files, tags
BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def check_with_peak_memory(folder: Path):
    """Bounded memory is what these tests hold ktxh to; speed is the benchmark's business."""
    tracemalloc.start()
    try:
        result = run(["check", "--data", str(folder)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_an_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data")
    (folder / "2023_actuals.yaml").write_text(BOMB, encoding="utf-8")
    result, peak = check_with_peak_memory(folder)
    assert result.exit_code == 2
    assert result.output.count("Không dùng neo và bí danh") == 1
    assert peak < 32 * 2**20  # expanded, the bomb would be 387 million strings


def test_a_very_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data")
    big = folder / "2023_actuals.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("nam: 2023\nchi_tieu:\n")
        line = "  # " + "x" * 1000 + "\n"
        for _ in range(25_000):  # about 25 MB
            handle.write(line)
    result, peak = check_with_peak_memory(folder)
    assert result.exit_code == 2 and "Tệp số liệu quá lớn" in result.output
    assert peak < 20 * 2**20  # the file itself would take 25 MB


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
])
def test_a_tag_that_would_run_code_never_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    folder = write_data(tmp_path / "data")
    actuals = folder / "2023_actuals.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace(
        "uoc_thuc_hien: 4148", "uoc_thuc_hien: " + tag.format(marker=marker)), encoding="utf-8")
    for command in (["check", "--data", str(folder)],
                    ["build-report", "--data", str(folder), "-o", str(tmp_path / "o.docx")],
                    ["fmt", "--data", str(folder)]):
        result = run(command)
        assert result.exit_code == 2, result.output
        assert not marker.exists()
    report = run(["check", "--data", str(folder), "--format", "github"]).output
    assert "Thẻ '!!python/" in report


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
    "{{ ct.__class__.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
])
def test_a_template_reaching_python_internals_is_refused(tmp_path: Path, attack: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    template = tmp_path / "mau.j2"
    template.write_text(f"Dòng một.\n{attack}\n", encoding="utf-8")
    output = tmp_path / "o.docx"
    result = run(["build-report", "--data", str(SHIPPED_DATA), "--template", str(template), "-o",
                  str(output)])
    assert result.exit_code == 2
    assert "mau.j2:2:" in result.output
    assert not output.exists() and not (tmp_path / "pwned").exists()


# ---------------------------------------------------------------- killed builds
def test_a_killed_build_never_leaves_a_truncated_report(tmp_path: Path) -> None:
    """Builds killed (SIGKILL) at random moments: the report is always the previous one or the
    new one, whole; temporary files left by a kill are removed by the next build."""
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import scaled_data

    variants = {}
    for name, times in (("a", 6), ("b", 7)):
        scaled_data(tmp_path / name, times)
        variants[name] = tmp_path / name
    env = {**os.environ, "KTXH_CACHE_DIR": str(tmp_path / "cache")}
    ktxh = [sys.executable, "-m", "kt_xh", "build-report", "--template", str(TEMPLATE)]
    complete = {}
    for name, data in variants.items():
        reference = tmp_path / f"{name}.docx"
        subprocess.run([*ktxh, "--data", str(data), "-o", str(reference)], check=True, env=env,
                       capture_output=True)
        complete[name] = reference.read_bytes()
    target = tmp_path / "out" / "bao_cao.docx"
    started = time.perf_counter()
    subprocess.run([*ktxh, "--data", str(variants["a"]), "-o", str(target)], check=True, env=env,
                   capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(20231205)
    kills = 0
    for trial in range(16):
        data = variants["b" if trial % 2 else "a"]
        process = subprocess.Popen([*ktxh, "--data", str(data), "-o", str(target)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        assert target.read_bytes() in complete.values(), f"trial {trial}: a truncated report"
    assert kills >= 4, "the kills all came too late to test anything"
    subprocess.run([*ktxh, "--data", str(variants["a"]), "-o", str(target)], check=True, env=env,
                   capture_output=True)
    assert target.read_bytes() == complete["a"]
    assert not list(target.parent.glob("*.ktxh-tmp")), "temporary files were left behind"


# ---------------------------------------------------------------- hostile templates as processes
@needs_fork
@pytest.mark.parametrize(("source", "message"), HOSTILE)
def test_a_hostile_template_is_refused_by_build_and_check_alike(tmp_path: Path, source: str,
                                                               message: str) -> None:
    template = tmp_path / "mau.j2"
    template.write_text(f"Dòng một.\n{source}\n", encoding="utf-8")
    output = tmp_path / "o.docx"
    before = snapshot(tmp_path)
    build = run_ktxh(["build-report", "--data", str(SHIPPED_DATA), "--template", str(template),
                      "-o", str(output)], tmp_path)
    assert_one_clean_message(build, (2,))
    assert f"mau.j2:2: {message}" in build.stderr or message in build.stderr
    assert "mau.j2:2:" in build.stderr and len(build.stderr.strip().splitlines()) == 1
    check = run_ktxh(["check", "--data", str(SHIPPED_DATA), "--template", str(template)], tmp_path)
    assert_one_clean_message(check, (1,))
    assert snapshot(tmp_path) == before, "a file was created or changed"


@needs_fork
def test_an_input_named_like_the_reports_temporary_file_is_never_removed(tmp_path: Path) -> None:
    template = tmp_path / ".r.docx.999999.ktxh-tmp"
    shutil.copy(TEMPLATE, template)
    build = run_ktxh(["build-report", "--data", str(SHIPPED_DATA), "--template", str(template),
                      "-o", str(tmp_path / "r.docx")], tmp_path)
    assert build.code == 2 and "tệp tạm" in build.stderr
    assert template.read_bytes() == TEMPLATE.read_bytes()


# ---------------------------------------------------------------- predecessors (hop_nhat_tu)
def test_predecessor_files_share_one_byte_budget(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file under the loader's cap was not enough: 100 predecessors naming one 20 MB file
    made `check` parse 2 GB and hold every figure of each."""
    from test_predecessors import OLD_COMMUNE_A, OLD_COMMUNE_B, write_commune

    from kt_xh import predecessors
    from kt_xh.errors import DataError
    from kt_xh.loading import load_report

    data = write_commune(tmp_path)
    budget = len(OLD_COMMUNE_A.encode()) + len(OLD_COMMUNE_B.encode())
    monkeypatch.setattr(predecessors, "MAX_TOTAL_BYTES", budget)
    with pytest.raises(DataError) as error:  # the third, xã Pa C, is past the budget
        load_report(data)
    [problem] = error.value.problems
    assert (problem.line, problem.field) == (11, "hop_nhat_tu.2.so_lieu")
    assert problem.message.startswith("Số liệu năm trước của các đơn vị cũ quá lớn: tính gộp tới "
                                      "xã Pa C đã quá "), problem.message
    monkeypatch.setattr(predecessors, "MAX_TOTAL_BYTES", budget + len(OLD_COMMUNE_B.encode()))
    assert load_report(data).report.indicators["thu_ngan_sach"].cung_ky == Decimal(12500)


# ---------------------------------------------------------------- the new fields, misused
@pytest.mark.parametrize(("fields", "expected"), [
    ("    co_cau: grdp\n", "Trường 'co_cau' chỉ dùng cho chỉ tiêu có loai: ty_trong."),
    ("    chieu: giam_la_tot\n    ke_hoach: {tang: 5}\n",
     "Kế hoạch dạng mức tăng {tang: ..} chỉ dùng cho chỉ tiêu giá trị (loai: gia_tri)"),
    ("    ke_hoach: {tu: 3600, den: 3800}\n    tien_to: {ke_hoach: trên}\n",
     "'tien_to' cho ke_hoach chỉ dùng khi kế hoạch là một số"),
])
def test_each_rule_of_the_model_reaches_the_officer_in_its_own_words(
        tmp_path: Path, fields: str, expected: str) -> None:
    """Not 'Giá trị không hợp lệ (mã lỗi muc_tang).': that says neither what is wrong nor what
    to do."""
    from kt_xh.errors import DataError
    from kt_xh.loading import load_report

    actuals = MINIMAL_ACTUALS.replace("    ke_hoach: 3700\n", fields)
    with pytest.raises(DataError) as error:
        load_report(write_data(tmp_path / "data", actuals))
    [problem] = error.value.problems
    indicator_line = actuals.splitlines().index("  ban_le:") + 1
    assert (problem.line, problem.field) == (indicator_line, "chi_tieu.ban_le")
    assert problem.message.startswith(expected), problem.message
