"""Starting a new office's repository (`ktxh init`) and rolling the data into a new year
(`ktxh new-year`) or a later period of the year (`ktxh new-period`). None ever overwrites a
file."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kt_xh import levels
from kt_xh.docx_reference import DEFAULT_REFERENCE
from kt_xh.domain import LoadedReport
from kt_xh.errors import KtxhError, display_path
from kt_xh.loading import ACTUALS_SUFFIX, TARGETS_SUFFIX, find_data_files, load_report
from kt_xh.model import (
    ActualsFile,
    Indicator,
    PlanBase,
    PlanGrowth,
    PlanRange,
    PlanReduction,
    Target,
)
from kt_xh.periods import YEAR, Period, option_code
from kt_xh.schema import SCHEMAS, schema_text

SCAFFOLD = Path(__file__).parent / "scaffold"
GUIDES = ("huong_dan_so_lieu.md", "huong_dan_mau_bao_cao.md", "quy_tac_kiem_tra.md")
"""The officers' guides, copied into a new office's docs/: in an installed ktxh they are in
kt_xh/guides/ (pyproject's force-include), in a source checkout in the repository's docs/."""
_GUIDE_FOLDERS = (Path(__file__).parent / "guides", Path(__file__).parents[2] / "docs")
INIT_LEVELS = ("xa", "phuong", "dac_khu", "tinh")
"""`ktxh init --cap`: the levels of local government since 1 July 2025."""
_WORDS = {**levels.LEVEL_WORDS, "quan": "quận"}
"""Each level's generic word; `quan` (a district of a city, abolished with the districts) has no
`cap` in the data, so its office writes its names in full."""
LEVEL_NAMES = {**{word: level for level, word in _WORDS.items()},
               "thành phố trực thuộc trung ương": "thanh_pho"}
"""How a level may be written in --don-vi, and the level it is."""
PARTY_COMMITTEES = {"xa": "Đảng ủy xã", "phuong": "Đảng ủy phường", "dac_khu": "Đảng ủy đặc khu",
                    "tinh": "Tỉnh ủy", "huyen": "Huyện ủy", "quan": "Quận ủy", "thi_xa": "Thị ủy",
                    "thanh_pho": "Thành ủy"}
"""Each level's party committee, the first recipient of the report."""
DRAFTING_OFFICES = {"xa": "Phòng Kinh tế", "phuong": "Phòng Kinh tế, Hạ tầng và Đô thị",
                    "dac_khu": "Phòng Kinh tế, Hạ tầng và Đô thị", "tinh": "Sở Tài chính"}
"""The office that drafts the report (Nghị định 150/2025: a commune's Phòng Kinh tế, a ward's or a
special zone's Phòng Kinh tế, Hạ tầng và Đô thị; the province's Sở Tài chính, which took over the
Sở Kế hoạch và Đầu tư in 2025); a past district's Phòng Tài chính - Kế hoạch."""
RURAL_LEVELS = ("xa", "huyen")
"""Levels whose scaffold reports the new-rural-area criteria; the others report urban ones."""
MAX_NAME = 200
_UNIT_PREFIX = re.compile(r"^\s*(ủy ban nhân dân|ubnd)\s+", re.I)


class ProjectError(KtxhError):
    """A project file would be overwritten, or the data cannot be rolled forward (exit 2)."""


class InitError(KtxhError):
    """`ktxh init` was given a name or a folder it cannot use: input to fix (exit 2)."""


@dataclass(frozen=True)
class UnitName:
    level: str
    """The level's code: `xa`, `tinh`… (`quan` too, which the data has no `cap` for)."""
    place: str

    @classmethod
    def parse(cls, text: str) -> UnitName:
        """`Ủy ban nhân dân xã Tam Đường`, `UBND xã Tam Đường` or `xã Tam Đường`; a name without
        a level is a commune's."""
        rest = _UNIT_PREFIX.sub("", text.strip())
        for written in sorted(LEVEL_NAMES, key=len, reverse=True):
            if rest.lower().startswith(written + " "):
                return cls(LEVEL_NAMES[written], rest[len(written):].strip())
        return cls("xa", rest)

    @property
    def full(self) -> str:
        """`xã Tân Phong`."""
        return f"{_WORDS[self.level]} {self.place}"

    @property
    def office(self) -> str:
        """The scaffold's office: `tinh` for a province, `xa` for every other level."""
        return "tinh" if self.level == "tinh" else "xa"

    @property
    def sections(self) -> frozenset[str]:
        """The scaffold's sections (`#[chi …]`) this unit keeps."""
        area = "nong_thon" if self.level in RURAL_LEVELS else "do_thi"
        coded = "co_cap" if self.level in levels.LEVEL_WORDS else "khong_cap"
        return frozenset({self.office, area, coded})

    def name_fields(self, quote: Callable[[str], str]) -> str:
        """The unit's lines of `don_vi`: its level and name, from which ktxh fills the header,
        the short name and the place; in full for a level the data has no `cap` for."""
        if self.level in levels.LEVEL_WORDS:
            return f"cap: {self.level}\n  ten: {quote(self.place)}"
        return (f"co_quan_ban_hanh:\n    - {levels.ISSUER}\n    - {quote(self.full.upper())}\n"
                f"  ten_goi_tat: {quote('UBND ' + self.full)}\n  dia_danh: {quote(self.place)}")

    def replacements(self, year: int, session: str, quote: Callable[[str], str] = str
                     ) -> dict[str, str]:
        """The scaffold's placeholders; `quote` writes the user's words (the place) so that the
        file they land in reads them back exactly (a YAML scalar in the data files)."""
        word = _WORDS[self.level]
        return {
            "__NAM_SAU__": str(year + 1), "__NAM_TRUOC__": str(year - 1), "__NAM__": str(year),
            "__DON_VI__": self.name_fields(quote),
            "__TEN_GOI_TAT__": f"UBND {self.full}", "__CO_QUAN__": self.full.upper(),
            "__DIA_DANH__": self.place,  # these three in comments and prose only
            "__KY_HOP__": quote(f"Trình kỳ họp thường lệ {session} {year}, HĐND {self.full}"),
            "__CAP_UY__": PARTY_COMMITTEES[self.level], "__CAP__": word,
            "__PHONG_SOAN_THAO__": DRAFTING_OFFICES.get(self.level,
                                                        "Phòng Tài chính - Kế hoạch"),
        }


def _fill(text: str, replacements: dict[str, str]) -> str:
    pattern = re.compile("|".join(re.escape(token) for token in replacements))
    return pattern.sub(lambda match: replacements[match.group(0)], text)  # one pass: a value
    # that contains a placeholder's name is never replaced again


_SECTION = re.compile(r"^\s*#\[(?:chi (\w+)|het)\]\s*$")


def _keep_sections(text: str, kept: frozenset[str]) -> str:
    """The scaffold's text without the sections of other units: lines between `#[chi TAG]` and
    `#[het]` stay when TAG is in `kept`; the marker lines go."""
    lines, keeping = [], True
    for line in text.splitlines(keepends=True):
        marker = _SECTION.match(line)
        if marker is None:
            if keeping:
                lines.append(line)
            continue
        keeping = marker.group(1) is None or marker.group(1) in kept
    return "".join(lines)


def _yaml_scalar(value: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's): `#`, `:`, quotes and `{{`
    stay text. `ktxh fmt` then removes the quotes where YAML does not need them."""
    return json.dumps(value, ensure_ascii=False)


def check_unit_name(text: str, option: str = "--don-vi") -> str:
    """The unit's name as given, or InitError if it cannot be written into the report."""
    name = text.strip()
    if not name or not _UNIT_PREFIX.sub("", name + " ").strip():
        raise InitError(f"Tên đơn vị ({option}) đang trống: hãy ghi tên, ví dụ "
                        + ("--ten \"Tân Phong\"." if option == "--ten" else
                           "--don-vi \"xã Tam Đường\"."))
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise InitError(f"Tên đơn vị ({option}) có ký tự điều khiển (U+{ord(bad):04X}, ví dụ xuống "
                        "dòng hoặc tab): hãy ghi tên trên một dòng, chỉ gồm chữ và dấu câu.")
    if len(name) > MAX_NAME:
        raise InitError(f"Tên đơn vị ({option}) dài {len(name)} ký tự, quá {MAX_NAME}: hãy ghi "
                        "tên ngắn gọn của đơn vị.")
    return name


def unit_for_init(unit_text: str | None, level: str | None, place: str | None) -> UnitName:
    """The unit `ktxh init` makes: `--cap` and `--ten` (a commune named Mẫu when neither is
    given), or the whole name in `--don-vi`, as before levels had a code."""
    if unit_text is not None:
        if level is not None or place is not None:
            raise InitError("Hãy ghi hoặc --cap và --ten (ví dụ --cap xa --ten \"Tân Phong\"), "
                            "hoặc --don-vi (ví dụ --don-vi \"xã Tân Phong\"), không ghi cả hai.")
        return UnitName.parse(check_unit_name(unit_text))
    code = (level or "xa").strip().lower().replace("-", "_")
    code = LEVEL_NAMES.get(code, code)
    if code not in INIT_LEVELS:
        raise InitError(f"Cấp '{level}' (--cap) không có. Hãy ghi một trong: xa, phuong, "
                        "dac-khu, tinh.")
    return UnitName(code, check_unit_name(place or "Mẫu", "--ten"))


@dataclass(frozen=True)
class Scaffold:
    """The example data and template of one kind of report a new office starts from. Files are
    named in `scaffold/`; a report of a period within the year has no next year's plan."""

    actuals: str
    template: str
    targets: str | None
    session: str
    """The council's session the report goes to: `cuối năm`, `giữa năm`."""


SCAFFOLDS = {
    ("xa", "nam"): Scaffold("actuals.yaml", "bao_cao.docx.j2", "targets.yaml", "cuối năm"),
    ("xa", "6_thang"): Scaffold("actuals_6_thang.yaml", "bao_cao_6_thang.docx.j2", None,
                                "giữa năm"),
    ("tinh", "nam"): Scaffold("tinh_actuals.yaml", "tinh_bao_cao.docx.j2", "tinh_targets.yaml",
                              "cuối năm"),
    ("tinh", "6_thang"): Scaffold("tinh_actuals_6_thang.yaml", "tinh_bao_cao_6_thang.docx.j2",
                                  None, "giữa năm"),
}
"""`ktxh init --cap … --ky …`: the reports a new office can start from, by office (`xa` for a
commune, a ward and a special zone, which keep their own sections; `tinh`) and period."""


def scaffold_for(office: str, period: str) -> Scaffold:
    code = option_code(period)
    if code is None or (office, code) not in SCAFFOLDS:
        known = ", ".join(dict.fromkeys(code.replace("_", "-") for _, code in SCAFFOLDS))
        raise InitError(f"Không có kho mẫu cho kỳ báo cáo '{period}' (--ky). Các kỳ có kho mẫu: "
                        f"{known}. Với kỳ khác, hãy tạo kho 6-thang rồi sửa trường 'ky' trong "
                        "tệp số liệu (xem docs/huong_dan_so_lieu.md, mục kỳ báo cáo).")
    return SCAFFOLDS[office, code]


def init_project(folder: Path, unit: UnitName, year: int | None = None,
                 period: str = "nam") -> list[Path]:
    """A new office's repository: example data, template, schema, reference document, hooks, CI,
    a README and the officers' guides. Refuses to overwrite any file."""
    year = year or dt.date.today().year
    scaffold = scaffold_for(unit.office, period)
    _check_folder(folder)
    replacements = {**unit.replacements(year, scaffold.session),
                    "__KTXH_NGUON__": _yaml_scalar(ktxh_source())}
    data_words = unit.replacements(year, scaffold.session, _yaml_scalar)
    actuals = Path("data") / f"{year}{ACTUALS_SUFFIX}"
    targets = Path("data") / f"{year + 1}{TARGETS_SUFFIX}"
    data_files = {actuals: _data_scaffold(scaffold.actuals, data_words, unit, actuals)}
    if scaffold.targets is not None:
        data_files[targets] = _data_scaffold(scaffold.targets, data_words, unit, targets)
    files: dict[Path, bytes] = {
        **data_files,
        Path("templates") / "bao_cao.docx.j2": _scaffold(scaffold.template, replacements, unit),
        Path("templates") / "mau_tham_chieu.docx": DEFAULT_REFERENCE.read_bytes(),
        Path("README.md"): _scaffold("README.md", replacements, unit),
        Path(".gitattributes"): _scaffold("gitattributes", replacements, unit),
        Path(".gitignore"): _scaffold("gitignore", replacements, unit),
        Path(".pre-commit-config.yaml"): _scaffold("pre-commit-config.yaml", replacements, unit),
        Path(".github") / "workflows" / "ktxh.yml": _scaffold("github-workflow.yml",
                                                             replacements, unit),
        **{Path("schema") / name: schema_text(name).encode() for name in SCHEMAS},
        **{Path("docs") / name: guide_text(name) for name in GUIDES},
    }
    written = []
    for relative, content in files.items():
        target = folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:  # "x": never overwrite
                handle.write(content)
        except OSError as error:
            raise InitError(f"Không ghi được {display_path(target)} ({error.strerror}); hãy chọn "
                            "một thư mục trống mà bạn có quyền ghi.") from None
        written.append(target)
    return written


def git_steps(folder: Path) -> list[str]:
    """What to run so that the first commit works: `git init` when the folder is not yet in a
    repository (never run for the officer), `git config` when git does not know who commits."""
    import shutil

    if shutil.which("git") is None:
        return ["# cài git (https://git-scm.com) để lưu lại lịch sử số liệu"]
    steps = [] if _git_ok(folder, "rev-parse", "--is-inside-work-tree") else ["git init"]
    if not _git_ok(folder, "config", "--get", "user.name"):
        steps.append('git config --global user.name "Tên cán bộ"')
    if not _git_ok(folder, "config", "--get", "user.email"):
        steps.append('git config --global user.email "ten.can.bo@donvi.gov.vn"')
    return [*steps, "git add .", 'git commit -m "Khởi tạo kho số liệu"']


def _git_ok(folder: Path, *args: str) -> bool:
    import subprocess

    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except OSError:
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def ktxh_source() -> str:
    """Where this ktxh was installed from, for the office's CI to install it the same way; ""
    when that cannot be known (a local folder, an index, a source checkout)."""
    from importlib import metadata

    try:
        direct_url = metadata.distribution("kt-xh").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return ""
    return source_from_direct_url(direct_url)


def source_from_direct_url(text: str | None) -> str:
    """A pip requirement from an installed package's direct_url.json (PEP 610): `git+URL[@rev]`
    for a git repository, the URL of an archive; "" for a local folder or file, anything else,
    and any URL that carries a user name or password (never copied into a committed file)."""
    try:
        info = json.loads(text or "null")
    except ValueError:
        return ""
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://", "ssh://")):
        return ""
    try:
        parts = urlsplit(url)
        if parts.username or parts.password or any(ch.isspace() for ch in url):
            return ""
    except ValueError:
        return ""
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict):
        if vcs.get("vcs") != "git":
            return ""
        revision = vcs.get("requested_revision")
        return f"git+{url}" + (f"@{revision}" if isinstance(revision, str) and revision
                               and revision.isprintable() and " " not in revision else "")
    return url if isinstance(info.get("archive_info"), dict) else ""


def guide_text(name: str) -> bytes:
    """One of the officers' guides, from the installed package or the source checkout."""
    for folder in _GUIDE_FOLDERS:
        if (folder / name).is_file():
            return (folder / name).read_bytes()
    raise FileNotFoundError(f"ktxh was installed without its guide {name}")


def _check_folder(folder: Path) -> None:
    """The folder is absent, or empty but for git's own `.git` (`git init` comes first)."""
    name = display_path(folder)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{name} là một tệp, không phải thư mục: ktxh init cần một thư mục trống "
                        "(hoặc chưa có). Hãy chọn tên khác.")
    try:
        others = sorted(p.name for p in folder.iterdir() if p.name != ".git") if folder.is_dir() \
            else []
    except OSError as error:
        raise InitError(f"Không đọc được thư mục {name} ({error.strerror}).") from None
    if others:
        raise InitError(f"Thư mục {name} đã có {others[0]}: ktxh init không ghi đè tệp nào và chỉ "
                        "tạo kho trong thư mục trống. Hãy chọn một thư mục trống.")


