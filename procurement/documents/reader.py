"""parse(): bytes -> Document, the format chosen by the bytes; every failure is one UnreadableDocument."""

from __future__ import annotations

import importlib
import logging
import math
import os

from procurement.documents.model import Document, UnreadableDocument
from procurement.documents.sniff import FORMAT_NAMES, describe, sniff
from procurement.documents.structure import Parsed, assemble

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024

EMPTY = "Het bestand is leeg."
# Parser modules are imported on first use, so that importing the model (as the matcher does) does not load
# pdfium, python-docx or lxml.
_PARSERS = {
    "docx": "procurement.documents.docx",
    "pdf": "procurement.documents.pdf",
    "odt": "procurement.documents.odt",
    "txt": "procurement.documents.text",
}
_EXTENSIONS = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".pdf": "pdf", ".odt": "odt", ".txt": "txt"}
_NO_TEXT = {
    "docx": "Het Word-document bevat geen tekst.",
    "pdf": "Het PDF-bestand bevat geen tekst; is het een scan? "
    "Laad het oorspronkelijke Word-document op, of een PDF met herkende tekst (OCR).",
    "odt": "Het OpenDocument-bestand (.odt) bevat geen tekst.",
    "txt": "Het tekstbestand bevat geen tekst.",
}


def parse(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a tender document. The bytes decide the format (magic numbers), never the file name.

    Raises UnreadableDocument with a Dutch reason for empty, oversized, damaged, encrypted, scanned or
    unsupported files; no library exception escapes.
    """
    if not data:
        raise UnreadableDocument(EMPTY)
    if len(data) > max_bytes:
        raise UnreadableDocument(
            f"Het bestand is te groot ({_megabytes(len(data))} MB); "
            f"de grens is {_megabytes(max_bytes)} MB. Laad het document zonder bijlagen of afbeeldingen op."
        )
    fmt = sniff(data)
    if fmt is None:
        log.info("unsupported file refused (%d bytes)", len(data))
        raise UnreadableDocument(describe(data))
    parsed = _run(fmt, data)
    blocks = assemble(parsed.blocks)
    if not blocks:
        raise UnreadableDocument(_NO_TEXT[fmt])
    notes = list(parsed.notes)
    named = _EXTENSIONS.get(os.path.splitext(filename)[1].lower())
    if named is not None and named != fmt:
        notes.insert(
            0,
            f"De bestandsnaam doet {FORMAT_NAMES[named]} vermoeden, maar de inhoud is {FORMAT_NAMES[fmt]}; "
            "het bestand is volgens de inhoud gelezen.",
        )
    log.info("parsed %s: %d blocks, %s pages", fmt, len(blocks), parsed.pages)
    return Document(
        filename=filename,
        format=fmt,
        blocks=blocks,
        furniture=tuple(parsed.furniture),
        pages=parsed.pages,
        notes=tuple(notes),
    )


def _run(fmt: str, data: bytes) -> Parsed:
    module = importlib.import_module(_PARSERS[fmt])
    try:
        parsed: Parsed = module.read(data)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a parser library failed on this file: one readable reason for the user
        # The exception text may quote the document, so only its type is logged.
        log.warning("%s parser failed: %s", fmt, type(exc).__name__)
        raise UnreadableDocument(getattr(module, "DAMAGED", None) or _damaged(fmt)) from exc
    return parsed


def _damaged(fmt: str) -> str:
    return (
        f"Het bestand is {FORMAT_NAMES[fmt]} maar kan niet worden gelezen; het is beschadigd of onvolledig."
    )


def _megabytes(size: int) -> str:
    """Dutch notation, rounded up to a tenth so that a file just over the limit does not read as equal."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"
