from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_xh.numbers import (
    decimals_of,
    format_number,
    parse_vietnamese_number,
    round_half_up,
    spoken,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("4148", None, "4.148"),
        ("271.2", None, "271,2"),
        ("2698.05", None, "2.698,05"),
        ("517929", None, "517.929"),
        ("1234567.5", None, "1.234.567,5"),
        ("999", None, "999"),
        ("0.28", None, "0,28"),
        ("-1234.5", None, "-1.234,5"),
        ("71.45", 1, "71,5"),  # half-up, never banker's
        ("71.35", 1, "71,4"),
        ("2.5", 0, "3"),
        ("3.5", 0, "4"),
        ("-2.5", 0, "-3"),  # halves away from zero: "giảm 3%"
        ("-0.04", 1, "0,0"),  # no "-0"
        ("112.108", 0, "112"),
        ("28", 2, "28,00"),
    ],
)
def test_format_number(value: str, places: int | None, expected: str) -> None:
    assert format_number(Decimal(value), places) == expected


def test_zero_pad_counts_below_ten() -> None:
    assert format_number(Decimal(3), zero_pad=True) == "03"
    assert format_number(Decimal(12), zero_pad=True) == "12"
    assert format_number(Decimal("3.5"), zero_pad=True) == "3,5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4.148", "4148"), ("271,2", "271.2"), ("2.698,05", "2698.05"), ("517.929", "517929"),
     ("1.234.567", "1234567"), ("42", "42"), ("-0,25", "-0.25"), (" 10,4 ", "10.4")],
)
def test_parse_vietnamese_number(text: str, expected: str) -> None:
    assert parse_vietnamese_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["4.14", "1,234.5", "12 345", "4148.", "abc", "", "1.2345",
                                  "NaN", "1e5", "1.234,5,6"])
def test_parse_rejects_what_it_cannot_read_unambiguously(text: str) -> None:
    with pytest.raises(ValueError):
        parse_vietnamese_number(text)


def test_decimals_of_keeps_what_was_written() -> None:
    assert decimals_of(Decimal("27.85")) == 2
    assert decimals_of(Decimal("28")) == 0
    assert decimals_of(Decimal("28.0")) == 1
    assert decimals_of(Decimal("1E+2")) == 0  # a hundred in exponent form has no decimals


figures = st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=None,
                      allow_nan=False, allow_infinity=False).filter(
    lambda d: decimals_of(d) <= 6)


@given(figures)
def test_format_then_parse_gives_the_same_number(value: Decimal) -> None:
    assert parse_vietnamese_number(format_number(value)) == value


@given(figures, st.integers(min_value=0, max_value=4))
def test_format_at_precision_then_parse_gives_the_rounded_number(value: Decimal, places: int
                                                                 ) -> None:
    assert parse_vietnamese_number(format_number(value, places)) == round_half_up(value, places)


@pytest.mark.parametrize(("text", "words"), [
    ("1318", "một nghìn ba trăm mười tám"),
    ("4148", "bốn nghìn một trăm bốn mươi tám"),
    ("3450", "ba nghìn bốn trăm năm mươi"),
    ("1005", "một nghìn không trăm linh năm"),
    ("47000", "bốn mươi bảy nghìn"),
    ("21", "hai mươi mốt"),
    ("11", "mười một"),  # "mốt" only after "mươi"
    ("0", "không"),
    ("0.5", "không phẩy năm"),
    ("-3", "âm ba"),
    ("1000000000000000", "một triệu tỷ"),
    ("115", "một trăm mười lăm"),
    ("2500000", "hai triệu năm trăm nghìn"),
    ("4148.5", "bốn nghìn một trăm bốn mươi tám phẩy năm"),
])
def test_a_number_read_aloud(text: str, words: str) -> None:
    assert spoken(Decimal(text)) == words
