"""The levels of local government and the words that follow from a unit's level.

Since 1 July 2025 there are two levels: the province (tỉnh) and the commune (xã, phường, đặc khu).
The district levels (huyện, thị xã, thành phố thuộc tỉnh) stay for earlier years' data. From the
level and the place name (`cap: xa`, `ten: Tân Phong`) follow the header block (`ỦY BAN NHÂN DÂN` /
`XÃ TÂN PHONG`), the short name (`UBND xã Tân Phong`), the council (`HĐND xã Tân Phong`) and the
session line; a unit that writes them itself keeps its own.
"""

from __future__ import annotations

import re
from typing import Literal

Level = Literal["xa", "phuong", "dac_khu", "tinh", "huyen", "thi_xa", "thanh_pho"]

LEVEL_WORDS: dict[str, str] = {
    "xa": "xã", "phuong": "phường", "dac_khu": "đặc khu", "tinh": "tỉnh",
    "huyen": "huyện", "thi_xa": "thị xã", "thanh_pho": "thành phố",
}
"""Each level's code in the data and its generic word in the report."""

COMMUNE_LEVELS = ("xa", "phuong", "dac_khu")
ISSUER = "ỦY BAN NHÂN DÂN"
_SHORT_NAME = re.compile(r"^\s*(?:UBND|Ủy ban nhân dân)\s+(.+)$", re.I)


def word(level: str) -> str:
    """`xa` -> `xã`."""
    return LEVEL_WORDS[level]


def full_name(level: str, place: str) -> str:
    """`xã Tân Phong`."""
    return f"{word(level)} {place}"


def issuer_lines(level: str, place: str) -> list[str]:
    """The header block: `['ỦY BAN NHÂN DÂN', 'XÃ TÂN PHONG']`."""
    return [ISSUER, full_name(level, place).upper()]


def short_name(level: str, place: str) -> str:
    """`UBND xã Tân Phong`."""
    return f"UBND {full_name(level, place)}"


def council(level: str, place: str) -> str:
    """`HĐND xã Tân Phong`."""
    return f"HĐND {full_name(level, place)}"


def session_line(level: str, place: str) -> str:
    """The session line when the data does not give it: the number of the session and the term
    are the council's own and are not guessed."""
    return f"Trình kỳ họp {council(level, place)}"


def inferred(short: str) -> tuple[str, str] | None:
    """The level and place of a short name written by hand, `UBND thành phố Lai Châu` ->
    (`thanh_pho`, `Lai Châu`); None when it names no level."""
    match = _SHORT_NAME.match(short)
    if match is None:
        return None
    rest = match.group(1).strip()
    for level, generic in sorted(LEVEL_WORDS.items(), key=lambda item: -len(item[1])):
        if rest.lower().startswith(generic + " ") and rest[len(generic):].strip():
            return level, rest[len(generic):].strip()
    return None
