"""OpenDocument text (.odt) -> raw blocks: headings, paragraphs, list items and table cells of content.xml."""

from __future__ import annotations

from lxml import etree

from procurement.documents.archive import open_zip, xml_parser
from procurement.documents.model import UnreadableDocument
from procurement.documents.structure import Parsed, RawBlock, normalise

DAMAGED = (
    "Het OpenDocument-bestand (.odt) is beschadigd of onvolledig en kan niet worden geopend. "
    "Sla het opnieuw op en laad het nog eens op."
)
ENCRYPTED = (
    "Het OpenDocument-bestand (.odt) is met een wachtwoord beveiligd. "
    "Sla het op zonder wachtwoord en probeer opnieuw."
)

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"

H, P, LIST, LIST_ITEM, LIST_HEADER = (TEXT + t for t in ("h", "p", "list", "list-item", "list-header"))
TBL, ROW, CELL = TABLE + "table", TABLE + "table-row", TABLE + "table-cell"
# Row containers, and block containers whose content reads as if it stood in their place.
ROW_GROUPS = frozenset(TABLE + t for t in ("table-header-rows", "table-rows", "table-row-group"))
SECTIONS = frozenset({TEXT + "section", TEXT + "index-body", TEXT + "index-title"})
# Inline content that is not body text: notes, annotations, deleted text kept for change tracking.
SKIP_INLINE = frozenset(
    {
        TEXT + "note",
        OFFICE + "annotation",
        TEXT + "tracked-changes",
        TEXT + "ruby-text",
        SVG + "title",
        SVG + "desc",
    }
)


def read(data: bytes) -> Parsed:
    """Read an .odt package into raw blocks; headers and footers of the page styles become furniture."""
    archive = open_zip(data, DAMAGED)
    with archive:
        names = set(archive.namelist())
        if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
            raise UnreadableDocument(ENCRYPTED)
        if "content.xml" not in names:
            raise UnreadableDocument(DAMAGED)
        content = etree.fromstring(archive.read("content.xml"), xml_parser())
        styles = etree.fromstring(archive.read("styles.xml"), xml_parser()) if "styles.xml" in names else None
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise UnreadableDocument(DAMAGED)
    walker = _Walker()
    walker.container(body)
    furniture: list[str] = []
    if styles is not None:
        for tag in ("header", "footer", "header-first", "footer-first", "header-left", "footer-left"):
            for part in styles.iter(STYLE + tag):
                part_walker = _Walker()
                part_walker.container(part)
                for block in part_walker.blocks:
                    text = normalise(block.text)
                    if text and text not in furniture:
                        furniture.append(text)
    return Parsed(blocks=walker.blocks, furniture=furniture)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.tables = 0  # tables met so far, nested ones included: a cell's row is (table, row)

    def container(self, parent: etree._Element, list_depth: int = 0) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, "list-item" if list_depth else "paragraph")
            elif tag == H:
                level = child.get(TEXT + "outline-level", "1")
                self.paragraph(child, "heading", int(level) if level.isdigit() else 1)
            elif tag == LIST:
                self.container(child, list_depth + 1)
            elif tag in (LIST_ITEM, LIST_HEADER):
                self.container(child, list_depth)
            elif tag == TBL:
                self.table(child)
            elif tag in SECTIONS:
                self.container(child, list_depth)

    def paragraph(self, element: etree._Element, kind: str, level: int | None = None) -> None:
        out: list[str] = []
        frames: list[etree._Element] = []
        _collect(element, out, frames)
        text = "".join(out)
        if text.strip():
            self.blocks.append(RawBlock(text, kind, level))
        for frame in frames:
            self.container(frame)

    def table(self, table: etree._Element) -> None:
        self.tables += 1
        number = self.tables
        for index, row in enumerate(_rows(table), start=1):
            for cell in row.iterchildren(CELL):
                self.cell(cell, (number, index))

    def cell(self, cell: etree._Element, row: tuple[int, int]) -> None:
        texts: list[str] = []
        later: list[etree._Element] = []
        for element in _cell_content(cell):
            if element.tag == TBL:
                later.append(element)
                continue
            out: list[str] = []
            _collect(element, out, later)
            if "".join(out).strip():
                texts.append("".join(out))
        if texts:
            self.blocks.append(RawBlock("\n".join(texts), "table-cell", row=row))
        for element in later:
            if element.tag == TBL:
                self.table(element)
            else:
                self.container(element)


def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == ROW:
            rows.append(child)
        elif child.tag in ROW_GROUPS:
            rows.extend(_rows(child))
    return rows


def _cell_content(cell: etree._Element) -> list[etree._Element]:
    """Paragraphs, headings and nested tables of a cell, lists and sections unwrapped."""
    found: list[etree._Element] = []
    for child in cell:
        if child.tag in (P, H, TBL):
            found.append(child)
        elif child.tag in (LIST, LIST_ITEM, LIST_HEADER) or child.tag in SECTIONS:
            found.extend(_cell_content(child))
    return found


def _collect(element: etree._Element, out: list[str], frames: list[etree._Element]) -> None:
    """Append the visible text of a paragraph; text boxes go to `frames`."""
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag
        if tag in SKIP_INLINE or not isinstance(tag, str):
            pass
        elif tag == TEXT + "s":
            count = child.get(TEXT + "c", "1")
            out.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag in (TEXT + "tab", TEXT + "line-break"):
            out.append(" ")
        elif tag == DRAW + "text-box":
            frames.append(child)
        else:
            _collect(child, out, frames)
        if child.tail:
            out.append(child.tail)
