"""Where a line may not break: inside the fixed word pairs of the report's vocabulary.

A title that wraps inside `kinh tế` or starts a line with `- an ninh` reads badly. The writer joins
these pairs with non-breaking spaces in headings and the subject line; a template can do the same
in any sentence with the helper `giu_lien`. A hyphen between two non-breaking spaces cannot start
or end a line either, so `kinh tế - xã hội` stays whole.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_SPACE = r"[ \u00a0]+"
_WORD_PAIRS = ("kinh tế", "xã hội", "quốc phòng", "an ninh", "tỷ đồng", "triệu đồng",
               "nghìn đồng")
_PAIR = re.compile(
    r"\b(?:" + "|".join(pair.replace(" ", _SPACE) for pair in _WORD_PAIRS) + r")\b",
    re.IGNORECASE)
_DASH_BETWEEN_PAIRS = re.compile(
    r"\b((?:kinh|quốc)\u00a0(?:tế|phòng))" + _SPACE + "([-–])" + _SPACE
    + r"((?:xã|an)\u00a0(?:hội|ninh))\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(năm)" + _SPACE + r"(\d{4})\b", re.IGNORECASE)
_NUMBER_AND_UNIT = re.compile(r"(?<![\w.,/-])(\d[\d.,]*\d|\d)" + _SPACE + r"(?=[^\W\d_]|%|‰)")


def keep_together(text: str) -> str:
    """`text` with non-breaking spaces inside `kinh tế - xã hội`, `quốc phòng - an ninh`,
    `kinh tế`, `xã hội`, `năm 2023` and a number and the word after it (its unit)."""
    text = _PAIR.sub(lambda match: re.sub(_SPACE, NBSP, match.group()), text)
    text = _DASH_BETWEEN_PAIRS.sub(lambda m: NBSP.join(m.groups()), text)
    text = _YEAR.sub(lambda m: NBSP.join(m.groups()), text)
    return _NUMBER_AND_UNIT.sub(lambda m: m.group(1) + NBSP, text)
