"""Plain text -> raw blocks: decoding, blank-line paragraphs, heading and list lines, pipe tables."""

from __future__ import annotations

import codecs
import re

from procurement.documents.model import UnreadableDocument
from procurement.documents.sniff import looks_like_text
from procurement.documents.structure import (
    Parsed,
    RawBlock,
    ends_sentence,
    heading_level,
    is_bullet,
    is_list_item,
    is_toc_entry,
    join_lines,
    markdown_heading,
)

BINARY = (
    "Het bestand bevat binaire gegevens en is geen tekstbestand. "
    "Laad een Word-document (.docx), een PDF, een OpenDocument-tekst (.odt) of een tekstbestand op."
)

HARD_WRAP = 100  # a file whose full lines are at most this long was wrapped by hand: join its lines
_UNDERLINE = re.compile(r"^(=+|-+)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_PAGE_BREAK = "\f"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


MAX_LINES = 200_000


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM, else Windows-1252; binary data is refused."""
    if not looks_like_text(data):
        raise UnreadableDocument(BINARY)
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps them to control characters that clean-up drops.
        return "".join(
            chunk.decode("cp1252", errors="strict") if i % 2 == 0 else chunk.decode("latin-1")
            for i, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d]+)", data))
        )


def _checked(text: str) -> str:
    """Refuse text that only decoded by replacing many bytes, or that is full of control characters."""
    sample = text[: 1 << 20]
    odd = sample.count("\ufffd") + len(_CONTROL.findall(sample))
    if odd > 0.01 * max(len(sample), 1):
        raise UnreadableDocument(BINARY)
    return text


def read(data: bytes) -> Parsed:
    """Read a text file into blocks."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace(_PAGE_BREAK, "\n\n")
    lines = text.rstrip("\n").split("\n")
    notes = []
    if len(lines) > MAX_LINES:  # a bestek of 300 pages has some 15,000 lines; this is something else
        notes.append(f"Alleen de eerste {MAX_LINES:,} van de {len(lines):,} regels zijn gelezen.".replace(",", "."))
        lines = lines[:MAX_LINES]
    return Parsed(blocks=blocks_from_lines(lines), notes=notes)


def blocks_from_lines(lines: list[str]) -> list[RawBlock]:
    """Group lines into blocks: blank lines end a block; heading lines, list items and table rows stand
    alone; lines of hand-wrapped text are joined."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return []
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    wrapped = typical <= HARD_WRAP
    blocks: list[RawBlock] = []
    current: list[str] = []
    kind = "paragraph"

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(RawBlock(join_lines(current), kind))
        current = []

    stripped = [line.strip() for line in lines]
    tables = rows = 0  # the table rows met so far: a cell's row is (table, row)
    in_table = False
    for index, line in enumerate(stripped):
        following = stripped[index + 1] if index + 1 < len(stripped) else ""
        is_row = "|" in line and (" | " in line or line.startswith("|"))
        if not is_row and not _TABLE_RULE.match(line):
            in_table = False
        if not line or _UNDERLINE.match(line) and len(line) >= 3:
            flush()
            continue
        if _UNDERLINE.match(following) and len(following) >= 3:
            # A Setext heading: "Titel" over "=====" (level 1) or "-----" (level 2).
            flush()
            if is_toc_entry(line):
                blocks.append(RawBlock(line))
            else:
                blocks.append(RawBlock(line, "heading", 1 if following[0] == "=" else 2))
            continue
        if _TABLE_RULE.match(line):
            continue
        if is_row:
            flush()
            if not in_table:
                tables, rows, in_table = tables + 1, 0, True
            rows += 1
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            blocks.extend(RawBlock(cell, "table-cell", row=(tables, rows)) for cell in cells if cell)
            continue
        title = markdown_heading(line)
        level = heading_level(line)
        starts = not current or not wrapped or _could_end(current[-1], typical)
        if title is not None:
            flush()
            blocks.append(RawBlock(title, "heading", level))
            continue
        if level is not None and starts and not following[:1].islower():
            flush()
            blocks.append(RawBlock(line, "heading", level))
            continue
        if current and (is_bullet(line) or (starts and (is_list_item(line) or is_toc_entry(line)))):
            flush()
        elif current and wrapped and ends_sentence(current[-1]) and len(current[-1]) < 0.75 * typical:
            flush()
        elif current and not wrapped:
            flush()
        if not current:
            kind = "list-item" if is_list_item(line) and not is_toc_entry(line) else "paragraph"
        current.append(line)
    flush()
    return blocks


def _could_end(line: str, typical: int) -> bool:
    return ends_sentence(line) or len(line) < 0.6 * typical
