"""Invisible marks that carry a figure's source from the template to the review copy's comments.

In review mode (`ktxh build-report --ban-duyet`) a helper's result is a `Sourced` string: the text
it prints and, for each piece of it that comes from the data, the id of a source note. When the
template prints it, the piece is wrapped in private-use characters, `MARK_OPEN id MARK_ID_END`
piece `MARK_CLOSE`, which `markup.parse(..., review=...)` turns into annotated runs. A figure read
as an attribute (`ct.x.tong`) is a `SourcedDecimal` that knows its indicator and field.

Nothing here runs in normal mode. A template or data text cannot forge a mark: the build refuses a
review copy when the normal report's text holds one of these characters, and the parser keeps a
note only where the marked text is exactly the text its helper printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kt_xh.markup import escape_markup

MARK_OPEN = "\ue000"
MARK_ID_END = "\ue001"
MARK_CLOSE = "\ue002"
MARK_CHARS = MARK_OPEN + MARK_ID_END + MARK_CLOSE
_ANY_MARK = re.compile(f"[{MARK_CHARS}]")
_MARK = re.compile(f"{MARK_OPEN}[0-9]*{MARK_ID_END}|{MARK_CLOSE}")

Span = tuple[int, int, int]
"""(start, end, note id) of a piece of a `Sourced` text."""


class Sourced(str):
    """A helper's text with the pieces that come from the data and their notes. Equal to the
    plain text in every way a template can see; joining or filtering it gives plain text."""

    spans: tuple[Span, ...]

    def __new__(cls, text: str, spans: tuple[Span, ...]) -> Sourced:
        value = super().__new__(cls, text)
        value.spans = spans
        return value


class SourcedDecimal(Decimal):
    """A figure read from an indicator view (`ct.x.ke_hoach`): the number and where it is."""

    __slots__ = ("field", "indicator")
    indicator: str
    field: str

    @classmethod
    def of(cls, value: Decimal, indicator: str, field: str) -> SourcedDecimal:
        sourced = cls(value)
        sourced.indicator = indicator
        sourced.field = field
        return sourced


def mark(text: str, note: int) -> str:
    """Markup text (already escaped) wrapped in the marks of one note."""
    return f"{MARK_OPEN}{note}{MARK_ID_END}{text}{MARK_CLOSE}"


def marked_markup(text: str, spans: tuple[Span, ...]) -> str:
    """A `Sourced` text as markup: each piece escaped, the sourced pieces marked."""
    out: list[str] = []
    position = 0
    for start, end, note in spans:
        out.append(escape_markup(text[position:start]))
        out.append(mark(escape_markup(text[start:end]), note))
        position = end
    out.append(escape_markup(text[position:]))
    return "".join(out)


def has_marks(text: str) -> bool:
    return _ANY_MARK.search(text) is not None


def first_mark_line(text: str) -> int:
    found = _ANY_MARK.search(text)
    return 0 if found is None else text.count("\n", 0, found.start()) + 1


def strip_marks(text: str) -> str:
    """The text without its marks: what the normal report prints."""
    return _MARK.sub("", text)


def spans_of(text: str, pieces: list[tuple[str, int]]) -> tuple[Span, ...]:
    """Where each (piece, note) stands in `text`, in order; a piece not found gets no span."""
    spans: list[Span] = []
    position = 0
    for piece, note in pieces:
        start = text.find(piece, position) if piece else -1
        if start < 0:
            continue
        spans.append((start, start + len(piece), note))
        position = start + len(piece)
    return tuple(spans)
