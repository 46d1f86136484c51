"""Starting a new office's repository (`ktxh init`) and rolling the data into a new year
(`ktxh new-year`). Neither ever overwrites a file."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kt_xh.docx_reference import DEFAULT_REFERENCE
from kt_xh.errors import KtxhError, display_path
from kt_xh.loading import ACTUALS_SUFFIX, TARGETS_SUFFIX, find_data_files, load_report
from kt_xh.model import Indicator, PlanBase, PlanRange, PlanReduction, Target
from kt_xh.schema import SCHEMAS, schema_text

SCAFFOLD = Path(__file__).parent / "scaffold"
LEVELS = {"thành phố": "Thành", "thị xã": "Thị", "huyện": "Huyện", "quận": "Quận"}
_UNIT_PREFIX = re.compile(r"^\s*(ủy ban nhân dân|ubnd)\s+", re.I)


class ProjectError(KtxhError):
    """A project file would be overwritten, or the data cannot be rolled forward."""

    exit_code = 1


@dataclass(frozen=True)
class Unit:
    level: str
    """`huyện`, `thành phố`…"""
    place: str

    @classmethod
    def parse(cls, text: str) -> Unit:
        """`Ủy ban nhân dân huyện Tam Đường`, `UBND huyện Tam Đường` or `huyện Tam Đường`."""
        rest = _UNIT_PREFIX.sub("", text.strip())
        for level in sorted(LEVELS, key=len, reverse=True):
            if rest.lower().startswith(level + " "):
                return cls(level, rest[len(level):].strip())
        return cls("huyện", rest)

    def replacements(self, year: int) -> dict[str, str]:
        return {
            "__NAM_SAU__": str(year + 1), "__NAM_TRUOC__": str(year - 1), "__NAM__": str(year),
            "__CO_QUAN__": f"{self.level} {self.place}".upper(),
            "__TEN_GOI_TAT__": f"UBND {self.level} {self.place}",
            "__DIA_DANH__": self.place, "__CAP_VIET_TAT__": LEVELS[self.level],
            "__CAP__": self.level,
        }


def _fill(text: str, replacements: dict[str, str]) -> str:
    for token, value in replacements.items():
        text = text.replace(token, value)
    return text


def init_project(folder: Path, unit_text: str, year: int | None = None) -> list[Path]:
    """A new office's repository: example data, template, schema, reference document, hooks, CI
    and a README. Refuses to overwrite any file."""
    year = year or dt.date.today().year
    unit = Unit.parse(unit_text)
    replacements = unit.replacements(year)
    files: dict[Path, bytes] = {
        Path("data") / f"{year}{ACTUALS_SUFFIX}": _scaffold("actuals.yaml", replacements),
        Path("data") / f"{year + 1}{TARGETS_SUFFIX}": _scaffold("targets.yaml", replacements),
        Path("templates") / "bao_cao.docx.j2": _scaffold("bao_cao.docx.j2", replacements),
        Path("templates") / "mau_tham_chieu.docx": DEFAULT_REFERENCE.read_bytes(),
        Path("README.md"): _scaffold("README.md", replacements),
        Path(".gitattributes"): _scaffold("gitattributes", replacements),
        Path(".gitignore"): _scaffold("gitignore", replacements),
        Path(".pre-commit-config.yaml"): _scaffold("pre-commit-config.yaml", replacements),
        Path(".github") / "workflows" / "ktxh.yml": _scaffold("github-workflow.yml",
                                                             replacements),
        **{Path("schema") / name: schema_text(name).encode() for name in SCHEMAS},
    }
    existing = [p for p in files if (folder / p).exists()]
    if existing:
        raise ProjectError(f"Thư mục {display_path(folder)} đã có {existing[0]}: ktxh init không ghi "
                           "đè tệp nào. Hãy chọn một thư mục trống.")
    written = []
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


def _scaffold(name: str, replacements: dict[str, str]) -> bytes:
    return _fill((SCAFFOLD / name).read_text(encoding="utf-8"), replacements).encode("utf-8")


# ---------------------------------------------------------------- new year
CARRIED = ("ten", "don_vi_tinh", "loai", "chieu", "thap_phan", "thap_phan_so_sanh", "nhom",
           "chu_yeu", "tong")
"""What an indicator keeps into the new year; its figures are rolled, its notes start afresh."""


def new_year(data_dir: Path, year: int) -> list[Path]:
    """Roll the data into `year`: last year's targets become the plan, last year's estimates
    become `cung_ky` (flagged as estimates until the actuals are confirmed). Writes
    `<year>_actuals.yaml` and an empty `<year + 1>_targets.yaml`; never overwrites."""
    actuals_path, _ = find_data_files(data_dir)
    loaded = load_report(data_dir)
    report = loaded.report
    if report.year != year - 1:
        raise ProjectError(f"Số liệu mới nhất trong {display_path(data_dir)} là năm {report.year}; "
                           f"chỉ chuyển được sang năm {report.year + 1}.")
    new_actuals = data_dir / f"{year}{ACTUALS_SUFFIX}"
    new_targets = data_dir / f"{year + 1}{TARGETS_SUFFIX}"
    for path in (new_actuals, new_targets):
        if path.exists():
            raise ProjectError(f"Tệp {display_path(path)} đã có: ktxh new-year không ghi đè tệp "
                               "nào.")
    unit = report.unit.model_dump(mode="json", exclude_none=True,
                                  exclude={"so_van_ban", "ngay_ban_hanh", "ky_hop"})
    indicators = {i: _rolled(ind, report.targets.get(i)) for i, ind in report.indicators.items()}
    header = (f"# yaml-language-server: $schema=../schema/actuals.schema.json\n"
              f"# Số liệu năm {year}, tạo bằng 'ktxh new-year {year}' từ {actuals_path.name}.\n"
              f"# Kế hoạch lấy từ kế hoạch năm {year}; cùng kỳ lấy từ số ƯỚC thực hiện năm "
              f"{year - 1} (cung_ky_la_uoc: true):\n# khi có số thực hiện chính thức, sửa số "
              "cùng kỳ và xóa dòng cung_ky_la_uoc.\n\n")
    main = [i for i, ind in report.indicators.items() if ind.chu_yeu is not None]
    targets_header = (f"# yaml-language-server: $schema=../schema/targets.schema.json\n"
                      f"# Kế hoạch năm {year + 1}. Các chỉ tiêu chủ yếu cần có kế hoạch: "
                      f"{', '.join(main) or 'không có'}.\n\n")
    _write_new(new_actuals, header, {"nam": year, "don_vi": unit, "chi_tieu": indicators})
    _write_new(new_targets, targets_header, {"nam": year + 1, "chi_tieu": {}})
    return [new_actuals, new_targets]


def _rolled(indicator: Indicator, target: Target | None) -> dict[str, Any]:
    rolled = {k: getattr(indicator, k) for k in CARRIED if getattr(indicator, k) is not None}
    if indicator.thap_phan_so_sanh == 0:
        rolled.pop("thap_phan_so_sanh", None)
    if indicator.loai == "gia_tri":
        rolled.pop("loai")
    if indicator.chieu == "tang_la_tot":
        rolled.pop("chieu")
    if target is not None and target.tong is not None:
        rolled["tong"] = target.tong
    if indicator.uoc_thuc_hien is not None:
        rolled["cung_ky"] = indicator.uoc_thuc_hien
        rolled["cung_ky_la_uoc"] = True
    if target is not None:
        rolled["ke_hoach"] = _plan(target.ke_hoach)
        if target.tien_to:
            rolled["tien_to"] = {"ke_hoach": target.tien_to}
    if indicator.thanh_phan:
        breakdowns = [b.model_dump(exclude_defaults=True) for b in indicator.thanh_phan]
        full_only = len(breakdowns) == 1 and set(breakdowns[0]) == {"gom"}
        rolled["thanh_phan"] = breakdowns[0]["gom"] if full_only else breakdowns
    if indicator.nguong_bien_dong is not None:
        rolled["nguong_bien_dong"] = indicator.nguong_bien_dong
    return rolled


def _plan(plan: object) -> Any:
    if isinstance(plan, PlanRange | PlanReduction):
        return plan.model_dump()
    if isinstance(plan, list):
        return [b.model_dump(exclude_defaults=True) for b in plan if isinstance(b, PlanBase)]
    return plan


def _write_new(path: Path, header: str, data: dict[str, Any]) -> None:
    from ruamel.yaml import YAML

    from kt_xh.yaml_format import format_text, represent_decimal

    yaml = YAML()
    yaml.representer.add_representer(Decimal, represent_decimal)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = format_text(header + buffer.getvalue(), path)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)

