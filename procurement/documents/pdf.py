"""PDF -> raw blocks: text lines from pdfium, page furniture dropped, paragraphs and headings rebuilt.

This module reads (pdfium, one document at a time; the Dutch refusals of damaged, protected and scanned
files); `pdf_layout` turns the lines into blocks (furniture, paragraphs, headings).
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
import threading
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from procurement.documents.model import UnreadableDocument
from procurement.documents.pdf_layout import Line, drop_furniture, paragraphs
from procurement.documents.structure import Parsed

log = logging.getLogger(__name__)

MAX_PAGES = 2000

DAMAGED = (
    "Het PDF-bestand is beschadigd of onvolledig en kan niet worden geopend. "
    "Maak de PDF opnieuw aan (bijvoorbeeld via 'Opslaan als PDF' in Word) en laad hem nog eens op."
)
PASSWORD = (
    "Het PDF-bestand is met een wachtwoord beveiligd. "
    "Sla het op zonder wachtwoord (of laad het Word-document op) en probeer opnieuw."
)
SECURITY = (
    "Het PDF-bestand is beveiligd met een methode die we niet kunnen openen. "
    "Sla het op zonder beveiliging en probeer opnieuw."
)
PAGE_TREE = (
    "Het PDF-bestand is beschadigd: {what}, zodat er geen tekst te lezen is. "
    "Maak de PDF opnieuw aan (bijvoorbeeld via 'Opslaan als PDF' in Word) en laad hem nog eens op."
)
NO_TEXT = (
    "Het PDF-bestand bevat geen tekst; is het een scan? "
    "Laad het oorspronkelijke Word-document op, of een PDF met herkende tekst (OCR)."
)

# pdfium is not thread-safe: one document at a time in this process (web threads, workers).
_PDFIUM = threading.Lock()

_PRIVATE_BULLET = re.compile(r"^[\uf000-\uf0ff]\s*")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f]+")
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff\x00"), None)
_BOLD_NAMES = ("bold", "black", "heavy", "demi", "semibold")
FORCE_BOLD = 1 << 18


def read(data: bytes) -> Parsed:
    """Read a PDF: lines per page, furniture apart, then paragraphs."""
    with _PDFIUM:
        pages, total, failed = _extract(data)
    notes: list[str] = []
    if total > MAX_PAGES:
        notes.append(f"Alleen de eerste {MAX_PAGES} van de {total} pagina's zijn gelezen.")
    if failed:
        notes.append(f"Niet te lezen en overgeslagen: {failed} van de {len(pages)} pagina's.")
    if not any(pages):
        if not pages:  # an empty page tree, or one that loops back on itself
            raise UnreadableDocument(PAGE_TREE.format(what="het heeft geen (leesbare) paginaboom"))
        if failed == len(pages):
            what = "geen enkele pagina kan worden geladen (de paginaboom is ongeldig)"
            raise UnreadableDocument(PAGE_TREE.format(what=what))
        raise UnreadableDocument(NO_TEXT)
    blank = sum(1 for lines in pages if not lines) - failed
    if blank:
        verb = "bevat" if blank == 1 else "bevatten"
        notes.append(
            f"{blank} van de {len(pages)} pagina's {verb} geen tekst (scans?); wat daarop staat is niet gelezen."
        )
    body_pages, furniture = drop_furniture(pages)
    lines = [line for page in body_pages for line in page]
    if not lines:  # every line looked like furniture (one repeated line a page): keep them as text
        lines, furniture = [line for page in pages for line in page], []
    return Parsed(blocks=paragraphs(lines), furniture=furniture, pages=total, notes=notes)


def _extract(data: bytes) -> tuple[list[list[Line]], int, int]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        log.info("pdfium refused the document: error %s", code)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableDocument(PASSWORD) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableDocument(SECURITY) from exc
        raise UnreadableDocument(DAMAGED) from exc
    try:
        total = len(pdf)
        pages: list[list[Line]] = []
        failed = 0
        for index in range(min(total, MAX_PAGES)):
            try:
                pages.append(_page_lines(pdf, index))
            except pdfium.PdfiumError:
                log.info("pdf page %d not readable", index + 1)
                pages.append([])
                failed += 1
        return pages, total, failed
    finally:
        pdf.close()


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> list[Line]:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return _lines(textpage, index + 1)
        finally:
            textpage.close()
    finally:
        page.close()


_HYPHENS = frozenset("-\u00ad\ufffe\u2010")  # pdfium marks a hyphen it took for a soft one as U+FFFE
_SAME_LINE = 2.0  # points: characters whose baselines differ more stand on different lines


def _lines(textpage: pdfium.PdfTextPage, page: int) -> list[Line]:
    """The text lines of one page, each with the position of its first and last character and its font."""
    text = textpage.get_text_range()
    lines: list[Line] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    wide = len(text.encode("utf-16-le")) != 2 * len(text)  # characters outside the BMP

    def origin(text_index: int) -> tuple[float, float]:
        char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
        if char < 0 or not pdfium_c.FPDFText_GetCharOrigin(textpage, char, x, y):
            return math.nan, math.nan
        return x.value, y.value

    def font(text_index: int) -> tuple[float, bool]:
        char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
        if char < 0:
            return 0.0, False
        size = pdfium_c.FPDFText_GetFontSize(textpage, char)
        weight = pdfium_c.FPDFText_GetFontWeight(textpage, char)
        if weight > 0:
            return size, weight >= 600
        pdfium_c.FPDFText_GetFontInfo(textpage, char, name, len(name), flags)
        font_name = name.value.decode("latin-1", "replace").lower()
        return size, bool(flags.value & FORCE_BOLD) or any(b in font_name for b in _BOLD_NAMES)

    for piece_start, piece in _visual_lines(text, origin, wide):
        raw = piece
        stripped = raw.strip()
        if not stripped:
            continue
        start = piece_start + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped) - 1
        if wide:  # text indices count UTF-16 code units
            start = len(text[:start].encode("utf-16-le")) // 2
            end = len(text[: end + 1].encode("utf-16-le")) // 2 - 1
        (left, top), bottom = origin(start), origin(end)[1]
        # The middle character: past a bullet glyph or a bold label ("Toelichting") at the start.
        size, bold = font((start + end) // 2)
        clean = _PRIVATE_BULLET.sub("• ", _SPACES.sub(" ", stripped).translate(_DROP))
        if not clean:
            continue
        lines.append(
            Line(
                text=clean,
                page=page,
                top=top,
                left=left,
                bottom=bottom if not math.isnan(bottom) else top,
                size=round(size * 2) / 2,
                bold=bold,
            )
        )
    return lines


def _visual_lines(text: str, origin: Callable[[int], tuple[float, float]], wide: bool) -> list[tuple[int, str]]:
    """Lines of a page's text, split again where pdfium ran two visual lines together.

    pdfium joins a line that ends in a hyphen to the next text it draws, which may be the page footer
    ("schoo-Pagina 3 van 5 nmakers"); the baselines of the characters around the hyphen tell the lines apart.
    """
    pieces: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\r\n]+", text):
        start, end = match.span()
        cut = start
        if not wide:
            for k in range(start, end - 1):
                if text[k] in _HYPHENS:
                    here, after = origin(k)[1], origin(k + 1)[1]
                    if abs(here - after) > _SAME_LINE:  # NaN compares False: no split
                        pieces.append((cut, text[cut : k + 1]))
                        cut = k + 1
        pieces.append((cut, text[cut:end]))
    return pieces
