"""What a template can reach and call is a closed list, and every render is bounded.

The walk starts from the context a template gets and follows every attribute the sandbox lets
through, every item, and the result of every documented helper on every indicator: it fails on
any value outside the list of plain types and view classes, so a new attribute that leaks a
model or a method cannot land unnoticed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from jinja2 import Undefined
from pydantic import BaseModel

from kt_xh import template_helpers, template_limits, template_sandbox
from kt_xh.errors import TemplateError
from kt_xh.loading import load_report
from kt_xh.template_api import (
    AssessmentView,
    IndicatorSet,
    IndicatorView,
    MergedView,
    Missing,
    PeriodView,
    RollUpView,
    SignerView,
    UnitView,
    build_context,
)
from kt_xh.template_env import FILTERS, _Recorder, make_environment, render_source

from conftest import SHIPPED_DATA

REPORT = load_report(SHIPPED_DATA).report
PLAIN = (str, int, bool, Decimal, type(None))
VIEWS = (IndicatorView, IndicatorSet, UnitView, SignerView, AssessmentView, PeriodView,
         MergedView, RollUpView, Missing)
DOCUMENTED = {
    IndicatorView: {"ma", "ten", "don_vi_tinh", "chu_yeu", "loai", "chieu", "uoc_thuc_hien",
                    "ke_hoach", "cung_ky", "ke_hoach_nam_sau", "tong", "co_ke_hoach",
                    "trang_thai", "dat_ke_hoach_chua", "so_don_vi_bao_cao", "so_don_vi_dat",
                    "don_vi_dat"},
    UnitView: {"ten_goi_tat", "co_quan_chu_quan", "co_quan_ban_hanh", "ky_hieu", "so_van_ban",
               "dia_danh", "ngay_ban_hanh", "ky_hop", "nguoi_ky", "noi_nhan", "cap", "ten",
               "ten_day_du", "hdnd"},
    SignerView: {"tham_quyen", "chuc_vu", "ho_ten"},
    AssessmentView: {"dat", "khong_dat", "chua_danh_gia"},
    PeriodView: {"ma", "ten", "ten_ngan", "ca_nam", "cung_ky", "tu_ngay", "den_ngay"},
    MergedView: {"don_vi", "chu_thich"},
    RollUpView: {"cap_duoi", "don_vi", "bo_qua", "so_don_vi"},
    IndicatorSet: set(),
    Missing: set(),
}
"""The list, written out here (not read from the code) so that widening it is a visible change."""
SUMMARY_HELPERS = ("dat_tren_tong", "so_dat", "so_khong_dat", "so_chi_tieu")
"""The helpers applied to `danh_gia` or a list of indicators rather than to one indicator."""


TEXT_HELPERS = {"giu_lien"}


def reachable(context: dict[str, Any]) -> list[Any]:
    environment = make_environment(_Recorder())
    seen: dict[int, Any] = {}
    pending = list(context.values())
    while pending:
        value = pending.pop()
        if id(value) in seen:
            continue
        seen[id(value)] = value
        if isinstance(value, tuple | list | IndicatorSet):
            pending.extend(value)
        if isinstance(value, VIEWS):
            for name in sorted(DOCUMENTED[type(value)]):
                pending.append(environment.getattr(value, name))
        if isinstance(value, IndicatorView):  # giu_lien takes text, never an indicator
            pending.extend(helper(value) for name, helper in FILTERS.items()
                           if name not in SUMMARY_HELPERS and name not in TEXT_HELPERS)
        if isinstance(value, AssessmentView):
            pending.extend(FILTERS[name](value) for name in SUMMARY_HELPERS)
            pending.extend(FILTERS[name](value.dat) for name in SUMMARY_HELPERS)
    return list(seen.values())


def test_everything_reachable_is_a_plain_value_or_a_listed_view() -> None:
    values = reachable(build_context(REPORT))
    strays = [v for v in values if not isinstance(v, PLAIN + VIEWS + (tuple,))]
    assert not strays, strays[:5]
    assert not any(isinstance(v, BaseModel | dt.date) or callable(v) for v in values)
    kinds = {type(v) for v in values}
    assert {IndicatorView, UnitView, SignerView, AssessmentView, Decimal, str} <= kinds


def test_every_attribute_off_the_list_is_refused() -> None:
    environment = make_environment(_Recorder())
    for value in reachable(build_context(REPORT)):
        if not isinstance(value, VIEWS):
            continue
        public = {n for n in dir(value) if not n.startswith("__")}
        for name in public - DOCUMENTED[type(value)]:
            got = environment.getattr(value, name)
            by_id = isinstance(value, IndicatorSet) and isinstance(got, IndicatorView)
            assert isinstance(got, Undefined) or by_id, (type(value).__name__, name)


def test_the_summary_helpers_are_the_listed_ones() -> None:
    assert template_helpers.SUMMARY_HELPERS == SUMMARY_HELPERS


def test_the_sandbox_lists_exactly_the_documented_attributes() -> None:
    for view, names in DOCUMENTED.items():
        assert template_sandbox.ALLOWED_ATTRIBUTES[view] == names, view.__name__


def test_the_guide_names_every_attribute() -> None:
    guide = (SHIPPED_DATA.parent / "docs" / "huong_dan_mau_bao_cao.md").read_text(encoding="utf-8")
    for names in DOCUMENTED.values():
        for name in names:
            assert f"`{name}`" in guide or f".{name}" in guide, name


def render(source: str) -> str:
    return render_source(source, "mau.j2", REPORT).text


HOSTILE = [
    # code: pydantic's parse_raw unpickles; raw() took any attribute name
    ("{{ don_vi.parse_raw('x', proto='pickle', allow_pickle=True) }}", "parse_raw"),
    ("{{ ct.tong_muc_ban_le.raw('parse_raw') }}", "không có trường 'raw'"),
    ("{{ ct.tong_muc_ban_le.raw('__init__') }}", "không có trường 'raw'"),
    ("{{ ct.tong_muc_ban_le['_indicator'] }}", "không có trường '_indicator'"),
    ("{{ ct | map(attribute='_indicator') | join }}", "không có trường '_indicator'"),
    ("{{ ''.__class__.__mro__ }}", "danh sách được phép"),
    ("{{ '{:>999999999}'.format(1) }}", "danh sách được phép"),
    ("{% set d = {'a': 1} %}{{ d.pop('a') }}", "danh sách được phép"),
    ("{% include 'data/2023_actuals.yaml' %}", "không được nạp tệp khác"),
    ("{{ lipsum(n=10**6) }}", "tên 'lipsum' không có"),
    ("{{ cycler(1, 2) }}", "tên 'cycler' không có"),
    # runaway work
    ("{{ 'x' * 10**9 }}", "chuỗi chữ quá dài"),
    ("{{ ([1] * 10**9) | length }}", "danh sách quá dài"),
    ("{{ '%999999999d' % 1 }}", "không dùng '%'"),
    ("{{ 2 ** 100000 }}", "số quá lớn"),
    ("{{ range(10**9) | length }}", "range() quá lớn"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
     "quá 2.000.000 lượt"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "quá 40 cấp"),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "quá 40 cấp"),
    ("{% set ns = namespace(s='x' * 1000) %}{% for i in range(30) %}{% set ns.s = ns.s ~ ns.s "
     "%}{% endfor %}".strip(), "chuỗi chữ quá dài"),
    ("{{ ('a' * 100000) | replace('a', 'a' * 100000) }}", "chuỗi chữ quá dài"),
    ("{{ (['a' * 100000] * 100) | join }}", "chuỗi chữ quá dài"),
    ("{% filter upper %}{% for i in range(5000) %}{{ 'x' * 1000 }}{% endfor %}{% endfilter %}",
     "chuỗi chữ quá dài"),
    # output that would not be the same bytes twice, or English
    ("{{ ct }}", "không in trực tiếp"),
    ("{{ ct.tong_muc_ban_le }}", "không in trực tiếp chỉ tiêu"),
    ("{{ danh_gia.khong_dat }}", "không in trực tiếp"),
    ("{{ self }}", "không in được"),
    ("{{ ct.tong_muc_ban_le.co_ke_hoach }}", "đúng/sai"),
    ("{{ ct.tong_muc_ban_le.uoc_thuc_hien | float }}", "không có bộ lọc 'float'"),
    ("{{ ct.tong_muc_ban_le.uoc_thuc_hien | round }}", "không có bộ lọc 'round'"),
    ("{{ ct.tong_muc_ban_le.uoc_thuc_hien ** 100000 }}", "số quá lớn"),
    # Python's view of an object through a string filter; work that never pauses for the clock
    ("{{ ct.tong_muc_ban_le | lower }}", "chỉ dùng cho chữ"),
    ("{{ don_vi | trim }}", "chỉ dùng cho chữ"),
    ("{{ [ct.tong_muc_ban_le] | map('upper') | join }}", "chỉ dùng cho chữ"),
    ("{% set a = 'a' * 1000 %}{% set l = [a] * 100000 %}{{ (a ~ 'b') in l }}",
     "phép 'in' trên một danh sách quá lớn"),
    ("{% for i in [1] %}" * 17 + "x" + "{% endfor %}" * 17, "lồng nhau quá 16 cấp"),
]


@pytest.mark.parametrize(("source", "message"), HOSTILE)
def test_hostile_templates_are_refused_with_the_line(source: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render("dòng một\n" + source)
    assert message in caught.value.detail
    assert caught.value.line == 2


def test_a_template_cannot_change_the_data() -> None:
    before = REPORT.indicators["tong_muc_ban_le"].model_dump()
    with pytest.raises(TemplateError):
        render("{{ ct.tong_muc_ban_le.raw('__init__')(ten='x') }}")
    assert REPORT.indicators["tong_muc_ban_le"].model_dump() == before


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ nam / 4 }}", "505,75"),
    ("{{ 1.5 }}", "1,5"),
    ("{{ 'Năm ' ~ nam ~ ': ' ~ ct.tong_muc_ban_le.uoc_thuc_hien }}", "Năm 2023: 4.148"),
    ("{{ don_vi.ten_goi_tat | upper }}", "UBND THÀNH PHỐ LAI CHÂU"),
    ("{{ don_vi.co_quan_ban_hanh | join(' ') }}", "ỦY BAN NHÂN DÂN THÀNH PHỐ LAI CHÂU"),
    ("{% for x in danh_gia.khong_dat %}{{ loop.index }}{{ loop.cycle('a', 'b') }}"
     "{% if not loop.last %} {% endif %}{% endfor %}",
     "1a 2b 3a 4b"),
    ("{{ danh_gia.khong_dat | map(attribute='ma') | join(', ') }}",
     "thu_ngan_sach_dia_ban, truong_chuan_quoc_gia, truong_chuan_muc_2, dao_tao_nghe"),
    ("{% macro m(x) %}({{ x }}){% endmacro %}{{ m(nam) }}", "(2023)"),
    ("{{ [ct.tong_muc_ban_le.uoc_thuc_hien, ct.tong_muc_ban_le.cung_ky] | sum }}", "7.598"),
])
def test_what_a_template_may_do(source: str, expected: str) -> None:
    assert render(source) == expected


def test_a_missing_signer_name_is_a_missing_figure() -> None:
    result = render_source("{{ don_vi.nguoi_ky.ho_ten }}", "mau.j2", REPORT)
    assert result.missing == [(1, "họ tên người ký (nguoi_ky)")]


def test_the_watchdog_stops_work_that_never_asks_the_clock() -> None:
    import time

    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"quá 0\.1 giây"), template_limits.watchdog(0.1):
        while True:
            pass
    assert time.monotonic() - started < 5


def test_a_runaway_render_stops_at_its_deadline() -> None:
    environment = make_environment(_Recorder(), template_limits.Budget(seconds=0.2))
    template = environment.from_string(
        "{% for i in range(10000) %}{% for j in range(150) %}{{ i }}{% endfor %}{% endfor %}")
    with pytest.raises(TemplateError, match=r"quá 0\.2 giây"):
        template.render(build_context(REPORT))
