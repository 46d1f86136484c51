"""What a sentence of the report may claim about an indicator, and whether the data agrees.

A template says a status or a direction in one of two ways:

- **producing the words from the data**: a Jinja test picks the sentence that is true,
  `{% if ct.thu_ngan_sach_dia_ban is khong_dat %}… không đạt kế hoạch{% endif %}`;
- **stating a claim next to hand-written prose**: `{{ ct.ty_le_ho_ngheo | khang_dinh('giam') }}`
  prints nothing and records that the sentence holds only while the poverty rate fell; `check`
  reports a claim the data contradicts as an error with the template line, and `build-report`
  refuses to write the report unless the office acknowledged the finding.

Each claim reads the entry's comparisons as the report prints them, so a claim and the phrase a
helper writes for it can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kt_xh.compute import Comparison, Status
from kt_xh.domain import Entry
from kt_xh.errors import TemplateError
from kt_xh.template_api import IndicatorView
from kt_xh.template_helpers import view_of
from kt_xh.template_lines import running_line


def _score(comparison: Comparison | None) -> Decimal | None:
    return None if comparison is None else comparison.score


def _status_is(*wanted: Status) -> Callable[[Entry], bool | None]:
    def holds(entry: Entry) -> bool | None:
        return None if entry.status is None else entry.status in wanted

    return holds


def _moved(comparison: Callable[[Entry], Comparison | None], sign: int
           ) -> Callable[[Entry], bool | None]:
    def holds(entry: Entry) -> bool | None:
        score = _score(comparison(entry))
        return None if score is None else (score > 0 if sign > 0 else score < 0)

    return holds


@dataclass(frozen=True)
class ClaimKind:
    name: str
    says: str
    """What the sentence says, completing 'chỉ tiêu …': `không đạt kế hoạch`."""
    holds: Callable[[Entry], bool | None]
    """True or False from the data; None when the data cannot say (a figure is missing)."""


CLAIMS: dict[str, ClaimKind] = {claim.name: claim for claim in (
    ClaimKind("dat", "đạt hoặc vượt kế hoạch", _status_is(Status.DAT, Status.VUOT)),
    ClaimKind("vuot", "vượt kế hoạch", _status_is(Status.VUOT)),
    ClaimKind("khong_dat", "không đạt kế hoạch", _status_is(Status.KHONG_DAT)),
    ClaimKind("tang", "tăng so với cùng kỳ", _moved(lambda e: e.against_last_year, +1)),
    ClaimKind("giam", "giảm so với cùng kỳ", _moved(lambda e: e.against_last_year, -1)),
    ClaimKind("muc_tieu_tang", "có kế hoạch năm sau cao hơn ước thực hiện",
              _moved(lambda e: e.next_against_estimate, +1)),
    ClaimKind("muc_tieu_giam", "có kế hoạch năm sau thấp hơn ước thực hiện",
              _moved(lambda e: e.next_against_estimate, -1)),
)}


@dataclass(frozen=True)
class Claim:
    """A claim a template line states about an indicator, and what the data says of it."""

    line: int
    indicator: str
    name: str
    holds: bool | None

    @property
    def kind(self) -> ClaimKind:
        return CLAIMS[self.name]


def what_the_data_says(entry: Entry, previous_year: int) -> str:
    """The indicator's status and change, in the report's words, for a message."""
    from kt_xh import wording

    return wording.summary_phrase(entry, previous_year) or "không đủ số liệu để đánh giá"


def _entry_of(value: Any, what: str) -> IndicatorView:
    return view_of(value, what, f"{{% if ct.thu_ngan_sach_dia_ban is {what} %}}")


def _kind(name: Any) -> ClaimKind:
    kind = CLAIMS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise TemplateError(f"không có nhận định '{name}'; chọn một trong: "
                            f"{', '.join(CLAIMS)}.")
    return kind


def claim_tests(missing: list[tuple[int, str]]) -> dict[str, Callable[[Any], bool]]:
    """The Jinja tests `is dat`, `is khong_dat`, `is tang`…: they choose the true sentence. A
    status the data cannot give is recorded as a missing figure (check fails on it) and is
    false, so no sentence claims it."""

    def test_for(kind: ClaimKind) -> Callable[[Any], bool]:
        def test(value: Any) -> bool:
            view = _entry_of(value, kind.name)
            holds = kind.holds(view._entry)
            if holds is None:
                missing.append((running_line(), f"số liệu để biết '{view.ten}' ({view.ma}) "
                                                 f"{kind.says} hay không"))
            return bool(holds)

        return test

    return {name: test_for(kind) for name, kind in CLAIMS.items()}


def claim_filter(claims: list[Claim], mark: Callable[[Claim], str] | None = None
                 ) -> Callable[..., str]:
    """`{{ ct.x | khang_dinh('khong_dat') }}`: prints nothing, records what the sentence claims.
    In the review copy, `mark` puts a comment on the claim (an empty, marked piece of text)."""

    def khang_dinh(value: Any, *names: Any) -> str:
        view = _entry_of(value, "khang_dinh")
        if not names:
            raise TemplateError(f"'khang_dinh' cần nhận định; chọn trong: {', '.join(CLAIMS)}.")
        line = running_line()
        marks = []
        for name in names:
            kind = _kind(name)
            claims.append(Claim(line, view.ma, kind.name, kind.holds(view._entry)))
            marks.append(mark(claims[-1]) if mark is not None else "")
        return "".join(marks)

    return khang_dinh


def claim_message(claim: Claim, entry: Entry, previous_year: int) -> str:
    name = entry.indicator.ten
    if claim.holds is None:
        return (f"câu khẳng định '{name}' ({claim.indicator}) {claim.kind.says}, nhưng số liệu "
                "không đủ để kiểm.")
    return (f"câu khẳng định '{name}' ({claim.indicator}) {claim.kind.says}, nhưng số liệu cho "
            f"thấy: {what_the_data_says(entry, previous_year)}.")
