"""The template environment's review mode: figures read as attributes know their source, and what
the template prints is marked with its source notes. Used only by `build-report --ban-duyet`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jinja2 import pass_environment

from kt_xh.markup import escape_markup
from kt_xh.review_marks import Sourced, SourcedDecimal, marked_markup
from kt_xh.review_notes import ReviewNotes
from kt_xh.template_api import IndicatorView
from kt_xh.template_limits import Budget
from kt_xh.template_sandbox import BoundedSandbox

SOURCED_FIELDS = frozenset({"uoc_thuc_hien", "ke_hoach", "cung_ky", "ke_hoach_nam_sau", "tong"})


class ReviewSandbox(BoundedSandbox):
    """The same sandbox; a figure read from an indicator (`ct.x.ke_hoach`) is a `SourcedDecimal`,
    equal to the figure in every way a template can see."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if (isinstance(obj, IndicatorView) and attribute in SOURCED_FIELDS
                and type(value) is Decimal):
            return SourcedDecimal.of(value, obj.ma, attribute)
        return value


def review_finalize(to_text: Callable[[Any], str], review: ReviewNotes, budget: Budget
                    ) -> Callable[[Any, Any], str]:
    """The environment's finalize in review mode: as in normal mode, with the sourced pieces of a
    printed value marked."""

    @pass_environment
    def finalize(_: Any, value: Any) -> str:
        text = to_text(value)
        if isinstance(value, Sourced):
            return budget.emit(marked_markup(text, value.spans))
        escaped = escape_markup(text)
        if isinstance(value, SourcedDecimal):
            return budget.emit(review.printed_figure(value, text, escaped))
        return budget.emit(escaped)

    return finalize
