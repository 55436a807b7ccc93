"""The parsed form of a tender document: text blocks in reading order, each with its location."""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = ("paragraph", "heading", "list-item", "table-cell")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block stands: the nearest section heading, its 1-based block number, the PDF page."""

    section: str | None
    paragraph: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of body text: a paragraph, a heading, a list item or one table cell."""

    text: str
    kind: str
    location: Location
    level: int | None = None  # heading level (1 = top), None for other kinds
    row: tuple[int, int] | None = None  # a table cell's (table, row), both from 1, tables numbered in the document


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: body blocks in reading order; headers and footers apart."""

    filename: str
    format: str  # "docx" | "pdf" | "odt" | "txt"
    blocks: tuple[Block, ...]
    furniture: tuple[str, ...] = field(default=())  # header / footer texts, not matched
    pages: int | None = None
    notes: tuple[str, ...] = field(default=())  # Dutch remarks for the user: what was left out or guessed

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


class UnreadableDocument(Exception):
    """A file that cannot be read as a tender document; `reason` is a Dutch sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