def _scaffold_text(name: str, replacements: dict[str, str], unit: UnitName) -> str:
    text = _keep_sections((SCAFFOLD / name).read_text(encoding="utf-8"), unit.sections)
    return _fill(text, replacements)


def _scaffold(name: str, replacements: dict[str, str], unit: UnitName) -> bytes:
    return _scaffold_text(name, replacements, unit).encode("utf-8")


def _data_scaffold(name: str, replacements: dict[str, str], unit: UnitName, path: Path
                   ) -> bytes:
    """A data file of the scaffold, the user's words as YAML scalars, in canonical layout."""
    from kt_xh.yaml_format import format_text

    return format_text(_scaffold_text(name, replacements, unit), path).encode("utf-8")


# ---------------------------------------------------------------- new year
ROLLED = frozenset({"cung_ky", "cung_ky_la_uoc", "ke_hoach", "uoc_thuc_hien", "tien_to", "suy_ra",
                    "ty_le_da_neu", "chap_nhan", "nguon"})
"""The fields of an indicator bound to the year's figures: rolled (the estimate becomes last
year's figure, next year's target the plan) or started afresh (stated ratios, acknowledgements,
the source of the figures). Every other field is carried into the new year as written."""
UNIT_DROPPED = frozenset({"so_van_ban", "ngay_ban_hanh"})
"""What the new report cannot share with the old one: its number and date of issue."""


