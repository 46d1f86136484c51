"""Files from outside are untrusted: inputs are read only if they are regular files, never past a
size cap; zip packages are checked before anything is extracted; the report is never written over
one of its inputs, a device or a folder.

Errors are `FileRefused` with a Vietnamese sentence (`detail`) that does not name the file, so
that each caller puts it into its own message with what to do.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from kt_xh import result_cache
from kt_xh.errors import OutputRefused, display_path

MB = 1024 * 1024
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_UNPACKED = 200 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 1 * MB
"""An entry over this size that unpacks to more than ZIP_MAX_RATIO times its packed size is a
zip bomb: Word's XML packs about 10:1, images about 1:1."""
XML_MAX_DEPTH = 256
"""libxml2's own limit without huge_tree; nested tables in Word stay far below it."""
_CHUNK = MB
_ERRNO_KINDS = {errno.ENOENT: "not_found", errno.ENOTDIR: "not_found", errno.EISDIR: "directory",
                errno.EACCES: "permission", errno.EPERM: "permission", errno.ELOOP: "loop",
                errno.ENAMETOOLONG: "name_too_long", errno.ENXIO: "not_regular"}


_PATH_KINDS = {*_ERRNO_KINDS.values(), "other", "too_large"}


class FileRefused(Exception):
    """An input that is not read: `kind` says why, `detail` says it in Vietnamese."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind, self.detail = kind, detail

    def with_hint(self, hint: str) -> str:
        """The detail, and `hint` (what to do about the path) where the path is the problem: the
        refusals of a package's content already say what to do."""
        return f"{self.detail} {hint}" if self.kind in _PATH_KINDS else self.detail


def _details(what: str, cap: int = 0, reason: str = "") -> dict[str, str]:
    return {
        "not_found": f"Không tìm thấy {what}.",
        "directory": f"Đây là một thư mục, không phải {what}.",
        "not_regular": f"Đây không phải là tệp thường (có thể là thiết bị, đường ống hoặc liên kết "
                       f"tới chúng), không dùng được làm {what}.",
        "too_large": f"{_capital(what)} quá lớn (giới hạn {cap // MB} MB): có thể đã "
                     "chỉ nhầm tệp.",
        "permission": f"Không có quyền đọc {what}.",
        "loop": "Đường dẫn là một vòng liên kết tượng trưng (symlink) trỏ lại chính nó.",
        "name_too_long": "Đường dẫn quá dài.",
        "other": f"Không đọc được {what} ({reason}).",
    }


def _capital(what: str) -> str:
    return what[:1].upper() + what[1:]


def refused(kind: str, what: str, cap: int = 0, reason: str = "") -> FileRefused:
    return FileRefused(kind, _details(what, cap, reason)[kind])


def _os_refused(error: OSError, what: str) -> FileRefused:
    kind = _ERRNO_KINDS.get(error.errno or 0, "other")
    return refused(kind, what, reason=error.strerror or type(error).__name__)


