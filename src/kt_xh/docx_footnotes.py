"""Real Word footnotes (ECMA-376 Part 1, 17.11): the footnotes part and the references to it.

The part starts with the two special notes Word expects (separator -1, continuation separator 0);
each note's first paragraph opens with a FootnoteReference run holding <w:footnoteRef/>, the number
at the foot of the page. In the body, a FootnoteReference run holds <w:footnoteReference w:id/>.
Word numbers notes in the order of their references; ids only need to be unique.
"""

from __future__ import annotations

from collections.abc import Sequence

from kt_xh.docx_styles import W_NS

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote>'
)


class Footnotes:
    """Collects the notes of a document in the order of their references."""

    def __init__(self, text_style: str, reference_style: str) -> None:
        self._text_style = text_style
        self._reference_style = reference_style
        self._notes: list[str] = []

    def __len__(self) -> int:
        return len(self._notes)

    def add(self, paragraphs: Sequence[str]) -> str:
        """Add a note whose paragraphs are given as run XML; returns the reference run."""
        note_id = len(self._notes) + 1
        marker = (f'<w:r><w:rPr><w:rStyle w:val="{self._reference_style}"/></w:rPr>'
                  "<w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>")
        body = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{self._text_style}"/></w:pPr>'
            f"{marker if index == 0 else ''}{runs}</w:p>"
            for index, runs in enumerate(paragraphs))
        self._notes.append(f'<w:footnote w:id="{note_id}">{body}</w:footnote>')
        return (f'<w:r><w:rPr><w:rStyle w:val="{self._reference_style}"/></w:rPr>'
                f'<w:footnoteReference w:id="{note_id}"/></w:r>')

    def part(self) -> str:
        return (f'{DECLARATION}<w:footnotes xmlns:w="{W_NS}">{SEPARATORS}'
                f'{"".join(self._notes)}</w:footnotes>')