def new_year(data_dir: Path, year: int, period: str | None = None) -> list[Path]:
    """Roll the data into `year`: last year's targets become the plan, last year's estimates
    become `cung_ky` (flagged as estimates until the actuals are confirmed) when the new report
    is of the same period. Writes `<year>_actuals.yaml` and, for a year-end report, an empty
    `<year + 1>_targets.yaml`; never overwrites. `period` (`ky`) defaults to the current one."""
    actuals_path, _ = find_data_files(data_dir, targets_required=False)
    loaded = load_report(data_dir)
    report = loaded.report
    if report.year != year - 1:
        raise ProjectError(f"Số liệu mới nhất trong {display_path(data_dir)} là năm {report.year}; "
                           f"chỉ chuyển được sang năm {report.year + 1}.")
    code = report.period_code if period is None else option_code(period)
    if code is None:
        raise ProjectError(f"Kỳ báo cáo '{period}' (--ky) không có. Hãy ghi một trong: nam, "
                           "6-thang, 9-thang, quy-1 … quy-4, thang-1 … thang-12.")
    new_period = Period(code, year)
    same_period = code == report.period_code
    new_actuals = data_dir / f"{year}{ACTUALS_SUFFIX}"
    new_targets = data_dir / f"{year + 1}{TARGETS_SUFFIX}"
    written = [new_actuals, new_targets] if new_period.annual else [new_actuals]
    for path in written:
        if path.exists():
            raise ProjectError(f"Tệp {display_path(path)} đã có: ktxh new-year không ghi đè tệp "
                               "nào.")
    indicators = {i: _rolled(entry.indicator, entry.target, same_period)
                  for i, entry in report.entries.items()}
    last_year = (f"cùng kỳ lấy từ số ƯỚC thực hiện {report.period.name()} (cung_ky_la_uoc: "
                 "true):\n# khi có số thực hiện chính thức, sửa số cùng kỳ và xóa dòng "
                 "cung_ky_la_uoc." if same_period else
                 f"cùng kỳ để trống:\n# hãy nhập số thực hiện {new_period.name(year - 1)}.")
    header = (f"# yaml-language-server: $schema=../schema/actuals.schema.json\n"
              f"# Số liệu {new_period.name()}, tạo bằng 'ktxh new-year {year}' từ "
              f"{actuals_path.name}.\n"
              f"# Kế hoạch lấy từ kế hoạch năm {year}; {last_year}\n")
    if "ky_hop" in report.unit.model_fields_set:
        header += "# Dòng kỳ họp (ky_hop) giữ như năm trước: hãy sửa cho kỳ họp mới.\n"
    if report.merged_from:
        header += (f"# Các đơn vị cũ (hop_nhat_tu: {', '.join(p.ten for p in report.merged_from)}) "
                   "không chuyển sang: cùng kỳ là số\n# của chính đơn vị (xem "
                   "docs/huong_dan_so_lieu.md, mục 15).\n")
    header += "\n"
    _write_new(new_actuals, header, _actuals_data(loaded, year, code, indicators, False))
    if new_period.annual:
        main = [i for i, ind in report.indicators.items() if ind.chu_yeu is not None]
        targets_header = (f"# yaml-language-server: $schema=../schema/targets.schema.json\n"
                          f"# Kế hoạch năm {year + 1}. Các chỉ tiêu chủ yếu cần có kế hoạch: "
                          f"{', '.join(main) or 'không có'}.\n\n")
        _write_new(new_targets, targets_header, {"nam": year + 1, "chi_tieu": {}})
    return written


