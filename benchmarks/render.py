"""Bestek-like documents as parts (headings, paragraphs, numbered lists, tables) and their .docx / .pdf bytes."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import docx
from docx.shared import Pt

from tests.documents.pdfmaker import Line, make_pdf

PDF_WIDTH = 90  # characters on a wrapped PDF line
PDF_BODY_HEIGHT = 640.0  # points of text a page holds between the header and the footer
HYPHEN_MIN = 8  # words at least this long are hyphenated at a line end
_SPLITTABLE = re.compile(r"^([A-Za-zÀ-ÿ]+)([,.;:)]*)$")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2  # 0 = the title of the document


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class NumberedList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header


Part = Heading | Paragraph | NumberedList | Table


def block_texts(part: Part) -> list[str]:
    """The texts the parser will see as blocks for this part (one per paragraph, item or cell)."""
    if isinstance(part, Heading | Paragraph):
        return [part.text]
    if isinstance(part, NumberedList):
        return list(part.items)
    return [cell for row in part.rows for cell in row if cell]


def plain_text(parts: Iterable[Part]) -> str:
    return "\n".join(text for part in parts for text in block_texts(part))


# --- .docx -------------------------------------------------------------------------------------------------


def to_docx(parts: Sequence[Part], header: str | None = None) -> bytes:
    """A Word document: Heading styles, List Number items, Table Grid tables, an optional page header."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    if header:
        section = document.sections[0]
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = "Pagina 1"
    for part in parts:
        if isinstance(part, Heading):
            document.add_heading(part.text, level=part.level)
        elif isinstance(part, Paragraph):
            document.add_paragraph(part.text)
        elif isinstance(part, NumberedList):
            for item in part.items:
                document.add_paragraph(item, style="List Number")
        else:
            columns = max(len(row) for row in part.rows)
            table = document.add_table(rows=len(part.rows), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(part.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- .pdf --------------------------------------------------------------------------------------------------


def wrap(text: str, width: int = PDF_WIDTH, hyphenate: bool = True) -> list[str]:
    """Wrap at `width` characters; a long word that does not fit is hyphenated across the line end."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
            continue
        match = _SPLITTABLE.match(word)
        room = width - len(current) - 2  # a space and the hyphen
        if hyphenate and current and match and len(match.group(1)) >= HYPHEN_MIN and room >= 3:
            core = match.group(1)
            cut = min(room, len(core) - 3)
            if cut >= 3:
                lines.append(f"{current} {core[:cut]}-")
                current = core[cut:] + match.group(2)
                continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def pdf_lines(parts: Sequence[Part]) -> list[Line]:
    """The lines of the document, in order: bold headings, wrapped paragraphs, numbered items, table rows."""
    lines: list[Line] = []
    number = 0
    for part in parts:
        if isinstance(part, Heading):
            size = {0: 16.0, 1: 14.0, 2: 12.0}.get(part.level, 11.0)
            for k, text in enumerate(wrap(part.text, 70, hyphenate=False)):
                lines.append(Line(text, size=size, bold=True, gap=1.0 if k == 0 else 0.0))
            number = 0
        elif isinstance(part, Paragraph):
            for k, text in enumerate(wrap(part.text)):
                lines.append(Line(text, gap=0.7 if k == 0 else 0.0))
        elif isinstance(part, NumberedList):
            for item in part.items:
                number += 1
                for k, text in enumerate(wrap(f"{number}. {item}", PDF_WIDTH - 4)):
                    lines.append(Line(text, x=72.0 if k == 0 else 84.0, gap=0.4 if k == 0 else 0.0))
        else:
            for k, row in enumerate(part.rows):
                text = "    ".join(cell for cell in row if cell)
                for j, piece in enumerate(wrap(text, PDF_WIDTH, hyphenate=False)):
                    lines.append(Line(piece, bold=k == 0, gap=0.7 if k == 0 and j == 0 else 0.0))
    return lines


def paginate(lines: Sequence[Line]) -> list[list[str | Line]]:
    pages: list[list[str | Line]] = [[]]
    used = 0.0
    for line in lines:
        height = line.size * 1.25 * (1.0 + line.gap)
        if used + height > PDF_BODY_HEIGHT and pages[-1]:
            pages.append([])
            used = 0.0
            line = Line(line.text, size=line.size, bold=line.bold, x=line.x, gap=0.0)
            height = line.size * 1.25
        pages[-1].append(line)
        used += height
    return pages


def pdf_safe(text: str) -> str:
    """Text the base-14 fonts can show (cp1252): "≤" -> "<=", "CO₂" -> "CO2" (as the matcher folds them)."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(_PDF_REPLACEMENTS.get(ch) or unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode(
                "cp1252") or " ")
    return "".join(out)


_PDF_REPLACEMENTS = {"≤": "<=", "≥": ">=", "−": "-", "‑": "-", "→": "->", "≈": "~"}


def to_pdf(parts: Sequence[Part], header: str) -> bytes:
    """A PDF with wrapped, hyphenated lines and the same header and page footer on every page."""
    lines = [replace(line, text=pdf_safe(line.text)) for line in pdf_lines(parts)]
    return make_pdf(paginate(lines), header=header, footer="Pagina {page} van {pages}")
