"""Tender documents: .docx / .pdf / .odt / .txt bytes -> Document (the only place parsers are imported)."""

from procurement.documents.model import BLOCK_KINDS, Block, Document, Location, UnreadableDocument
from procurement.documents.reader import MAX_BYTES, parse
from procurement.documents.sniff import sniff

__all__ = [
    "BLOCK_KINDS",
    "MAX_BYTES",
    "Block",
    "Document",
    "Location",
    "UnreadableDocument",
    "parse",
    "sniff",
]
