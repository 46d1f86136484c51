"""The one way text from data, templates or an office's document enters an XML part."""

from __future__ import annotations

import re

_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_INVALID_XML = re.compile(f"[{_INVALID}]")
"""What XML 1.0 cannot carry: C0 controls but tab, newline and carriage return; lone surrogates
(which UTF-8 cannot even encode); U+FFFE and U+FFFF."""
_NEEDS_WORK = re.compile(f"[&<>\"{_INVALID}]")


def xml_text(text: str) -> str:
    """Text for character data or a double-quoted attribute: escaped, without the characters
    XML 1.0 does not allow."""
    if not _NEEDS_WORK.search(text):
        return text
    return (_INVALID_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))