def _actuals_data(loaded: LoadedReport, year: int, period: str, indicators: dict[str, Any],
                  predecessors: bool) -> dict[str, Any]:
    """A new actuals file: the year, the period, the issuing body as the officer wrote it (but the
    document's number and date), the appendix groups, departments and rates' parts as they were,
    the old units the unit was formed from when `predecessors`, the rolled indicators."""
    report = loaded.report
    data: dict[str, Any] = {"nam": year}
    if period != YEAR:
        data["ky"] = period
    written = report.unit.model_fields_set - UNIT_DROPPED  # not what cap and ten filled in
    data["don_vi"] = report.unit.model_dump(mode="json", exclude_none=True, include=written)
    if report.groups_declared:
        data["nhom_bieu"] = [g.model_dump(exclude_none=True) for g in report.groups.values()]
    departments = loaded.actuals.data.get("phong_ban")
    if departments:
        data["phong_ban"] = {str(code): str(name) for code, name in departments.items()}
    if predecessors and report.merged_from:
        data["hop_nhat_tu"] = [p.model_dump(exclude_none=True) for p in report.merged_from]
    if report.rate_parts:
        data["ty_le_tinh_tu"] = {i: parts.model_dump() for i, parts in report.rate_parts.items()}
    data["chi_tieu"] = indicators
    return data


