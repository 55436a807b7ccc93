"""Real .docx / .odt / zip files for tests: python-docx, and raw XML where python-docx has no API."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def new_docx() -> DocxDocument:
    return docx.Document()


def add_xml(document: DocxDocument, xml: str) -> None:
    """Append body-level WordprocessingML (elements with the `w:` prefix) before the section properties."""
    wrapper = parse_xml(f'<w:body {nsdecls("w", "r", "wp")} xmlns:mc="{MC_NS}">{xml}</w:body>')
    body = document.element.body
    for child in list(wrapper):
        if body.sectPr is not None:
            body.sectPr.addprevious(child)
        else:
            body.append(child)


def docx_bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def simple_docx(*paragraphs: str) -> bytes:
    document = new_docx()
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def zip_bytes(members: dict[str, bytes], *, first_stored: str | None = None) -> bytes:
    """A ZIP archive; `first_stored` names a member written first and uncompressed (ODF's mimetype)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored is not None:
            archive.writestr(zipfile.ZipInfo(first_stored), members[first_stored], zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first_stored:
                archive.writestr(name, data)
    return out.getvalue()


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def odt_bytes(
    body: str, *, header: str = "", footer: str = "", manifest_extra: str = "", prolog: str = ""
) -> bytes:
    """An .odt package whose office:text holds `body`; header and footer go in the master page."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {ODT_NS} office:version="1.3">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS} office:version="1.3">'
        '<office:master-styles><style:master-page style:name="Standard">'
        f"<style:header><text:p>{header}</text:p></style:header>"
        f"<style:footer><text:p>{footer}</text:p></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{manifest_extra}"
        "</manifest:file-entry></manifest:manifest>"
    )
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": content.encode(),
            "styles.xml": styles.encode(),
            "META-INF/manifest.xml": manifest.encode(),
        },
        first_stored="mimetype",
    )


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same ZIP archive with one member's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def zip_bomb(size: int) -> bytes:
    """A docx-like archive whose word/document.xml inflates to `size` bytes of zeros, written in chunks."""
    out = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def understate_size(data: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s size in the central directory set to `declared`: a lying header."""
    archive = bytearray(data)
    end = archive.rfind(b"PK\x05\x06")
    count = int.from_bytes(archive[end + 10 : end + 12], "little")
    offset = int.from_bytes(archive[end + 16 : end + 20], "little")
    for _ in range(count):
        name_length = int.from_bytes(archive[offset + 28 : offset + 30], "little")
        extra_length = int.from_bytes(archive[offset + 30 : offset + 32], "little")
        comment_length = int.from_bytes(archive[offset + 32 : offset + 34], "little")
        if archive[offset + 46 : offset + 46 + name_length] == name.encode():
            archive[offset + 24 : offset + 28] = declared.to_bytes(4, "little")
        offset += 46 + name_length + extra_length + comment_length
    return bytes(archive)
