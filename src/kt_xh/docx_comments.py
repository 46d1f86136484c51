"""Word comments (ECMA-376 Part 1, 17.13.4): the comments part and the ranges that anchor them.

Used by the review copy only (`build-report --ban-duyet`). In the body a comment is anchored by
`<w:commentRangeStart w:id/>` … `<w:commentRangeEnd w:id/>` followed by a run holding
`<w:commentReference w:id/>`; the comment itself, in word/comments.xml, has an author and initials
and no date, so the same data give the same bytes. The part is related from the document and
declared in [Content_Types].xml.
"""

from __future__ import annotations

from collections.abc import Sequence

from kt_xh.docx_package import PKG_REL_NS, REL_TYPE
from kt_xh.docx_styles import W_NS
from kt_xh.xml_text import xml_text

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_PART = "word/comments.xml"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL_ID = "rIdKtxhComments"
AUTHOR = "ktxh"
INITIALS = "KT"


class Comments:
    """Collects the comments of a document in the order of their anchors."""

    def __init__(self) -> None:
        self._comments: list[str] = []

    def __len__(self) -> int:
        return len(self._comments)

    def anchor(self, content: str, paragraphs: Sequence[str]) -> str:
        """`content` (run XML) inside the range of a new comment holding `paragraphs`."""
        comment_id = len(self._comments)
        body = "".join(
            f"<w:p>{'<w:r><w:annotationRef/></w:r>' if index == 0 else ''}"
            f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p>'
            for index, text in enumerate(paragraphs))
        self._comments.append(f'<w:comment w:id="{comment_id}" w:author="{AUTHOR}" '
                              f'w:initials="{INITIALS}">{body}</w:comment>')
        return (f'<w:commentRangeStart w:id="{comment_id}"/>{content}'
                f'<w:commentRangeEnd w:id="{comment_id}"/>'
                f'<w:r><w:commentReference w:id="{comment_id}"/></w:r>')

    def part(self) -> str:
        return f'{DECLARATION}<w:comments xmlns:w="{W_NS}">{"".join(self._comments)}</w:comments>'


def with_comments(parts: dict[str, bytes], comments: Comments) -> None:
    """Add the comments part, its relationship and its content type to a package's parts."""
    from lxml import etree

    parts[COMMENTS_PART] = comments.part().encode("utf-8")
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id=COMMENTS_REL_ID,
                     Type=REL_TYPE + "comments", Target="comments.xml")
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{COMMENTS_PART}",
                     ContentType=COMMENTS_CT)
    for name, root in (("word/_rels/document.xml.rels", rels), ("[Content_Types].xml", types)):
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
