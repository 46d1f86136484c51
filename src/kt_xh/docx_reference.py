"""The reference document: where the report's styles, page set-up and headers come from.

Like pandoc's --reference-doc: the build takes styles, page set-up and header/footer from a .docx,
finds the report's styles there by name (case-insensitively), adds the ones that are missing, and
drops the reference's body, footnotes and comments. The default reference document ships inside
the package (resources/mau_tham_chieu.docx); `python -m kt_xh.docx_reference FILE` writes it anew
from docx_styles.py, and a test keeps the shipped file equal to what the code writes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kt_xh import docx_styles
from kt_xh.docx_package import (
    APP_CT,
    CORE_CT,
    PKG_REL_NS,
    REL_TYPE,
    app_properties,
    core_properties,
    package_rels,
    zip_bytes,
)
from kt_xh.docx_styles import CM, W_NS
from kt_xh.errors import TemplateError, display_path
from kt_xh.files import MB, FileRefused, probe, read_zip
from kt_xh.xml_text import xml_text

DEFAULT_REFERENCE = Path(__file__).parent / "resources" / "mau_tham_chieu.docx"
OFFICE_REFERENCE = Path("templates") / "mau_tham_chieu.docx"
"""An office's own reference document, in the working folder beside the default template
(`ktxh init` puts a copy of the default one there): build-report uses it without --reference-doc."""
MAX_REFERENCE_BYTES = 100 * MB

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
FOOTNOTES_CT = WML + "footnotes+xml"
FOOTNOTES_PART = "word/footnotes.xml"
FOOTNOTES_REL_ID = "rIdKtxhFootnotes"
DROPPED_REL_TYPES = {REL_TYPE + t for t in ("footnotes", "comments")} | {
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
}
REPLACED_PARTS = {"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
                  "word/settings.xml", "[Content_Types].xml", "_rels/.rels"}
"""Parts the report writes anew; everything else of the reference is copied as it is."""
# settings.xml elements that come after w:footnotePr in the schema's sequence
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions",
                      "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")

A4_WIDTH, A4_HEIGHT = 11906, 16838
MARGINS = {"top": 20 * CM // 10, "bottom": 20 * CM // 10, "left": 30 * CM // 10,
           "right": 15 * CM // 10, "header": 10 * CM // 10, "footer": 10 * CM // 10, "gutter": 0}


@dataclass(frozen=True)
class Section:
    """The page set-up of the reference, from which the report's two sections are made."""

    references: str
    """The header and footer references, as XML."""
    width: int
    height: int
    margins: dict[str, int]
    title_page: bool

    def xml(self, *, landscape: bool, restart_numbering: bool) -> str:
        short, long_ = sorted((self.width, self.height))
        width, height = (long_, short) if landscape else (short, long_)
        orient = ' w:orient="landscape"' if landscape else ""
        margins = " ".join(f'w:{k}="{v}"' for k, v in self.margins.items())
        numbering = '<w:pgNumType w:start="1"/>' if restart_numbering else ""
        title = "<w:titlePg/>" if self.title_page else ""
        return (f"<w:sectPr>{self.references}<w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient}/>"
                f"<w:pgMar {margins}/>{numbering}<w:cols w:space=\"720\"/>{title}</w:sectPr>")

    def text_width(self, *, landscape: bool) -> int:
        short, long_ = sorted((self.width, self.height))
        page = long_ if landscape else short
        return page - self.margins.get("left", 0) - self.margins.get("right", 0)


@dataclass(frozen=True)
class Reference:
    """What the report takes from the reference document."""

    files: dict[str, bytes]
    """Parts copied as they are (headers, theme, fonts…)."""
    styles_xml: bytes
    settings_xml: bytes
    content_types: bytes
    document_rels: bytes
    style_ids: dict[str, str]
    """The report's style keys (docx_styles) to the style ids of this document."""
    section: Section


def reference_to_use(given: Path | None) -> Path | None:
    """The reference document a build uses: the one given with --reference-doc, else the office's
    own `templates/mau_tham_chieu.docx` when there is one (anything by that name, so that a folder
    or a broken link is reported rather than silently passed over), else None: the default."""
    if given is not None:
        return given
    return OFFICE_REFERENCE if probe(OFFICE_REFERENCE) else None


def load_reference(path: Path | None = None) -> Reference:
    """Read a reference .docx; without one, the default reference, built in memory from the same
    code that writes the shipped file (no zip to read, no XML to parse)."""
    if path is None:
        return default_reference()
    from lxml import etree

    name = display_path(path)
    try:
        entries = read_zip(path, MAX_REFERENCE_BYTES, "tài liệu tham chiếu")
    except FileRefused as refused:
        raise TemplateError(f"{name}: {refused.with_hint('Hãy chỉ đúng tệp bằng --reference-doc.')}"
                            ) from None
    if "word/document.xml" not in entries or "[Content_Types].xml" not in entries:
        raise TemplateError(f"Tài liệu tham chiếu {name} không phải là tệp Word (.docx).")
    try:
        return _reference_from(entries)
    except (etree.XMLSyntaxError, ValueError):
        raise TemplateError(f"Tài liệu tham chiếu {name} bị hỏng (XML không hợp lệ). Hãy mở và "
                            "lưu lại tệp bằng Word.") from None


