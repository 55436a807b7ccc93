"""Word .docx -> raw blocks: body paragraphs and table cells in reading order, headers and footers apart."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from lxml import etree

from procurement.documents.archive import open_zip
from procurement.documents.numbering import Numbering
from procurement.documents.structure import Parsed, RawBlock, normalise

DAMAGED = (
    "Het Word-document is beschadigd of onvolledig en kan niet worden geopend. "
    "Open het in Word, sla het opnieuw op als .docx en laad het nog eens op."
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, TR, TC, SDT, SDT_CONTENT = (W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
T, R, RPR, PPR, TCPR = (W + t for t in ("t", "r", "rPr", "pPr", "tcPr"))
# Elements whose content is not shown as body text: tracked deletions and moves away, properties, field
# codes, the fallback copy of alternate content, hidden runs are handled apart.
SKIP = frozenset(
    W + t
    for t in (
        "del moveFrom delText delInstrText instrText fldData pPr rPr sdtPr sdtEndPr tblPr tblGrid trPr tcPr"
    ).split()
) | {MC + "Fallback"}
SPACE_LIKE = frozenset(W + t for t in ("tab", "ptab", "br", "cr"))
WRAPPERS = frozenset(W + t for t in ("customXml", "ins", "moveTo", "smartTag", "sdtContent")) | {
    MC + "AlternateContent",
    MC + "Choice",
}

_HEADING_NAME = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "titel"}
_LIST_NAME = re.compile(r"\b(list|lijst|opsomming)", re.IGNORECASE)


@dataclass(slots=True)
class StyleInfo:
    """What a paragraph style means for us, inheritance resolved."""

    heading: int | None = None  # 1-based level
    is_list: bool = False
    num_id: str | None = None
    ilvl: int | None = None


def read(data: bytes) -> Parsed:
    """Read a .docx (or .docm / .dotx) package into raw blocks and furniture."""
    archive = open_zip(data, DAMAGED)
    archive.close()
    package = OpcPackage.open(io.BytesIO(data))
    main = package.main_document_part
    root = main.element if hasattr(main, "element") else parse_xml(main.blob)
    body = root.find(W + "body")
    if body is None:
        raise ValueError("no w:body")
    styles = _styles(_related(main, RT.STYLES))
    numbering = Numbering.from_xml(_related(main, RT.NUMBERING))
    walker = _Walker(styles, numbering)
    walker.container(body)
    furniture: list[str] = []
    for rel in main.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        element = getattr(rel.target_part, "element", None)
        if element is None:
            continue
        part_walker = _Walker(styles, Numbering())
        part_walker.container(element)
        for block in part_walker.blocks:
            text = normalise(block.text)
            if text and text not in furniture:
                furniture.append(text)
    return Parsed(blocks=walker.blocks, furniture=furniture)


def block_sources(main: XmlPart) -> list[etree._Element]:
    """The element of the file each body block of `read` comes from: its w:p, or the w:tc of a table cell.

    The same walk as `read`, so item n - 1 is block n of the parsed Document (blocks that `assemble` drops as
    empty are left out here too): a finding's `location.paragraph` finds its place in the file.
    """
    body = main.element.find(W + "body")
    if body is None:
        raise ValueError("no w:body")
    walker = _Walker(_styles(_related(main, RT.STYLES)), Numbering.from_xml(_related(main, RT.NUMBERING)))
    walker.container(body)
    return [
        source
        for block, source in zip(walker.blocks, walker.sources, strict=True)
        if normalise(block.text, keep_newlines=block.kind == "table-cell")
    ]


def _related(part: object, reltype: str) -> etree._Element | None:
    for rel in getattr(part, "rels", {}).values():
        if not rel.is_external and rel.reltype == reltype:
            return getattr(rel.target_part, "element", None)
    return None


class _Walker:
    """Walks block-level content (body, cells, text boxes, content controls) in reading order."""

    def __init__(self, styles: dict[str, StyleInfo], numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[RawBlock] = []
        self.sources: list[etree._Element] = []  # the w:p (or w:tc of a table cell) of each block
        self.tables = 0  # tables met so far, nested ones included: a cell's row is (table, row)

    def container(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                self.container_of(child)
            elif tag in WRAPPERS:
                self.container(child)

    def container_of(self, sdt: etree._Element) -> None:
        content = sdt.find(SDT_CONTENT)
        if content is not None and not _placeholder(sdt):
            self.container(content)

    def paragraph(self, p: etree._Element) -> None:
        text, boxes = self.paragraph_text(p)
        if text.strip():
            kind, level, label = self.classify(p)
            self.blocks.append(RawBlock(f"{label} {text}" if label else text, kind, level))
            self.sources.append(p)
        for box in boxes:
            self.container(box)

    def paragraph_text(self, p: etree._Element) -> tuple[str, list[etree._Element]]:
        out: list[str] = []
        boxes: list[etree._Element] = []
        _collect(p, out, boxes)
        return "".join(out), boxes

    def classify(self, p: etree._Element) -> tuple[str, int | None, str]:
        """Kind, heading level and visible numbering label of a paragraph."""
        ppr = p.find(PPR)
        style_id = None
        outline: int | None = None
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style_id = _val(ppr, "pStyle")
            outline_val = _val(ppr, "outlineLvl")
            if outline_val is not None and outline_val.isdigit():
                outline = int(outline_val)
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = _val(numpr, "numId")
                ilvl_val = _val(numpr, "ilvl")
                ilvl = int(ilvl_val) if ilvl_val and ilvl_val.isdigit() else None
        style = self.styles.get(style_id or "", StyleInfo())
        if num_id is None:
            num_id, ilvl = style.num_id, style.ilvl if ilvl is None else ilvl
        label = self.numbering.label(num_id, ilvl, style_id) if num_id else ""
        heading = outline + 1 if outline is not None and outline < 9 else style.heading
        if heading is not None:
            return "heading", heading, label
        if style.is_list or (num_id not in (None, "", "0")):
            return "list-item", None, label
        return "paragraph", None, label

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        table = self.tables
        for number, row in enumerate(_children(tbl, TR), start=1):
            for cell in _children(row, TC):
                if _merged_away(cell):
                    continue
                self.cell(cell, (table, number))

    def cell(self, tc: etree._Element, row: tuple[int, int]) -> None:
        texts: list[str] = []
        later: list[etree._Element] = []  # nested tables and text boxes: their own blocks after the cell
        for child in _block_children(tc):
            if child.tag == P:
                text, boxes = self.paragraph_text(child)
                if text.strip():
                    label = self.classify(child)[2]
                    texts.append(f"{label} {text}" if label else text)
                later.extend(boxes)
            elif child.tag == TBL:
                later.append(child)
        if texts:
            self.blocks.append(RawBlock("\n".join(texts), "table-cell", row=row))
            self.sources.append(tc)
        for element in later:
            if element.tag == TBL:
                self.table(element)
            else:
                self.container(element)


def _collect(element: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
    """Append the visible text under `element`; text boxes go to `boxes` to be read as blocks of their own."""
    for child in element:
        tag = child.tag
        if tag == T:
            if child.text:
                out.append(child.text)
        elif tag in SKIP or not isinstance(tag, str):
            continue
        elif tag in SPACE_LIKE:
            out.append(" ")
        elif tag == R:
            if not _hidden(child):
                _collect(child, out, boxes)
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None and not _placeholder(child):
                _collect(content, out, boxes)
        else:
            _collect(child, out, boxes)


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(RPR)
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt ("Klik hier om tekst in te voeren")."""
    props = sdt.find(W + "sdtPr")
    return props is not None and props.find(W + "showingPlcHdr") is not None


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children with `tag`, looking through content controls and custom XML around rows and cells."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                found.extend(_children(content, tag))
        elif child.tag in WRAPPERS:
            found.extend(_children(child, tag))
    return found


