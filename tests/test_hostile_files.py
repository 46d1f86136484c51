"""Files and paths are untrusted input: whatever stands where an input or the report should be
(a device, a pipe, a symlink loop, a zip bomb, control characters), ktxh runs as a whole process,
ends with exit 0, 1 or 2 and one Vietnamese message, never hangs, never writes over an input and
creates no file but the report."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, write_data

REFERENCE = ROOT / "src" / "kt_xh" / "resources" / "mau_tham_chieu.docx"
TEMPLATE = "@trich-yeu Báo cáo thử\n# Phần một\nĐoạn {{ ct.ban_le.ten }}^[Chú thích]\n"
MEMORY_LIMIT = 300 * 2**20
VIETNAMESE = set("ăâđêôơưàáảãạếềểễệốồổỗộớờởỡợứừửữự")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder with data/, a template mau.j2 and a reference document ref.docx."""
    write_data(tmp_path / "data")
    (tmp_path / "mau.j2").write_text(TEMPLATE, encoding="utf-8")
    shutil.copy(REFERENCE, tmp_path / "ref.docx")
    return tmp_path


def ktxh(cwd: Path, *args: str, env: dict[str, str] | None = None
         ) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ktxh as a whole process (killed after 20 s: a hang fails the test); its result and
    its peak resident memory in bytes, from wait4."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120",
                   "NO_COLOR": "1", "KTXH_CACHE_DIR": str(cwd / ".cache"), **(env or {})}
    killed = []

    def kill() -> None:
        killed.append(True)
        process.kill()

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "kt_xh", *args], cwd=cwd,
                                   env=environment, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        timer = threading.Timer(20, kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8")
    assert not killed, f"ktxh {' '.join(args)} hung"
    return (subprocess.CompletedProcess(args, process.returncode, stdout, stderr),
            usage.ru_maxrss * 1024)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder`: bytes of regular files, the kind of anything else."""
    entries: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if ".cache" in path.parts:
            continue
        mode = path.lstat().st_mode
        key = str(path.relative_to(folder))
        entries[key] = (path.read_bytes() if stat.S_ISREG(mode) else
                        os.readlink(path) if stat.S_ISLNK(mode) else stat.S_IFMT(mode))
    return entries


def assert_refused(result: subprocess.CompletedProcess[str], *words: str, code: int = 2) -> str:
    """Exit `code`, no traceback, one Vietnamese message (after the data error's header line)."""
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output and "Lỗi không mong đợi" not in output, output
    lines = [line for line in result.stderr.splitlines()
             if line.strip() and not line.startswith("Không đọc được số liệu:")]
    assert len(lines) == 1, result.stderr
    assert VIETNAMESE & set(lines[0].lower()), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return ktxh(project, "build-report", "--template", "mau.j2", "--reference-doc", "ref.docx",
                *args)[0]


# ---------------------------------------------------------------- -o never clobbers an input
@pytest.mark.parametrize(("output", "what"), [
    ("data/2023_actuals.yaml", "tệp số liệu"),
    ("data/2024_targets.yaml", "tệp số liệu"),
    ("mau.j2", "mẫu báo cáo"),
    ("ref.docx", "tài liệu tham chiếu"),
    ("data", "thư mục số liệu"),
    ("data/../data/2023_actuals.yaml", "tệp số liệu"),
    ("link.docx", "tệp số liệu"),
    ("hard.docx", "mẫu báo cáo"),
])
def test_the_report_is_never_written_over_an_input(project: Path, output: str, what: str
                                                   ) -> None:
    (project / "link.docx").symlink_to(project / "data" / "2023_actuals.yaml")
    os.link(project / "mau.j2", project / "hard.docx")
    before = snapshot(project)
    assert_refused(build(project, "-o", output), what, "đầu vào")
    assert snapshot(project) == before


def test_an_input_reached_through_the_parent_folder_is_refused(project: Path) -> None:
    before = snapshot(project)
    output = f"../{project.name}/data/2023_actuals.yaml"
    assert_refused(build(project, "-o", output), "đầu vào")
    assert snapshot(project) == before


@pytest.mark.parametrize(("output", "words"), [
    ("fifo.docx", ("không phải là tệp thường",)),
    ("folder.docx", ("không phải là tệp thường",)),
    ("null.docx", ("không phải là tệp thường",)),
    ("build/", ("không phải là tên tệp",)),
    ("bao_cao.pdf", (".docx", "bao_cao.docx")),
    ("bao_cao", (".docx",)),
])
def test_an_output_that_is_not_a_new_docx_file_is_refused(project: Path, output: str,
                                                          words: tuple[str, ...]) -> None:
    os.mkfifo(project / "fifo.docx")
    (project / "folder.docx").mkdir()
    (project / "null.docx").symlink_to(os.devnull)
    before = snapshot(project)
    assert_refused(build(project, "-o", output), *words)
    assert snapshot(project) == before
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_the_default_output_is_checked_too(project: Path) -> None:
    os.makedirs(project / "build")
    os.mkfifo(project / "build" / "bao_cao_2023.docx")
    assert_refused(build(project), "không phải là tệp thường")
    assert stat.S_ISFIFO(os.stat(project / "build" / "bao_cao_2023.docx").st_mode)


def test_a_good_output_is_written(project: Path) -> None:
    before = snapshot(project)
    result = build(project, "-o", "ra/bao_cao.docx")
    assert result.returncode == 0, result.stderr
    after = snapshot(project)
    assert set(after) - set(before) == {"ra", "ra/bao_cao.docx"}
    assert all(after[key] == value for key, value in before.items())


# ---------------------------------------------------------------- inputs that are not files
def replace_with(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to(path.parent / "khong_co")
    elif kind == "folder":
        path.mkdir()


INPUT_KINDS = {"fifo": "không phải là tệp thường", "zero": "không phải là tệp thường",
               "loop": "vòng liên kết", "dangling": "Không tìm thấy", "folder": "thư mục"}


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize("command", ["check", "build-report"])
def test_a_data_file_that_is_not_a_regular_file(project: Path, kind: str, command: str) -> None:
    replace_with(project / "data" / "2023_actuals.yaml", kind)
    before = snapshot(project)
    started = time.perf_counter()
    result, _ = ktxh(project, command, "--template", "mau.j2")
    assert time.perf_counter() - started < 15
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output and INPUT_KINDS[kind] in output, output
    assert "2023_actuals.yaml" in output
    assert snapshot(project) == before


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_a_template_that_is_not_a_regular_file(project: Path, kind: str) -> None:
    replace_with(project / "mau.j2", kind)
    before = snapshot(project)
    assert_refused(build(project), "mau.j2", INPUT_KINDS[kind])
    assert snapshot(project) == before


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_a_reference_document_that_is_not_a_regular_file(project: Path, kind: str) -> None:
    replace_with(project / "ref.docx", kind)
    before = snapshot(project)
    assert_refused(build(project), "ref.docx", INPUT_KINDS[kind])
    assert snapshot(project) == before


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_text_of_a_path_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    replace_with(tmp_path / "bao_cao.docx", kind)
    before = snapshot(tmp_path)
    assert_refused(ktxh(tmp_path, "text", "bao_cao.docx")[0], "bao_cao.docx", INPUT_KINDS[kind])
    assert snapshot(tmp_path) == before


def test_a_data_folder_that_is_a_symlink_loop(project: Path) -> None:
    (project / "vong").symlink_to("vong")
    assert_refused(build(project, "--data", "vong"), "vong")


# ---------------------------------------------------------------- hostile .docx packages
def word_package(path: Path, document: bytes, compression: int = zipfile.ZIP_DEFLATED,
                 flag_bits: int = 0) -> Path:
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
        entry = zipfile.ZipInfo("word/document.xml")
        entry.compress_type = compression
        target.writestr(entry, document)
    if flag_bits:  # zipfile clears the flags it does not write itself: set them in the bytes
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.rindex(signature)
            data[at + offset] |= flag_bits
        path.write_bytes(bytes(data))
    return path


def zeros_package(path: Path, megabytes: int) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        entry = zipfile.ZipInfo("word/document.xml")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w") as stream:
            for _ in range(megabytes):
                stream.write(bytes(2**20))
    return path


def lying_package(path: Path, megabytes: int) -> Path:
    """A zip whose headers declare 1000 bytes for an entry that unpacks to `megabytes` MB."""
    data = bytearray(zeros_package(path, megabytes).read_bytes())
    real = (megabytes * 2**20).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature)
        assert data[at + offset:at + offset + 4] == real
        data[at + offset:at + offset + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("make", [zeros_package, lying_package])
def test_a_zip_bomb_is_refused_quickly_with_little_memory(tmp_path: Path, make) -> None:
    bomb = make(tmp_path / "bom.docx", 100)
    write_data(tmp_path / "data")
    (tmp_path / "mau.j2").write_text(TEMPLATE, encoding="utf-8")
    for args in (["text", "bom.docx"], ["build-report", "--template", "mau.j2",
                                        "--reference-doc", "bom.docx", "-o", "ra.docx"]):
        started = time.perf_counter()
        result, peak = ktxh(tmp_path, *args)
        assert time.perf_counter() - started < 10
        assert_refused(result, "bom.docx")
        assert peak < MEMORY_LIMIT, f"{args[0]}: {peak // 2**20} MB"
    assert bomb.exists() and not (tmp_path / "ra.docx").exists()


def nested(depth: int) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "<w:tbl><w:tr><w:tc>" * depth + "</w:tc></w:tr></w:tbl>" * depth
    return f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'.encode()


def test_text_of_deeply_nested_xml_is_refused(tmp_path: Path) -> None:
    word_package(tmp_path / "sau.docx", nested(1000))
    assert_refused(ktxh(tmp_path, "text", "sau.docx")[0], "sau.docx", "lồng sâu")


def test_text_of_xml_declaring_entities_is_refused(tmp_path: Path) -> None:
    document = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
                b"<d>&a;&a;</d>")
    word_package(tmp_path / "thuc_the.docx", document)
    assert_refused(ktxh(tmp_path, "text", "thuc_the.docx")[0], "thực thể")


@pytest.mark.parametrize(("options", "words"), [
    ({"flag_bits": 0x1}, ("mã hóa",)),
    ({"compression": zipfile.ZIP_BZIP2}, ("nén",)),
    ({"compression": zipfile.ZIP_LZMA}, ("nén",)),
])
def test_an_encrypted_or_strangely_compressed_package_is_refused(
        project: Path, options: dict[str, int], words: tuple[str, ...]) -> None:
    word_package(project / "la.docx", nested(2), **options)
    assert_refused(ktxh(project, "text", "la.docx")[0], "la.docx", *words)
    assert_refused(build(project, "--reference-doc", "la.docx", "-o", "ra.docx"), *words)
    assert not (project / "ra.docx").exists()


# ---------------------------------------------------------------- control characters
CONTROL_ACTUALS = r"""
nam: 2023
don_vi:
  co_quan_ban_hanh: ["ỦY BAN\x0b NHÂN DÂN", "THÀNH PHỐ\x01 THỬ \uFFFE NGHIỆM"]
  ten_goi_tat: "UBND\x0b thành phố\x01 \uFFFE"
  ky_hieu: BC-UBND
  dia_danh: Thử Nghiệm
  noi_nhan: ["TT HĐND\x0b\x01\uFFFE thành phố"]
  nguoi_ky:
    tham_quyen: TM. ỦY BAN NHÂN DÂN
    chuc_vu: CHỦ TỊCH
chi_tieu:
  ban_le:
    ten: "Tổng mức\x0b bán\x01 lẻ \uFFFE"
    don_vi_tinh: tỷ đồng
    cung_ky: 3450
    ke_hoach: 3700
    uoc_thuc_hien: 4148
"""
CONTROL_TEMPLATE = (
    '@trich-yeu Trích {{ "a\\x0bb\\x01c\\ufffe" }} yếu {{ "\\ud800" }}\n'
    '# Phần {{ "\\x0b" }} một\n'
    'Đoạn {{ ct.ban_le.ten }} có chú thích^[Chú {{ "\\x0b\\x01\\ufffe\\udfff" }} thích]\n')


def test_control_characters_never_reach_an_xml_part(tmp_path: Path) -> None:
    write_data(tmp_path / "data", actuals=CONTROL_ACTUALS)
    (tmp_path / "mau.j2").write_text(CONTROL_TEMPLATE, encoding="utf-8")
    result, _ = ktxh(tmp_path, "build-report", "--template", "mau.j2", "-o", "ra.docx")
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(tmp_path / "ra.docx") as package:
        parts = {n: package.read(n) for n in package.namelist()
                 if n.endswith((".xml", ".rels"))}
    for data in parts.values():
        etree.fromstring(data)  # raises on a character XML 1.0 does not allow
    title = etree.fromstring(parts["docProps/core.xml"]).findtext(
        "{http://purl.org/dc/elements/1.1/}title")
    assert title == "Trích abc yếu "
    text, _ = ktxh(tmp_path, "text", "ra.docx")
    assert text.returncode == 0
    for expected in ("Tổng mức bán lẻ ", "UBND thành phố ", "TT HĐND thành phố", "Chú  thích"):
        assert expected in text.stdout


# ---------------------------------------------------------------- batch builds
KILLER = '''
import os
import signal

if os.environ.get("KTXH_TEST_KILL"):
    import kt_xh.batch as batch

    original = batch.build_report

    def build_or_die(data, *args, **kwargs):
        if data.resolve().parent.name == os.environ["KTXH_TEST_KILL"]:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(data, *args, **kwargs)

    batch.build_report = build_or_die
'''


def test_a_killed_worker_fails_its_unit_and_the_table_is_printed(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    (tmp_path / "mau.j2").write_text(TEMPLATE, encoding="utf-8")
    for unit in ("huyen_a", "huyen_b", "huyen_c"):
        write_data(tmp_path / unit / "data")
    env = {"KTXH_TEST_KILL": "huyen_b", "PYTHONPATH": f"{hook}{os.pathsep}{ROOT / 'src'}"}
    result, _ = ktxh(tmp_path, "build-report", "--template", "mau.j2", "--data", "huyen_a/data",
                     "--data", "huyen_b/data", "--data", "huyen_c/data", env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Kết quả sinh báo cáo" in result.stdout and "dừng đột ngột" in result.stdout
    assert "Không sinh được báo cáo của 1 đơn vị: huyen_b." in result.stderr
    assert (tmp_path / "build" / "huyen_a" / "bao_cao_2023.docx").is_file()
    assert (tmp_path / "build" / "huyen_c" / "bao_cao_2023.docx").is_file()
    assert not (tmp_path / "build" / "huyen_b").exists()


def test_batch_outputs_are_checked_like_one_output(tmp_path: Path) -> None:
    (tmp_path / "mau.j2").write_text(TEMPLATE, encoding="utf-8")
    for unit in ("huyen_a", "huyen_b"):
        write_data(tmp_path / unit / "data")
    (tmp_path / "build" / "huyen_a").mkdir(parents=True)
    os.mkfifo(tmp_path / "build" / "huyen_a" / "bao_cao_2023.docx")
    result, _ = ktxh(tmp_path, "build-report", "--template", "mau.j2", "--data", "huyen_a/data",
                     "--data", "huyen_b/data")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "không phải là tệp thường" in result.stdout.replace("\n", " ").replace("│", "")
    assert stat.S_ISFIFO(os.stat(tmp_path / "build" / "huyen_a" / "bao_cao_2023.docx").st_mode)


# ---------------------------------------------------------------- build-report --pdf
def _gone(pid: int) -> bool:
    """The process ended (a zombie waiting for its new parent to reap it has ended too)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_hanging_libreoffice_is_stopped_with_what_it_started(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    from kt_xh import pdf
    from kt_xh.errors import OutputError

    started = tmp_path / "started"
    # soffice is a launcher: the program that converts (soffice.bin) is its child
    soffice = tmp_path / "soffice"
    soffice.write_text(f'#!/bin/sh\nsleep 600 &\necho $! > "{started}"\nwait\n',
                       encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setattr(pdf, "START_SECONDS", 1)
    monkeypatch.setattr(pdf, "SECONDS_PER_REPORT", 0)
    report = tmp_path / "bao cao 'moi'.docx"
    report.write_bytes(b"PK")
    with pytest.raises(OutputError) as refused:
        pdf.convert([report], str(soffice))
    assert refused.value.message.startswith("LibreOffice không chuyển xong sang PDF sau 1 giây")
    child = int(started.read_text(encoding="utf-8"))
    try:
        assert _gone(child), "LibreOffice's child still runs after the timeout"
    finally:
        if not _gone(child):
            os.kill(child, 9)
    assert not report.with_suffix(".pdf").exists()


def test_the_pdf_is_never_written_over_an_input_or_a_folder(project: Path) -> None:
    (project / "mau.pdf").write_text(TEMPLATE, encoding="utf-8")  # a template may have any name
    (project / "thu_muc.pdf").mkdir()
    before = snapshot(project)
    for output, why in (("mau.docx", "Không ghi báo cáo vào mau.pdf: đó là mẫu báo cáo đầu vào"),
                        ("thu_muc.docx", "Không ghi được báo cáo vào thu_muc.pdf: đường dẫn này "
                                         "đã có và không phải là tệp thường")):
        result, _ = ktxh(project, "build-report", "--template", "mau.pdf", "-o", output, "--pdf",
                         env={"KTXH_SOFFICE": "/khong/co/soffice"})
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.startswith(why), result.stderr
        assert snapshot(project) == before  # refused before anything is written