def _parse(data: bytes) -> Any:
    """An XML part of the office's document: no entities resolved, no network, libxml2's own
    depth and size limits."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _reference_from(entries: dict[str, bytes]) -> Reference:
    from lxml import etree

    rels = _parse(entries.get("word/_rels/document.xml.rels",
                                        f'<Relationships xmlns="{PKG_REL_NS}"/>'.encode()))
    removed: set[str] = set()
    for rel in list(rels):
        if rel.get("Type") in DROPPED_REL_TYPES:
            target = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
            removed |= {target, _rels_of(target)}
            rels.remove(rel)
    etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id=FOOTNOTES_REL_ID,
                     Type=REL_TYPE + "footnotes", Target="footnotes.xml")
    styles, style_ids = _merge_styles(entries.get("word/styles.xml"))
    files = {name: data for name, data in entries.items()
             if name not in removed | REPLACED_PARTS and not name.startswith("docProps/")}
    return Reference(
        files=files,
        styles_xml=styles,
        settings_xml=_with_footnote_settings(entries.get("word/settings.xml")),
        content_types=_content_types(entries["[Content_Types].xml"], removed),
        document_rels=etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                     standalone=True),
        style_ids=style_ids,
        section=_section(_parse(entries["word/document.xml"])),
    )


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _merge_styles(data: bytes | None) -> tuple[bytes, dict[str, str]]:
    """The reference's styles, plus the report's styles it lacks (found by name, any case)."""
    from lxml import etree

    root = _parse(data or f'<w:styles xmlns:w="{W_NS}"/>'.encode())
    by_name: dict[str, str] = {}
    ids = set()
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId")) or ""
        ids.add(style_id)
        name = style.find(_w("name"))
        if name is not None and name.get(_w("val")):
            by_name.setdefault(name.get(_w("val")).lower(), style_id)
    style_ids: dict[str, str] = {}
    for definition in docx_styles.STYLES:
        found = by_name.get(definition.name.lower())
        if found is not None:
            style_ids[definition.key] = found
            continue
        style_id = definition.style_id
        while style_id in ids:
            style_id += "Ktxh"
        based_on = style_ids.get(definition.based_on) if definition.based_on else None
        style_xml = definition.xml(style_id, xml_text(based_on) if based_on else None)
        wrapper = etree.fromstring(f'<w:styles xmlns:w="{W_NS}">{style_xml}</w:styles>'.encode())
        root.append(wrapper[0])
        ids.add(style_id)
        style_ids[definition.key] = style_id
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), style_ids


def _with_footnote_settings(data: bytes | None) -> bytes:
    """settings.xml with the footnote separators declared, in the place the schema wants."""
    from lxml import etree

    root = _parse(data or f'<w:settings xmlns:w="{W_NS}"/>'.encode())
    for old in root.findall(_w("footnotePr")):
        root.remove(old)
    footnote_pr = etree.fromstring(f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/>'
                                   '<w:footnote w:id="0"/></w:footnotePr>'.encode())
    after = next((child for child in root
                  if isinstance(child.tag, str) and child.tag.startswith(f"{{{W_NS}}}")
                  and child.tag.split("}")[1] in _AFTER_FOOTNOTE_PR), None)
    if after is None:
        root.append(footnote_pr)
    else:
        after.addprevious(footnote_pr)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(data: bytes, removed: set[str]) -> bytes:
    from lxml import etree

    root = _parse(data)
    for override in list(root.iter(f"{{{CT_NS}}}Override")):
        part = override.get("PartName", "").lstrip("/")
        if part in removed or part.startswith("docProps/"):
            root.remove(override)
    for part, content_type in ((FOOTNOTES_PART, FOOTNOTES_CT),
                               ("docProps/core.xml", CORE_CT), ("docProps/app.xml", APP_CT),
                               ("word/document.xml", WML + "document.main+xml")):
        if not any(o.get("PartName") == f"/{part}" for o in root.iter(f"{{{CT_NS}}}Override")):
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{part}",
                             ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _section(document: Any) -> Section:
    from lxml import etree

    body = document.find(_w("body"))
    sect_pr = None if body is None else body.find(_w("sectPr"))
    if sect_pr is None:
        return Section("", A4_WIDTH, A4_HEIGHT, dict(MARGINS), True)
    references = "".join(
        etree.tostring(child, encoding="unicode").replace(f' xmlns:w="{W_NS}"', "")
        .replace(f' xmlns:r="{R_NS}"', "")
        for child in sect_pr if child.tag in (_w("headerReference"), _w("footerReference")))
    size = sect_pr.find(_w("pgSz"))
    width = int(size.get(_w("w"), A4_WIDTH)) if size is not None else A4_WIDTH
    height = int(size.get(_w("h"), A4_HEIGHT)) if size is not None else A4_HEIGHT
    margin = sect_pr.find(_w("pgMar"))
    margins = dict(MARGINS)
    if margin is not None:
        margins = {k: int(margin.get(_w(k), v)) for k, v in MARGINS.items()}
    return Section(references, width, height, margins, sect_pr.find(_w("titlePg")) is not None)


# ---------------------------------------------------------------- the default reference
_DEFAULT_REFERENCES = ('<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
                       '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>')

def _default_parts() -> dict[str, str]:
    styles = docx_styles.styles_xml()
    header_default = (
        f'<w:hdr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>')
    header_first = (f'<w:hdr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
                    "</w:p></w:hdr>")
    section = Section(_DEFAULT_REFERENCES, A4_WIDTH, A4_HEIGHT, dict(MARGINS), True)
    document = (f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:p/>'
                f"{section.xml(landscape=False, restart_numbering=False)}</w:body></w:document>")
    settings = (f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
                '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
                '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" '
                'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                '<w:themeFontLang w:val="vi-VN"/></w:settings>')
    font_table = (f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="Times New Roman">'
                  '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
                  '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')
    rels = (f'<Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rIdStyles" Type="{REL_TYPE}styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdSettings" Type="{REL_TYPE}settings" Target="settings.xml"/>'
            f'<Relationship Id="rIdFontTable" Type="{REL_TYPE}fontTable" Target="fontTable.xml"/>'
            f'<Relationship Id="rIdHeaderDefault" Type="{REL_TYPE}header" Target="header1.xml"/>'
            f'<Relationship Id="rIdHeaderFirst" Type="{REL_TYPE}header" Target="header2.xml"/>'
            "</Relationships>")
    overrides = "".join(
        f'<Override PartName="/word/{part}" ContentType="{WML}{kind}+xml"/>'
        for part, kind in (("document.xml", "document.main"), ("styles.xml", "styles"),
                           ("settings.xml", "settings"), ("fontTable.xml", "fontTable"),
                           ("header1.xml", "header"), ("header2.xml", "header")))
    overrides += (f'<Override PartName="/docProps/core.xml" ContentType="{CORE_CT}"/>'
                  f'<Override PartName="/docProps/app.xml" ContentType="{APP_CT}"/>')
    content_types = (f'<Types xmlns="{CT_NS}">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                     'package.relationships+xml"/><Default Extension="xml" '
                     f'ContentType="application/xml"/>{overrides}</Types>')
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels(),
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/settings.xml": settings,
        "word/fontTable.xml": font_table,
        "word/header1.xml": header_default,
        "word/header2.xml": header_first,
        "word/_rels/document.xml.rels": rels,
        "docProps/core.xml": core_properties("Tài liệu tham chiếu của báo cáo kinh tế - xã hội"),
        "docProps/app.xml": app_properties(),
    }
    return {k: v if v.startswith("<?xml") else declaration + v for k, v in parts.items()}


def default_reference() -> Reference:
    """The default reference, as load_reference would read it from the shipped file."""
    parts = _default_parts()
    section = Section(_DEFAULT_REFERENCES, A4_WIDTH, A4_HEIGHT, dict(MARGINS), True)
    rels = parts["word/_rels/document.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="{FOOTNOTES_REL_ID}" Type="{REL_TYPE}footnotes" '
        'Target="footnotes.xml"/></Relationships>')
    content_types = parts["[Content_Types].xml"].replace(
        "</Types>",
        f'<Override PartName="/{FOOTNOTES_PART}" ContentType="{FOOTNOTES_CT}"/></Types>')
    copied = {name: text.encode("utf-8") for name, text in parts.items()
              if name not in REPLACED_PARTS and not name.startswith("docProps/")}
    return Reference(
        files=copied,
        styles_xml=parts["word/styles.xml"].encode("utf-8"),
        settings_xml=parts["word/settings.xml"].encode("utf-8"),
        content_types=content_types.encode("utf-8"),
        document_rels=rels.encode("utf-8"),
        style_ids={style.key: style.style_id for style in docx_styles.STYLES},
        section=section,
    )


def default_reference_bytes() -> bytes:
    """The default reference document, written the same way byte for byte every time."""
    return zip_bytes({k: v.encode("utf-8") for k, v in _default_parts().items()})


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_REFERENCE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(default_reference_bytes())
    print(f"Đã ghi tài liệu tham chiếu mặc định: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