def _block_children(parent: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables of a cell, content controls and custom XML unwrapped."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag in (P, TBL):
            found.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None and not _placeholder(child):
                found.extend(_block_children(content))
        elif child.tag in WRAPPERS:
            found.extend(_block_children(child))
    return found


def _merged_away(tc: etree._Element) -> bool:
    """A cell continuing a vertical (or legacy horizontal) merge: its text, if any, belongs to the first."""
    tcpr = tc.find(TCPR)
    if tcpr is None:
        return False
    for name in ("vMerge", "hMerge"):
        merge = tcpr.find(W + name)
        if merge is not None and merge.get(W + "val") in (None, "continue"):
            return True
    return False


def _val(element: etree._Element, name: str) -> str | None:
    child = element.find(W + name)
    return None if child is None else child.get(W + "val")


def _styles(root: etree._Element | None) -> dict[str, StyleInfo]:
    """Paragraph styles by id, with heading level, list flag and numbering inherited through basedOn."""
    if root is None:
        return {}
    raw: dict[str, etree._Element] = {}
    for style in root.iterchildren(W + "style"):
        if style.get(W + "type") in (None, "paragraph") and style.get(W + "styleId"):
            raw[style.get(W + "styleId", "")] = style
    resolved: dict[str, StyleInfo] = {}
    for style_id in raw:
        info = StyleInfo()
        seen: set[str] = set()
        current: str | None = style_id
        while current and current in raw and current not in seen:
            seen.add(current)
            style = raw[current]
            name = (_val(style, "name") or "").strip()
            ppr = style.find(PPR)
            if info.heading is None:
                match = _HEADING_NAME.match(name) or _HEADING_NAME.match(current)
                if match:
                    info.heading = int(match.group(1))
                elif name.lower() in _TITLE_NAMES or current.lower() in _TITLE_NAMES:
                    info.heading = 1
                elif ppr is not None:
                    outline = _val(ppr, "outlineLvl")
                    if outline is not None and outline.isdigit() and int(outline) < 9:
                        info.heading = int(outline) + 1
            if _LIST_NAME.search(name):
                info.is_list = True
            if info.num_id is None and ppr is not None:
                numpr = ppr.find(W + "numPr")
                if numpr is not None and _val(numpr, "numId") is not None:
                    info.num_id = _val(numpr, "numId")
                    ilvl = _val(numpr, "ilvl")
                    info.ilvl = int(ilvl) if ilvl and ilvl.isdigit() else None
            current = _val(style, "basedOn")
        resolved[style_id] = info
    return resolved
