"""File types from their bytes: which parser reads them, or a Dutch sentence on why none can."""

from __future__ import annotations

import io
import zipfile

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

FORMAT_NAMES = {
    "docx": "een Word-document (.docx)",
    "pdf": "een PDF-bestand",
    "odt": "een OpenDocument-tekst (.odt)",
    "txt": "een tekstbestand",
}

# Bytes other than tab, line feed, carriage return and form feed that do not occur in text.
CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
MAX_CONTROL_RATIO = 0.01

_SUPPORTED = "Laad een Word-document (.docx), een PDF, een OpenDocument-tekst (.odt) of een tekstbestand op."


def sniff(data: bytes) -> str | None:
    """The format to read `data` as: "pdf", "docx", "odt" or "txt"; None when it is none of these."""
    if data.startswith(ZIP_MAGIC):
        kind = _zip_kind(data)
        return kind if kind in ("docx", "odt") else None
    if data.startswith(OLE_MAGIC):
        return None
    head = data[:1024]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(PDF_MAGIC):
        return "pdf"
    if PDF_MAGIC in head and not looks_like_text(head):
        return "pdf"  # readers accept binary junk before the header, as long as it is in the first 1024 bytes
    if looks_like_text(data) and _markup(data) is None:
        return "txt"
    return None


def describe(data: bytes) -> str:
    """A Dutch sentence saying what `data` seems to be and why it cannot be read (for sniff() == None)."""
    if data.startswith(OLE_MAGIC):
        return _ole_reason(data)
    if data.startswith(ZIP_MAGIC):
        kind = _zip_kind(data)
        what = {
            "xlsx": "een Excel-rekenblad (.xlsx)",
            "pptx": "een PowerPoint-presentatie (.pptx)",
            "ods": "een OpenDocument-rekenblad (.ods)",
            "odp": "een OpenDocument-presentatie (.odp)",
            "opendocument": "een OpenDocument-bestand maar geen tekstdocument",
            "epub": "een e-boek (.epub)",
            "damaged": "een beschadigd of onvolledig ZIP-bestand",
        }.get(kind, "een ZIP-archief")
        return f"Het bestand is {what}, geen tekstdocument. {_SUPPORTED}"
    image = _image_kind(data)
    if image:
        return (
            f"Het bestand is een afbeelding ({image}), geen tekstdocument. Is het een scan? "
            "Laad het oorspronkelijke document op, of een PDF met herkende tekst (OCR)."
        )
    markup = _markup(data)
    if markup:
        return f"Het bestand is {markup}. Sla het in Word op als .docx of als PDF en laad dat op."
    return (
        "Het bestand is geen document dat we kunnen lezen; het lijkt binaire gegevens te bevatten. "
        + _SUPPORTED
    )


def looks_like_text(data: bytes) -> bool:
    """True unless the bytes hold NUL bytes or more than 1% other control characters (a BOM may precede)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return len(data) % 2 == 0
    sample = data[: 1 << 20]
    if b"\x00" in sample:
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls <= MAX_CONTROL_RATIO * len(sample)


def _zip_kind(data: bytes) -> str:
    """The kind of a ZIP container by its member names: docx, odt, xlsx, pptx, ods, odp, epub, zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").strip()
    except Exception:  # zipfile and zlib raise many kinds of errors on damaged archives
        # A damaged archive: fall back on the names in the local headers, so a truncated .docx is
        # reported as a damaged Word document rather than as random bytes.
        if b"word/document.xml" in data or data[30:49] == b"[Content_Types].xml":
            return "docx"
        if data[30:38] == b"mimetype" and data[38 : 38 + len(ODT_MIMETYPE)] == ODT_MIMETYPE:
            return "odt"
        return "damaged"
    if "word/document.xml" in names:
        return "docx"
    if mimetype == ODT_MIMETYPE:
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        suffix = mimetype.rsplit(b".", 1)[-1]
        return {b"spreadsheet": "ods", b"presentation": "odp"}.get(suffix, "opendocument")
    if mimetype == b"application/epub+zip":
        return "epub"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        return "pptx"
    return "zip"


def _ole_reason(data: bytes) -> str:
    """OLE compound files: an encrypted Office file (password) or an old binary .doc/.xls/.ppt."""
    names = data[: 1 << 20]
    if "EncryptionInfo".encode("utf-16-le") in names or "EncryptedPackage".encode("utf-16-le") in names:
        return (
            "Het bestand is met een wachtwoord versleuteld. Open het in Word en sla het op als .docx "
            "zonder wachtwoord."
        )
    if "WordDocument".encode("utf-16-le") in names:
        return (
            "Het bestand is in het oude .doc-formaat (Word 97-2003). "
            "Open het in Word en sla het op als .docx."
        )
    return "Het bestand is versleuteld of in het oude .doc-formaat; sla het op als .docx zonder wachtwoord."


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    return None


def _markup(data: bytes) -> str | None:
    """Text files we should not read as plain text: RTF and web pages."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "een RTF-bestand"
    if head.startswith((b"<!doctype html", b"<html")):
        return "een webpagina (HTML)"
    if head.startswith(b"<?xml") and b"<w:worddocument" in data[:4096].lower():
        return "een Word-XML-bestand (Word 2003)"
    return None
