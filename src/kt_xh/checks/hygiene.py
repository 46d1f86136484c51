"""What makes a text unclean, for the data files and the template alike (rule
van-ban-chua-chuan): decomposed letters, doubled spaces, `%o` typed for `‰`."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

NFD_MESSAGE = "Chữ ở dòng này được gõ ở dạng tổ hợp (NFD)"
NFD_HINT = "Hãy lưu tệp với chữ dựng sẵn (NFC) để tìm kiếm và so sánh đúng."


def is_decomposed(line: str) -> bool:
    return not unicodedata.is_normalized("NFC", line)


def unclean(text: str) -> Iterator[tuple[str, str]]:
    """(what is wrong, what to do) for each fault of a piece of text."""
    if "  " in text.strip():
        shown = text.strip()[:60]
        yield f"Có hai dấu cách liền nhau trong '{shown}'.", "Hãy bỏ bớt một dấu cách."
    if "%o" in text:
        yield "Viết '%o' thay cho ký hiệu phần nghìn.", "Hãy dùng '‰'."