def _refuse_special(mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise refused("directory", what)
    if not stat.S_ISREG(mode):
        raise refused("not_regular", what)


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; `what` names the file's role in
    Vietnamese ("tệp số liệu", "mẫu báo cáo"). Raises FileRefused."""
    try:
        _refuse_special(os.stat(path).st_mode, what)  # a device is not even opened
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise _os_refused(error, what) from None
    try:
        opened = os.fstat(descriptor)  # what was opened, not what was asked for
        _refuse_special(opened.st_mode, what)
        if opened.st_size > cap:
            raise refused("too_large", what, cap)
        data = _read_at_most(descriptor, cap, what)
        result_cache.note_read(path, data)
        return data
    except OSError as error:
        raise _os_refused(error, what) from None
    finally:
        os.close(descriptor)


def probe(path: Path) -> bool:
    """Whether anything exists at `path` (a broken link too): for a file whose absence changes a
    run's result, so that the result cache notices when it appears."""
    found = os.path.lexists(path)
    result_cache.note_probe(path, found)
    return found


def _read_at_most(descriptor: int, cap: int, what: str) -> bytes:
    chunks, size = [], 0
    while size <= cap:
        chunk = os.read(descriptor, min(_CHUNK, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > cap:
        raise refused("too_large", what, cap)
    return b"".join(chunks)


# ---------------------------------------------------------------- zip packages
def read_zip(path: Path, cap: int, what: str, names: Iterable[str] | None = None
             ) -> dict[str, bytes]:
    """The entries of a zip package (`names` only, if given; folders left out), after checking
    the whole package: entry count, unpacked size, compression ratio, encryption, method.
    Reading is streamed and counted, so a header lying about sizes cannot pass the caps."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(read_capped(path, cap, what)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OverflowError):
        raise FileRefused("not_zip", f"Đây không phải là tệp Word (.docx): {what} phải là "
                          "tệp .docx lưu từ Word.") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        _check_entries(infos, what)
        wanted = set(names) if names is not None else None
        budget = [ZIP_MAX_UNPACKED]
        return {info.filename: _read_entry(archive, info, budget, what) for info in infos
                if wanted is None or info.filename in wanted}


def _bomb(what: str) -> FileRefused:
    return FileRefused("zip_bomb", f"{_capital(what)} giải nén ra quá lớn (giới hạn "
                       f"{ZIP_MAX_UNPACKED // MB} MB, tối đa {ZIP_MAX_ENTRIES} tệp bên trong): "
                       "đây không phải là một văn bản Word bình thường. Hãy mở và lưu lại tệp "
                       "bằng Word.")


def _check_entries(infos: list[zipfile.ZipInfo], what: str) -> None:
    if len(infos) > ZIP_MAX_ENTRIES or sum(i.file_size for i in infos) > ZIP_MAX_UNPACKED:
        raise _bomb(what)
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused("encrypted", f"{_capital(what)} có phần được mã hóa "
                              f"({info.filename}): hãy bỏ mật khẩu rồi lưu lại tệp bằng Word.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileRefused("compression", f"{_capital(what)} có phần nén theo "
                              f"cách Word không dùng ({info.filename}): hãy mở và lưu lại tệp "
                              "bằng Word.")
        if info.file_size > ZIP_RATIO_FROM and (
                info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)):
            raise _bomb(what)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int],
                what: str) -> bytes:
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size or size > budget[0]:
                    raise _bomb(what)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, OSError):
        raise FileRefused("not_zip", f"{_capital(what)} bị hỏng ({info.filename} "
                          "không giải nén được): hãy mở và lưu lại tệp bằng Word.") from None
    budget[0] -= size
    return b"".join(chunks)


# ---------------------------------------------------------------- XML from outside
def check_xml(data: bytes, what: str, part: str) -> None:
    """Refuse XML nested deeper than XML_MAX_DEPTH or declaring entities (Word never does),
    before a parser or a recursive reader sees it."""
    parser = expat.ParserCreate()
    depth = [0]

    def start(*_: object) -> None:
        depth[0] += 1
        if depth[0] > XML_MAX_DEPTH:
            raise FileRefused("xml_depth", f"{_capital(what)} có phần {part} lồng "
                              f"sâu quá {XML_MAX_DEPTH} cấp: đây không phải là một văn bản Word "
                              "bình thường. Hãy mở và lưu lại tệp bằng Word.")

    def end(*_: object) -> None:
        depth[0] -= 1

    def entity(*_: object) -> None:
        raise FileRefused("xml_entity", f"{_capital(what)} có phần {part} khai báo "
                          "thực thể XML (Word không bao giờ làm vậy). Hãy mở và lưu lại tệp "
                          "bằng Word.")

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        raise FileRefused("xml_syntax", f"{_capital(what)} bị hỏng (phần {part} "
                          "không phải XML hợp lệ): hãy mở và lưu lại tệp bằng Word.") from None


# ---------------------------------------------------------------- the report's own path
def check_output(target: Path | str, inputs: Iterable[tuple[Path | None, str]],
                 suffix: str = ".docx") -> Path:
    """The path the report may be written to, or OutputRefused (exit 2) saying why not: it names a
    file, is none of the inputs (given as path and what it is, in Vietnamese), is not a folder,
    device or pipe, and ends in .docx (`suffix`: the PDF beside the report ends in .pdf)."""
    text = str(target)
    if not text or text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        raise OutputRefused(f"Đường dẫn '{text}' không phải là tên tệp: -o cần tên một tệp Word, "
                          f"ví dụ {text}bao_cao.docx.")
    path = Path(target)
    name = display_path(path)
    _refuse_inputs(path, name, inputs)
    if _exists_not_regular(path):
        raise OutputRefused(f"Không ghi được báo cáo vào {name}: đường dẫn này đã có và không phải "
                          "là tệp thường (thư mục, thiết bị hoặc đường ống). Hãy chọn tệp .docx "
                          "khác bằng -o.")
    if path.suffix.lower() != suffix:
        raise OutputRefused(f"Không ghi được báo cáo vào {name}: báo cáo là văn bản Word, hãy đặt "
                          f"tên tệp có đuôi .docx (ví dụ {path.stem or 'bao_cao'}.docx).")
    return path


def _exists_not_regular(path: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _refuse_inputs(path: Path, name: str, inputs: Iterable[tuple[Path | None, str]]) -> None:
    for source, what in inputs:
        if source is not None and _looks_temporary(source, path):
            raise OutputRefused(f"Tên {display_path(source)} trùng dạng tệp tạm của báo cáo "
                                f"{name}, tệp này sẽ bị xóa khi ghi báo cáo. Hãy đổi tên {what} "
                                "(bỏ đuôi .ktxh-tmp).")
        if source is not None and _same_file(path, source):
            raise OutputRefused(f"Không ghi báo cáo vào {name}: đó là {what} đầu vào, ghi vào sẽ "
                              "mất dữ liệu. Hãy chọn tệp khác bằng -o, ví dụ "
                              "build/bao_cao.docx.")


def _looks_temporary(source: Path, target: Path) -> bool:
    """An input named like the temporary files a build of `target` removes when stale."""
    from kt_xh.output import TEMP_SUFFIX

    return source.name.startswith(f".{target.name}.") and source.name.endswith(TEMP_SUFFIX)


def _same_file(path: Path, source: Path) -> bool:
    try:
        return os.path.samefile(path, source)
    except (OSError, ValueError):
        return False