def _carried(indicator: Indicator) -> dict[str, Any]:
    """Every field of an indicator that is not bound to the figures, as written."""
    carried = indicator.model_dump(exclude=set(ROLLED), exclude_defaults=True)
    if indicator.thanh_phan:
        breakdowns = [b.model_dump(exclude_defaults=True) for b in indicator.thanh_phan]
        full_only = len(breakdowns) == 1 and set(breakdowns[0]) == {"gom"}
        carried["thanh_phan"] = breakdowns[0]["gom"] if full_only else breakdowns
    return carried


def _rolled(indicator: Indicator, target: Target | None, same_period: bool = True
            ) -> dict[str, Any]:
    rolled = _carried(indicator)
    if target is not None and target.tong is not None:
        rolled["tong"] = target.tong
    if indicator.uoc_thuc_hien is not None and same_period:
        rolled["cung_ky"] = indicator.uoc_thuc_hien
        rolled["cung_ky_la_uoc"] = True
    if target is not None:
        rolled["ke_hoach"] = _plan(target.ke_hoach)
        if target.tien_to:
            rolled["tien_to"] = {"ke_hoach": target.tien_to}
    return rolled


# ---------------------------------------------------------------- new period (same year)
KEPT_FOLDER = "luu"
"""Where `ktxh new-period` keeps the report it rolls on from: `data/luu/2025_6_thang_actuals.yaml`
(a subfolder, so that the folder's report is the new one)."""


