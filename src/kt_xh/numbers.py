"""Decimal arithmetic and the Vietnamese way of writing numbers.

`4.148` is four thousand one hundred and forty-eight, `271,2` is two hundred and seventy-one point
two. Every figure is a `Decimal`; rounding is half-up, as the reports round (71,45 -> 71,5).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

# Enough digits for any ratio of two figures the model admits (|x| < 10**15, 6 decimals).
_CONTEXT = Context(prec=40)

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero (the reports' rule)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)


def decimals_of(value: Decimal) -> int:
    """How many decimals the figure was written with (`27.85` -> 2, `28` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def ratio_percent(a: Decimal, b: Decimal) -> Decimal | None:
    """a / b x 100, unrounded; missing when b is zero."""
    if b == 0:
        return None
    return _CONTEXT.divide(_CONTEXT.multiply(a, HUNDRED), b)


def subtract(a: Decimal, b: Decimal) -> Decimal:
    return _CONTEXT.subtract(a, b)


def format_number(value: Decimal, places: int | None = None, *, zero_pad: bool = False) -> str:
    """`Decimal("4148")` -> `4.148`, `Decimal("2698.05")` -> `2.698,05`.

    With `places` the value is rounded half-up to that many decimals; without, it is written with
    the decimals it has. `zero_pad` gives counts below 10 a leading zero (`03`), as prose does.
    """
    if places is not None:
        value = round_half_up(value, places)
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    if zero_pad and not fraction and len(whole) == 1:
        whole = "0" + whole
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    body = ".".join(reversed(groups))
    return f"{sign}{body},{fraction}" if fraction else f"{sign}{body}"


_VN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def parse_vietnamese_number(text: str) -> Decimal:
    """`"4.148"` -> 4148, `"271,2"` -> 271.2, `"2.698,05"` -> 2698.05.

    Dots group thousands (each group exactly three digits), a comma separates decimals. Anything
    else (`"4.14"`, `"1,234.5"`, `"12 345"`) raises ValueError: a figure must never be guessed.
    """
    candidate = text.strip()
    if not _VN_NUMBER.match(candidate):
        raise ValueError(text)
    try:
        return Decimal(candidate.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise ValueError(text) from exc


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def spoken(value: Decimal) -> str:
    """A number as it is read aloud in Vietnamese: 1318 -> `một nghìn ba trăm mười tám`,
    4148,5 -> `bốn nghìn một trăm bốn mươi tám phẩy năm` (decimals digit by digit)."""
    text = format(abs(value).normalize(), "f")
    whole, _, fraction = text.partition(".")
    words = [] if value >= 0 else ["âm"]
    words.append(_spoken_whole(int(whole)))
    if fraction:
        words.append("phẩy " + " ".join(_DIGITS[int(d)] for d in fraction))
    return " ".join(words)


def _spoken_whole(number: int) -> str:
    if number == 0:
        return _DIGITS[0]
    groups: list[int] = []
    rest = number
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append(group)
    if len(groups) > len(_GROUPS):
        return str(number)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        leading = index == len(groups) - 1
        words.append(_spoken_group(group, leading))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def _spoken_group(group: int, leading: bool) -> str:
    """Three digits: `ba trăm mười tám`; inside a number, `không trăm linh năm` (1.005)."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_DIGITS[units]]
        return " ".join(words)
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)
