"""parse(): bytes -> Document, the format chosen by the bytes; every failure is one UnreadableDocument."""

from __future__ import annotations

import importlib
import logging
import math
import os

from procurement.documents.model import Document, UnreadableDocument
from procurement.documents.sniff import FORMAT_NAMES, describe, sniff
from procurement.documents.structure import Parsed, RawBlock, assemble

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
# What the matcher reads of one document at most: a bestek of 300 pages has some 3,000 blocks and 1,000,000
# characters; more is cut off, with a note.
MAX_BLOCKS = 50_000
MAX_CHARS = 5_000_000
TOO_COMPLEX = "Het bestand is te groot of te complex om te controleren: "
# libxml2's refusals of a pathological tree (python-docx parses without huge_tree): what they mean in Dutch
_XML_LIMITS = {
    "excessive depth": "de XML is dieper dan 256 niveaus genest.",
    "huge": "de XML bevat een tekstblok van meer dan 10 MB.",
    "memory allocation failed": None,  # out of memory: handled as MemoryError
}

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
    raw, cut = cap(parsed.blocks)
    blocks = assemble(raw)
    if not blocks:
        raise UnreadableDocument(_NO_TEXT[fmt])
    notes = list(parsed.notes) + cut
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
    except (UnreadableDocument, MemoryError):
        raise
    except Exception as exc:  # a parser library failed on this file: one readable reason for the user
        _refuse_xml_limit(exc)
        # The exception text may quote the document, so only its type is logged.
        log.warning("%s parser failed: %s", fmt, type(exc).__name__)
        raise UnreadableDocument(getattr(module, "DAMAGED", None) or _damaged(fmt)) from exc
    return parsed


def cap(raw: list[RawBlock]) -> tuple[list[RawBlock], list[str]]:
    """The first MAX_BLOCKS blocks and MAX_CHARS characters, and a Dutch note when anything was cut."""
    notes = []
    if len(raw) > MAX_BLOCKS:
        notes.append(
            f"Het document is te lang om volledig te controleren: alleen de eerste {_count(MAX_BLOCKS)} van de "
            f"{_count(len(raw))} tekstblokken zijn gelezen; wat daarna komt, is niet gecontroleerd."
        )
        raw = raw[:MAX_BLOCKS]
    total = 0
    for index, block in enumerate(raw):
        total += len(block.text)
        if total > MAX_CHARS:
            kept = raw[:index]
            rest = MAX_CHARS - (total - len(block.text))
            if rest > 0:
                kept.append(RawBlock(block.text[:rest], block.kind, block.level, block.page))
            everything = total + sum(len(b.text) for b in raw[index + 1 :])
            notes.append(
                f"Het document is te lang om volledig te controleren: alleen de eerste {_count(MAX_CHARS)} van de "
                f"{_count(everything)} tekens zijn gelezen; wat daarna komt, is niet gecontroleerd."
            )
            return kept, notes
    return raw, notes


def _refuse_xml_limit(exc: Exception) -> None:
    """A libxml2 limit reached is not damage: say which, or raise MemoryError when memory ran out."""
    text = str(exc).lower()
    if "insufficient memory" in text or "out of memory" in text:  # zlib, pdfium
        raise MemoryError from exc
    if type(exc).__name__ != "XMLSyntaxError":
        return
    for cue, reason in _XML_LIMITS.items():
        if cue in text:
            if reason is None:
                raise MemoryError from exc
            raise UnreadableDocument(TOO_COMPLEX + reason) from exc


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _damaged(fmt: str) -> str:
    return (
        f"Het bestand is {FORMAT_NAMES[fmt]} maar kan niet worden gelezen; het is beschadigd of onvolledig."
    )


def _megabytes(size: int) -> str:
    """Dutch notation, rounded up to a tenth so that a file just over the limit does not read as equal."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"