def new_period(data_dir: Path, period: str) -> list[Path]:
    """Roll a period's report into a later period of the same year (6 tháng → 9 tháng → năm): the
    annual plan stays, the estimate starts empty, `cung_ky` is the estimate of the same period
    last year when the folder holds it (`<năm - 1>_actuals.yaml` or `luu/`). The old file is
    kept in `luu/`; a year-end report gets an empty targets file when there is none. Never
    overwrites."""
    code = option_code(period)
    if code is None:
        raise ProjectError(f"Kỳ báo cáo '{period}' không có. Hãy ghi một trong: nam, 6-thang, "
                           "9-thang, quy-1 … quy-4, thang-1 … thang-12.")
    actuals_path, targets_path = find_data_files(data_dir, targets_required=False)
    loaded = load_report(data_dir)
    report = loaded.report
    old, new = report.period, Period(code, report.year)
    if new.last_month <= old.last_month:
        raise ProjectError(f"Số liệu hiện có là {old.name()}: ktxh new-period chỉ chuyển sang một "
                           f"kỳ sau trong cùng năm (kỳ {new.name()} không sau kỳ đó). Sang năm "
                           f"mới, dùng ktxh new-year {report.year + 1} --ky "
                           f"{code.replace('_', '-')}.")
    kept = data_dir / KEPT_FOLDER / f"{report.year}_{old.code}{ACTUALS_SUFFIX}"
    if kept.exists():
        raise ProjectError(f"Tệp {display_path(kept)} đã có: ktxh new-period không ghi đè tệp "
                           "nào.")
    last_year = _estimates_of(data_dir, report.year - 1, code)
    indicators = {}
    for indicator_id, indicator in report.indicators.items():
        rolled = _carried(indicator)
        if last_year.get(indicator_id) is not None:
            rolled["cung_ky"] = last_year[indicator_id]
            rolled["cung_ky_la_uoc"] = True
        if indicator.ke_hoach is not None:
            rolled["ke_hoach"] = _plan(indicator.ke_hoach)
            if indicator.tien_to and "ke_hoach" in indicator.tien_to:
                rolled["tien_to"] = {"ke_hoach": indicator.tien_to["ke_hoach"]}
            if "ke_hoach" in indicator.suy_ra:
                rolled["suy_ra"] = ["ke_hoach"]
        indicators[indicator_id] = rolled
    source = (f"cùng kỳ lấy từ số ƯỚC thực hiện {new.name(report.year - 1)} (cung_ky_la_uoc: "
              "true): sửa khi có số chính thức" if last_year else
              f"cùng kỳ để trống: hãy nhập số thực hiện {new.name(report.year - 1)}")
    header = (f"# yaml-language-server: $schema=../schema/actuals.schema.json\n"
              f"# Số liệu {new.name()}, tạo bằng 'ktxh new-period {period}' từ số liệu "
              f"{old.name()} (lưu ở {KEPT_FOLDER}/{kept.name}).\n"
              f"# Kế hoạch năm giữ nguyên; ước thực hiện để trống: hãy nhập số {new.name()};\n"
              f"# {source}.\n\n")
    text = _yaml_text(header, _actuals_data(loaded, report.year, code, indicators, True),
                      actuals_path)
    kept.parent.mkdir(exist_ok=True)
    actuals_path.rename(kept)
    with open(actuals_path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    written = [kept, actuals_path]
    if new.annual and not targets_path.exists():
        _write_new(targets_path, f"# yaml-language-server: $schema=../schema/targets.schema.json\n"
                   f"# Kế hoạch năm {report.year + 1}.\n\n",
                   {"nam": report.year + 1, "chi_tieu": {}})
        written.append(targets_path)
    return written


def _estimates_of(data_dir: Path, year: int, period: str) -> dict[str, Any]:
    """The estimates of `period` of `year`, when the folder holds its report (as the latest of
    that year, or kept in `luu/`); {} when not, or when that file cannot be read."""
    from kt_xh.yaml_source import read_yaml

    for path in (data_dir / f"{year}{ACTUALS_SUFFIX}",
                 data_dir / KEPT_FOLDER / f"{year}_{period}{ACTUALS_SUFFIX}"):
        if not path.is_file():
            continue
        document, problems = read_yaml(path)
        try:
            actuals = ActualsFile.model_validate(document.data if document else None)
        except ValueError:
            continue
        if not problems and actuals.ky == period:
            return {i: ind.uoc_thuc_hien for i, ind in actuals.chi_tieu.items()
                    if ind.uoc_thuc_hien is not None}
    return {}


def _plan(plan: object) -> Any:
    if isinstance(plan, PlanRange | PlanReduction | PlanGrowth):
        return plan.model_dump()
    if isinstance(plan, list):
        return [b.model_dump(exclude_defaults=True) for b in plan if isinstance(b, PlanBase)]
    return plan


def _write_new(path: Path, header: str, data: dict[str, Any]) -> None:
    text = _yaml_text(header, data, path)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)


def _yaml_text(header: str, data: dict[str, Any], path: Path) -> str:
    from ruamel.yaml import YAML

    from kt_xh.yaml_format import format_text, represent_decimal

    yaml = YAML()
    yaml.representer.add_representer(Decimal, represent_decimal)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return format_text(header + buffer.getvalue(), path)

