"""Real bestekken for the annotation tests, and what Word does with tracked changes (accept, reject), in lxml."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import docx
from docx.oxml.ns import qn
from docx.shared import Pt

CPV_CLEANING = "CPV-code: 90910000-9 (Reinigingsdiensten)."
ILO_FULL = (
    "De opdrachtnemer verbindt zich ertoe de basisverdragen van de Internationale Arbeidsorganisatie (IAO) na te "
    "leven: het verbod op dwangarbeid (nr. 29 en 105), de vrijheid van vereniging en het recht op collectief "
    "onderhandelen (nr. 87 en 98), gelijke beloning en geen discriminatie (nr. 100 en 111) en het verbod op "
    "kinderarbeid (nr. 138 en 182). Dit geldt voor de hele toeleveringsketen, ook voor zijn onderaannemers en "
    "leveranciers."
)
ILO_PARTIAL = (
    "De opdrachtnemer verbindt zich ertoe de basisverdragen van de Internationale Arbeidsorganisatie (IAO) na te "
    "leven: het verbod op dwangarbeid (nr. 29 en 105) en het verbod op kinderarbeid (nr. 138 en 182)."
)
ILO = "hr-ilo-core-conventions"
HEADER, FOOTER = "Stad Gent – Bestek 2026/042", "Bestek schoonmaak – vertrouwelijk"


def png(width: int = 4, height: int = 2) -> bytes:
    """A small grey PNG (the city's logo, as far as a test is concerned)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def bestek(*, ilo: str = ILO_FULL, award: bool = True, ilo_in_table: bool = False) -> bytes:
    """A cleaning bestek as a city writes it: a logo, title, numbered headings, a list, a table, header and footer.

    `award=False` leaves out the award-criteria part (its clauses then need a new part at the end).
    """
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    document.add_picture(io.BytesIO(png()))
    document.add_heading("Bestek voor de schoonmaak van stadsgebouwen", level=0)
    document.add_heading("1. Voorwerp van de opdracht", level=1)
    document.add_paragraph("Deze opdracht betreft de schoonmaak van de stadsgebouwen.")
    document.add_paragraph(CPV_CLEANING)
    document.add_heading("2. Kwalitatieve selectie", level=1)
    document.add_paragraph("De inschrijver voegt een uittreksel uit het strafregister toe.")
    document.add_heading("3. Technische specificaties", level=1)
    document.add_heading("3.1 Frequentie", level=2)
    for item in ("Kantoren: dagelijks.", "Sanitair: twee keer per dag.", "Ramen: elk kwartaal."):
        document.add_paragraph(item, style="List Number")
    table = document.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Nr.", "Omschrijving", "Bewijsmiddel"), strict=True):
        cell.text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = ilo if ilo_in_table else "Dagelijkse reiniging van de vloeren."
    table.cell(1, 2).text = "Verklaring op erewoord"
    if award:
        document.add_heading("4. Gunningscriteria", level=1)
        document.add_paragraph("Prijs (60 punten) en kwaliteit van het schoonmaakplan (40 punten).")
    document.add_heading("5. Uitvoeringsvoorwaarden", level=1)
    if not ilo_in_table:
        paragraph = document.add_paragraph()
        first, rest = ilo.split(": ", 1)
        paragraph.add_run(first + ": ").bold = True  # a clause in several runs, as Word writes it
        paragraph.add_run(rest)
    document.add_paragraph("De opdrachtnemer voert de prestaties uit volgens het schoonmaakplan.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def accept_all(data: bytes) -> bytes:
    """Every tracked change accepted, as Word does it: insertions kept (their wrappers gone), deletions dropped."""
    return _resolve(data, keep="w:ins", drop="w:del")


def reject_all(data: bytes) -> bytes:
    """Every tracked change rejected: insertions dropped (paragraphs whose mark was inserted too)."""
    return _resolve(data, keep="w:del", drop="w:ins")


def _resolve(data: bytes, *, keep: str, drop: str) -> bytes:
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    for mark in list(body.iter(qn(drop))):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag == qn("w:rPr") and parent.getparent().tag == qn("w:pPr"):  # the paragraph mark itself
            paragraph = parent.getparent().getparent()
            if drop == "w:ins" and paragraph.getparent() is not None:
                paragraph.getparent().remove(paragraph)
            continue
        parent.remove(mark)
    for mark in list(body.iter(qn(keep))):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag == qn("w:rPr"):
            parent.remove(mark)
            continue
        for child in list(mark):
            mark.addprevious(child)
        parent.remove(mark)
    for text in body.iter(qn("w:delText")):  # a kept deletion shows its text again
        text.tag = qn("w:t")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraph_texts(data: bytes) -> list[str]:
    """The text of every paragraph of the body in document order, table cells included."""
    document = docx.Document(io.BytesIO(data))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
